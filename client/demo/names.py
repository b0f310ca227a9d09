"""Name pools for FICTITIOUS people in demo and generated cases.

Given names and family names common in the region are combined at random, so
that no demo person is a real individual; birth dates and identity numbers
are invented as well.
"""

from __future__ import annotations

import datetime as dt
import random

from shared.schema.states import WACAP_STATES

GIVEN = {
    "fr": (
        "Aminata",
        "Moussa",
        "Fatou",
        "Ibrahima",
        "Mariam",
        "Cheikh",
        "Awa",
        "Souleymane",
        "Kadiatou",
        "Boubacar",
        "Adama",
        "Rokia",
        "Yao",
        "Akossiwa",
        "Koffi",
        "Salimata",
        "Hamidou",
        "Djénéba",
        "Kodjo",
        "Ramatoulaye",
    ),
    "en": (
        "Chinedu",
        "Abena",
        "Kwame",
        "Ngozi",
        "Emeka",
        "Adwoa",
        "Fatmata",
        "Mohamed",
        "Isatou",
        "Lamin",
        "Comfort",
        "Samuel",
        "Blessing",
        "Yusuf",
        "Efua",
        "Momodou",
    ),
    "pt": (
        "João",
        "Maria",
        "Domingos",
        "Adelina",
        "Braima",
        "Luísa",
        "Armando",
        "Fernanda",
        "Carlos",
        "Nelsa",
        "Zacarias",
        "Filomena",
    ),
    "ar": (
        "Mohamed Lemine",
        "Aïcha",
        "Sidi",
        "Mariem",
        "Ahmed Salem",
        "Khadijetou",
        "Abdallahi",
        "Zeinabou",
        "Hassane",
        "Achta",
    ),
}
FAMILY = {
    "fr": (
        "Diallo",
        "Ndiaye",
        "Traoré",
        "Ouédraogo",
        "Koné",
        "Camara",
        "Sow",
        "Diop",
        "Kouassi",
        "Sawadogo",
        "Mensah",
        "Agbodjan",
        "Sylla",
        "Cissé",
        "Keïta",
        "Zinsou",
    ),
    "en": (
        "Okafor",
        "Mensah",
        "Asante",
        "Adeyemi",
        "Boateng",
        "Kamara",
        "Jallow",
        "Sesay",
        "Ceesay",
        "Nwosu",
        "Owusu",
        "Bangura",
        "Touray",
        "Ibrahim",
    ),
    "pt": (
        "Gomes",
        "Tavares",
        "Semedo",
        "Có",
        "Mendes",
        "Correia",
        "Fernandes",
        "Lopes",
        "Baldé",
        "Monteiro",
        "Varela",
    ),
    "ar": (
        "Ould Cheikh",
        "Mint Ahmed",
        "Ould Sidi",
        "Mahamat",
        "Abakar",
        "Ould Brahim",
        "Hissein",
        "Mint Mohamed",
    ),
}


def _name_area(state: str) -> str:
    """The language area whose names are most likely for a person linked to that state:
    Arabic where it is an official language (Mauritania, Chad), else the first one."""
    known = WACAP_STATES.get(state)
    if known is None:
        return "fr"
    return "ar" if "ar" in known.languages else known.languages[0]


def nationality(state: str) -> str:
    """The nationality as the demo's French free text writes it (feminine: "la nationalité")."""
    return WACAP_STATES[state].nationality["fr"][1]


def person_name(rng: random.Random, state: str) -> str:
    area = _name_area(state)
    return f"{rng.choice(GIVEN[area])} {rng.choice(FAMILY[area]).upper()}"


def birth_date(rng: random.Random, today: dt.date, young: bool = False) -> str:
    years = rng.randint(9, 17) if young else rng.randint(19, 62)
    return (today - dt.timedelta(days=years * 365 + rng.randint(0, 364))).isoformat()


def identity_details(rng: random.Random, state: str) -> str:
    """An invented passport number in an obviously fake series (starts with 'X0')."""
    return f"Passeport {state} X0{rng.randint(1000000, 9999999)} (fictif)"
