"""Concurrent statuses that merge into a state no officer chose: found, shown, decided, kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from replicas import exchange, executed_and_refused, in_execution

from client import cases
from client.cases import decide_status, find_conflict, history, mark_conflicts
from client.paths import store_path
from client.store import Store
from client.store.branches import branched_documents
from shared.schema.validation import ValidationError


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a = Store(tmp_path / "a.sqlite", author="Awa Ndiaye")
    b = Store(tmp_path / "b.sqlite", author="Bintou Diallo")
    yield a, b
    a.close()
    b.close()


def test_executed_and_refused_at_once_is_a_conflict_on_both_replicas(replicas) -> None:
    a, b = replicas
    case_id = executed_and_refused(a, b)
    for store in (a, b):
        conflict = find_conflict(store, case_id)
        assert conflict is not None
        assert conflict.terminal == ("executed", "refused")
        assert sorted(conflict.choices) == ["executed", "refused"]
        by_status = {v.status: v for v in conflict.versions}
        assert by_status["executed"].who == "Awa Ndiaye"
        assert by_status["refused"].fields["refusal_grounds"] == ["dual_criminality"]
        assert by_status["executed"].fields["date_executed"] == "2026-03-10"
    # The two replicas show the same merged status, and the same conflict.
    conflict = find_conflict(a, case_id)
    assert conflict.current == find_conflict(b, case_id).current
    # Whichever status won, it carries a field of the one that lost (and the outcome,
    # merged on its own, may be the loser's too).
    loser, bound = ("executed", "date_executed")
    if conflict.current == "executed":
        loser, bound = ("refused", "refusal_grounds")
    borrowed = dict(conflict.borrowed)
    assert borrowed.pop(bound) == loser
    assert borrowed in ({}, {"outcome": loser})
    outcome = cases.get_case(a, case_id)["outcome"]
    assert ("outcome" in borrowed) == (outcome == by_status[loser].fields["outcome"])


def test_a_date_from_the_status_that_lost_is_named(replicas) -> None:
    """Executed and withdrawn: whichever wins, the executed date or outcome is borrowed."""
    a, b = replicas
    case_id = in_execution(a, b)
    cases.set_status(a, case_id, "executed", outcome="Pièces transmises")
    cases.set_status(b, case_id, "withdrawn")
    exchange(a, b)
    exchange(b, a)
    conflict = find_conflict(a, case_id)
    assert conflict is not None and conflict.terminal == ("executed", "withdrawn")
    if conflict.current == "withdrawn":
        assert conflict.borrowed == {"outcome": "executed", "date_executed": "executed"}
    assert "executed" in conflict.describe() and "withdrawn" in conflict.describe()


def test_refusal_grounds_kept_by_an_open_status_are_named(tmp_path: Path) -> None:
    """One refuses, the other acknowledges: no two endings, but grounds without a refusal.

    Which of two concurrent values wins depends on the replicas' random actor ids,
    so fresh replicas are tried until each outcome has been seen.
    """
    seen = set()
    for attempt in range(40):
        a = Store(tmp_path / f"a{attempt}.sqlite")
        b = Store(tmp_path / f"b{attempt}.sqlite")
        case_id = cases.create_case(a, {"direction": "incoming", "kind": "mla", "title": "T"})
        cases.set_status(a, case_id, "received")
        exchange(a, b)
        cases.set_status(a, case_id, "refused", refusal_grounds=["nationality"])
        cases.set_status(b, case_id, "acknowledged")
        exchange(a, b)
        exchange(b, a)
        conflict = find_conflict(a, case_id)
        shown = cases.get_case(a, case_id)["status"]
        if shown == "acknowledged":
            assert conflict is not None and conflict.borrowed == {"refusal_grounds": "refused"}
            assert conflict.terminal == ()
        else:  # refused won: its grounds are its own, nobody's choice is contradicted
            assert shown == "refused" and conflict is None
        seen.add(shown)
        a.close()
        b.close()
        if seen == {"acknowledged", "refused"}:
            break
    assert seen == {"acknowledged", "refused"}


def test_sequential_edits_and_concurrent_edits_of_other_fields_are_no_conflict(replicas) -> None:
    a, b = replicas
    case_id = in_execution(a, b)
    cases.update_case(a, case_id, {"notes": "Appel du parquet"})
    cases.update_case(b, case_id, {"deadline": "2026-06-30"})
    exchange(a, b)
    exchange(b, a)
    assert find_conflict(a, case_id) is None
    linear = cases.create_case(a, {"direction": "outgoing", "kind": "mla", "title": "Seul"})
    cases.update_case(a, linear, {"notes": "Un seul poste"})
    assert branched_documents(a, [case_id, linear]) == {case_id}  # only it is looked at closely
    cases.set_status(b, case_id, "executed")
    exchange(b, a)
    cases.set_status(a, case_id, "closed")  # a saw the execution: one line of statuses
    exchange(a, b)
    assert find_conflict(a, case_id) is None and find_conflict(b, case_id) is None
    assert [r["conflict"] for r in mark_conflicts(a, cases.list_cases(a))] == [False, False]


def test_an_unrelated_later_edit_does_not_hide_the_conflict(replicas) -> None:
    a, b = replicas
    case_id = executed_and_refused(a, b)
    cases.update_case(a, case_id, {"notes": "Vu les deux"})  # merges both branches
    exchange(a, b)
    assert a.heads(case_id) == b.heads(case_id) and len(a.heads(case_id)) == 1
    assert find_conflict(b, case_id) is not None


def test_decision_is_an_edit_that_settles_every_replica_and_keeps_both(replicas) -> None:
    a, b = replicas
    case_id = executed_and_refused(a, b)
    with pytest.raises(ValidationError, match="not one of the concurrent statuses"):
        decide_status(a, case_id, "withdrawn")
    assert decide_status(a, case_id, "executed")
    exchange(a, b)
    for store in (a, b):
        assert find_conflict(store, case_id) is None
        case = cases.get_case(store, case_id)
        assert (case["status"], case["outcome"], case["refusal_grounds"]) == (
            "executed",
            "Relevés remis",
            [],
        )
        assert case["date_executed"] == "2026-03-10"
        assert case["status_decision"].startswith("executed over refused")
    entries = history(b, case_id)
    concurrent = [e for e in entries if e.concurrent]
    assert {e.fields["status"][1] for e in concurrent} == {"executed", "refused"}
    assert entries[-1].who == "Awa Ndiaye" and "status_decision" in entries[-1].fields
    assert not entries[-1].concurrent
    with pytest.raises(ValidationError, match="no conflicting statuses"):
        decide_status(b, case_id, "refused")
    with pytest.raises(ValidationError, match="entraide case decide"):
        cases.update_case(b, case_id, {"status_decision": "refused over executed"})


def test_deciding_for_the_status_already_shown_still_records_the_decision(replicas) -> None:
    a, b = replicas
    case_id = executed_and_refused(a, b)
    shown = cases.get_case(a, case_id)["status"]
    assert decide_status(b, case_id, shown)
    exchange(b, a)
    assert find_conflict(a, case_id) is None
    assert cases.get_case(a, case_id)["status"] == shown


def test_a_new_concurrent_status_after_a_decision_is_a_new_conflict(replicas) -> None:
    a, b = replicas
    case_id = executed_and_refused(a, b)
    decide_status(a, case_id, "refused")
    cases.set_status(b, case_id, "closed")  # b has not seen the decision yet
    exchange(a, b)
    exchange(b, a)
    conflict = find_conflict(a, case_id)
    assert conflict is not None and set(conflict.choices) == {"refused", "closed"}


# -- the CLI ------------------------------------------------------------------------------


def test_cli_shows_marks_and_decides(tmp_path: Path, run_cli) -> None:
    data = tmp_path / "data"
    data.mkdir()
    a = Store(store_path(data), author="Awa Ndiaye")
    b = Store(tmp_path / "b.sqlite", author="Bintou Diallo")
    case_id = executed_and_refused(a, b)
    quiet = cases.create_case(a, {"direction": "outgoing", "kind": "mla", "title": "Calme"})
    a.close()
    b.close()

    shown = run_cli("case", "show", case_id, data_dir=data)
    assert shown.returncode == 0, shown.stderr
    assert "CONFLICT:" in shown.stdout and "executed" in shown.stdout and "refused" in shown.stdout
    assert f"entraide case decide {case_id} --status" in shown.stdout
    record = json.loads(run_cli("case", "show", case_id, "--json", data_dir=data).stdout)
    assert sorted(record["conflict"]["choices"]) == ["executed", "refused"]
    assert len(record["conflict"]["versions"]) == 2
    calm = json.loads(run_cli("case", "show", quiet, "--json", data_dir=data).stdout)
    assert calm["conflict"] is None

    listed = json.loads(run_cli("case", "list", "--json", data_dir=data).stdout)
    assert {r["id"]: r["conflict"] for r in listed} == {case_id: True, quiet: False}
    text = run_cli("case", "list", data_dir=data).stdout
    [conflicted] = [line for line in text.splitlines() if case_id in line]
    [calm_line] = [line for line in text.splitlines() if quiet in line]
    assert conflicted.startswith("!") and not calm_line.startswith("!")
    assert "concurrent statuses to decide" in text

    wrong = run_cli("case", "decide", case_id, "--status", "withdrawn", data_dir=data)
    assert wrong.returncode == 1 and "not one of the concurrent statuses" in wrong.stderr
    done = run_cli("case", "decide", case_id, "--status", "refused", data_dir=data)
    assert done.returncode == 0, done.stderr
    after = json.loads(run_cli("case", "show", case_id, "--json", data_dir=data).stdout)
    assert after["conflict"] is None and after["status"] == "refused"
    assert after["refusal_grounds"] == ["dual_criminality"]
    assert after["outcome"] == "Refus motivé" and after["date_executed"] == ""
    hist = json.loads(run_cli("case", "history", case_id, "--json", data_dir=data).stdout)
    assert sum(e["concurrent"] for e in hist) == 2
    assert "(concurrent edit)" in run_cli("case", "history", case_id, data_dir=data).stdout
