"""Type-specific particulars of demo requests, so that sent requests pass the request checks.

Keys are those of client/requests/particulars.py. The texts are generic but
plausible; the people and places they name are invented. A scenario's own
particulars (bank, container...) take precedence over these.
"""

from __future__ import annotations

import datetime as dt
import random

# Keys asked for by each type of assistance; {state}/{capital} name the other state.
BY_TYPE: dict[str, dict[str, str]] = {
    "taking_evidence": {
        "witness_identity": "Personne désignée dans la liste des personnes, à l'adresse indiquée ({capital})",
        "witness_capacity": "witness",
        "witness_questions": (
            "1. Connaissez-vous les personnes mises en cause ? 2. Quelles opérations avez-vous "
            "effectuées pour leur compte ? 3. Qui vous a remis les fonds ou les marchandises ?"
        ),
        "oath": "oath",
    },
    "videoconference_hearing": {
        "witness_identity": "Personne désignée dans la liste des personnes, à l'adresse indiquée ({capital})",
        "witness_capacity": "witness",
        "witness_questions": "Questions jointes en annexe 2 de la demande.",
        "vc_technical_contact": "Service informatique du tribunal, +221 00 00 00 09, visio@justice.sn.example",
        "vc_date": "{vc_date} à 10 h 00 (heure de Dakar), ou toute date proposée par l'État requis",
    },
    "service_of_documents": {
        "service_documents": "Citation à comparaître comme témoin à l'audience du tribunal correctionnel",
        "service_addressee": "Le témoin désigné dans la liste des personnes, à son adresse à {capital}",
    },
    "search_and_seizure": {
        "search_place": "Domicile et locaux professionnels de la personne mise en cause à {capital} (adresse fictive)",
        "search_items": "Documents comptables, téléphones, supports numériques",
        "search_grounds": (
            "Les enquêteurs ont établi que les marchandises et les documents y ont été entreposés "
            "(procès-verbal d'enquête joint)."
        ),
    },
    "freezing": {
        "freeze_assets": "Soldes des comptes désignés et avoirs détenus par la société bénéficiaire",
        "freeze_link": "Fonds provenant directement des virements frauduleux décrits dans l'exposé des faits",
        "freeze_confiscation_view": "yes",
    },
    "confiscation": {
        "confiscation_order": "Jugement du tribunal de grande instance de Dakar, définitif et exécutoire (démo)",
        "confiscation_assets": "Immeubles et comptes identifiés dans la demande, au nom des prête-noms",
    },
    "identify_trace_proceeds": {
        "trace_target": "Biens, comptes et fonds appartenant aux personnes mises en cause ou contrôlés par elles",
        "trace_link": "Produits des infractions décrites dans l'exposé des faits",
    },
    "bank_records": {
        "bank_name": "Établissement bancaire à identifier auprès de la cellule de renseignement financier",
        "account_holder": "Personnes et sociétés désignées dans la demande",
        "account_numbers": "Tout compte ouvert au nom des personnes désignées",
        "period": "2023-01-01 au 2025-03-31",
    },
    "documents_records": {
        "records_description": (
            "Registre du commerce, statuts et documents douaniers de la société exportatrice ; "
            "détenteur : greffe du tribunal de commerce de {capital}"
        ),
    },
    "examining_objects_sites": {
        "examine_subject": "Objets saisis (scellés n° 1 à 12) et lieu de chargement des marchandises",
    },
    "information_expert_evaluation": {
        "information_sought": "Expertise sur l'origine des objets saisis et renseignements sur leur fabricant",
    },
    "voluntary_appearance": {
        "appearance_person": "Le témoin désigné, invité à comparaître devant le tribunal de Dakar",
    },
    "transfer_detained_person": {
        "detainee_identity": "Le témoin désigné, détenu à la maison d'arrêt de {capital}",
        "detainee_consent": "Consentement libre et éclairé recueilli par écrit (pièce jointe)",
        "transfer_return": "Maintien en détention pendant le transfèrement ; retour sous 10 jours",
    },
    "controlled_delivery": {
        "delivery_details": "Envoi, itinéraire et dates communiqués par l'officier de liaison (annexe confidentielle)",
    },
    "preservation_stored_data": {
        "data_provider": "Fournisseur de services établi à {capital} (fictif)",
        "data_identifiers": "Identifiants listés en annexe (comptes, adresses IP du bloc 192.0.2.0/24)",
        "data_period": "Les 90 derniers jours",
    },
    "stored_data": {},  # same keys as preservation, filled above when both are sought
    "real_time_traffic_data": {},
    "extradition": {
        "offence_time": "{offence_date}",
        "offence_place": "{place}",
        "law_text": "Articles du Code pénal réprimant les faits (texte intégral joint)",
        "penalty": "Réclusion criminelle ou emprisonnement de plus d'un an",
        "limitation": "Prescription non acquise (délai de 10 ans, interrompu par les actes de poursuite)",
    },
    "provisional_arrest": {
        "offence_time": "{offence_date}",
        "offence_place": "{place}",
        "penalty": "Réclusion criminelle",
        "full_request_undertaking": (
            "La demande d'extradition en bonne et due forme sera transmise dans le délai prévu "
            "par la convention applicable."
        ),
    },
}
E_EVIDENCE = ("preservation_stored_data", "stored_data", "real_time_traffic_data")
# General particulars every request carries: the channel and the directory confirmations.
GENERAL = {
    "channel": "Autorité centrale à autorité centrale ; copie anticipée par courriel",
    "directory_documents_checked": "yes",
    "directory_information_checked": "yes",
}


def complete_particulars(
    types: list[str] | tuple[str, ...],
    own: dict[str, str],
    rng: random.Random,
    state_name: str,
    capital: str,
    place: str,
    today: dt.date,
) -> dict[str, str]:
    """Every particular the types of assistance ask for; `own` (the scenario's) wins."""
    values = {
        "state": state_name,
        "capital": capital,
        "place": place,
        "vc_date": (today + dt.timedelta(days=rng.randint(20, 60))).isoformat(),
        "offence_date": (today - dt.timedelta(days=rng.randint(90, 900))).isoformat(),
    }
    out: dict[str, str] = dict(GENERAL)
    for kind in types:
        source = (
            BY_TYPE["preservation_stored_data"] if kind in E_EVIDENCE else BY_TYPE.get(kind, {})
        )
        for key, text in source.items():
            out.setdefault(key, text.format(**values))
    out.update(own)
    return out
