"""Two replicas of one case, edited concurrently, then merged: no field edit is lost."""

from __future__ import annotations

import os
from pathlib import Path

from automerge.core import Document

from client import cases
from client.store import IncomingChange, Store
from client.store.automerge_fields import read_document, write_fields
from shared.schema.cases import FIELDS_BY_NAME
from shared.schema.validation import clean_fields

BASE = {
    "direction": "incoming",
    "kind": "mla",
    "title": "Blanchiment — acquisitions immobilières",
    "requested_state": "CI",
    "notes": "Premier paragraphe.\nDeuxième paragraphe.\nTroisième paragraphe.",
    "assistance_types": ["bank_records"],
    "persons": {"p0": {"role": "suspect", "name": "Awa KONÉ"}},
    "particulars": {"bank": "Banque Fictive"},
}


def changes_of(store: Store, doc_id: str, since_seq: int = 0) -> list[IncomingChange]:
    """The store's changes of one document, as another replica would receive them."""
    rows = store.conn.execute(
        "SELECT hash, doc_id, space, author, body FROM changes WHERE doc_id = ? AND seq > ? ORDER BY seq",
        (doc_id, since_seq),
    )
    return [IncomingChange(hash=h, doc_id=d, space=s, author=a, body=b) for h, d, s, a, b in rows]


def _edit(doc: Document, values: dict) -> None:
    with doc.transaction() as tx:
        write_fields(tx, FIELDS_BY_NAME, clean_fields(values))


def test_forked_documents_merge_every_field_edit(store: Store) -> None:
    case_id = cases.create_case(store, BASE)
    a = store.document(case_id)
    b = a.fork()
    b.set_actor(os.urandom(16))
    persons = cases.get_case(store, case_id)["persons"]
    notes = BASE["notes"]

    _edit(a, {
        "title": "Blanchiment — acquisitions immobilières à Abidjan",
        "notes": notes.replace("Premier", "Premier (complété par A)"),
        "persons": {**persons, "pa": {"role": "witness", "name": "Témoin de A"}},
        "assistance_types": ["bank_records", "freezing"],
    })  # fmt: skip
    _edit(b, {
        "deadline": "2031-01-15",
        "notes": notes + "\nQuatrième paragraphe (B).",
        "persons": {**persons, "pb": {"role": "victim", "name": "Victime de B"}},
        "particulars": {"bank": "Banque Fictive", "period": "2023-2024"},
        "assistance_types": ["bank_records", "identify_trace_proceeds"],
    })  # fmt: skip

    merged_a, merged_b = a.fork(), b.fork()
    merged_a.merge(b)
    merged_b.merge(a)
    assert sorted(merged_a.get_heads()) == sorted(merged_b.get_heads())
    data = read_document(merged_a)
    assert data == read_document(merged_b)
    assert data["title"].endswith("à Abidjan")
    assert data["deadline"] == "2031-01-15"
    assert data["notes"] == (
        "Premier (complété par A) paragraphe.\nDeuxième paragraphe.\nTroisième paragraphe.\n"
        "Quatrième paragraphe (B)."
    )
    assert {p["name"] for p in data["persons"].values()} == {
        "Awa KONÉ",
        "Témoin de A",
        "Victime de B",
    }
    assert data["particulars"] == {"bank": "Banque Fictive", "period": "2023-2024"}
    assert data["assistance_types"] == ["bank_records", "freezing", "identify_trace_proceeds"]


def test_two_stores_exchange_changes_and_converge(tmp_path: Path) -> None:
    office = Store(tmp_path / "office.sqlite", author="Officer A")
    laptop = Store(tmp_path / "laptop.sqlite", author="Officer B")
    case_id = cases.create_case(office, BASE)
    result = laptop.apply_changes(changes_of(office, case_id))
    assert (result.new, result.applied, result.pending) == (1, 1, 0)
    assert cases.get_case(laptop, case_id)["title"] == BASE["title"]
    office_seq = office.conn.execute("SELECT max(seq) FROM changes").fetchone()[0]
    laptop_seq = laptop.conn.execute("SELECT max(seq) FROM changes").fetchone()[0]

    # Concurrent edits, neither replica seeing the other's.
    cases.update_case(office, case_id, {"title": "Titre revu au bureau", "status": "received"})
    cases.update_case(office, case_id, {"notes": "Note du bureau.\n" + BASE["notes"]})
    cases.update_case(laptop, case_id, {"deadline": "2030-06-30", "urgency": "urgent"})
    cases.update_case(
        laptop, case_id, {"notes": BASE["notes"] + "\nNote de l'ordinateur portable."}
    )

    to_laptop = changes_of(office, case_id, office_seq)
    to_office = changes_of(laptop, case_id, laptop_seq)
    assert len(to_laptop) == len(to_office) == 2
    assert laptop.apply_changes(to_laptop).applied == 2
    assert office.apply_changes(to_office).applied == 2

    a, b = cases.get_case(office, case_id), cases.get_case(laptop, case_id)
    assert a == b
    assert sorted(office.heads(case_id)) == sorted(laptop.heads(case_id))
    assert a["title"] == "Titre revu au bureau" and a["status"] == "received" and a["date_received"]
    assert a["deadline"] == "2030-06-30" and a["urgency"] == "urgent"
    assert a["notes"] == "Note du bureau.\n" + BASE["notes"] + "\nNote de l'ordinateur portable."
    # The flat tables follow the merge: lists and search see the other replica's edits.
    flt = cases.CaseFilter(search="portable")
    assert [r["id"] for r in cases.list_cases(office, flt)] == [case_id]
    assert (
        cases.list_cases(laptop, cases.CaseFilter(status="received"))[0]["deadline"] == "2030-06-30"
    )
    # History on either side shows both authors.
    assert {e.who for e in cases.history(laptop, case_id)} == {"Officer A", "Officer B"}

    # Receiving the same changes again changes nothing.
    again = laptop.apply_changes(to_laptop)
    assert (again.new, again.applied) == (0, 0)
    office.close()
    laptop.close()


def test_change_arriving_before_its_parent_waits(tmp_path: Path) -> None:
    origin = Store(tmp_path / "origin.sqlite")
    replica = Store(tmp_path / "replica.sqlite")
    case_id = cases.create_case(origin, BASE)
    cases.update_case(origin, case_id, {"title": "second"})
    cases.update_case(origin, case_id, {"title": "third"})
    first, second, third = changes_of(origin, case_id)

    late = replica.apply_changes([third, second])
    assert (late.applied, late.pending) == (0, 2)
    assert not replica.exists(case_id)
    done = replica.apply_changes([first])
    assert (done.applied, done.pending) == (3, 0)
    assert cases.get_case(replica, case_id)["title"] == "third"
    origin.close()
    replica.close()
