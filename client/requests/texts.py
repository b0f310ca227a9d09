"""Every word the request document prints: the English msgids of the `document` catalogs.

Headings, labels and the standard statements of a request. What the drafter
types is printed as typed; only our own words are translated. Their French,
Portuguese and Arabic live in `shared/i18n/locales/{fr,pt,ar}/LC_MESSAGES/document.po`
(the `document` gettext domain, kept by `python -m shared.i18n.extract`), so that a
test can check that no language misses one. The document speaks Arabic too (for
Mauritania and Chad), in formal legal Arabic with Western digits throughout
(dates, articles, references typed by the drafter), so that one document never
mixes two digit systems; the app itself stays in English, French and Portuguese.
The document's language is chosen per document, whatever the app's language.
"""

from __future__ import annotations

import datetime as dt
import gettext

from babel.dates import format_date as babel_format_date

from shared.i18n import DOCUMENT_DOMAIN, N_, translations
from shared.schema.states import STATE_NAMES  # noqa: F401 (re-exported)
from shared.schema.states import state_name as shared_state_name

TEXTS: dict[str, str] = {
    # Titles.
    "title_mla": N_("Request for mutual legal assistance in criminal matters"),
    "title_extradition": N_("Request for extradition"),
    "title_provisional": N_("Request for provisional arrest with a view to extradition"),
    # Reference block and addressee.
    "our_ref": N_("Our reference"),
    "their_ref": N_("Your reference"),
    "date": N_("Date"),
    "channel": N_("Transmitted through"),
    "addressee": N_("To"),
    "subject": N_("Subject"),
    # Banners.
    "banner_urgent": N_("URGENT"),
    "banner_confidential": N_("CONFIDENTIAL"),
    # Section headings, in the order practitioners expect.
    "h_requesting": N_("Requesting authority"),
    "h_legal_basis": N_("Legal basis"),
    "h_proceedings": N_("Nature of the proceedings and authority conducting them"),
    "h_facts": N_("Summary of the facts"),
    "h_dual_criminality": N_("Dual criminality"),
    "h_persons": N_("Persons concerned"),
    "h_assistance": N_("Assistance requested"),
    "h_purpose": N_("Purpose of the request"),
    "h_procedure": N_("Procedures to be followed"),
    "h_confidentiality": N_("Confidentiality"),
    "h_time": N_("Urgency and time limits"),
    "h_use": N_("Use of information and evidence"),
    "h_contact": N_("Contact person"),
    "h_person_sought": N_("Person sought"),
    "h_extradition_facts": N_("Statement of the facts"),
    "h_law": N_("Legal classification and applicable law"),
    "h_warrant": N_("Warrant of arrest or judgment"),
    "h_provisional": N_("Provisional arrest"),
    "h_annexes": N_("Annexes"),
    # Field labels.
    "authority": N_("Authority"),
    "state": N_("State"),
    "proceeding_nature": N_("Nature of the proceedings"),
    "authority_conducting": N_("Authority conducting them (name and functions)"),
    "offences": N_("Offences"),
    "description": N_("Description"),
    "role": N_("Capacity"),
    "name": N_("Name"),
    "nationality": N_("Nationality"),
    "date_of_birth": N_("Date of birth"),
    "location": N_("Whereabouts"),
    "identity_details": N_("Identity and description"),
    "deadline": N_("Time limit for execution"),
    "deadline_reason": N_("Reason for the time limit"),
    "urgency_reason": N_("Reason for urgency"),
    "document_reference": N_("reference"),
    "officer": N_("Officer in charge"),
    "contact_details": N_("Contact details"),
    "signature": N_("Signature and seal"),
    "place_date": N_("Done at {place}, on {date}"),
    "none": N_("None."),
    "to_complete": N_("[to be completed]"),
    # Standard statements.
    "intro_mla": N_(
        "{requester} requests the assistance of the authority addressed above in the criminal matter described below."
    ),
    "intro_extradition": N_(
        "{requester} requests the authority addressed above to extradite the person identified below."
    ),
    "intro_provisional": N_(
        "{requester} requests the authority addressed above to arrest provisionally, with a view to extradition, the person identified below."
    ),
    "st_confidential": N_(
        "The requesting authority asks that the fact and substance of this request be kept confidential, "
        "except to the extent necessary to execute it. If the requested state cannot comply, it is asked to "
        "inform the requesting authority before executing the request."
    ),
    "st_not_confidential": N_(
        "No confidentiality is requested beyond that ordinarily observed by the requested state."
    ),
    "st_urgent": N_("This request is urgent."),
    "st_deadline": N_("Execution is requested by {date}."),
    "st_use": N_(
        "The information and evidence obtained will not be used for proceedings other than those "
        "described in this request without the prior consent of the requested state."
    ),
    "st_provisional": N_(
        "The requesting state undertakes to transmit the formal extradition request within the time "
        "limit set by the applicable treaty or by the law of the requested state."
    ),
    "st_closing": N_(
        "The requesting authority remains available for any further information and assures the "
        "requested authority of its reciprocity in similar matters."
    ),
    "title_transfer_sentenced": N_("Request for the transfer of a sentenced person"),
    "intro_transfer_sentenced": N_(
        "{requester} requests the authority addressed above to agree to the transfer of the sentenced person identified below, to serve the remainder of the sentence."
    ),
    "h_proceedings_ext": N_("Proceedings in the requesting state"),
    "court": N_("Court or authority seized"),
    "case_number": N_("Case number"),
    "h_assurances": N_("Assurances"),
    "h_nationals": N_("Nationality of the person sought"),
    "h_sentenced": N_("Sentenced person and sentence"),
    "death_penalty": N_("Death penalty"),
    "st_speciality": N_(
        "In accordance with the rule of speciality, the person surrendered will not be prosecuted, tried, "
        "detained or subjected to any other restriction of personal liberty for any offence committed "
        "before the surrender other than that for which extradition is granted, nor re-extradited to a "
        "third state, without the consent of the requested state, except as the applicable treaty provides."
    ),
    "st_dp_not_punishable": N_(
        "The offences for which extradition is sought are not punishable by death under the law of the requesting state."
    ),
    "st_dp_assurance": N_(
        "The requesting state gives the assurance that the death penalty will not be imposed on the person sought or, if imposed, will not be carried out."
    ),
    "st_nationals": N_(
        "Should the requested state refuse extradition solely on the ground that the person sought is one "
        "of its nationals, the requesting state asks, in accordance with article 16, paragraph 10, of the "
        "United Nations Convention against Transnational Organized Crime, that the case be submitted without "
        "undue delay to its competent authorities for the purpose of prosecution, and will provide the "
        "evidence and information in its possession."
    ),
    "legal_person": N_("legal person"),
    "incorporation": N_("State of registration"),
    "registration": N_("Registration number and registered office"),
    "page_prefix": N_("Page "),
    "page_of": N_(" of "),
}

ASSISTANCE_LABELS: dict[str, str] = {
    "taking_evidence": N_("Taking of evidence or statements"),
    "service_of_documents": N_("Service of judicial documents"),
    "search_and_seizure": N_("Search and seizure"),
    "freezing": N_("Freezing of assets"),
    "examining_objects_sites": N_("Examination of objects and sites"),
    "information_expert_evaluation": N_("Information, evidentiary items and expert evaluations"),
    "bank_records": N_("Bank, financial and business records"),
    "documents_records": N_("Documents and records (originals or certified copies)"),
    "identify_trace_proceeds": N_("Identifying and tracing proceeds of crime"),
    "voluntary_appearance": N_("Voluntary appearance in the requesting state"),
    "videoconference_hearing": N_("Hearing by videoconference"),
    "transfer_detained_person": N_("Transfer of a detained person to testify"),
    "transfer_of_proceedings": N_("Transfer of criminal proceedings"),
    "joint_investigation_team": N_("Joint investigation team"),
    "controlled_delivery": N_("Controlled delivery"),
    "preservation_stored_data": N_("Expedited preservation of stored computer data"),
    "stored_data": N_("Access to stored computer data"),
    "real_time_traffic_data": N_("Real-time collection of traffic data"),
    "confiscation": N_("Confiscation"),
    "extradition": N_("Extradition"),
    "provisional_arrest": N_("Provisional arrest"),
    "other": N_("Other assistance"),
}

ROLE_LABELS: dict[str, str] = {
    "suspect": N_("suspect"),
    "accused": N_("accused"),
    "witness": N_("witness"),
    "victim": N_("victim"),
    "expert": N_("expert"),
    "sentenced": N_("sentenced person"),
    "other": N_("other"),
}

DOCUMENT_KIND_LABELS: dict[str, str] = {
    "request": N_("request"),
    "warrant": N_("warrant of arrest"),
    "judgment": N_("judgment"),
    "law_extract": N_("text of the law"),
    "evidence": N_("evidence"),
    "correspondence": N_("correspondence"),
    "translation": N_("translation"),
    "letter_rogatory": N_("letter rogatory"),
    "court_order": N_("court order"),
    "other": N_("other document"),
}

# Suggested values of particulars (stored in English, printed in the document's language).
CHOICE_LABELS: dict[str, str] = {
    "witness": ROLE_LABELS["witness"],
    "suspect": ROLE_LABELS["suspect"],
    "accused": ROLE_LABELS["accused"],
    "expert": ROLE_LABELS["expert"],
    "victim": ROLE_LABELS["victim"],
    "oath": N_("under oath"),
    "solemn affirmation": N_("on solemn affirmation"),
    "none": N_("no oath"),
    "yes": N_("yes"),
    "no": N_("no"),
    "not_punishable": N_("offences not punishable by death"),
    "assurance": N_("assurance that death will not be imposed or carried out"),
}

LANGUAGE_NAMES: dict[str, str] = {
    "en": N_("English"),
    "fr": N_("French"),
    "pt": N_("Portuguese"),
    "ar": N_("Arabic"),
}

_BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR", "pt": "pt_PT", "ar": "ar"}


def translator(lang: str) -> gettext.NullTranslations:
    """The document's words in `lang` (one of DOCUMENT_LANGUAGES), whatever the app's language."""
    return translations(lang, DOCUMENT_DOMAIN)


def translate(message: str, lang: str) -> str:
    """One msgid of the tables below in the document's language."""
    return translator(lang).gettext(message)


def text(key: str, lang: str, **values: str) -> str:
    template = translate(TEXTS[key], lang)
    return template.format(**values) if values else template


def assistance_label(code: str, lang: str) -> str:
    """A type of assistance as the document names it (the code itself if unknown)."""
    return translate(ASSISTANCE_LABELS[code], lang) if code in ASSISTANCE_LABELS else code


def role_label(role: str, lang: str) -> str:
    return translate(ROLE_LABELS.get(role, ROLE_LABELS["other"]), lang)


def document_kind_label(kind: str, lang: str) -> str:
    """A kind of annexed document ("" if unknown)."""
    return translate(DOCUMENT_KIND_LABELS[kind], lang) if kind in DOCUMENT_KIND_LABELS else ""


def language_name(code: str, lang: str) -> str:
    """A language's name in `lang`, in lower case as a sentence says it (the code if unknown)."""
    return translate(LANGUAGE_NAMES[code], lang) if code in LANGUAGE_NAMES else code


def state_name(code: str, lang: str) -> str:
    return shared_state_name(code, lang)


def colon(lang: str) -> str:
    """French puts a (no-break) space before a colon; Arabic uses its own colon form."""
    return "\u00a0:" if lang == "fr" else ":"


def choice_label(value: str, lang: str) -> str:
    label = CHOICE_LABELS.get(value.strip().lower())
    return translate(label, lang) if label else value


def format_date(value: str, lang: str) -> str:
    """An ISO date in words, as a practitioner writes it (Babel's CLDR data).

    3 March 2025, 1er mars 2025, 3 de março de 2025, 3 مارس 2025 (Western digits in
    Arabic too, like every other number in the document).
    """
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    words = babel_format_date(day, format="long", locale=_BABEL_LOCALES[lang])
    if lang == "fr" and day.day == 1:
        words = "1er" + words[1:]  # French legal usage: le 1er mars
    return words
