"""The type-specific particulars a request needs, with their labels (the document's words).

Particulars are stored in the case's `particulars` map (key -> text). This
table says which keys belong to which type of assistance, so that the wizard
asks for them, the rules check them and the document prints them under the
right heading. General keys (channel, confirmations) belong to no type.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.i18n import N_

from .texts import translate


@dataclass(frozen=True)
class Particular:
    key: str
    types: tuple[str, ...]  # assistance types that ask for it; () = general
    label: str  # English msgid of the `document` catalogs; label_in() translates it
    long: bool = False  # several lines expected (a text area in the wizard)
    choices: tuple[str, ...] = ()  # suggested values (the wizard offers a list)
    kinds: tuple[str, ...] = ()  # kinds of case that ask for it whatever the types

    def label_in(self, lang: str) -> str:
        """The label in the document's language `lang` (or the app's, in the writer)."""
        return translate(self.label, lang)


def _p(key: str, types: tuple[str, ...], label: str, **kw: object) -> Particular:
    kw.setdefault("kinds", _EXTRADITION_CONTENTS.get(key, ()))
    return Particular(key, types, label, **kw)  # type: ignore[arg-type]


# An extradition case asks for these whatever the types ticked.
_EXTRADITION_CONTENTS = {
    key: ("extradition",)
    for key in ("offence_time", "offence_place", "law_text", "penalty", "limitation")
}
HEARING = ("taking_evidence", "videoconference_hearing")
E_EVIDENCE = ("preservation_stored_data", "stored_data", "real_time_traffic_data")
EXTRADITION = ("extradition", "provisional_arrest")

PARTICULARS: tuple[Particular, ...] = (
    # Hearing of a witness, expert or suspect (18(3)(a), 18(18)).
    _p(
        "witness_identity",
        HEARING,
        N_("Person to be heard (identity and address)"),
    ),
    _p(
        "witness_capacity",
        HEARING,
        N_("Capacity in which the person is heard"),
        choices=("witness", "suspect", "expert", "victim"),
    ),
    _p(
        "witness_questions",
        HEARING,
        N_("Questions to be put"),
        long=True,
    ),
    _p(
        "oath",
        HEARING,
        N_("Oath or solemn affirmation"),
        choices=("oath", "solemn affirmation", "none"),
    ),
    # Videoconference (18(18)).
    _p(
        "vc_technical_contact",
        ("videoconference_hearing",),
        N_("Technical contact for the videoconference"),
    ),
    _p(
        "vc_date",
        ("videoconference_hearing",),
        N_("Proposed date and time of the hearing"),
    ),
    # Service of documents (18(3)(b)).
    _p(
        "service_documents",
        ("service_of_documents",),
        N_("Documents to be served"),
        long=True,
    ),
    _p(
        "service_addressee",
        ("service_of_documents",),
        N_("Addressee (name and address)"),
    ),
    # Search and seizure (18(3)(c)).
    _p(
        "search_place",
        ("search_and_seizure",),
        N_("Place to be searched"),
    ),
    _p(
        "search_items",
        ("search_and_seizure",),
        N_("Items to be seized"),
        long=True,
    ),
    _p(
        "search_grounds",
        ("search_and_seizure",),
        N_("Grounds linking the place and items to the offence"),
        long=True,
    ),
    # Freezing (18(3)(c)) and confiscation.
    _p(
        "domestic_order",
        ("search_and_seizure", "freezing"),
        N_("Order issued in the requesting state (authority, date)"),
    ),
    _p(
        "freeze_assets",
        ("freezing",),
        N_("Assets to be frozen or seized"),
        long=True,
    ),
    _p(
        "freeze_link",
        ("freezing",),
        N_("Link between the assets and the offence"),
        long=True,
    ),
    _p(
        "freeze_confiscation_view",
        ("freezing",),
        N_("Freezing with a view to confiscation?"),
        choices=("yes", "no"),
    ),
    _p(
        "confiscation_order",
        ("confiscation",),
        N_("Confiscation order (court, date, enforceability)"),
    ),
    _p(
        "confiscation_assets",
        ("confiscation",),
        N_("Assets to be confiscated"),
        long=True,
    ),
    # Identifying and tracing proceeds (18(3)(g)).
    _p(
        "trace_target",
        ("identify_trace_proceeds",),
        N_("Proceeds or property to identify or trace"),
        long=True,
    ),
    _p(
        "trace_link",
        ("identify_trace_proceeds",),
        N_("Link with the offence"),
        long=True,
    ),
    # Bank and other records (18(3)(f)).
    _p(
        "bank_name",
        ("bank_records",),
        N_("Bank or financial institution"),
    ),
    _p(
        "account_holder",
        ("bank_records",),
        N_("Account holder"),
    ),
    _p(
        "account_numbers",
        ("bank_records",),
        N_("Account numbers"),
    ),
    _p("period", ("bank_records",), N_("Period covered")),
    _p(
        "records_description",
        ("documents_records",),
        N_("Records sought and who holds them"),
        long=True,
    ),
    # Objects and sites, information and expertise (18(3)(d), (e)).
    _p(
        "examine_subject",
        ("examining_objects_sites",),
        N_("Objects or sites to examine"),
        long=True,
    ),
    _p(
        "information_sought",
        ("information_expert_evaluation",),
        N_("Information or expert evaluation sought"),
        long=True,
    ),
    # Voluntary appearance and transfer of detained persons (18(3)(h), 18(10)).
    _p(
        "appearance_person",
        ("voluntary_appearance",),
        N_("Person invited to appear, and where"),
    ),
    _p(
        "detainee_identity",
        ("transfer_detained_person",),
        N_("Detained person (identity, place of detention)"),
    ),
    _p(
        "detainee_consent",
        ("transfer_detained_person",),
        N_("Free and informed consent of the person"),
    ),
    _p(
        "transfer_return",
        ("transfer_detained_person",),
        N_("Custody and date of return"),
    ),
    # Transfer of proceedings, JIT, controlled delivery.
    _p(
        "proceedings_reasons",
        ("transfer_of_proceedings",),
        N_("Why the requested state is better placed"),
        long=True,
    ),
    _p(
        "jit_terms",
        ("joint_investigation_team",),
        N_("Purpose, members and duration of the team"),
        long=True,
    ),
    _p(
        "delivery_details",
        ("controlled_delivery",),
        N_("Consignment, route and expected dates"),
        long=True,
    ),
    # Electronic evidence.
    _p(
        "data_provider",
        E_EVIDENCE,
        N_("Service provider holding the data"),
    ),
    _p(
        "data_identifiers",
        E_EVIDENCE,
        N_("Identifiers (account, e-mail, IP address, number)"),
    ),
    _p("data_period", E_EVIDENCE, N_("Period of the data")),
    # Extradition and provisional arrest.
    _p(
        "court",
        (),
        N_("Court or authority seized"),
        kinds=("extradition",),
    ),
    _p(
        "case_number",
        (),
        N_("Case number"),
        kinds=("extradition",),
    ),
    _p(
        "offence_time",
        EXTRADITION,
        N_("Date or period of the offence"),
    ),
    _p("offence_place", EXTRADITION, N_("Place of the offence")),
    _p(
        "law_text",
        ("extradition",),
        N_("Text of the applicable legal provisions"),
        long=True,
    ),
    _p(
        "penalty",
        EXTRADITION,
        N_("Penalty incurred or imposed"),
    ),
    _p(
        "limitation",
        ("extradition",),
        N_("Limitation period (not expired)"),
    ),
    _p(
        "full_request_undertaking",
        ("provisional_arrest",),
        N_("Undertaking to send the full extradition request"),
    ),
    _p(
        "death_penalty",
        (),
        N_("Death penalty"),
        choices=("not_punishable", "assurance"),
        kinds=("extradition",),
    ),
    # Transfer of sentenced persons (a kind of case of its own).
    _p(
        "sentence_details",
        (),
        N_("Sentence imposed, part served and part remaining"),
        long=True,
        kinds=("transfer_sentenced",),
    ),
    _p(
        "sentenced_consent",
        (),
        N_("Consent of the sentenced person"),
        kinds=("transfer_sentenced",),
    ),
    # General: the requested state's own requirements (directory).
    _p(
        "signing_place",
        (),
        N_("Place of signature"),
    ),
    _p("channel", (), N_("Channel of transmission")),
    _p(
        "directory_documents_checked",
        (),
        N_("Documents required by the requested state annexed"),
        choices=("yes", "no"),
    ),
    _p(
        "directory_information_checked",
        (),
        N_("Information required by the requested state given"),
        choices=("yes", "no"),
    ),
)

PARTICULARS_BY_KEY = {p.key: p for p in PARTICULARS}
GENERAL_KEYS = tuple(p.key for p in PARTICULARS if not p.types and not p.kinds)


def particulars_for(types: list[str] | tuple[str, ...], kind: str = "") -> list[Particular]:
    """The particulars asked for the chosen types (and the kind of case), in table order."""
    chosen = set(types)
    return [p for p in PARTICULARS if chosen.intersection(p.types) or kind in p.kinds]


def label(key: str, lang: str) -> str:
    particular = PARTICULARS_BY_KEY.get(key)
    return particular.label_in(lang) if particular else key
