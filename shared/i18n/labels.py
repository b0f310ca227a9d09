"""Display labels of stored values (statuses, types of assistance, roles, fields...).

Stored values stay in English identifiers; people read these labels, translated
at display time. Each label is marked with N_() so the extractor finds it.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.schema.states import state_name

from . import N_, SOURCE_LANGUAGE, get_language, gettext

STATUS = {
    "draft": N_("Draft"),
    "sent": N_("Sent"),
    "received": N_("Received"),
    "acknowledged": N_("Acknowledged"),
    "in_execution": N_("In execution"),
    "executed": N_("Executed"),
    "partially_executed": N_("Partially executed"),
    "refused": N_("Refused"),
    "withdrawn": N_("Withdrawn"),
    "closed": N_("Closed"),
}
DIRECTION = {"incoming": N_("Incoming"), "outgoing": N_("Outgoing")}
KIND = {
    "mla": N_("Mutual legal assistance"),
    "extradition": N_("Extradition"),
    "transfer_sentenced": N_("Transfer of sentenced persons"),
}
URGENCY = {"normal": N_("Normal"), "urgent": N_("Urgent")}
CONFIDENTIALITY = {
    "": N_("Not stated"),
    "requested": N_("Confidentiality requested"),
    "not_requested": N_("Confidentiality not requested"),
}
ASSISTANCE = {
    "taking_evidence": N_("Taking evidence or statements"),
    "service_of_documents": N_("Service of judicial documents"),
    "search_and_seizure": N_("Search and seizure"),
    "freezing": N_("Freezing of assets"),
    "examining_objects_sites": N_("Examining objects and sites"),
    "information_expert_evaluation": N_("Information, evidentiary items and expert evaluations"),
    "bank_records": N_("Bank, financial and corporate records"),
    "documents_records": N_("Government and other records"),
    "identify_trace_proceeds": N_("Identifying or tracing proceeds of crime"),
    "voluntary_appearance": N_("Voluntary appearance of persons"),
    "videoconference_hearing": N_("Hearing by videoconference"),
    "transfer_detained_person": N_("Transfer of a detained person"),
    "transfer_of_proceedings": N_("Transfer of criminal proceedings"),
    "joint_investigation_team": N_("Joint investigation team"),
    "controlled_delivery": N_("Controlled delivery"),
    "preservation_stored_data": N_("Expedited preservation of stored data"),
    "stored_data": N_("Disclosure of stored computer data"),
    "real_time_traffic_data": N_("Real-time collection of traffic data"),
    "confiscation": N_("Confiscation"),
    "extradition": N_("Extradition"),
    "provisional_arrest": N_("Provisional arrest"),
    "other": N_("Other assistance"),
}
ROLE = {
    "suspect": N_("Suspect"),
    "accused": N_("Accused"),
    "witness": N_("Witness"),
    "victim": N_("Victim"),
    "expert": N_("Expert"),
    "sentenced": N_("Sentenced person"),
    "other": N_("Other person"),
}
DOCUMENT_KIND = {
    "request": N_("Request"),
    "warrant": N_("Warrant"),
    "judgment": N_("Judgment"),
    "law_extract": N_("Extract of the law"),
    "evidence": N_("Evidence"),
    "correspondence": N_("Correspondence"),
    "translation": N_("Translation"),
    "letter_rogatory": N_("Letter rogatory"),
    "court_order": N_("Court order"),
    "other": N_("Other document"),
}
REFUSAL = {
    "non_conformity": N_("Request not in conformity (UNTOC 18(21)(a))"),
    "essential_interests": N_("Sovereignty, security or essential interests (18(21)(b))"),
    "domestic_law_prohibits": N_("Prohibited by domestic law (18(21)(c))"),
    "contrary_to_legal_system": N_("Contrary to the legal system (18(21)(d))"),
    "dual_criminality": N_("No dual criminality"),
    "insufficient_information": N_("Insufficient information"),
    "nationality": N_("Nationality of the person sought"),
    "other": N_("Other ground"),
}
APPROVAL = {
    "approved": N_("Approved by the secretariat"),
    "proposed": N_("Proposed, awaiting approval"),
    "unreviewed": N_("Not yet approved by the secretariat"),
    "rejected": N_("Rejected by the secretariat"),
}
# The same in a word or two, for a table's column (the directory's list at 80 columns).
APPROVAL_SHORT = {
    "approved": N_("Approved"),
    "proposed": N_("Pending"),
    "unreviewed": N_("Not approved"),
    "rejected": N_("Rejected"),
}
OFFENCE_CATEGORY = {
    "trafficking_in_persons": N_("Trafficking in persons"),
    "migrant_smuggling": N_("Smuggling of migrants"),
    "firearms": N_("Firearms trafficking"),
    "drug_trafficking": N_("Drug trafficking"),
    "corruption": N_("Corruption"),
    "money_laundering": N_("Money laundering"),
    "cybercrime": N_("Cybercrime"),
    "terrorism": N_("Terrorism and its financing"),
    "environmental_crime": N_("Environmental and wildlife crime"),
    "fraud": N_("Fraud"),
    "counterfeit_medicines": N_("Counterfeit medicines"),
    "maritime_crime": N_("Piracy and maritime crime"),
    "other": N_("Other offence"),
}
LEGAL_BASIS_CATEGORY = {
    "": N_("Not stated"),
    "untoc": N_("UN Convention against Transnational Organized Crime (UNTOC)"),
    "uncac": N_("UN Convention against Corruption (UNCAC)"),
    "vienna_1988": N_("UN Convention against Illicit Traffic in Narcotic Drugs (1988)"),
    "ecowas_mla_1992": N_("ECOWAS Convention on Mutual Assistance in Criminal Matters (1992)"),
    "ecowas_extradition_1994": N_("ECOWAS Convention on Extradition (1994)"),
    "bilateral_treaty": N_("Bilateral treaty"),
    "reciprocity": N_("Reciprocity"),
    "domestic_law": N_("Domestic law"),
    "other": N_("Other legal basis"),
}
OUTCOME_CATEGORY = {
    "": N_("Not stated"),
    "executed": N_("Executed"),
    "partially_executed": N_("Partially executed"),
    "refused": N_("Refused"),
    "withdrawn": N_("Withdrawn"),
    "other": N_("Other outcome"),
}
INTERPOL = {"": N_("Not stated"), "yes": N_("Yes"), "no": N_("No")}
PERSON_TYPE = {"natural": N_("Natural person"), "legal": N_("Legal person (company)")}
ANNEXED = {"yes": N_("Yes"), "no": N_("No")}
ADVANCE_COPY = {
    "": N_("No"),
    "original_to_follow": N_("Advance copy: the original must follow by the formal channel"),
    "original_received": N_("Advance copy: the original has been received"),
}
# The messages of a case's thread between two authorities (shared/exchange_messages.py).
MESSAGE_TYPE = {
    "request": N_("Request"),
    "ack": N_("Acknowledgement of receipt"),
    "info_request": N_("Request for further information"),
    "info": N_("Information"),
    "consultation": N_("Consultation before refusal or postponement"),
    "status": N_("Status change"),
    "execution": N_("Execution"),
    "refusal": N_("Refusal"),
    "postponement": N_("Postponement"),
    "receipt": N_("Receipt"),
}
EXECUTION = {"full": N_("Full execution"), "partial": N_("Partial execution")}
POSTPONEMENT = {
    "ongoing_proceedings": N_(
        "Interferes with an ongoing investigation, prosecution or proceeding (UNTOC 18(25))"
    ),
    "other": N_("Other ground"),
}
ORIGINAL_REQUIRED = {"": N_("Not stated"), "yes": N_("Yes"), "no": N_("No")}
AUTHORITY_KIND = {
    "mla": N_("Mutual legal assistance"),
    "extradition": N_("Extradition"),
    "both": N_("Mutual legal assistance and extradition"),
    "other": N_("Other"),
}
# A party's dated events in the legal library (shared/schema/library.py EVENT_KINDS).
LIBRARY_EVENT = {
    "signature": N_("Signature"),
    "ratification": N_("Ratification"),
    "accession": N_("Accession"),
    "entry_into_force": N_("Entry into force"),
    "party_as_of": N_("Party by this date"),
    "withdrawal": N_("Withdrawal"),
    "reservation": N_("Reservation"),
    "declaration": N_("Declaration"),
    "membership": N_("Membership"),
    "membership_end": N_("End of membership"),
}
LANGUAGE = {"en": N_("English"), "fr": N_("French"), "pt": N_("Portuguese"), "ar": N_("Arabic")}

CASE_FIELD = {
    "direction": N_("Direction"),
    "kind": N_("Kind of request"),
    "our_ref": N_("Our reference"),
    "their_ref": N_("Their reference"),
    "title": N_("Title"),
    "requesting_state": N_("Requesting State"),
    "requesting_authority": N_("Requesting authority"),
    "requested_state": N_("Requested State"),
    "requested_authority": N_("Requested authority"),
    "assistance_types": N_("Types of assistance"),
    "offences": N_("Offences"),
    "legal_basis": N_("Legal basis"),
    "offence_categories": N_("Offence categories"),
    "legal_basis_category": N_("Legal basis category"),
    "urgency": N_("Urgency"),
    "urgency_reason": N_("Reason for urgency"),
    "date_received": N_("Date received"),
    "date_sent": N_("Date sent"),
    "date_acknowledged": N_("Date acknowledged"),
    "date_executed": N_("Date executed"),
    "date_closed": N_("Date closed"),
    "deadline": N_("Deadline"),
    "deadline_reason": N_("Reason for the deadline"),
    "status": N_("Status"),
    "outcome": N_("Outcome"),
    "outcome_category": N_("Outcome category"),
    "refusal_grounds": N_("Grounds for refusal"),
    "status_decision": N_("Decision between concurrent statuses"),
    "assigned_officer": N_("Officer in charge"),
    "summary": N_("Summary of the facts"),
    "notes": N_("Notes"),
    "authority_conducting": N_("Authority conducting the proceedings"),
    "proceeding_nature": N_("Nature of the proceedings"),
    "purpose": N_("Purpose of the request"),
    "assistance_description": N_("Description of the assistance sought"),
    "procedure_requested": N_("Particular procedure requested"),
    "confidentiality": N_("Confidentiality"),
    "dual_criminality": N_("Dual criminality"),
    "text_language": N_("Language of the free text"),
    "particulars": N_("Particulars"),
    "persons": N_("Persons"),
    "documents": N_("Documents"),
    "renders": N_("Generated requests"),
    "overrides": N_("Overridden checks"),
    "exchange_thread": N_("Exchange thread"),
    "exchange_peer": N_("Other authority on the channel"),
    "advance_copy": N_("Advance electronic copy"),
}
ITEM_FIELD = {
    "role": N_("Role"),
    "name": N_("Name"),
    "nationality": N_("Nationality"),
    "date_of_birth": N_("Date of birth"),
    "location": N_("Location"),
    "identity_details": N_("Identity details"),
    "title": N_("Title"),
    "kind": N_("Kind"),
    "date": N_("Date"),
    "reference": N_("Reference"),
    "person_type": N_("Natural or legal person"),
    "annexed": N_("Annexed to the request"),
}
DIRECTORY_FIELD = {
    "code": N_("Authority code"),
    "state": N_("State"),
    "authority_name": N_("Authority"),
    "authority_kind": N_("Competence"),
    "address": N_("Address"),
    "phones": N_("Telephone"),
    "emails": N_("Email"),
    "contact_person": N_("Contact person"),
    "office_hours": N_("Office hours"),
    "time_zone": N_("Time zone"),
    "languages": N_("Languages accepted"),
    "documents_required": N_("Documents required"),
    "information_required": N_("Information required"),
    "formats_channels": N_("Formats and channels accepted"),
    "interpol_accepted": N_("Requests via INTERPOL accepted"),
    "urgent_procedure": N_("Urgent procedure"),
    "comments": N_("Comments"),
    "networks": N_("Networks"),
    "untoc_16_5_declaration": N_("UNTOC art. 16(5) declaration"),
    "original_required": N_("Original required by the formal channel after an electronic copy"),
}

# Which table of labels translates the values of which field.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": STATUS,
    "direction": DIRECTION,
    "kind": KIND,
    "urgency": URGENCY,
    "confidentiality": CONFIDENTIALITY,
    "assistance_types": ASSISTANCE,
    "refusal_grounds": REFUSAL,
    "offence_categories": OFFENCE_CATEGORY,
    "legal_basis_category": LEGAL_BASIS_CATEGORY,
    "outcome_category": OUTCOME_CATEGORY,
    "role": ROLE,
    "interpol_accepted": INTERPOL,
    "person_type": PERSON_TYPE,
    "annexed": ANNEXED,
    "advance_copy": ADVANCE_COPY,
    "original_required": ORIGINAL_REQUIRED,
    "message_type": MESSAGE_TYPE,
    "execution": EXECUTION,
    "postponement_grounds": POSTPONEMENT,
    "authority_kind": AUTHORITY_KIND,
    "languages": LANGUAGE,
    "text_language": LANGUAGE,
}
# Fields holding a state's ISO code: named from shared.schema.states in the UI's language.
STATE_VALUE_FIELDS = ("requesting_state", "requested_state", "state")


def state_label(code: str) -> str:
    """A state's name in the UI's language (the WACAP table, else CLDR); "" stays ""."""
    return state_name(code, get_language()) if code else code


def label(table: dict[str, str], value: str) -> str:
    """The translated label of `value`, or the value itself when it has none."""
    text = table.get(value)
    return gettext(text) if text else value


def value_label(field: str, value: object) -> str:
    """A stored field value as people read it: translated choices, joined sets."""
    if field in STATE_VALUE_FIELDS:
        return state_label(str(value)) if value is not None else ""
    table = VALUE_LABELS.get(field)
    if isinstance(value, (list, tuple)):
        return ", ".join(label(table, v) if table else str(v) for v in value)
    if value is None:
        return ""
    return label(table, str(value)) if table else str(value)


def field_label(name: str) -> str:
    for table in (CASE_FIELD, DIRECTORY_FIELD, ITEM_FIELD):
        if name in table:
            return gettext(table[name])
    return name


def labelled(label_text: str) -> str:
    """A label and its colon as the UI's language writes them (French: « Statut : »)."""
    return gettext("{label}:").format(label=label_text)


# -- names inside domain messages (shared.schema.validation, client.*) -----------------------
# In English a message keeps the stored identifier, the word the CLI takes
# (`--set status=sent`); in a translated UI it names the label shown on screen.


def message_value(field: str, value: object) -> str:
    """A stored value of `field` as a domain message names it."""
    return str(value) if get_language() == SOURCE_LANGUAGE else value_label(field, value)


def message_values(field: str, values: Iterable[object]) -> str:
    """Several stored values of `field`, joined, as a domain message names them."""
    return ", ".join(message_value(field, v) for v in values)


def message_field(name: str) -> str:
    """A field name as a domain message names it."""
    return name if get_language() == SOURCE_LANGUAGE else field_label(name)
