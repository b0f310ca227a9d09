"""States as ISO 3166 alpha-2 codes: the one form cases, the directory and statistics store.

`STATES` is the project's one table of the WACAP members (the 15 ECOWAS states,
Mauritania and Chad): code, names in EN/FR/PT/AR, the languages a request to the
state is written in, the nationality words people type, other spellings. Every
other view (names for the terminal app and the documents, the default document
language, the demo's data) is derived from it; a test refuses a second table.
Every other state takes its name from Babel's CLDR data.

People type state names in English, French or Portuguese ("Ghana", "Côte d'Ivoire",
"Costa do Marfim"); `resolve_state` maps such a name to its code or refuses it
with suggestions.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from babel import Locale

from shared.errors import EntraideError
from shared.i18n import DOCUMENT_LANGUAGES, _

NAME_LANGUAGES = DOCUMENT_LANGUAGES  # a state is named in every language a request is written in
STATE_FIELDS = ("requesting_state", "requested_state")


@dataclass(frozen=True)
class State:
    """One WACAP member.

    `languages`: the state's official languages among those a request can be written
    in, then its constitutional working languages; the first is the one documents
    default to, unless `documents_in` names another. `nationality`: what people
    write in a nationality field, per language (in FR and PT masculine then feminine,
    the same word twice when it does not change). `aliases`: other spellings.
    """

    code: str
    names: dict[str, str]  # en, fr, pt, ar
    languages: tuple[str, ...]
    nationality: dict[str, tuple[str, ...]]
    aliases: tuple[str, ...] = ()
    documents_in: str = ""
    sources: str = field(default="", compare=False)  # where `languages` was checked

    @property
    def document_language(self) -> str:
        """The language a request to this state is written in when nothing else says."""
        return self.documents_in or self.languages[0]


def _n(en: str, fr: str, pt: str, ar: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "pt": pt, "ar": ar}


def _nat(
    en: tuple[str, ...], fr: tuple[str, ...], pt: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    return {"en": en, "fr": fr, "pt": pt}


_NOT_CHECKED = "not checked against the constitution's text (general knowledge)"

# Names: the forms the network uses; French as in UN terminology; Arabic as in UN usage.
STATES: tuple[State, ...] = (
    State(
        "BJ",
        _n("Benin", "Bénin", "Benim", "بنن"),
        ("fr",),
        _nat(("Beninese",), ("béninois", "béninoise"), ("beninense", "beninense")),
        sources=_NOT_CHECKED,
    ),
    State(
        "BF",
        _n("Burkina Faso", "Burkina Faso", "Burquina Faso", "بوركينا فاسو"),
        ("fr", "en"),
        _nat(
            ("Burkinabe", "Burkinabè"),
            ("burkinabè", "burkinabè", "burkinabé"),
            ("burquinense", "burquinense", "burquinês"),
        ),
        sources=(
            "Constitution as revised 30 Dec 2023: national languages official, French and "
            "English working languages (press reports of the revision; text not read)"
        ),
    ),
    State(
        "CV",
        _n("Cabo Verde", "Cabo Verde", "Cabo Verde", "كابو فيردي"),
        ("pt",),
        _nat(
            ("Cape Verdean", "Cabo Verdean"),
            ("cap-verdien", "cap-verdienne"),
            ("cabo-verdiano", "cabo-verdiana"),
        ),
        aliases=("Cape Verde", "Cap-Vert"),
        sources=_NOT_CHECKED,
    ),
    State(
        "TD",
        _n("Chad", "Tchad", "Chade", "تشاد"),
        ("fr", "ar"),
        _nat(("Chadian",), ("tchadien", "tchadienne"), ("chadiano", "chadiana")),
        sources="Constitution: French and Arabic official (art. 9 of the 1996 text, secondary sources)",
    ),
    State(
        "CI",
        _n("Côte d'Ivoire", "Côte d'Ivoire", "Costa do Marfim", "كوت ديفوار"),
        ("fr",),
        _nat(
            ("Ivorian",),
            ("ivoirien", "ivoirienne"),
            ("marfinense", "marfinense", "costa-marfinense"),
        ),
        aliases=("Ivory Coast", "Côte d’Ivoire"),
        sources=_NOT_CHECKED,
    ),
    State(
        "GM",
        _n("The Gambia", "Gambie", "Gâmbia", "غامبيا"),
        ("en",),
        _nat(("Gambian",), ("gambien", "gambienne"), ("gambiano", "gambiana")),
        aliases=("Gambia",),
        sources=_NOT_CHECKED,
    ),
    State(
        "GH",
        _n("Ghana", "Ghana", "Gana", "غانا"),
        ("en",),
        _nat(("Ghanaian",), ("ghanéen", "ghanéenne"), ("ganês", "ganesa")),
        sources=_NOT_CHECKED,
    ),
    State(
        "GN",
        _n("Guinea", "Guinée", "Guiné", "غينيا"),
        ("fr",),
        _nat(("Guinean",), ("guinéen", "guinéenne"), ("guineano", "guineana")),
        sources=_NOT_CHECKED,
    ),
    State(
        "GW",
        _n("Guinea-Bissau", "Guinée-Bissau", "Guiné-Bissau", "غينيا - بيساو"),
        ("pt",),
        # "guineense" is Guinea-Bissau's in Portuguese usage.
        _nat(
            ("Bissau-Guinean",),
            ("bissau-guinéen", "bissau-guinéenne"),
            ("guineense", "guineense", "bissau-guineense"),
        ),
        aliases=("Guiné Bissau", "Guinea Bissau", "Guinée Bissau"),
        sources=_NOT_CHECKED,
    ),
    State(
        "LR",
        _n("Liberia", "Libéria", "Libéria", "ليبريا"),
        ("en",),
        _nat(("Liberian",), ("libérien", "libérienne"), ("liberiano", "liberiana")),
        sources=_NOT_CHECKED,
    ),
    State(
        "ML",
        _n("Mali", "Mali", "Mali", "مالي"),
        ("fr",),
        _nat(("Malian",), ("malien", "malienne"), ("maliano", "maliana")),
        sources=(
            "Constitution of 22 July 2023, art. 31: national languages official, French the "
            "working language (as quoted in press reports; text not read)"
        ),
    ),
    State(
        "MR",
        _n("Mauritania", "Mauritanie", "Mauritânia", "موريتانيا"),
        ("ar",),
        _nat(("Mauritanian",), ("mauritanien", "mauritanienne"), ("mauritano", "mauritana")),
        # Requests default to French, as before the table existed: Arabic is chosen by
        # the drafter (the writer proposes it when the directory accepts it).
        documents_in="fr",
        sources="Constitution of 20 July 1991 (revised 2017), art. 6: Arabic the official language",
    ),
    State(
        "NE",
        _n("Niger", "Niger", "Níger", "النيجر"),
        ("fr",),
        _nat(("Nigerien",), ("nigérien", "nigérienne"), ("nigerino", "nigerina")),
        sources=_NOT_CHECKED + "; the 2010 Constitution is suspended since 2023",
    ),
    State(
        "NG",
        _n("Nigeria", "Nigéria", "Nigéria", "نيجيريا"),
        ("en",),
        _nat(("Nigerian",), ("nigérian", "nigériane"), ("nigeriano", "nigeriana")),
        sources=_NOT_CHECKED,
    ),
    State(
        "SN",
        _n("Senegal", "Sénégal", "Senegal", "السنغال"),
        ("fr",),
        _nat(("Senegalese",), ("sénégalais", "sénégalaise"), ("senegalês", "senegalesa")),
        sources=_NOT_CHECKED,
    ),
    State(
        "SL",
        _n("Sierra Leone", "Sierra Leone", "Serra Leoa", "سيراليون"),
        ("en",),
        _nat(
            ("Sierra Leonean",),
            ("sierra-léonais", "sierra-léonaise"),
            ("serra-leonês", "serra-leonesa"),
        ),
        sources=_NOT_CHECKED,
    ),
    State(
        "TG",
        _n("Togo", "Togo", "Togo", "توغو"),
        ("fr",),
        _nat(("Togolese",), ("togolais", "togolaise"), ("togolês", "togolesa")),
        sources=_NOT_CHECKED,
    ),
)

# Views of the table.
WACAP_STATES: dict[str, State] = {s.code: s for s in STATES}
STATE_NAMES: dict[str, dict[str, str]] = {s.code: s.names for s in STATES}


def document_language(code: str) -> str:
    """The language requests to this state default to; English for a state outside WACAP."""
    state = WACAP_STATES.get(code.strip().upper())
    return state.document_language if state else "en"


# CLDR territory codes that are not states.
_NOT_STATES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AN"})


class UnknownState(EntraideError, ValueError):
    """A state name or code that maps to no ISO code; the message lists suggestions."""


@cache
def _territories(lang: str) -> dict[str, str]:
    names = Locale.parse(lang).territories
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_STATES
    }


def is_state_code(code: str) -> bool:
    return code in WACAP_STATES or code in _territories("en")


def state_name(code: str, lang: str = "en") -> str:
    """The name of the state in `lang` (en, fr, pt or ar); the code itself when unknown."""
    code = code.strip().upper()
    lang = lang if lang in NAME_LANGUAGES else "en"
    if code in WACAP_STATES:
        return WACAP_STATES[code].names[lang]
    return _territories(lang).get(code, code)


def _key(text: str) -> str:
    """A name folded for comparison: no accents, no case, one kind of apostrophe and space."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("-", " "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Folded name -> code, over English, French and Portuguese (WACAP forms win)."""
    index: dict[str, str] = {}
    for lang in ("en", "fr", "pt"):
        for code, name in _territories(lang).items():
            index.setdefault(_key(name), code)
    for state in STATES:
        for name in (*state.names.values(), *state.aliases):
            index[_key(name)] = state.code
        index[_key(state.names["en"]).removeprefix("the ")] = state.code
    return index


def lookup_state(value: str) -> str | None:
    """The ISO code of a code or a name in EN/FR/PT, or None when nothing matches."""
    value = value.strip()
    if len(value) == 2 and value.isalpha() and is_state_code(value.upper()):
        return value.upper()
    return _index().get(_key(value))


def suggestions(value: str, limit: int = 3) -> list[str]:
    """Close matches of a mistyped name, as "Name (CODE)"."""
    index = _index()
    close = difflib.get_close_matches(_key(value), list(index), n=limit * 3, cutoff=0.6)
    codes: list[str] = []
    for name in close:
        if index[name] not in codes:
            codes.append(index[name])
    return [f"{state_name(code)} ({code})" for code in codes[:limit]]


def resolve_state(value: str) -> str:
    """A state code for what was typed; "" stays ""; UnknownState (with suggestions) otherwise."""
    if not value.strip():
        return ""
    code = lookup_state(value)
    if code is not None:
        return code
    close = suggestions(value)
    if close:
        raise UnknownState(
            _("'{value}' is not a known state; did you mean: {suggestions}?").format(
                value=value.strip(), suggestions=", ".join(close)
            )
        )
    raise UnknownState(
        _("'{value}' is not a known state; give its ISO code (e.g. SN) or its name").format(
            value=value.strip()
        )
    )


def state_code_or_value(value: object) -> object:
    """For data already stored: a known name read as its code, anything else unchanged."""
    if not isinstance(value, str) or not value.strip():
        return value
    return lookup_state(value) or value


@lru_cache(maxsize=1)
def _demonym_index() -> dict[str, str]:
    return {
        _key(word): state.code
        for state in STATES
        for words in state.nationality.values()
        for word in words
    }


def nationality_states(value: str) -> set[str]:
    """The states a nationality field names ("Nigerian", "sénégalaise", "SN / ML" ...)."""
    found: set[str] = set()
    for part in value.replace(";", ",").replace("/", ",").replace(" and ", ",").split(","):
        if not part.strip():
            continue
        code = _demonym_index().get(_key(part)) or lookup_state(part)
        if code:
            found.add(code)
    return found
