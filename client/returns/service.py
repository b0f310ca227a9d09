"""Writing each case's return into `returns/<authority>`, in the case save's transaction,
and reading returns back for statistics.

The return's document id is derived from the case id, so that every device of the
authority updates the same return whichever of them saves the case.
"""

from __future__ import annotations

from typing import Any

from shared.access import returns_space
from shared.schema.returns import RETURN_FIELDS

from ..directory import entry_state
from ..store import Store
from ..store.materialize import RETURN_COLUMNS
from .projection import case_return, state_code

KIND = "return"


def return_id(case_id: str) -> str:
    return f"ret-{case_id}"


def save_return(store: Store, case_id: str, authority: str) -> bool:
    """Bring the case's return in step with the case; call inside the case's write."""
    values = case_return(store.read(case_id), own_state(store, authority))
    doc_id = return_id(case_id)
    with store.write():
        if store.exists(doc_id):
            return store.update(doc_id, values)
        store.create(returns_space(authority), KIND, values, doc_id=doc_id)
        return True


def own_state(store: Store, authority: str) -> str:
    """The authority's State: from its directory entry, else the code's prefix (SN-CA)."""
    return state_code(entry_state(store, authority)) or state_code(authority[:2])


def authority_of(space: str) -> str:
    return space.partition("/")[2]


def read_returns(store: Store, authority: str | None = None) -> list[dict[str, Any]]:
    """Every return this store holds (or one authority's), with its `authority`."""
    sql = f"SELECT authority, {', '.join(RETURN_COLUMNS)} FROM returns"
    args: tuple[str, ...] = ()
    if authority:
        sql += " WHERE authority = ?"
        args = (authority,)
    names = ("authority", *RETURN_COLUMNS)
    out = []
    for row in store.conn.execute(sql, args):
        record = dict(zip(names, row, strict=True))
        for name in _SETS:
            record[name] = [v for v in (record[name] or "").split(",") if v]
        out.append(record)
    return out


_SETS = tuple(f.name for f in RETURN_FIELDS if f.kind == "set")
