"""The completeness rules of a request, as data.

Each rule names the field the drafter must fill, when it applies (kind of
request, types of assistance), the predicate that says whether it is met
(by name, see checks.py), a message saying what to add and why (in English,
marked for the app's catalogs, which hold its French and Portuguese), and the
legal source as a canonical citation.
Severity is "blocking" unless the source says "where possible", or the item
is good practice rather than a requirement: then it is a "warning".

Messages may use {languages}, {channels}, {documents}, {information},
{language}, {declaration}: values from the requested state's directory entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.i18n import N_, translations

from .sources import source_verified

BLOCKING = "blocking"
WARNING = "warning"

# Measures that constrain persons or property: dual criminality is usually required.
COERCIVE = (
    "search_and_seizure",
    "freezing",
    "confiscation",
    "bank_records",
    "identify_trace_proceeds",
    "stored_data",
    "real_time_traffic_data",
)
HEARING = ("taking_evidence", "videoconference_hearing")
E_EVIDENCE = ("preservation_stored_data", "stored_data", "real_time_traffic_data")

UNTOC_16_7 = "UNTOC art. 16(7)"  # extradition contents: applicable treaty or requested state's law


@dataclass(frozen=True)
class Applies:
    """When a rule applies; empty tuples mean "any"."""

    kinds: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()  # the case seeks at least one of these
    except_types: tuple[str, ...] = ()  # ... and none of these
    except_only: tuple[str, ...] = ()  # not when every type sought is in this set


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    field: str  # the case field to fill; "particulars.<key>" for particulars
    applies_to: Applies
    check: str  # predicate name in checks.CHECKS
    message: str  # English msgid of the app's catalogs; message_in() translates it
    source: str
    param: str = ""  # argument of the predicate (a field name, a particulars key...)

    @property
    def verified(self) -> bool:
        """Whether every citation of the source was checked against the instrument's text."""
        return source_verified(self.source)

    def message_in(self, lang: str) -> str:
        """The message in one of the app's languages, placeholders not yet filled."""
        return translations(lang).gettext(self.message)


def _rule(
    rule_id: str,
    severity: str,
    field_name: str,
    check: str,
    source: str,
    message: str,
    param: str = "",
    **applies: tuple[str, ...],
) -> Rule:
    return Rule(rule_id, severity, field_name, Applies(**applies), check, message, source, param)


def _particular(
    rule_id: str,
    key: str,
    types: tuple[str, ...],
    source: str,
    message: str,
    severity: str = BLOCKING,
    **applies: tuple[str, ...],
) -> Rule:
    """A type-specific particular that must be given."""
    scope = {"types": types, **applies} if types else applies
    return _rule(
        rule_id,
        severity,
        f"particulars.{key}",
        "particular",
        source,
        message,
        param=key,
        **scope,
    )


MLA = ("mla",)
EXT = ("extradition",)
TSP = ("transfer_sentenced",)

RULES: tuple[Rule, ...] = (
    # --- Both kinds ---------------------------------------------------------------
    _rule(
        "requested-state",
        BLOCKING,
        "requested_state",
        "filled",
        "UNTOC art. 18(13)",
        N_(
            "Name the requested state: the request goes to its central authority, and its directory entry gives the language and channel to use."
        ),
        param="requested_state",
    ),
    _rule(
        "urgency-reason",
        BLOCKING,
        "urgency_reason",
        "urgency_reason",
        "UNTOC art. 18(24)",
        N_(
            "Give the reason for the urgency: the requested state takes account of urgency only when the request explains it."
        ),
    ),
    _rule(
        "deadline-reason",
        BLOCKING,
        "deadline_reason",
        "deadline_reason",
        "UNTOC art. 18(24)",
        N_(
            "Give the reason for the time limit (trial date, detention period, limitation): a deadline is taken into account when its reasons are given in the request."
        ),
    ),
    # --- Mutual legal assistance: UNTOC art. 18(15) ---------------------------------
    _rule(
        "mla.requesting-authority",
        BLOCKING,
        "requesting_authority",
        "filled",
        "UNTOC art. 18(15)(a)",
        N_("Identify the authority making the request (its name and the state it belongs to)."),
        param="requesting_authority",
        kinds=MLA,
    ),
    _rule(
        "mla.proceeding-nature",
        BLOCKING,
        "proceeding_nature",
        "filled",
        "UNTOC art. 18(15)(b)",
        N_(
            "State the subject matter and nature of the proceedings (investigation, prosecution or trial) to which the request relates."
        ),
        param="proceeding_nature",
        kinds=MLA,
    ),
    _rule(
        "mla.authority-conducting",
        BLOCKING,
        "authority_conducting",
        "filled",
        "UNTOC art. 18(15)(b)",
        N_(
            "Give the name and functions of the authority conducting the proceedings (e.g. the investigating judge or the prosecutor in charge)."
        ),
        param="authority_conducting",
        kinds=MLA,
    ),
    _rule(
        "mla.offences",
        BLOCKING,
        "offences",
        "filled",
        "UNTOC art. 18(15)(b)",
        N_(
            "Name the offences under investigation or prosecution, with the provisions of your law that define them."
        ),
        param="offences",
        kinds=MLA,
    ),
    _rule(
        "mla.facts",
        BLOCKING,
        "summary",
        "filled",
        "UNTOC art. 18(15)(c)",
        N_(
            "Add a summary of the relevant facts: who did what, when and where, and how the assistance sought relates to it. (Not needed for a request that only seeks service of documents.)"
        ),
        param="summary",
        kinds=MLA,
        except_only=("service_of_documents",),
    ),
    _rule(
        "mla.assistance-types",
        BLOCKING,
        "assistance_types",
        "any_type",
        "UNTOC art. 18(15)(d)",
        N_("Choose at least one type of assistance sought."),
        kinds=MLA,
    ),
    _rule(
        "mla.assistance-description",
        BLOCKING,
        "assistance_description",
        "filled",
        "UNTOC art. 18(15)(d)",
        N_(
            "Describe the assistance sought precisely: the requested authority can only execute measures the request spells out."
        ),
        param="assistance_description",
        kinds=MLA,
    ),
    _rule(
        "mla.persons",
        WARNING,
        "persons",
        "person_listed",
        "UNTOC art. 18(15)(e)",
        N_(
            "Where possible, identify the persons concerned (suspects, witnesses, account holders...)."
        ),
        kinds=MLA,
    ),
    _rule(
        "mla.persons-nationality",
        WARNING,
        "persons",
        "persons_detail",
        "UNTOC art. 18(15)(e)",
        N_("Where possible, give the nationality of each person concerned."),
        param="nationality",
        kinds=MLA,
    ),
    _rule(
        "mla.persons-location",
        WARNING,
        "persons",
        "persons_detail",
        "UNTOC art. 18(15)(e)",
        N_(
            "Where possible, give the whereabouts (address) of each person concerned, so the requested authority can find them."
        ),
        param="location",
        kinds=MLA,
    ),
    _rule(
        "mla.purpose",
        BLOCKING,
        "purpose",
        "filled",
        "UNTOC art. 18(15)(f)",
        N_(
            "State the purpose for which the evidence, information or action is sought (e.g. to prove the flow of funds at trial)."
        ),
        param="purpose",
        kinds=MLA,
    ),
    _rule(
        "mla.procedure",
        WARNING,
        "procedure_requested",
        "filled",
        "UNTOC art. 18(15)(d)",
        N_(
            'Say whether a particular procedure is to be followed (presence of your officials, certification of records, format of statements), or write "none": the requested state follows it only if the request asks.'
        ),
        param="procedure_requested",
        kinds=MLA,
    ),
    _rule(
        "mla.confidentiality",
        WARNING,
        "confidentiality",
        "confidentiality_chosen",
        "UNTOC art. 18(20)",
        N_(
            "Say whether you require confidentiality of the request: the requesting state may require it, and the requested state keeps the fact and substance of the request confidential when asked."
        ),
        kinds=MLA,
    ),
    _rule(
        "mla.legal-basis",
        BLOCKING,
        "legal_basis",
        "filled",
        "UNTOC art. 18(7)",
        N_(
            "State the legal basis (bilateral treaty, ECOWAS convention, UNTOC/UNCAC or reciprocity): it decides which rules govern the request."
        ),
        param="legal_basis",
        kinds=MLA,
    ),
    _rule(
        "mla.dual-criminality-coercive",
        BLOCKING,
        "dual_criminality",
        "filled",
        "UNTOC art. 18(9)",
        N_(
            "Explain why the conduct is also an offence in the requested state (describe the conduct, not only its name): coercive measures may be refused without dual criminality."
        ),
        param="dual_criminality",
        kinds=MLA,
        types=COERCIVE,
    ),
    _rule(
        "mla.dual-criminality",
        WARNING,
        "dual_criminality",
        "filled",
        "UNTOC art. 18(9)",
        N_(
            "Show how the conduct is an offence in both states: non-coercive assistance is usually given anyway, but the point avoids requests for more information."
        ),
        param="dual_criminality",
        kinds=MLA,
        except_types=COERCIVE,
    ),
    _rule(
        "mla.ecowas-time-limit",
        WARNING,
        "deadline",
        "ecowas_time_limit",
        "ECOWAS MLA art. 5(1)(f)",
        N_(
            "The ECOWAS convention asks the request to state the time limit within which execution is desired: set a deadline and its reason."
        ),
        kinds=MLA,
    ),
    # --- Hearing a person (18(3)(a), 18(18)) --------------------------------------
    _particular(
        "hearing.person",
        "witness_identity",
        HEARING,
        "UNTOC art. 18(15)(e)",
        N_(
            "Identify the person to be heard (full name, date of birth, address), so the requested authority can summon them."
        ),
    ),
    _particular(
        "hearing.capacity",
        "witness_capacity",
        HEARING,
        "UNTOC art. 18(15)(d)",
        N_(
            "Say whether the person is to be heard as a witness, an expert or a suspect: their rights (caution, counsel, oath) depend on it."
        ),
    ),
    _particular(
        "hearing.questions",
        "witness_questions",
        HEARING,
        "UNTOC art. 18(15)(d)",
        N_(
            "List the questions to be put to the person: the requested authority conducts the hearing and needs them."
        ),
    ),
    _particular(
        "hearing.oath",
        "oath",
        HEARING,
        "ECOWAS MLA art. 5(1)(e)",
        N_(
            "Say whether the person must testify under oath or solemn affirmation, so that the statement is admissible in your courts."
        ),
        severity=WARNING,
    ),
    _particular(
        "vc.technical-contact",
        "vc_technical_contact",
        ("videoconference_hearing",),
        "UNTOC art. 18(18)",
        N_("Give a technical contact (name, phone, e-mail) for testing the videoconference link."),
    ),
    _particular(
        "vc.date",
        "vc_date",
        ("videoconference_hearing",),
        "UNTOC art. 18(18)",
        N_("Propose a date and time (with time zone) for the hearing by videoconference."),
    ),
    # --- Service of documents (18(3)(b)) ----------------------------------------
    _particular(
        "service.documents",
        "service_documents",
        ("service_of_documents",),
        "UNTOC art. 18(3)(b)",
        N_("List the documents to be served (title, date, issuing authority)."),
    ),
    _particular(
        "service.addressee",
        "service_addressee",
        ("service_of_documents",),
        "UNTOC art. 18(3)(b)",
        N_("Identify the addressee and the address where the documents are to be served."),
    ),
    # --- Search and seizure (18(3)(c)) ------------------------------------------
    _particular(
        "search.place",
        "search_place",
        ("search_and_seizure",),
        "UNTOC art. 18(3)(c)",
        N_("Identify the place to be searched (full address and description of the premises)."),
    ),
    _particular(
        "search.items",
        "search_items",
        ("search_and_seizure",),
        "UNTOC art. 18(3)(c)",
        N_(
            "List the items to be seized: a court in the requested state will not authorise a general search."
        ),
    ),
    _particular(
        "search.grounds",
        "search_grounds",
        ("search_and_seizure",),
        "UNTOC art. 18(3)(c)",
        N_(
            "Explain the grounds for believing the items are at that place and are linked to the offence."
        ),
    ),
    # --- Freezing and confiscation ---------------------------------------------
    _particular(
        "freeze.assets",
        "freeze_assets",
        ("freezing",),
        "UNTOC art. 18(3)(c)",
        N_(
            "Identify the assets to be frozen or seized (accounts, real property, vehicles) and where they are."
        ),
    ),
    _particular(
        "freeze.link",
        "freeze_link",
        ("freezing",),
        "UNTOC art. 18(3)(c)",
        N_(
            "Show the link between the assets and the offence (proceeds, instrumentalities or property of equivalent value)."
        ),
    ),
    _particular(
        "freeze.confiscation-view",
        "freeze_confiscation_view",
        ("freezing",),
        "UNTOC art. 13(2); UNCAC art. 54(2)",
        N_(
            "Say whether the freezing is sought with a view to confiscation: many states apply different rules and time limits."
        ),
    ),
    _particular(
        "confiscation.order",
        "confiscation_order",
        ("confiscation",),
        "UNTOC art. 13(1), 13(3)(b); UNCAC art. 55(1), 55(3)(b)",
        N_(
            "Identify the confiscation order (court, date) and say whether it is final and enforceable; annex a certified copy."
        ),
    ),
    _particular(
        "confiscation.assets",
        "confiscation_assets",
        ("confiscation",),
        "UNTOC art. 13(3)(a); UNCAC art. 55(3)(a)",
        N_("Identify the assets to be confiscated and where they are located."),
    ),
    _particular(
        "trace.target",
        "trace_target",
        ("identify_trace_proceeds",),
        "UNTOC art. 18(3)(g)",
        N_(
            "Describe the proceeds or property to be identified or traced (amounts, transfers, beneficiaries)."
        ),
    ),
    _particular(
        "trace.link",
        "trace_link",
        ("identify_trace_proceeds",),
        "UNTOC art. 18(3)(g)",
        N_("Explain how the property relates to the offence."),
    ),
    # --- Records (18(3)(f)) ---------------------------------------------------------
    _particular(
        "bank.name",
        "bank_name",
        ("bank_records",),
        "UNTOC art. 18(3)(f)",
        N_(
            "Name the bank or financial institution holding the records (and the branch, if known)."
        ),
    ),
    _particular(
        "bank.holder",
        "account_holder",
        ("bank_records",),
        "UNTOC art. 18(3)(f)",
        N_("Name the account holder (person or company)."),
    ),
    _particular(
        "bank.accounts",
        "account_numbers",
        ("bank_records",),
        "UNTOC art. 18(3)(f)",
        N_(
            "Give the account numbers: banks cannot search for unidentified accounts, and requests without them are often returned."
        ),
    ),
    _particular(
        "bank.period",
        "period",
        ("bank_records",),
        "UNTOC art. 18(3)(f)",
        N_("Give the period the records should cover, limited to what relates to the facts."),
    ),
    _particular(
        "records.description",
        "records_description",
        ("documents_records",),
        "UNTOC art. 18(3)(f)",
        N_(
            "Describe the documents or records sought, who holds them, and whether originals or certified copies are needed."
        ),
    ),
    _particular(
        "examine.subject",
        "examine_subject",
        ("examining_objects_sites",),
        "UNTOC art. 18(3)(d)",
        N_(
            "Identify the objects or sites to be examined and what the examination should establish."
        ),
    ),
    _particular(
        "information.sought",
        "information_sought",
        ("information_expert_evaluation",),
        "UNTOC art. 18(3)(e)",
        N_("Specify the information, evidentiary items or expert evaluation sought."),
    ),
    _particular(
        "appearance.person",
        "appearance_person",
        ("voluntary_appearance",),
        "UNTOC art. 18(3)(h)",
        N_("Identify the person invited to appear, and where and when the appearance is expected."),
    ),
    _particular(
        "transfer.person",
        "detainee_identity",
        ("transfer_detained_person",),
        "UNTOC art. 18(10)",
        N_("Identify the detained person and the place of detention."),
    ),
    _particular(
        "transfer.consent",
        "detainee_consent",
        ("transfer_detained_person",),
        "UNTOC art. 18(10)(a)",
        N_(
            "Record the person's free and informed consent to the transfer: without it the transfer cannot take place."
        ),
    ),
    _particular(
        "transfer.return",
        "transfer_return",
        ("transfer_detained_person",),
        "UNTOC art. 18(11)",
        N_("State that the person will be kept in custody and returned, and by which date."),
    ),
    _particular(
        "proceedings.reasons",
        "proceedings_reasons",
        ("transfer_of_proceedings",),
        "UNTOC art. 21",
        N_(
            "Explain why the requested state is better placed to prosecute (nationality or residence of the suspect, location of evidence) and list the file transmitted."
        ),
    ),
    _particular(
        "jit.terms",
        "jit_terms",
        ("joint_investigation_team",),
        "UNTOC art. 19",
        N_(
            "Set out the purpose, members, duration and place of operation of the proposed joint investigation team."
        ),
    ),
    _particular(
        "delivery.details",
        "delivery_details",
        ("controlled_delivery",),
        "UNTOC art. 20",
        N_(
            "Describe the consignment, its route and the expected dates, and the authorities involved on each side."
        ),
    ),
    # --- Electronic evidence ---------------------------------------------------------
    _particular(
        "edata.provider",
        "data_provider",
        E_EVIDENCE,
        "UNTOC art. 18(15)(d)",
        N_("Name the service provider that holds the data."),
    ),
    _particular(
        "edata.identifiers",
        "data_identifiers",
        E_EVIDENCE,
        "UNTOC art. 18(15)(d)",
        N_(
            "Give the identifiers of the data (account name, e-mail address, IP address with time stamps, phone number)."
        ),
    ),
    _particular(
        "edata.period",
        "data_period",
        E_EVIDENCE,
        "UNTOC art. 18(15)(d)",
        N_("Give the period of the data sought: providers keep data for a limited time only."),
    ),
    _rule(
        "text.language",
        WARNING,
        "text_language",
        "free_text_language",
        "UNTOC art. 18(14)",
        N_(
            "These parts are written in {text_language}, not in {language}, the language of the document: {fields}. Translate them before sending."
        ),
    ),
    _rule(
        "seizure.domestic-order",
        WARNING,
        "particulars.domestic_order",
        "domestic_order",
        "UNTOC art. 13(3)(c); UNCAC art. 55(3)(c)",
        N_(
            'Identify the order issued in your state for the freezing or seizure (authority, date) and annex a certified copy (document of kind "court order"): the requested state acts on it or seeks its own order on that basis.'
        ),
        types=("freezing", "search_and_seizure"),
    ),
    _rule(
        "vc.suspect",
        WARNING,
        "particulars.witness_capacity",
        "hearing_not_of_suspect",
        "UNTOC art. 18(18)",
        N_(
            "A hearing of a suspect or accused person by videoconference is not covered by art. 18(18), which speaks of witnesses and experts: the domestic law of both states decides whether it is allowed (consent, presence of counsel). Check it with the requested authority."
        ),
        types=("videoconference_hearing",),
    ),
    # --- Extradition and provisional arrest ----------------------------------------
    _rule(
        "ext.requesting-authority",
        BLOCKING,
        "requesting_authority",
        "filled",
        UNTOC_16_7,
        N_("Identify the authority making the request."),
        param="requesting_authority",
        kinds=EXT,
    ),
    _rule(
        "ext.legal-basis",
        BLOCKING,
        "legal_basis",
        "filled",
        "UNTOC art. 16(4)",
        N_(
            "State the legal basis (extradition treaty, ECOWAS convention, UNTOC/UNCAC or reciprocity): a state that requires a treaty refuses a request without one."
        ),
        param="legal_basis",
        kinds=EXT,
    ),
    _rule(
        "ext.facts",
        BLOCKING,
        "summary",
        "filled",
        UNTOC_16_7,
        N_(
            "Add a statement of the facts for which extradition is sought; extradition treaties require it."
        ),
        param="summary",
        kinds=EXT,
    ),
    _particular(
        "ext.offence-time",
        "offence_time",
        (),
        UNTOC_16_7,
        N_(
            "Give the date or period of the offence: it is needed to check limitation and the non-retroactivity of the law."
        ),
        kinds=EXT,
    ),
    _particular(
        "ext.offence-place",
        "offence_place",
        (),
        UNTOC_16_7,
        N_("Give the place of the offence: it bears on jurisdiction and on refusal grounds."),
        kinds=EXT,
    ),
    _rule(
        "ext.classification",
        BLOCKING,
        "offences",
        "filled",
        UNTOC_16_7,
        N_("Give the legal classification of the offences under your law."),
        param="offences",
        kinds=EXT,
    ),
    _rule(
        "ext.person",
        BLOCKING,
        "persons",
        "sought_person",
        UNTOC_16_7,
        N_(
            "Identify the person sought: add a person with the role suspect or accused, with their full name."
        ),
        kinds=EXT,
    ),
    _rule(
        "ext.person-identity",
        BLOCKING,
        "persons",
        "sought_person_detail",
        UNTOC_16_7,
        N_(
            "Describe the person sought as precisely as possible (date and place of birth, identity documents, physical description, photograph, fingerprints) to establish their identity."
        ),
        param="identity_details",
        kinds=EXT,
    ),
    _rule(
        "ext.person-nationality",
        BLOCKING,
        "persons",
        "sought_person_detail",
        UNTOC_16_7,
        N_(
            "Give the nationality of the person sought: many states do not extradite their own nationals (and must then prosecute, UNTOC art. 16(10))."
        ),
        param="nationality",
        kinds=EXT,
    ),
    _rule(
        "ext.person-location",
        WARNING,
        "persons",
        "sought_person_detail",
        UNTOC_16_7,
        N_("If possible, give the whereabouts of the person sought in the requested state."),
        param="location",
        kinds=EXT,
        except_types=("provisional_arrest",),
    ),
    _particular(
        "ext.law-text",
        "law_text",
        (),
        UNTOC_16_7,
        N_(
            "Quote the text of the legal provisions defining the offence and setting the penalty (annex them)."
        ),
        kinds=EXT,
        except_only=("provisional_arrest",),
    ),
    _particular(
        "ext.penalty",
        "penalty",
        (),
        "UNTOC art. 16(7)",
        N_(
            "Give the penalty incurred (or the sentence imposed and the part remaining to be served): extradition depends on a minimum penalty."
        ),
        kinds=EXT,
    ),
    _particular(
        "ext.limitation",
        "limitation",
        (),
        UNTOC_16_7,
        N_(
            "State the limitation period under your law and show that it has not expired (with any interrupting acts)."
        ),
        kinds=EXT,
        except_only=("provisional_arrest",),
    ),
    _rule(
        "ext.warrant",
        BLOCKING,
        "documents",
        "warrant_annexed",
        UNTOC_16_7,
        N_(
            "Annex the arrest warrant (for prosecution) or the enforceable judgment (for enforcement of a sentence), in original or authenticated copy."
        ),
        kinds=EXT,
    ),
    _rule(
        "ext.dual-criminality",
        BLOCKING,
        "dual_criminality",
        "filled",
        "UNTOC art. 16(1)",
        N_(
            "Show that the conduct is an offence under the law of both states: extradition requires dual criminality."
        ),
        param="dual_criminality",
        kinds=EXT,
    ),
    _rule(
        "prov.urgency",
        BLOCKING,
        "urgency",
        "is_urgent",
        "UNTOC art. 16(9)",
        N_(
            "Provisional arrest is for urgent cases: mark the request urgent and give the reason (risk of flight, imminent departure)."
        ),
        types=("provisional_arrest",),
    ),
    _particular(
        "prov.undertaking",
        "full_request_undertaking",
        ("provisional_arrest",),
        "UNTOC art. 16(9)",
        N_("Confirm that the formal extradition request will follow, and when."),
    ),
    _rule(
        "prov.location",
        BLOCKING,
        "persons",
        "sought_person_detail",
        "UNTOC art. 16(9)",
        N_(
            "Give where the person sought can be found: a provisional arrest cannot be carried out otherwise."
        ),
        param="location",
        types=("provisional_arrest",),
    ),
    _rule(
        "ext.national",
        WARNING,
        "persons",
        "sought_not_national",
        "UNTOC art. 16(10)",
        N_(
            "The person sought is a national of the requested state: it may refuse extradition on that ground and must then, at your request, submit the case for prosecution. The document includes that request (the prosecute-instead alternative); prepare the file for a prosecution there."
        ),
        kinds=EXT,
    ),
    # --- Transfer of sentenced persons ------------------------------------------
    _rule(
        "tsp.requesting-authority",
        BLOCKING,
        "requesting_authority",
        "filled",
        "UNTOC art. 17",
        N_("Identify the authority making the request."),
        param="requesting_authority",
        kinds=TSP,
    ),
    _rule(
        "tsp.legal-basis",
        BLOCKING,
        "legal_basis",
        "filled",
        "UNTOC art. 17",
        N_(
            "State the agreement or arrangement on the transfer of sentenced persons on which the request is based."
        ),
        param="legal_basis",
        kinds=TSP,
    ),
    _rule(
        "tsp.person",
        BLOCKING,
        "persons",
        "sentenced_person",
        "UNTOC art. 17",
        N_(
            "Identify the sentenced person: add a person with the role sentenced person, with full name, nationality and place of detention."
        ),
        kinds=TSP,
    ),
    _rule(
        "tsp.judgment",
        BLOCKING,
        "documents",
        "judgment_annexed",
        "UNTOC art. 17",
        N_("Annex a certified copy of the final judgment (a document of kind judgment)."),
        kinds=TSP,
    ),
    _particular(
        "tsp.sentence",
        "sentence_details",
        (),
        "UNTOC art. 17",
        N_(
            "Give the sentence imposed, the part already served and the part remaining to be served."
        ),
        kinds=TSP,
    ),
    _particular(
        "tsp.consent",
        "sentenced_consent",
        (),
        "UNTOC art. 17",
        N_("Record the sentenced person's consent to the transfer (or why it is not required)."),
        kinds=TSP,
    ),
    # --- The requested state's own requirements (directory) ---------------------
    _rule(
        "dir.entry",
        WARNING,
        "requested_state",
        "directory_entry",
        "directory: entry",
        N_(
            "The directory has no entry for the requested state: check its language, channel and document requirements with its central authority before sending."
        ),
    ),
    _rule(
        "dir.approved",
        WARNING,
        "requested_state",
        "directory_approved",
        "directory: approval",
        N_(
            "The requested state's directory entry has not been approved by the secretariat: its requirements may be out of date."
        ),
    ),
    _rule(
        "dir.language",
        BLOCKING,
        "documents",
        "directory_language",
        "UNTOC art. 18(14); directory: languages",
        N_(
            'The requested state accepts requests in {languages}; this request is in {language}. Draft it in an accepted language or annex a translation (add a document of kind "translation").'
        ),
    ),
    _rule(
        "dir.channel",
        BLOCKING,
        "particulars.channel",
        "directory_channel",
        "directory: formats_channels",
        N_(
            "The requested state accepts requests through: {channels}. Record the channel you will use."
        ),
    ),
    _rule(
        "dir.interpol",
        BLOCKING,
        "particulars.channel",
        "directory_interpol",
        "UNTOC art. 18(13); directory: interpol_accepted",
        N_(
            "The requested state does not accept requests through INTERPOL: choose another channel."
        ),
    ),
    _rule(
        "dir.documents",
        BLOCKING,
        "particulars.directory_documents_checked",
        "directory_documents",
        "directory: documents_required",
        N_(
            "The requested state requires these documents: {documents}. Annex them, then confirm it."
        ),
    ),
    _rule(
        "dir.information",
        BLOCKING,
        "particulars.directory_information_checked",
        "directory_information",
        "directory: information_required",
        N_(
            "The requested state requires this information: {information}. Include it, then confirm it."
        ),
    ),
    _rule(
        "dir.untoc-16-5",
        WARNING,
        "legal_basis",
        "directory_untoc_basis",
        "directory: untoc_16_5_declaration",
        N_(
            "The legal basis cites UNTOC; check the requested state's declaration under art. 16(5): {declaration}."
        ),
        kinds=EXT,
    ),
)

RULES_BY_ID = {rule.id: rule for rule in RULES}
