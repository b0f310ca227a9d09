"""Deterministic data for the TUI tests: fixed ids, fixed times, a fixed author, and
values in no particular language (so that an English word on screen is ours, not data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from client.cases.service import own_authority
from client.directory import approve_entry, propose_edit, put_entry
from client.store import Store
from shared.access import authority_space
from shared.schema.validation import clean_fields

TODAY = dt.date(2025, 3, 1)
AUTHOR = "Aminata Diallo"


def _case(n: int, **values: object) -> dict[str, object]:
    base = {
        "direction": "incoming" if n % 2 else "outgoing",
        "kind": "mla",
        "our_ref": f"SN/{n:04d}",
        "their_ref": f"X-{n:03d}",
        "title": f"Dossier {n:02d} Kovak",
        "requesting_state": "GH" if n % 2 else "SN",
        "requested_state": "SN" if n % 2 else ["CI", "ML", "NE"][n % 3],
        "assistance_types": ["bank_records", "taking_evidence"][: 1 + n % 2],
        "status": "draft",
        "urgency": "normal",
    }
    base.update(values)
    return base


CASES: list[dict[str, object]] = [
    _case(1, status="received", date_received="2024-10-02", deadline="2025-02-10"),
    _case(2, status="sent", date_sent="2024-11-15", deadline="2025-03-08"),
    _case(3, status="in_execution", date_received="2024-12-01", deadline="2025-03-12"),
    _case(4, status="executed", date_sent="2024-09-01", date_executed="2025-01-20"),
    _case(5, status="closed", date_received="2024-06-01", date_closed="2024-12-20"),
    _case(6, status="draft"),
    _case(
        7,
        status="refused",
        date_received="2024-08-10",
        date_closed="2024-11-10",
        refusal_grounds=["dual_criminality"],
    ),
    _case(
        8,
        status="acknowledged",
        date_sent="2025-01-05",
        deadline="2025-04-30",
        persons={"p1": {"role": "suspect", "name": "Kovak Zimo", "nationality": "GH"}},
        documents={"d1": {"title": "Mandat 12", "kind": "warrant", "date": "2025-01-02"}},
    ),
]


def fill(store: Store) -> list[str]:
    """Write the sample cases and two directory entries, with fixed ids and times."""
    store.set_meta("authority", "SN-CA")
    store.author = AUTHOR
    ids = []
    for n, values in enumerate(CASES, start=1):
        when = f"2025-01-{n:02d}T09:00:00+00:00"
        doc_id = f"case{n:04d}"
        store.create(
            authority_space(own_authority(store)),
            "case",
            clean_fields(values),
            doc_id=doc_id,
            when=when,
        )
        ids.append(doc_id)
    put_entry(
        store,
        {
            "code": "SN-CA",
            "state": "SN",
            "authority_name": "DACG Kovak",
            "authority_kind": "both",
            "languages": ["fr"],
            "interpol_accepted": "yes",
            "documents_required": "Copie certifiee",
            "emails": "dacg@example.sn",
        },
    )
    approve_entry(store, "SN-CA")
    propose_edit(store, "SN-CA", {"office_hours": "08:00-16:00"})
    put_entry(
        store,
        {
            "code": "GH-CA",
            "state": "GH",
            "authority_name": "OAG Zimo",
            "authority_kind": "mla",
            "languages": ["en"],
            "interpol_accepted": "no",
        },
    )
    approve_entry(store, "GH-CA")
    return ids


def sample_store(path: Path) -> Store:
    store = Store(path, author=AUTHOR)
    fill(store)
    return store
