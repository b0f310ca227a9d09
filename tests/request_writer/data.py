"""Complete requests and directory entries the request-writer tests start from.

Each base scenario meets every rule that applies to it; a rule test breaks
exactly one thing and expects that rule (and it) to fire.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from client.directory import approve_entry, put_entry

SN_ENTRY: dict[str, Any] = {
    "code": "SN-CA",
    "state": "SN",
    "authority_name": "Direction des affaires criminelles et des grâces, Ministère de la Justice",
    "authority_kind": "both",
    "address": "Building administratif, Dakar",
    "languages": ["fr"],
    "formats_channels": "Autorité centrale à autorité centrale, original par courrier; copie par courriel",
    "documents_required": "Copie certifiée de la décision ordonnant la mesure",
    "information_required": "Coordonnées du magistrat en charge",
    "interpol_accepted": "no",
    "untoc_16_5_declaration": "Le Sénégal ne subordonne pas l'extradition à l'existence d'un traité.",
}


# The requesting authority of the bases, as this device's own directory entry.
NG_ENTRY: dict[str, Any] = {
    "code": "NG-CAU",
    "state": "NG",
    "authority_name": "Central Authority Unit, Federal Ministry of Justice, Abuja",
    "authority_kind": "both",
    "address": "Federal Secretariat Complex, Shehu Shagari Way, Abuja",
    "phones": "+234 9 000 0000",
    "emails": "cau@justice.gov.ng",
    "contact_person": "Amaka Obi",
    "languages": ["en"],
}


def make_own(store: Any) -> None:
    """Make NG-CAU this device's authority, with its directory entry (letterhead, contacts)."""
    add_entry(store, NG_ENTRY)
    store.set_meta("authority", NG_ENTRY["code"])


@dataclass
class Scenario:
    case: dict[str, Any]
    entry: dict[str, Any] | None = field(default_factory=lambda: copy.deepcopy(SN_ENTRY))
    language: str | None = None
    approved: bool = True


def _common() -> dict[str, Any]:
    return {
        "direction": "outgoing",
        "requesting_state": "NG",
        "requesting_authority": "Central Authority Unit, Federal Ministry of Justice, Abuja",
        "requested_state": "SN",
        "our_ref": "NG-CAU/MLA/2025/041",
        "offences": "Trafficking in persons (s. 13 TIPPEA 2015); money laundering (s. 18 MLPPA 2022)",
        "summary": "Between March 2022 and June 2023 the suspect recruited young women in Benin City "
        "and moved them to Dakar, where they were exploited.",
        "dual_criminality": "The conduct is punishable in Senegal under Law No. 2005-06 on trafficking "
        "in persons and under the Uniform Law on money laundering.",
        "confidentiality": "requested",
        "urgency": "urgent",
        "urgency_reason": "The suspect is in pre-trial detention until 30 June 2025.",
        "deadline": "2025-06-15",
        "deadline_reason": "Trial opens on 20 June 2025.",
        "assigned_officer": "Amaka Obi, Senior State Counsel",
        "persons": {
            "p1": {
                "role": "suspect",
                "name": "Chidi Okafor",
                "nationality": "Nigerian",
                "date_of_birth": "1984-02-11",
                "location": "Rue 10, Médina, Dakar",
                "identity_details": "Passport A0123456; 1.80 m; scar on left cheek",
            }
        },
        "documents": {
            "d1": {
                "title": "Warrant of arrest No. 12/2024",
                "kind": "warrant",
                "date": "2024-11-02",
            },
            "d2": {
                "title": "Production order, Federal High Court",
                "kind": "other",
                "date": "2025-01-10",
            },
        },
        "particulars": {
            "channel": "Central authority to central authority, by courier and e-mail",
            "directory_documents_checked": "yes",
            "directory_information_checked": "yes",
            "signing_place": "Abuja",
        },
    }


MLA_PARTICULARS = {
    "witness_identity": "Awa Diop, born 1990, Rue 12, Médina, Dakar",
    "witness_capacity": "witness",
    "witness_questions": "1. How did you meet the suspect?\n2. Who paid for your journey?",
    "oath": "oath",
    "vc_technical_contact": "Ibrahim Bello, +234 800 000 0000, it@justice.gov.ng",
    "vc_date": "2025-05-20 10:00 GMT",
    "service_documents": "Summons to appear before the Federal High Court, Lagos, on 20 June 2025",
    "service_addressee": "Awa Diop, Rue 12, Médina, Dakar",
    "search_place": "Apartment 4B, Rue 10, Médina, Dakar",
    "search_items": "Passports, ledgers, mobile phones",
    "search_grounds": "Victims state that passports were kept there by the suspect.",
    "domestic_order": "Order of the Federal High Court, Lagos, 10 January 2025 (annexed)",
    "freeze_assets": "Account SN012 01001 000123456789 45 at Banque Atlantique Sénégal",
    "freeze_link": "The account received the proceeds of the exploitation.",
    "freeze_confiscation_view": "yes",
    "confiscation_order": "Federal High Court, Lagos, 3 March 2025, final",
    "confiscation_assets": "Villa at Ngor, title deed 1234/DG",
    "trace_target": "Transfers of about XOF 40 million from Lagos to Dakar, 2022–2023",
    "trace_link": "Proceeds of the trafficking.",
    "bank_name": "Banque Atlantique Sénégal, Plateau branch",
    "account_holder": "Chidi Okafor",
    "account_numbers": "SN012 01001 000123456789 45",
    "period": "1 January 2022 to 30 June 2023",
    "records_description": "Entry and exit records of the suspect held by the border police",
    "examine_subject": "The vehicle DK-1234-A used to move the victims",
    "information_sought": "Criminal record of the suspect in Senegal",
    "appearance_person": "Awa Diop, to appear at the Federal High Court, Lagos, 20 June 2025",
    "detainee_identity": "Moussa Sow, Maison d'arrêt de Rebeuss, Dakar",
    "detainee_consent": "Given in writing on 2 April 2025 (annexed)",
    "transfer_return": "Kept in custody and returned by 30 June 2025",
    "proceedings_reasons": "The suspect is a Senegalese resident and the victims live in Dakar.",
    "jit_terms": "Trafficking routes Lagos–Dakar; NAPTIP and Sûreté urbaine; 12 months",
    "delivery_details": "Parcel of forged passports, Lagos–Dakar by road, May 2025",
    "data_provider": "Orange Sénégal",
    "data_identifiers": "+221 77 000 00 00",
    "data_period": "1 March 2023 to 30 June 2023",
}
MLA_TYPES = [
    "taking_evidence",
    "service_of_documents",
    "search_and_seizure",
    "freezing",
    "examining_objects_sites",
    "information_expert_evaluation",
    "bank_records",
    "documents_records",
    "identify_trace_proceeds",
    "voluntary_appearance",
    "videoconference_hearing",
    "transfer_detained_person",
    "transfer_of_proceedings",
    "joint_investigation_team",
    "controlled_delivery",
    "preservation_stored_data",
    "stored_data",
    "real_time_traffic_data",
    "confiscation",
    "other",
]


def mla_all() -> Scenario:
    """An MLA request seeking every type, complete, under the ECOWAS convention."""
    case = _common()
    case.update(
        kind="mla",
        assistance_types=list(MLA_TYPES),
        legal_basis="ECOWAS Convention on Mutual Assistance in Criminal Matters (A/P1/7/92)",
        proceeding_nature="Criminal investigation (judicial inquiry)",
        authority_conducting="Federal High Court, Lagos, Judge A. Bello",
        assistance_description="Please execute the measures listed below.",
        purpose="To prove the recruitment, the transport and the flow of funds at trial.",
        procedure_requested="Statements recorded verbatim and signed; records certified by the bank.",
    )
    case["particulars"].update(MLA_PARTICULARS)
    return Scenario(case)


def mla_light() -> Scenario:
    """A non-coercive MLA request (hearing a witness only)."""
    scenario = mla_all()
    scenario.case["assistance_types"] = ["taking_evidence"]
    return scenario


def extradition() -> Scenario:
    case = _common()
    case.update(
        kind="extradition",
        assistance_types=["extradition"],
        confidentiality="",
        legal_basis="Convention générale de coopération en matière de justice (1961)",
        summary="On 3 May 2023 in Lagos the person sought sold two girls to a network in Dakar.",
    )
    case["particulars"].update(
        offence_time="3 May 2023",
        offence_place="Lagos, Nigeria",
        law_text="Section 13 TIPPEA 2015: whoever recruits ... commits an offence.",
        penalty="Imprisonment for not less than 2 years and a fine of N1,000,000",
        limitation="No limitation for felonies under Nigerian law",
        court="Federal High Court, Lagos",
        case_number="FHC/L/123C/2024",
        death_penalty="not_punishable",
    )
    return Scenario(case)


def provisional() -> Scenario:
    scenario = extradition()
    scenario.case["assistance_types"] = ["provisional_arrest"]
    scenario.case["particulars"]["full_request_undertaking"] = (
        "The full request will follow within 40 days."
    )
    return scenario


def transfer_sentenced() -> Scenario:
    """A request to transfer a Senegalese prisoner home to serve the rest of his sentence."""
    case = _common()
    case.update(
        kind="transfer_sentenced",
        assistance_types=[],
        legal_basis="Bilateral agreement on the transfer of sentenced persons (2012)",
        persons={
            "p1": {
                "role": "sentenced",
                "name": "Moussa Sow",
                "nationality": "Senegalese",
                "location": "Kirikiri Maximum Security Prison, Lagos",
            }
        },
        documents={
            "d1": {"title": "Judgment FHC/L/45C/2021", "kind": "judgment", "date": "2022-03-01"}
        },
    )
    case["particulars"].update(
        sentence_details="Seven years' imprisonment; three years served; four years remaining",
        sentenced_consent="Given in writing before the prison governor on 2 April 2025",
    )
    return Scenario(case)


BASES = {
    "mla_all": mla_all,
    "mla_light": mla_light,
    "extradition": extradition,
    "provisional": provisional,
    "transfer_sentenced": transfer_sentenced,
}


def add_entry(store: Any, values: dict[str, Any], approve: bool = True) -> str:
    code = put_entry(store, values)
    if approve:
        approve_entry(store, code)
    return code
