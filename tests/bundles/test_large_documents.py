"""A large document (the authority's returns book) is judged, and its rows computed, before
its slice takes the store's writer (`Store.judge_ahead`): the store ends exactly as when
it is judged inside the transaction, and a verdict judged on a state that changed before
the transaction is not used."""

from __future__ import annotations

from pathlib import Path

import pytest
from replicas import stored_rows

import client.store.store as store_module
from client.bundles import export_bundle, import_bundle
from client.store import IncomingChange, Store
from client.store.judging import Verdicts
from shared.schema.returns import BOOK_KIND

from .conftest import Network, new_case


def _book(store: Store) -> str:
    (book,) = store.doc_ids(BOOK_KIND)
    return book


def _changes_of(store: Store, doc_id: str, after: int = 0) -> list[IncomingChange]:
    """A document's changes made on `store` (seq above `after`), as they arrive elsewhere."""
    rows = store.conn.execute(
        "SELECT hash, space, body FROM changes WHERE doc_id = ? AND seq > ? ORDER BY seq",
        (doc_id, after),
    )
    return [IncomingChange(h, doc_id, space, store.device_id, body) for h, space, body in rows]


def _last_seq(store: Store) -> int:
    return store.conn.execute("SELECT max(seq) FROM changes").fetchone()[0]


@pytest.fixture
def office(network: Network) -> list[Store]:
    """Four devices of one authority sharing its space key, never connected to a server."""
    devices = [network.enroll(name, "SN-CA") for name in ("a", "b", "c", "d")]
    network.share_keys(devices[0], *devices[1:])
    return devices


def test_a_bundle_whose_book_is_judged_ahead_stores_what_judging_inside_stores(
    office: list[Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, ahead, inside, _d = office
    for n in range(40):
        new_case(a, f"case {n}", requested_state="CI", offence_categories=["corruption"])
    bundle = export_bundle(a, tmp_path / "a.bundle").path
    book = _book(a)
    book_bytes = sum(len(c.body) for c in _changes_of(a, book))
    case_bytes = max(len(c.body) for d in a.doc_ids("case") for c in _changes_of(a, d))
    assert case_bytes < book_bytes  # so only the book is large below
    monkeypatch.setattr(store_module, "LARGE_DOCUMENT", book_bytes)
    import_bundle(ahead, bundle)
    monkeypatch.setattr(store_module, "LARGE_DOCUMENT", 1 << 40)  # nothing is large
    import_bundle(inside, bundle)
    assert len(inside.conn.execute("SELECT * FROM returns").fetchall()) == 40
    assert stored_rows(ahead) == stored_rows(inside)


@pytest.fixture
def book_edit(office: list[Store], tmp_path: Path) -> tuple[list[Store], list[IncomingChange]]:
    """Every device holds a's book of 30 cases (imported from a bundle); a then saves 5
    more cases: the book's new change, as it arrives on another device."""
    a, *others = office
    for n in range(30):
        new_case(a, f"case {n}")
    first = export_bundle(a, tmp_path / "a1.bundle").path
    for device in others:
        import_bundle(device, first)
    before = _last_seq(a)
    for n in range(5):
        new_case(a, f"later case {n}")
    export_bundle(a, tmp_path / "a2.bundle")  # publishes the staged returns in the book
    return office, _changes_of(a, _book(a), before)


def test_a_book_judged_ahead_on_its_stored_state_gives_what_judging_inside_gives(
    book_edit: tuple[list[Store], list[IncomingChange]], monkeypatch: pytest.MonkeyPatch
) -> None:
    (_a, ahead, inside, _d), edit = book_edit
    state_bytes = ahead.conn.execute(
        "SELECT length(state) FROM documents WHERE doc_id = ?", (_book(ahead),)
    ).fetchone()[0]
    assert sum(len(c.body) for c in edit) < state_bytes  # large by its stored state only
    monkeypatch.setattr(store_module, "LARGE_DOCUMENT", state_bytes)
    verdicts = Verdicts()
    ahead.judge_ahead([edit], verdicts)
    assert _book(ahead) in verdicts
    ahead.apply_changes(edit, verdicts)
    assert verdicts.used == 1  # the transaction built the very request judged ahead
    inside.apply_changes(edit)
    assert len(inside.conn.execute("SELECT * FROM returns").fetchall()) == 35
    assert stored_rows(ahead) == stored_rows(inside)


def test_a_change_landing_between_judging_and_the_transaction_is_not_lost(
    book_edit: tuple[list[Store], list[IncomingChange]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another device's edit of the same book lands after a's edit was judged ahead: the
    verdict judged on the older state must not be used (it would drop that edit)."""
    (_a, ahead, inside, c), edit = book_edit
    monkeypatch.setattr(store_module, "LARGE_DOCUMENT", 1)
    for n in range(3):
        new_case(c, f"c's case {n}")
    between = export_bundle(c, tmp_path / "c.bundle").path
    verdicts = Verdicts()
    ahead.judge_ahead([edit], verdicts)
    assert _book(ahead) in verdicts
    import_bundle(ahead, between)  # lands before the transaction that applies a's edit
    ahead.apply_changes(edit, verdicts)
    assert verdicts.used == 0
    import_bundle(inside, between)
    inside.apply_changes(edit)
    returns = ahead.conn.execute("SELECT doc_id FROM returns").fetchall()
    assert len(returns) == 38  # a's 35 cases and c's 3
    assert stored_rows(ahead) == stored_rows(inside)
