"""The case record: its fields, their kinds, and the status workflow.

A case is one request for mutual legal assistance or extradition, incoming or
outgoing. Field definitions live here, as data, so that the store, the CLI,
the forms and the request writer all validate the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 1

DIRECTIONS = ("incoming", "outgoing")
KINDS = ("mla", "extradition", "transfer_sentenced")  # transfer of sentenced persons
URGENCIES = ("normal", "urgent")

# UNTOC art. 18(3)(a)-(i), plus the forms practitioners use beyond that list.
ASSISTANCE_TYPES = (
    "taking_evidence",  # 18(3)(a) evidence or statements
    "service_of_documents",  # 18(3)(b)
    "search_and_seizure",  # 18(3)(c) searches, seizures
    "freezing",  # 18(3)(c) freezing
    "examining_objects_sites",  # 18(3)(d)
    "information_expert_evaluation",  # 18(3)(e)
    "bank_records",  # 18(3)(f) bank, financial, corporate records
    "documents_records",  # 18(3)(f) other documents and records
    "identify_trace_proceeds",  # 18(3)(g)
    "voluntary_appearance",  # 18(3)(h)
    "videoconference_hearing",  # 18(18)
    "transfer_detained_person",  # 18(10)
    "transfer_of_proceedings",
    "joint_investigation_team",
    "controlled_delivery",
    "preservation_stored_data",  # electronic evidence
    "stored_data",
    "real_time_traffic_data",
    "confiscation",  # asset recovery
    "extradition",
    "provisional_arrest",
    "other",  # 18(3)(i)
)

PERSON_ROLES = ("suspect", "accused", "witness", "victim", "expert", "sentenced", "other")
PERSON_TYPES = ("natural", "legal")  # a legal person: a company or other body
TEXT_LANGUAGES = ("en", "fr", "pt", "ar")
DOCUMENT_KINDS = (
    "request",
    "warrant",
    "judgment",
    "law_extract",
    "evidence",
    "correspondence",
    "translation",
    "letter_rogatory",
    "court_order",
    "other",
)

# The workflow. Each status lists the statuses it may move to.
STATUSES = (
    "draft",
    "sent",
    "received",
    "acknowledged",
    "in_execution",
    "executed",
    "partially_executed",
    "refused",
    "withdrawn",
    "closed",
)
_ENDINGS = ("executed", "partially_executed", "refused", "withdrawn")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("sent", "received", "withdrawn"),
    "sent": ("acknowledged", "in_execution", *_ENDINGS),
    "received": ("acknowledged", "in_execution", *_ENDINGS),
    "acknowledged": ("in_execution", *_ENDINGS),
    "in_execution": _ENDINGS,
    "executed": ("closed",),
    "partially_executed": ("in_execution", "closed"),
    "refused": ("closed",),
    "withdrawn": ("closed",),
    "closed": (),
}
OPEN_STATUSES = ("draft", "sent", "received", "acknowledged", "in_execution")
# The date a status fills in when it is reached and the date is still empty.
STATUS_DATES = {
    "sent": "date_sent",
    "received": "date_received",
    "acknowledged": "date_acknowledged",
    "executed": "date_executed",
    "partially_executed": "date_executed",
    "closed": "date_closed",
}

# An incoming case received through the channel as an advance electronic copy: the
# requested state's directory entry says the original must follow by the formal channel.
ADVANCE_COPY = ("", "original_to_follow", "original_received")

# UNTOC art. 18(21) grounds, plus the practical ones seen in the network.
REFUSAL_GROUNDS = (
    "non_conformity",  # 18(21)(a)
    "essential_interests",  # 18(21)(b)
    "domestic_law_prohibits",  # 18(21)(c)
    "contrary_to_legal_system",  # 18(21)(d)
    "dual_criminality",  # 18(9)
    "insufficient_information",  # 18(16)
    "nationality",  # extradition of nationals, UNTOC 16(10)
    "other",
)

# Controlled vocabularies for the secretariat's statistics (labels in shared.i18n.labels).
OFFENCE_CATEGORIES = (
    "trafficking_in_persons",
    "migrant_smuggling",
    "firearms",
    "drug_trafficking",
    "corruption",
    "money_laundering",
    "cybercrime",
    "terrorism",  # terrorism and its financing
    "environmental_crime",  # environmental and wildlife crime
    "fraud",
    "counterfeit_medicines",
    "maritime_crime",  # piracy and other crime at sea
    "other",
)
LEGAL_BASIS_CATEGORIES = (
    "untoc",  # UN Convention against Transnational Organized Crime (2000)
    "uncac",  # UN Convention against Corruption (2003)
    "vienna_1988",  # UN Convention against Illicit Traffic in Narcotic Drugs (1988)
    "ecowas_mla_1992",  # ECOWAS Convention on Mutual Assistance in Criminal Matters
    "ecowas_extradition_1994",  # ECOWAS Convention on Extradition
    "bilateral_treaty",
    "reciprocity",
    "domestic_law",
    "other",
)
# How a request ended; filled from the status when it reaches an ending, editable.
OUTCOME_CATEGORIES = ("executed", "partially_executed", "refused", "withdrawn", "other")
ENDING_OUTCOMES = {s: s for s in ("executed", "partially_executed", "refused", "withdrawn")}


@dataclass(frozen=True)
class Field:
    """One case field: its name, its kind and, for choices, the allowed values."""

    name: str
    kind: str  # "str" | "date" | "choice" | "set" | "text" | "map" | "items" | "int" | "codes"
    # ("codes": a returns book's entries, bytes of small numbers: shared.schema.returns)
    choices: tuple[str, ...] = ()
    searchable: bool = False


CASE_FIELDS: tuple[Field, ...] = (
    Field("direction", "choice", DIRECTIONS),
    Field("kind", "choice", KINDS),
    Field("our_ref", "str", searchable=True),
    Field("their_ref", "str", searchable=True),
    Field("title", "str", searchable=True),
    Field("requesting_state", "str", searchable=True),
    Field("requesting_authority", "str", searchable=True),
    Field("requested_state", "str", searchable=True),
    Field("requested_authority", "str", searchable=True),
    Field("assistance_types", "set", ASSISTANCE_TYPES),
    Field("offences", "str", searchable=True),
    Field("legal_basis", "str", searchable=True),
    Field("offence_categories", "set", OFFENCE_CATEGORIES),
    Field("legal_basis_category", "choice", ("", *LEGAL_BASIS_CATEGORIES)),
    Field("urgency", "choice", URGENCIES),
    Field("urgency_reason", "str"),
    Field("date_received", "date"),
    Field("date_sent", "date"),
    Field("date_acknowledged", "date"),
    Field("date_executed", "date"),
    Field("date_closed", "date"),
    Field("deadline", "date"),
    Field("deadline_reason", "str"),
    Field("status", "choice", STATUSES),
    Field("outcome", "str"),
    Field("outcome_category", "choice", ("", *OUTCOME_CATEGORIES)),
    Field("refusal_grounds", "set", REFUSAL_GROUNDS),
    # Which status was chosen when concurrent edits left two (client/cases/conflicts.py).
    Field("status_decision", "str"),
    Field("assigned_officer", "str", searchable=True),
    Field("summary", "text", searchable=True),
    Field("notes", "text", searchable=True),
    # Particulars used by the request writer; free to leave empty.
    Field("authority_conducting", "str"),
    Field("proceeding_nature", "str"),
    Field("purpose", "str"),
    Field("assistance_description", "text"),
    Field("procedure_requested", "str"),
    Field("confidentiality", "choice", ("", "requested", "not_requested")),
    Field("dual_criminality", "text"),
    # The language the drafter wrote the free text in (facts, description, offences).
    Field("text_language", "choice", ("", *TEXT_LANGUAGES)),
    # Type-specific particulars (bank, account numbers, place to search...), key -> text.
    Field("particulars", "map"),
    # Sub-records keyed by a random id, so that concurrent additions merge.
    Field("persons", "items"),
    Field("documents", "items"),
    Field("renders", "items"),  # each rendered request: version, language, format, date
    Field("overrides", "items"),  # explicit overrides of blocking findings, with reason
    # The channel between authorities (docs/exchange.md): the package a case was sent as
    # or received from (its thread on both sides) and the other authority's code, so
    # every device of the authority finds the thread from the case itself.
    Field("exchange_thread", "str"),
    Field("exchange_peer", "str"),
    # A received request whose original must still come by the formal channel.
    Field("advance_copy", "choice", ADVANCE_COPY),
)
CASE_FIELD_NAMES = frozenset(f.name for f in CASE_FIELDS)
FIELDS_BY_NAME = {f.name: f for f in CASE_FIELDS}

# Fields of the sub-records of the "items" fields.
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "persons": (
        "role",
        "name",
        "nationality",
        "date_of_birth",
        "location",
        "identity_details",
        "person_type",  # "natural" (default) or "legal"
    ),
    "documents": (
        "title",
        "kind",
        "date",
        "reference",
        "annexed",
    ),  # annexed: "yes" (default) / "no"
    "renders": ("version", "language", "format", "date", "file"),
    "overrides": ("reason", "date", "by", "findings"),
    # The provisions of a library instrument (shared/schema/library.py).
    "provisions": ("article", "topic_en", "topic_fr", "topic_pt"),
}
