"""Two authorities and the secretariat, with exchange keys published and approved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from client.cases import create_case
from client.directory import approve_entry, propose_edit
from client.exchange import attach_file, make_exchange_key
from client.requests.gate import record_override
from client.store import Store
from client.sync import SyncAgent
from client.sync.agent import SyncReport

# Strings that must never leave the two authorities in clear.
SECRETS = {
    "suspect": "Obinna Chukwuemeka-Adeyemi",
    "witness": "Mariama Sarr-Diagne",
    "fact": "moved the victims through the Rosso crossing in a grey Peugeot 406",
    "annex": "LEDGER PAGE 17 lists payments to Mariama Sarr-Diagne",
    "reference": "NG-CAU/MLA/2026/777",
}


def sync(store: Store) -> SyncReport:
    return SyncAgent(store, retries=0).sync_once()


def authority_of(store: Store) -> str:
    code = store.get_meta("authority")
    assert code
    return code


def publish_entry(store: Store, state: str, name: str) -> None:
    """The authority's own directory entry with its exchange key (proposed)."""
    propose_edit(
        store, authority_of(store), {"state": state, "authority_name": name, "languages": ["en"]}
    )
    make_exchange_key(store)


def approve_all(sec: Store, *codes: str) -> None:
    for code in codes:
        approve_entry(sec, code)


def outgoing_request(store: Store, to: str) -> str:
    case_id = create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "mla",
            "title": "Trafficking ring, Lagos to Dakar",
            "our_ref": SECRETS["reference"],
            "requesting_state": "NG",
            "requested_state": "SN",
            "requested_authority": to,
            "assistance_types": ["taking_evidence"],
            "summary": "The suspect " + SECRETS["fact"] + ".",
            "urgency": "urgent",
            "urgency_reason": "The suspect is detained until June.",
            "deadline": "2026-06-15",
            "persons": {
                "p1": {"role": "suspect", "name": SECRETS["suspect"]},
                "p2": {"role": "witness", "name": SECRETS["witness"]},
            },
        },
    )
    return case_id


def annex_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.txt"
    path.write_text(SECRETS["annex"] + "\n" + "x" * 150_000, encoding="utf-8")
    return path


@dataclass
class Pair:
    ng: Store
    sn: Store
    sec: Store

    @property
    def ng_code(self) -> str:
        return authority_of(self.ng)

    @property
    def sn_code(self) -> str:
        return authority_of(self.sn)


def ready_request(pair: Pair, tmp_path: Path) -> str:
    """Nigeria's outgoing request with an annex, its blocking findings overridden."""
    case_id = outgoing_request(pair.ng, pair.sn_code)
    attach_file(pair.ng, case_id, annex_file(tmp_path))
    record_override(pair.ng, case_id, "Advance copy agreed by telephone with the Senegalese CA")
    return case_id
