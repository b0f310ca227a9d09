"""Many varied cases, fast: for benchmarks and for trying the app on a big register.

Unlike the demo cases, a generated case is created directly in its final
status (one change each, no walk through the workflow), and creations are
grouped so that a batch shares one SQLite transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from shared.schema.cases import OPEN_STATUSES, STATUS_DATES, STATUSES

from ..cases import create_case
from ..store import Store
from .cases import OWN_STATE, scenario_fields, scenario_particulars
from .directory import CAPITALS
from .names import birth_date, identity_details, nationality, person_name
from .scenarios import LANDLOCKED, OFFICERS, SCENARIOS

_OTHER_STATES = tuple(sorted(s for s in CAPITALS if s != OWN_STATE))
_COASTAL_STATES = tuple(s for s in _OTHER_STATES if s not in LANDLOCKED)


def generate_cases(
    store: Store,
    n: int,
    seed: int = 0,
    batch_size: int = 500,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Create `n` generated cases; returns their ids. Same seed, same cases."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    ids: list[str] = []
    while len(ids) < n:
        count = min(batch_size, n - len(ids))
        with store.write():  # one SQLite transaction per batch
            for _ in range(count):
                number = len(ids) + 1
                values = generated_values(rng, today, number, seed)
                ids.append(create_case(store, values, when=_last_activity(values)))
        if progress:
            progress(len(ids), n)
    return ids


def _last_activity(values: dict[str, Any]) -> str:
    """Back-date the case to its latest date, so that lists sort as in a real register."""
    day = max(
        values.get(name, "") for name in ("date_sent", "date_received", *STATUS_DATES.values())
    )
    day = day or values["documents"][0]["date"]
    return f"{day}T10:00:00+00:00"


def generated_values(
    rng: random.Random, today: dt.date, number: int, seed: int = 0
) -> dict[str, Any]:
    """The fields of one generated case, consistent with its status."""
    sc = rng.choice(SCENARIOS)
    state = rng.choice(_COASTAL_STATES if sc.coastal else _OTHER_STATES)
    status = rng.choice(STATUSES)
    if status == "sent":
        direction = "outgoing"
    elif status == "received":
        direction = "incoming"
    else:
        direction = rng.choice(("incoming", "outgoing"))
    outgoing = direction == "outgoing"
    opened = today - dt.timedelta(days=rng.randint(1, 3 * 365))
    place = rng.choice(sc.places) if outgoing else CAPITALS[state]
    amount = f"{rng.randint(5, 900) * 1_000_000:,}".replace(",", " ")
    values: dict[str, Any] = {
        "direction": direction,
        "status": status,
        "our_ref": f"GEN{seed}/{'OUT' if outgoing else 'IN'}/{opened.year}/{number:06d}",
        "their_ref": f"{state}-CA/{opened.year}/{rng.randint(1, 99999):05d}",
        **scenario_fields(sc, state, outgoing, place),
        "urgency": "urgent" if rng.random() < 0.15 else "normal",
        "assigned_officer": rng.choice(OFFICERS),
        "summary": sc.summary.format(place=place, amount=amount, count=rng.randint(3, 40)),
        "notes": "Dossier généré (données fictives).",
        "authority_conducting": "Juge d'instruction, tribunal de grande instance de Dakar"
        if outgoing
        else f"Procureur de la République, {CAPITALS[state]}",
        "assistance_description": f"Mesures sollicitées : {', '.join(sc.assistance_types)}.",
        "procedure_requested": "Aucune procédure particulière",
        "dual_criminality": f"Les faits ({sc.offences.lower()}) sont punissables dans les deux États.",
        "persons": [
            {
                "role": role,
                "name": person_name(rng, state),
                "nationality": nationality(state),
                "date_of_birth": birth_date(rng, today),
                "location": CAPITALS[state],
                **(
                    {"identity_details": identity_details(rng, state)}
                    if role in ("suspect", "accused")
                    else {}
                ),
            }
            for role in sc.roles
        ],
        "documents": [
            {"title": title, "kind": kind, "date": opened.isoformat()}
            for title, kind in sc.documents
        ],
    }
    if "provisional_arrest" in sc.assistance_types:
        values["urgency"] = "urgent"
    if values["urgency"] == "urgent":
        values["urgency_reason"] = (
            sc.urgency_reasons[0] if sc.urgency_reasons else "Détention provisoire"
        )
    values["particulars"] = scenario_particulars(sc, rng, state, place, today)
    values["confidentiality"] = rng.choice(("requested", "not_requested"))
    if status != "draft":
        # Status dates fall between opening and today, so no date is in the future.
        elapsed = (today - opened).days
        values[STATUS_DATES.get(status, "date_received" if not outgoing else "date_sent")] = (
            opened + dt.timedelta(days=rng.randint(0, elapsed))
        ).isoformat()
        values["date_sent" if outgoing else "date_received"] = opened.isoformat()
    if status in OPEN_STATUSES and rng.random() < 0.7:
        values["deadline"] = (today + dt.timedelta(days=rng.randint(-60, 120))).isoformat()
        values["deadline_reason"] = "Audience fixée"
    if status == "refused":
        values["refusal_grounds"] = [rng.choice(("dual_criminality", "insufficient_information"))]
    return values
