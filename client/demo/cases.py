"""About 50 sample cases of the Senegalese central authority, in every status.

Each case is created as a draft and moved through the workflow one valid
transition at a time, back-dated, so that its history reads like a real
file. The plan is fixed and the randomness seeded: the same statuses,
directions and deadline buckets come out every time (tests count on it);
only the dates move with `today`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import client.requests  # noqa: F401 - registers the send gate (client.cases.gates)
from shared.schema.cases import OPEN_STATUSES
from shared.schema.states import state_name

from ..cases import create_case, set_status, update_case
from ..requests.texts import assistance_label
from ..store import Store
from .directory import CAPITALS, authority_code, authority_name
from .names import birth_date, identity_details, nationality, person_name
from .particulars import GENERAL, complete_particulars
from .scenarios import (
    LANDLOCKED,
    OFFENCE_CATEGORIES,
    OFFICERS,
    SCENARIOS,
    Scenario,
    legal_basis,
    legal_basis_category,
)

OWN_STATE = "SN"
TEXT_LANGUAGE = "fr"  # the demo's free text is French: state names in it too
OWN_AUTHORITY = authority_code(OWN_STATE)
DEMO_USER = OFFICERS[0]
DEMO_SEED = 2025

# How many cases end in each status (50 in all).
STATUS_PLAN: tuple[tuple[str, int], ...] = (
    ("draft", 4),
    ("sent", 5),
    ("received", 6),
    ("acknowledged", 5),
    ("in_execution", 8),
    ("executed", 5),
    ("partially_executed", 4),
    ("refused", 4),
    ("withdrawn", 3),
    ("closed", 6),
)
# Deadline buckets, dealt in turn to the open cases: 7 overdue, 7 due within 14 days.
DEADLINE_CYCLE = ("overdue", "soon", "later", "none")
_OTHER_STATES = tuple(sorted(s for s in CAPITALS if s != OWN_STATE))
_COASTAL_STATES = tuple(s for s in _OTHER_STATES if s not in LANDLOCKED)


@dataclass(frozen=True)
class PlannedCase:
    index: int
    scenario: Scenario
    direction: str
    state: str  # the other state
    status: str  # final status
    deadline: str  # "overdue" | "soon" | "later" | "none" | "past"


def plan(seed: int = DEMO_SEED) -> list[PlannedCase]:
    """The demo cases to make, in order; depends on the seed only."""
    rng = random.Random(seed)
    statuses = [status for status, count in STATUS_PLAN for _ in range(count)]
    rng.shuffle(statuses)
    planned, open_seen = [], 0
    for i, status in enumerate(statuses):
        if status == "sent":
            direction = "outgoing"
        elif status == "received":
            direction = "incoming"
        else:
            direction = ("incoming", "outgoing")[i % 2]
        if status in OPEN_STATUSES:
            deadline = DEADLINE_CYCLE[open_seen % len(DEADLINE_CYCLE)]
            open_seen += 1
        else:
            deadline = "past" if i % 2 else "none"
        scenario = SCENARIOS[i % len(SCENARIOS)]
        states = _COASTAL_STATES if scenario.coastal else _OTHER_STATES
        planned.append(PlannedCase(i, scenario, direction, rng.choice(states), status, deadline))
    return planned


def path_to(status: str, direction: str, variant: int) -> list[str]:
    """Statuses after 'draft' leading to `status`, each a valid transition."""
    start = "sent" if direction == "outgoing" else "received"
    paths = {
        "draft": [],
        "sent": ["sent"],
        "received": ["received"],
        "acknowledged": [start, "acknowledged"],
        "in_execution": [start, "acknowledged", "in_execution"]
        if variant % 2
        else [start, "in_execution"],
        "executed": [start, "acknowledged", "in_execution", "executed"],
        "partially_executed": [start, "in_execution", "partially_executed"],
        "refused": [start, "acknowledged", "refused"],
        "withdrawn": [start, "withdrawn"] if variant % 2 else ["withdrawn"],
    }
    if status == "closed":
        endings = (
            [start, "acknowledged", "in_execution", "executed"],
            [start, "refused"],
            [start, "in_execution", "partially_executed"],
            [start, "withdrawn"],
        )
        return [*endings[variant % len(endings)], "closed"]
    return paths[status]


def load_cases(store: Store, today: dt.date | None = None, seed: int = DEMO_SEED) -> list[str]:
    """Create the demo cases; returns their ids in plan order."""
    today = today or dt.date.today()
    rng = random.Random(seed + 1)
    ids = []
    for item in plan(seed):
        ids.append(_make_case(store, item, today, rng))
    return ids


def _make_case(store: Store, item: PlannedCase, today: dt.date, rng: random.Random) -> str:
    steps = path_to(item.status, item.direction, item.index)
    stamps = list(_timeline(rng, today, len(steps) + 1, item.status))
    values = initial_values(item, rng, today, stamps[0])
    case_id = create_case(store, values, when=stamps[0])
    for status, stamp in zip(steps, stamps[1:], strict=True):
        set_status(store, case_id, status, when=stamp, **_step_fields(item, status, rng, stamp))
    if item.deadline == "overdue":
        # A reminder after the deadline passed: the usual follow-up of a silent request.
        note = f"{values['notes']}\nRelance adressée à {state_name(item.state, TEXT_LANGUAGE)} le {today - dt.timedelta(days=1)}."
        update_case(store, case_id, {"notes": note}, when=_stamp(today - dt.timedelta(days=1), rng))
    return case_id


def _timeline(rng: random.Random, today: dt.date, count: int, status: str) -> Iterator[str]:
    """`count` increasing timestamps in the past: creation, then each status change."""
    span = rng.randint(3, 20) if status == "draft" else rng.randint(25 * count, 70 * count)
    days = sorted(rng.sample(range(2, span + 2), count), reverse=True)
    for back in days:
        yield _stamp(today - dt.timedelta(days=back), rng)


def _stamp(day: dt.date, rng: random.Random) -> str:
    moment = dt.datetime.combine(
        day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), dt.timezone.utc
    )
    return moment.isoformat()


def scenario_fields(sc: Scenario, state: str, outgoing: bool, place: str) -> dict[str, Any]:
    """The fields a case takes from its scenario and counterpart state (demo and generator)."""
    return {
        "kind": sc.kind,
        "title": sc.title.format(place=place),
        "requesting_state": OWN_STATE if outgoing else state,
        "requested_state": state if outgoing else OWN_STATE,
        "requesting_authority": authority_name(OWN_STATE if outgoing else state),
        "requested_authority": authority_name(state if outgoing else OWN_STATE),
        "assistance_types": list(sc.assistance_types),
        "offences": sc.offences,
        "legal_basis": legal_basis(sc.kind, state),
        "offence_categories": list(OFFENCE_CATEGORIES.get(sc.key, ("other",))),
        "legal_basis_category": legal_basis_category(sc.key, sc.kind, state),
        "proceeding_nature": sc.proceeding_nature,
        "purpose": sc.purpose,
    }


def initial_values(
    item: PlannedCase, rng: random.Random, today: dt.date, created: str
) -> dict[str, Any]:
    """The fields a case has when it is first registered."""
    sc, state = item.scenario, item.state
    outgoing = item.direction == "outgoing"
    year = created[:4]
    place = sc.places[item.index % len(sc.places)] if outgoing else CAPITALS[state]
    amount = f"{rng.randint(5, 900) * 1_000_000:,}".replace(",", " ")
    summary = sc.summary.format(place=place, amount=amount, count=rng.randint(3, 40))
    # Provisional arrest is urgent by nature; otherwise half the cases that can be urgent are.
    urgent = "provisional_arrest" in sc.assistance_types or (
        bool(sc.urgency_reasons) and rng.random() < 0.5
    )
    values: dict[str, Any] = {
        "direction": item.direction,
        "our_ref": f"SN/{'OUT' if outgoing else 'IN'}/{year}/{item.index + 1:04d}",
        **scenario_fields(sc, state, outgoing, place),
        "urgency": "urgent" if urgent else "normal",
        "urgency_reason": rng.choice(sc.urgency_reasons) if urgent else "",
        "assigned_officer": OFFICERS[item.index % len(OFFICERS)],
        "summary": summary,
        "notes": "Dossier de démonstration — données fictives.",
        "authority_conducting": (
            "Juge d'instruction, tribunal de grande instance hors classe de Dakar"
            if outgoing
            else f"Procureur de la République, {CAPITALS[state]} ({state_name(state, TEXT_LANGUAGE)})"
        ),
        "assistance_description": _describe_assistance(sc),
        "procedure_requested": rng.choice(
            (
                "Aucune procédure particulière",
                "Audition sous serment, en présence d'un enquêteur de l'État requérant",
                "Copies certifiées conformes, avec attestation d'authenticité",
            )
        ),
        "confidentiality": rng.choice(("requested", "not_requested")),
        "dual_criminality": (
            f"Les faits décrits ({sc.offences.lower()}) sont punissables en droit sénégalais "
            f"et constituent aussi une infraction en droit de l'État requis ({state_name(state, TEXT_LANGUAGE)})."
        ),
        "persons": _persons(item, rng, today),
        "documents": [
            {
                "title": title,
                "kind": kind,
                "date": created[:10],
                "reference": f"SN/{year}/{item.index + 1:04d}",
            }
            for title, kind in sc.documents
        ],
    }
    values["particulars"] = scenario_particulars(sc, rng, state, place, today)
    if item.status == "draft":
        _leave_gaps(values)
    if not outgoing:
        prefix = "EXT" if sc.kind == "extradition" else "MLA"
        values["their_ref"] = f"{state}-CA/{prefix}/{year}/{rng.randint(10, 999):03d}"
    values.update(_deadline(item, rng, today))
    return {k: v for k, v in values.items() if v not in ("", [], {})}  # no empty fields in history


def _leave_gaps(values: dict[str, Any]) -> None:
    """A draft is work in progress: leave what drafters often forget, for the checks to find."""
    values.pop("confidentiality", None)
    particulars = values["particulars"]
    for key in ("channel", "directory_documents_checked"):
        particulars.pop(key, None)
    specific = sorted(k for k in particulars if k not in GENERAL)
    if specific:
        particulars.pop(specific[0])


def scenario_particulars(
    sc: Scenario, rng: random.Random, state: str, place: str, today: dt.date
) -> dict[str, str]:
    """The particulars a scenario's types of assistance ask for, toward `state`."""
    own = sc.particulars(rng, state) if sc.particulars is not None else {}
    name = state_name(state, TEXT_LANGUAGE)
    return complete_particulars(sc.assistance_types, own, rng, name, CAPITALS[state], place, today)


def _describe_assistance(sc: Scenario) -> str:
    measures = " ; ".join(assistance_label(t, TEXT_LANGUAGE).lower() for t in sc.assistance_types)
    return f"Mesures sollicitées : {measures}.\nBut : {sc.purpose}"


def _persons(item: PlannedCase, rng: random.Random, today: dt.date) -> list[dict[str, str]]:
    people = []
    for role in item.scenario.roles:
        state = item.state if role in ("suspect", "accused") or rng.random() < 0.5 else OWN_STATE
        person = {
            "role": role,
            "name": person_name(rng, state),
            "nationality": nationality(state),
            "date_of_birth": birth_date(
                rng, today, young=role == "victim" and "mineurs" in item.scenario.offences
            ),
            "location": f"{CAPITALS[item.state]} ({state_name(item.state, TEXT_LANGUAGE)})",
        }
        if role in ("suspect", "accused"):
            person["identity_details"] = identity_details(rng, state)
        people.append(person)
    return people


def _deadline(item: PlannedCase, rng: random.Random, today: dt.date) -> dict[str, str]:
    offsets = {
        "overdue": -rng.randint(3, 60),
        "soon": rng.randint(1, 14),
        "later": rng.randint(30, 120),
        "past": -rng.randint(1, 30),
    }
    if item.deadline not in offsets:
        return {}
    reason = rng.choice(
        (
            "Audience de jugement fixée à cette date",
            "Expiration de la détention provisoire",
            "Clôture prévue de l'information judiciaire",
            "Délai de conservation des données par l'opérateur",
        )
    )
    return {
        "deadline": (today + dt.timedelta(days=offsets[item.deadline])).isoformat(),
        "deadline_reason": reason,
    }


def _step_fields(item: PlannedCase, status: str, rng: random.Random, stamp: str) -> dict[str, Any]:
    """What the officer records along with a status change."""
    other = state_name(item.state, TEXT_LANGUAGE)
    if status == "acknowledged" and item.direction == "outgoing":
        prefix = "EXT" if item.scenario.kind == "extradition" else "MLA"
        return {"their_ref": f"{item.state}-CA/{prefix}/{stamp[:4]}/{rng.randint(10, 999):03d}"}
    if status == "executed":
        return {"outcome": "Demande exécutée intégralement ; pièces d'exécution transmises."}
    if status == "partially_executed":
        return {
            "outcome": "Exécution partielle : une partie des mesures n'a pu être réalisée (personne introuvable)."
        }
    if status == "refused":
        if item.scenario.kind == "extradition":
            grounds = ["nationality"]
            text = f"Refus : la personne réclamée est ressortissante de l'État requis ({other})."
        else:
            grounds = [
                rng.choice(("dual_criminality", "insufficient_information", "essential_interests"))
            ]
            text = "Refus motivé de l'autorité requise ; consultation préalable sans résultat."
        return {"refusal_grounds": grounds, "outcome": text}
    if status == "withdrawn":
        return {"outcome": "Demande retirée : les poursuites ont été abandonnées."}
    return {}
