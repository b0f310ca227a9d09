"""Demo directory: the central authorities of the 17 WACAP states.

Institution names follow the usual pattern (a ministry of justice directorate
or an attorney-general's office) but every contact detail is FICTITIOUS:
people's names are invented, phone numbers are zero-filled, e-mail addresses
use the reserved `.example` domain. Nothing here has been verified against
a real authority; the `comments` field of every entry says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..directory import approve_entry, put_entry
from ..store import Store


@dataclass(frozen=True)
class StateInfo:
    """What differs from one state to the next; the rest follows the state's language."""

    iso: str
    city: str  # where the central authority sits (the demo's addresses)
    dial: str
    time_zone: str
    languages: tuple[str, ...]
    authority_name: str
    contact: str
    networks: str
    interpol: str = "yes"
    treaty_16_5: str = "Takes UNTOC as a legal basis for extradition (demo value)."
    note: str = ""


ECOWAS = "WACAP, ECOWAS"
# Mali, Burkina Faso and Niger left ECOWAS on 29 January 2025 (see legal-requirements.md).
LEFT_ECOWAS = "WACAP, AES (left ECOWAS 29 January 2025)"

STATES: tuple[StateInfo, ...] = (
    StateInfo(
        "BJ",
        "Porto-Novo",
        "+229",
        "Africa/Porto-Novo (UTC+1)",
        ("fr",),
        "Ministère de la Justice et de la Législation — Direction des affaires pénales et des grâces",
        "Mme Rachida Agossou-Hounkpè, magistrate",
        ECOWAS,
    ),
    StateInfo(
        "BF",
        "Ouagadougou",
        "+226",
        "Africa/Ouagadougou (UTC+0)",
        ("fr",),
        "Ministère de la Justice — Direction des affaires pénales et du sceau",
        "M. Issouf Kaboré-Zongo, magistrat",
        LEFT_ECOWAS,
        note="Whether the ECOWAS conventions still apply is unsettled; prefer UNTOC or bilateral bases.",
    ),
    StateInfo(
        "CV",
        "Praia",
        "+238",
        "Atlantic/Cape_Verde (UTC-1)",
        ("pt",),
        "Procuradoria-Geral da República — Gabinete de Cooperação Judiciária Internacional",
        "Dra. Mirela Tavares Semedo, procuradora",
        ECOWAS,
    ),
    StateInfo(
        "TD",
        "N'Djamena",
        "+235",
        "Africa/Ndjamena (UTC+1)",
        ("fr", "ar"),
        "Ministère de la Justice — Direction des affaires judiciaires et du sceau",
        "M. Abakar Mahamat Nodjigoto, magistrat",
        "WACAP, ECCAS",
        note="Requests accepted in French or Arabic.",
    ),
    StateInfo(
        "CI",
        "Abidjan",
        "+225",
        "Africa/Abidjan (UTC+0)",
        ("fr",),
        "Ministère de la Justice et des Droits de l'Homme — Direction des affaires civiles et pénales",
        "Mme Adjoua Koffi-Brou, magistrate",
        ECOWAS,
    ),
    StateInfo(
        "GM",
        "Banjul",
        "+220",
        "Africa/Banjul (UTC+0)",
        ("en",),
        "Attorney General's Chambers and Ministry of Justice — International Cooperation Unit",
        "Ms. Fatoumatta Ceesay-Jobe, State Counsel",
        ECOWAS,
    ),
    StateInfo(
        "GH",
        "Accra",
        "+233",
        "Africa/Accra (UTC+0)",
        ("en",),
        "Office of the Attorney-General and Ministry of Justice — Mutual Legal Assistance Unit",
        "Mr. Kwabena Asante-Mensah, Principal State Attorney",
        ECOWAS,
    ),
    StateInfo(
        "GN",
        "Conakry",
        "+224",
        "Africa/Conakry (UTC+0)",
        ("fr",),
        "Ministère de la Justice et des Droits de l'Homme — Direction nationale des affaires criminelles",
        "M. Mamadou Saliou Bah-Kourouma, magistrat",
        ECOWAS,
    ),
    StateInfo(
        "GW",
        "Bissau",
        "+245",
        "Africa/Bissau (UTC+0)",
        ("pt",),
        "Ministério da Justiça — Direção-Geral da Administração da Justiça",
        "Dr. Armando Có Mendes, jurista",
        ECOWAS,
        interpol="no",
    ),
    StateInfo(
        "LR",
        "Monrovia",
        "+231",
        "Africa/Monrovia (UTC+0)",
        ("en",),
        "Ministry of Justice — Office of the Solicitor General, International Cooperation Desk",
        "Mr. Jerome T. Kollie-Dunbar, Assistant Minister for Litigation",
        ECOWAS,
    ),
    StateInfo(
        "ML",
        "Bamako",
        "+223",
        "Africa/Bamako (UTC+0)",
        ("fr",),
        "Ministère de la Justice et des Droits de l'Homme — Direction nationale des affaires judiciaires et du sceau",
        "Mme Kadiatou Traoré-Coulibaly, magistrate",
        LEFT_ECOWAS,
        note="Whether the ECOWAS conventions still apply is unsettled; prefer UNTOC or bilateral bases.",
    ),
    StateInfo(
        "MR",
        "Nouakchott",
        "+222",
        "Africa/Nouakchott (UTC+0)",
        ("ar", "fr"),
        "Ministère de la Justice — Direction des affaires pénales et de l'administration pénitentiaire",
        "M. Sidi Mohamed Ould Ahmedou, magistrat",
        "WACAP",
        note="Requests in Arabic are preferred; French is accepted in practice (demo value).",
    ),
    StateInfo(
        "NE",
        "Niamey",
        "+227",
        "Africa/Niamey (UTC+1)",
        ("fr",),
        "Ministère de la Justice — Direction des affaires pénales et des grâces",
        "M. Abdoulaye Moussa Garba, magistrat",
        LEFT_ECOWAS,
        note="Whether the ECOWAS conventions still apply is unsettled; prefer UNTOC or bilateral bases.",
    ),
    StateInfo(
        "NG",
        "Abuja",
        "+234",
        "Africa/Lagos (UTC+1)",
        ("en",),
        "Federal Ministry of Justice — Central Authority Unit",
        "Mrs. Ngozi Adaeze Okonkwo-Bello, Deputy Director",
        ECOWAS,
    ),
    StateInfo(
        "SN",
        "Dakar",
        "+221",
        "Africa/Dakar (UTC+0)",
        ("fr",),
        "Ministère de la Justice — Direction des affaires criminelles et des grâces",
        "Mme Ndèye Coumba Faye-Sarr, magistrate",
        ECOWAS,
    ),
    StateInfo(
        "SL",
        "Freetown",
        "+232",
        "Africa/Freetown (UTC+0)",
        ("en",),
        "Law Officers' Department — Office of the Attorney-General, MLA Section",
        "Mr. Abdul Karim Sesay-Conteh, Senior State Counsel",
        ECOWAS,
    ),
    StateInfo(
        "TG",
        "Lomé",
        "+228",
        "Africa/Lome (UTC+0)",
        ("fr",),
        "Ministère de la Justice et de la Législation — Direction des affaires pénales et des grâces",
        "Mme Akouvi Mensah-Adjavon, magistrate",
        ECOWAS,
    ),
)
CAPITALS = {s.iso: s.city for s in STATES}

# Practical text in the authority's own first working language.
_TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "address": "Immeuble administratif, B.P. 0000, {city}",
        "hours": "Lundi–vendredi, 8 h 00–16 h 30 (heure locale)",
        "documents": (
            "Demande signée par l'autorité requérante ; traduction en français ; copie des textes "
            "d'incrimination et des peines ; pour une extradition : mandat d'arrêt ou jugement en "
            "original ou copie certifiée conforme."
        ),
        "information": (
            "Identité de l'autorité requérante ; nature de la procédure ; exposé des faits ; mesures "
            "sollicitées et procédure particulière souhaitée ; identité et localisation des personnes ; "
            "délai souhaité avec ses motifs."
        ),
        "channels": "Autorité centrale à autorité centrale ; copie par courriel ; voie diplomatique acceptée",
        "urgent": (
            "En cas d'urgence, envoi préalable par courriel ou via INTERPOL, original confirmé par écrit "
            "sous 30 jours. Appeler le point de contact pour annoncer l'envoi."
        ),
        "comments": "Données de démonstration FICTIVES — aucune information vérifiée.",
    },
    "en": {
        "address": "Justice Complex, P.O. Box 0000, {city}",
        "hours": "Monday–Friday, 08:30–16:30 (local time)",
        "documents": (
            "Signed letter of request; certified copies of the relevant statutory provisions and "
            "penalties; for extradition: the original warrant or judgment, or a certified copy; "
            "translation into English."
        ),
        "information": (
            "Requesting authority; nature of the proceedings; summary of facts; assistance sought "
            "and any particular procedure; identity and location of persons; deadline with reasons."
        ),
        "channels": "Central authority to central authority; advance copy by e-mail; diplomatic channel accepted",
        "urgent": (
            "Urgent requests may be sent in advance by e-mail or through INTERPOL and must be "
            "confirmed in writing within 30 days. Call the focal point to announce them."
        ),
        "comments": "FICTITIOUS demonstration data — nothing here has been verified.",
    },
    "pt": {
        "address": "Palácio da Justiça, Caixa Postal 0000, {city}",
        "hours": "Segunda a sexta, 08h00–15h30 (hora local)",
        "documents": (
            "Pedido assinado pela autoridade requerente; tradução para português; cópia das "
            "disposições legais e das penas; para extradição: mandado de detenção ou sentença, "
            "original ou cópia autenticada."
        ),
        "information": (
            "Autoridade requerente; natureza do processo; resumo dos factos; assistência pedida e "
            "procedimento especial desejado; identidade e localização das pessoas; prazo e motivos."
        ),
        "channels": "De autoridade central a autoridade central; cópia por e-mail; via diplomática aceite",
        "urgent": (
            "Em caso de urgência, envio antecipado por e-mail ou via INTERPOL, confirmado por "
            "escrito no prazo de 30 dias."
        ),
        "comments": "Dados de demonstração FICTÍCIOS — nada foi verificado.",
    },
}


def authority_name(iso: str) -> str:
    """The central authority's name, as the letterhead and the addressee block print it."""
    return next(s.authority_name for s in STATES if s.iso == iso)


def authority_code(iso: str) -> str:
    return f"{iso}-CA"


def entry_values(state: StateInfo) -> dict[str, object]:
    """The directory fields of one state's central authority."""
    lang = next(x for x in state.languages if x in _TEXTS)  # Arabic texts are not written yet
    text = _TEXTS[lang]
    comments = text["comments"] + (f"\n{state.note}" if state.note else "")
    return {
        "code": authority_code(state.iso),
        "state": state.iso,
        "authority_name": state.authority_name,
        "authority_kind": "both",
        "address": text["address"].format(city=state.city),
        "phones": f"{state.dial} 00 00 00 01; {state.dial} 00 00 00 02 (urgent)",
        "emails": f"entraide@justice.{state.iso.lower()}.example",
        "contact_person": state.contact,
        "office_hours": text["hours"],
        "time_zone": state.time_zone,
        "languages": list(state.languages),
        "documents_required": text["documents"],
        "information_required": text["information"],
        "formats_channels": text["channels"],
        "interpol_accepted": state.interpol,
        "urgent_procedure": text["urgent"],
        "comments": comments,
        "networks": state.networks,
        "untoc_16_5_declaration": state.treaty_16_5,
    }


def load_directory(store: Store) -> list[str]:
    """Create every state's entry and record it as approved; returns the codes."""
    codes = []
    for state in STATES:
        code = put_entry(store, entry_values(state))
        approve_entry(store, code)
        codes.append(code)
    return codes
