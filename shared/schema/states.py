"""States as ISO 3166 alpha-2 codes: the one form cases, the directory and statistics store.

People type state names in English, French or Portuguese ("Ghana", "Côte d'Ivoire",
"Costa do Marfim"); `resolve_state` maps such a name to its code or refuses it
with suggestions. Names of the WACAP members are given here in the forms the
network uses (and in Arabic, for documents to Mauritania and Chad); every other
state takes its name from Babel's CLDR data.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import cache, lru_cache

from babel import Locale

from shared.errors import EntraideError
from shared.i18n import _

NAME_LANGUAGES = ("en", "fr", "pt", "ar")
STATE_FIELDS = ("requesting_state", "requested_state")


def _n(en: str, fr: str, pt: str, ar: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "pt": pt, "ar": ar}


# WACAP members (the 15 ECOWAS states, Mauritania and Chad); Arabic as in UN usage.
WACAP_STATES: dict[str, dict[str, str]] = {
    "BJ": _n("Benin", "Bénin", "Benim", "بنن"),
    "BF": _n("Burkina Faso", "Burkina Faso", "Burquina Faso", "بوركينا فاسو"),
    "CV": _n("Cabo Verde", "Cabo Verde", "Cabo Verde", "كابو فيردي"),
    "TD": _n("Chad", "Tchad", "Chade", "تشاد"),
    "CI": _n("Côte d'Ivoire", "Côte d'Ivoire", "Costa do Marfim", "كوت ديفوار"),
    "GM": _n("The Gambia", "Gambie", "Gâmbia", "غامبيا"),
    "GH": _n("Ghana", "Ghana", "Gana", "غانا"),
    "GN": _n("Guinea", "Guinée", "Guiné", "غينيا"),
    "GW": _n("Guinea-Bissau", "Guinée-Bissau", "Guiné-Bissau", "غينيا - بيساو"),
    "LR": _n("Liberia", "Libéria", "Libéria", "ليبريا"),
    "ML": _n("Mali", "Mali", "Mali", "مالي"),
    "MR": _n("Mauritania", "Mauritanie", "Mauritânia", "موريتانيا"),
    "NE": _n("Niger", "Niger", "Níger", "النيجر"),
    "NG": _n("Nigeria", "Nigeria", "Nigéria", "نيجيريا"),
    "SN": _n("Senegal", "Sénégal", "Senegal", "السنغال"),
    "SL": _n("Sierra Leone", "Sierra Leone", "Serra Leoa", "سيراليون"),
    "TG": _n("Togo", "Togo", "Togo", "توغو"),
}

# Other spellings people type for WACAP members.
_ALIASES = {
    "Gambia": "GM",
    "Cape Verde": "CV",
    "Cap-Vert": "CV",
    "Ivory Coast": "CI",
    "Côte d’Ivoire": "CI",
    "Guiné Bissau": "GW",
    "Guinea Bissau": "GW",
    "Guinée Bissau": "GW",
    "Liberia": "LR",
    "Libéria": "LR",
}

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
        return WACAP_STATES[code][lang]
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
    for alias, code in _ALIASES.items():
        index[_key(alias)] = code
    for code, names in WACAP_STATES.items():
        for name in names.values():
            index[_key(name)] = code
        index[_key(names["en"]).removeprefix("the ")] = code
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


# What people write in a "nationality" field for WACAP nationals (EN; FR and PT,
# masculine and feminine). "guineense" is Guinea-Bissau's in Portuguese usage.
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "BJ": ("Beninese", "béninois", "béninoise", "beninense"),
    "BF": ("Burkinabe", "Burkinabè", "burkinabé", "burquinense", "burquinês"),
    "CV": ("Cape Verdean", "Cabo Verdean", "cap-verdien", "cap-verdienne", "cabo-verdiano"),
    "TD": ("Chadian", "tchadien", "tchadienne", "chadiano", "chadiana"),
    "CI": ("Ivorian", "ivoirien", "ivoirienne", "marfinense", "costa-marfinense"),
    "GM": ("Gambian", "gambien", "gambienne", "gambiano", "gambiana"),
    "GH": ("Ghanaian", "ghanéen", "ghanéenne", "ganês", "ganesa"),
    "GN": ("Guinean", "guinéen", "guinéenne", "guineano", "guineana"),
    "GW": ("Bissau-Guinean", "bissau-guinéen", "bissau-guinéenne", "guineense", "bissau-guineense"),
    "LR": ("Liberian", "libérien", "libérienne", "liberiano", "liberiana"),
    "ML": ("Malian", "malien", "malienne", "maliano", "maliana"),
    "MR": ("Mauritanian", "mauritanien", "mauritanienne", "mauritano", "mauritana"),
    "NE": ("Nigerien", "nigérien", "nigérienne", "nigerino", "nigerina"),
    "NG": ("Nigerian", "nigérian", "nigériane", "nigeriano", "nigeriana"),
    "SN": ("Senegalese", "sénégalais", "sénégalaise", "senegalês", "senegalesa"),
    "SL": ("Sierra Leonean", "sierra-léonais", "sierra-léonaise", "serra-leonês", "serra-leonesa"),
    "TG": ("Togolese", "togolais", "togolaise", "togolês", "togolesa"),
}


@lru_cache(maxsize=1)
def _demonym_index() -> dict[str, str]:
    return {_key(word): code for code, words in _DEMONYMS.items() for word in words}


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
