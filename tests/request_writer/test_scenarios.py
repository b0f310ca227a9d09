"""Realistic requests between WACAP states, stored in a real store, with the exact findings expected."""

from __future__ import annotations

from typing import Any

from client.cases import create_case
from client.requests import check_case

from .data import SN_ENTRY, add_entry


def _found(store: Any, case_id: str, language: str | None = None) -> dict[str, set[str]]:
    findings = check_case(store, case_id, language=language)
    return {
        "blocking": {f.rule_id for f in findings if f.blocking},
        "warning": {f.rule_id for f in findings if not f.blocking},
    }


def test_nigeria_to_senegal_bank_records_in_trafficking_case(store: Any) -> None:
    add_entry(store, SN_ENTRY)
    case_id = create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "mla",
            "requesting_state": "NG",
            "requested_state": "SN",
            "requesting_authority": "Central Authority Unit, Federal Ministry of Justice",
            "assistance_types": ["bank_records"],
            "legal_basis": "ECOWAS Convention on Mutual Assistance in Criminal Matters (A/P1/7/92)",
            "proceeding_nature": "Prosecution before the Federal High Court, Lagos",
            "authority_conducting": "NAPTIP Legal Department, prosecuting counsel",
            "offences": "Trafficking in persons (s. 13 TIPPEA 2015)",
            "summary": "The suspect recruited women in Edo State and received payments in Dakar.",
            "assistance_description": "Certified statements of the account below.",
            "purpose": "To trace the payments made by the exploiters.",
            "confidentiality": "requested",
            "persons": [{"role": "suspect", "name": "Chidi Okafor", "nationality": "Nigerian"}],
            "particulars": {
                "bank_name": "Banque Atlantique Sénégal",
                "account_holder": "Chidi Okafor",
                "account_numbers": "SN012 01001 000123456789 45",
                "channel": "Central authority to central authority",
                "directory_documents_checked": "yes",
            },
        },
    )
    assert _found(store, case_id) == {
        # Bank records are coercive: dual criminality must be shown; the period is missing;
        # Senegal's directory asks for information the drafter has not confirmed.
        "blocking": {"mla.dual-criminality-coercive", "bank.period", "dir.information"},
        # Where possible: the suspect's whereabouts; ECOWAS 5(1)(f) time limit; 18(17) procedure.
        "warning": {"mla.persons-location", "mla.ecowas-time-limit", "mla.procedure"},
    }


def test_mali_to_cote_divoire_witness_by_videoconference(store: Any) -> None:
    add_entry(
        store,
        {
            "code": "CI-CA",
            "state": "CI",
            "authority_kind": "both",
            "languages": ["fr"],
            "authority_name": "Direction des affaires civiles et pénales, Ministère de la Justice",
            "formats_channels": "Autorité centrale ou voie diplomatique",
        },
        approve=False,
    )
    case_id = create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "mla",
            "requesting_state": "ML",
            "requested_state": "CI",
            "requesting_authority": "Direction nationale des affaires judiciaires et du sceau, Bamako",
            "assistance_types": ["videoconference_hearing"],
            "legal_basis": "Convention des Nations Unies contre la criminalité transnationale organisée, art. 18",
            "proceeding_nature": "Information judiciaire",
            "authority_conducting": "Juge d'instruction du pôle économique, Bamako",
            "offences": "Traite des personnes (loi n° 2012-023)",
            "summary": "Des enfants ont été conduits de Sikasso vers des plantations près de Soubré.",
            "dual_criminality": "Faits réprimés en Côte d'Ivoire par la loi n° 2016-1111.",
            "assistance_description": "Audition du témoin par visioconférence.",
            "purpose": "Établir les conditions du recrutement.",
            "procedure_requested": "aucune",
            "confidentiality": "not_requested",
            "urgency": "urgent",
            "persons": [
                {
                    "role": "witness",
                    "name": "Koffi Yao",
                    "nationality": "ivoirienne",
                    "location": "Soubré",
                }
            ],
            "particulars": {
                "witness_identity": "Koffi Yao, né en 1979, planteur à Soubré",
                "witness_capacity": "witness",
                "witness_questions": "1. Qui vous a amené les enfants ?",
                "vc_technical_contact": "M. Traoré, +223 20 00 00 00",
                "channel": "Autorité centrale",
            },
        },
    )
    assert _found(store, case_id) == {
        "blocking": {"urgency-reason", "vc.date"},  # urgency without its reason (18(24))
        "warning": {"hearing.oath", "dir.approved"},  # the CI entry is not yet approved
    }


def test_ghana_to_togo_extradition(store: Any) -> None:
    add_entry(
        store,
        {
            "code": "TG-CA",
            "state": "TG",
            "authority_kind": "both",
            "languages": ["fr"],
            "authority_name": "Direction des affaires pénales et des grâces, Lomé",
            "formats_channels": "Voie diplomatique",
            "documents_required": "Original du mandat d'arrêt; textes de loi applicables",
            "interpol_accepted": "yes",
        },
    )
    case_id = create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "extradition",
            "requesting_state": "GH",
            "requested_state": "TG",
            "requesting_authority": "Office of the Attorney-General and Ministry of Justice, Accra",
            "assistance_types": ["extradition"],
            "legal_basis": "ECOWAS Convention on Extradition (A/P.1/8/94)",
            "summary": "The person sought defrauded investors of GHS 2 million through a fake cocoa cooperative.",
            "offences": "Defrauding by false pretences (s. 131 Criminal Offences Act 1960)",
            "dual_criminality": "Escroquerie under art. 1013 of the Togolese Penal Code.",
            "persons": [{"role": "accused", "name": "Kwame Mensah", "nationality": "Ghanaian"}],
            "documents": [{"title": "Bench warrant", "kind": "warrant", "date": "2024-09-01"}],
            "particulars": {
                "offence_time": "January to August 2023",
                "offence_place": "Kumasi, Ghana",
                "law_text": "Section 131 of the Criminal Offences Act, 1960 (Act 29)",
                "penalty": "Up to 25 years' imprisonment",
                "channel": "Diplomatic channel",
                "directory_documents_checked": "yes",
            },
        },
    )
    assert _found(store, case_id) == {
        "blocking": {"ext.person-identity", "ext.limitation"},
        "warning": {"ext.person-location"},
    }
    # Written in English for a French-speaking state, without a translation annexed:
    english = _found(store, case_id, language="en")
    assert english["blocking"] == {"ext.person-identity", "ext.limitation", "dir.language"}


def test_guinea_bissau_to_cabo_verde_provisional_arrest_without_directory(store: Any) -> None:
    case_id = create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "extradition",
            "requesting_state": "GW",
            "requested_state": "CV",
            "requesting_authority": "Procuradoria-Geral da República, Bissau",
            "assistance_types": ["provisional_arrest"],
            "legal_basis": "Acordo de Cooperação Jurídica e Judiciária entre os Estados da CPLP",
            "summary": "O arguido transportou 300 kg de cocaína para a Praia.",
            "offences": "Tráfico de estupefacientes (art. 3.º da Lei n.º 2-B/93)",
            "dual_criminality": "Punível em Cabo Verde pela Lei n.º 78/IV/93.",
            "persons": [
                {
                    "role": "accused",
                    "name": "João Mendes",
                    "nationality": "guineense",
                    "location": "Praia, Achada Santo António",
                    "identity_details": "BI n.º 123456",
                }
            ],
            "documents": [{"title": "Mandado de detenção internacional", "kind": "warrant"}],
            "particulars": {
                "offence_time": "12 de março de 2024",
                "offence_place": "Bissau",
                "penalty": "4 a 12 anos de prisão",
            },
        },
    )
    assert _found(store, case_id) == {
        "blocking": {"prov.urgency", "prov.undertaking"},
        "warning": {"dir.entry"},
    }


def test_senegal_to_mauritania_stored_data_needs_arabic_translation(store: Any) -> None:
    add_entry(
        store,
        {
            "code": "MR-CA",
            "state": "MR",
            "authority_kind": "mla",
            "languages": ["ar"],
            "authority_name": "Direction des affaires pénales, Nouakchott",
        },
    )
    values = {
        "direction": "outgoing",
        "kind": "mla",
        "requesting_state": "SN",
        "requested_state": "MR",
        "requesting_authority": "Direction des affaires criminelles et des grâces, Dakar",
        "assistance_types": ["stored_data"],
        "legal_basis": "Convention de Palerme, art. 18",
        "proceeding_nature": "Enquête préliminaire",
        "authority_conducting": "Procureur de la République de Dakar",
        "offences": "Trafic de migrants",
        "summary": "Des passeurs organisent des départs par pirogue.",
        "dual_criminality": "Loi mauritanienne n° 2010-021 sur le trafic de migrants.",
        "assistance_description": "Communication des données d'abonné et de connexion.",
        "purpose": "Identifier les organisateurs.",
        "procedure_requested": "aucune",
        "confidentiality": "requested",
        "persons": [
            {"role": "suspect", "name": "X", "nationality": "inconnue", "location": "Nouadhibou"}
        ],
        "particulars": {"data_provider": "Mauritel", "data_identifiers": "+222 22 00 00 00"},
    }
    case_id = create_case(store, values)
    assert _found(store, case_id) == {
        "blocking": {"dir.language", "edata.period"},
        "warning": set(),
    }
    from client.cases import update_case

    update_case(
        store, case_id, {"documents": [{"title": "Traduction en arabe", "kind": "translation"}]}
    )
    assert _found(store, case_id) == {"blocking": {"edata.period"}, "warning": set()}


def test_cote_divoire_to_benin_service_of_documents_needs_no_facts(store: Any) -> None:
    add_entry(
        store,
        {
            "code": "BJ-CA",
            "state": "BJ",
            "authority_kind": "both",
            "languages": ["fr"],
            "authority_name": "Direction des affaires pénales et des grâces, Cotonou",
        },
    )
    case_id = create_case(
        store,
        {
            "direction": "outgoing",
            "kind": "mla",
            "requesting_state": "CI",
            "requested_state": "BJ",
            "requesting_authority": "Direction des affaires civiles et pénales, Abidjan",
            "assistance_types": ["service_of_documents"],
            "legal_basis": "Convention A/P1/7/92 de la CEDEAO",
            "deadline": "2025-09-01",
            "deadline_reason": "Audience fixée au 15 septembre 2025",
            "proceeding_nature": "Procédure de jugement",
            "authority_conducting": "Tribunal de première instance d'Abidjan",
            "offences": "Abus de confiance",
            "assistance_description": "Notification d'une citation à comparaître.",
            "purpose": "Permettre au prévenu de comparaître.",
            "procedure_requested": "aucune",
            "confidentiality": "not_requested",
            "persons": [
                {
                    "role": "accused",
                    "name": "Paul Houngbo",
                    "nationality": "béninoise",
                    "location": "Cotonou",
                }
            ],
            "particulars": {"service_documents": "Citation à comparaître du 2 juin 2025"},
        },
    )
    assert _found(store, case_id) == {
        "blocking": {"service.addressee"},
        "warning": {"mla.dual-criminality"},  # no summary needed (18(15)(c)); DC advisable only
    }
