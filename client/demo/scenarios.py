"""Kinds of criminal matters the demo cases are made of, with their typical requests.

Texts are in French: the demo's own authority is Senegal's. Every place,
company, bank and account below is invented.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

Particulars = Callable[[random.Random, str], dict[str, str]]


@dataclass(frozen=True)
class Scenario:
    key: str
    kind: str  # "mla" | "extradition"
    title: str  # may use {place}
    offences: str
    summary: str  # may use {place}, {amount}, {count}
    assistance_types: tuple[str, ...]
    proceeding_nature: str
    purpose: str
    roles: tuple[str, ...]  # roles of the persons concerned, in order
    urgency_reasons: tuple[str, ...] = ()
    particulars: Particulars | None = None
    places: tuple[str, ...] = ("Dakar",)
    documents: tuple[tuple[str, str], ...] = field(default=(("Demande d'entraide", "request"),))
    coastal: bool = False  # the facts need a sea port: the other state cannot be landlocked


# Scenario-specific particulars, under the request writer's keys (client/requests/particulars.py);
# particulars.py in this package fills whatever a type of assistance still needs.
def _bank(rng: random.Random, state: str) -> dict[str, str]:
    return {
        "bank_name": rng.choice(
            (
                "Banque Atlantique Fictive",
                "Société Ouest-Africaine de Crédit (fictive)",
                "Union Bancaire du Sahel (fictive)",
            )
        ),
        "account_holder": rng.choice(
            (
                "SARL Négoce Horizon (fictive)",
                "Établissements Kora Import (fictifs)",
                "GIE Fleuve Transit (fictif)",
            )
        ),
        "account_numbers": f"{state}0{rng.randint(10, 99)} 00000 {rng.randint(10**11, 10**12 - 1)} 00",
        "period": f"{rng.randint(2021, 2023)}-01-01 au 2024-12-31",
    }


def _mobile_money(rng: random.Random, state: str) -> dict[str, str]:
    number = f"+{rng.randint(220, 238)} 00 {rng.randint(100, 999)} 00 00"
    return {
        "bank_name": "Opérateur de monnaie mobile (fictif)",
        "account_holder": "Titulaire(s) des lignes ci-dessous, à identifier",
        "account_numbers": f"Portefeuilles mobiles associés au {number}",
        "period": "2024-01-01 au 2025-03-31",
        "trace_target": "Fonds reçus sur ces portefeuilles et leurs retraits (lieux, agents, bénéficiaires)",
    }


def _stored_data(rng: random.Random, state: str) -> dict[str, str]:
    return {
        "data_provider": rng.choice(
            ("Hébergeur régional (fictif)", "Fournisseur de messagerie (fictif)")
        ),
        # Addresses from the documentation ranges: .example (RFC 2606), 192.0.2.0/24 (RFC 5737).
        "data_identifiers": f"compte-{rng.randint(1000, 9999)}@messagerie.example ; 192.0.2.{rng.randint(1, 254)}",
        "data_period": "2024-09-01 au 2025-02-28",
    }


def _search(rng: random.Random, state: str) -> dict[str, str]:
    return {
        "search_place": rng.choice(
            (
                "Entrepôt n° 4, zone portuaire (adresse fictive)",
                "Villa 12, lotissement Les Palmiers (adresse fictive)",
            )
        ),
        "search_items": "Documents comptables, téléphones, supports numériques, espèces",
    }


def _container(rng: random.Random, state: str) -> dict[str, str]:
    container = f"MSKU{rng.randint(1000000, 9999999)}"
    vessel = rng.choice(("MV Atlantic Dawn", "MV Sahel Star"))
    return {
        "search_place": f"Locaux de la société exportatrice et conteneur {container} (fictifs)",
        "search_items": f"Documents d'expédition du conteneur {container}, navire {vessel} (fictif)",
        "delivery_details": f"Conteneur {container} à bord du {vessel} (fictif) ; arrivée prévue sous 3 semaines",
    }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "tip_mines",
        "mla",
        "Traite d'enfants — sites d'orpaillage de {place}",
        "Traite des personnes (mineurs), travail forcé",
        "Des enfants âgés de 11 à 16 ans auraient été recrutés dans l'État requis et conduits vers "
        "des sites d'orpaillage près de {place}, où ils travaillaient sans rémunération. {count} "
        "victimes ont été identifiées. Les recruteurs présumés ont été payés par transferts d'argent.",
        ("taking_evidence", "videoconference_hearing", "bank_records"),
        "Information judiciaire (cabinet d'instruction)",
        "Établir le rôle des recruteurs et "
        "l'itinéraire des victimes ; identifier les bénéficiaires des paiements.",
        ("suspect", "victim", "witness"),
        ("Victimes mineures en foyer d'accueil : audition rapide nécessaire",),
        _mobile_money,
        ("Kédougou", "Saraya", "Tambacounda"),
        (("Demande d'entraide", "request"), ("Procès-verbaux d'audition", "evidence")),
    ),
    Scenario(
        "smuggling",
        "mla",
        "Trafic illicite de migrants — départs en pirogue de {place}",
        "Trafic illicite de migrants, mise en danger de la vie d'autrui",
        "Un réseau organiserait depuis {place} des départs en pirogue vers les îles Canaries, "
        "moyennant {amount} FCFA par passager. Une embarcation transportant {count} personnes a "
        "chaviré. Les paiements transitaient par monnaie mobile.",
        ("bank_records", "taking_evidence", "identify_trace_proceeds"),
        "Enquête préliminaire du parquet",
        "Identifier les organisateurs et tracer les paiements.",
        ("suspect", "suspect", "witness"),
        ("Départs imminents signalés : démanteler le réseau avant la saison",),
        _mobile_money,
        ("Mbour", "Saint-Louis", "Joal"),
        coastal=True,
    ),
    Scenario(
        "cocaine",
        "mla",
        "Cocaïne dissimulée dans un conteneur — port de {place}",
        "Trafic international de stupéfiants, association de malfaiteurs",
        "Saisie de {count} kg de cocaïne dissimulés dans un conteneur de noix de cajou déchargé à "
        "{place}. Le conteneur avait été chargé dans l'État requis par une société d'import-export.",
        ("search_and_seizure", "documents_records", "controlled_delivery"),
        "Information judiciaire",
        "Identifier l'expéditeur et les destinataires ; saisir les documents d'expédition.",
        ("suspect", "suspect", "witness"),
        ("Suspects en détention provisoire", "Livraison surveillée en cours"),
        _container,
        ("Dakar", "Ziguinchor"),
        (
            ("Demande d'entraide", "request"),
            ("Connaissement", "evidence"),
            ("Extrait du code des drogues", "law_extract"),
        ),
        coastal=True,
    ),
    Scenario(
        "bec_fraud",
        "mla",
        "Escroquerie aux faux ordres de virement — société de {place}",
        "Escroquerie, blanchiment de capitaux",
        "Une société établie à {place} a viré {amount} FCFA sur un compte ouvert dans l'État requis "
        "après avoir reçu de faux courriels de son fournisseur. Les fonds ont été retirés en quelques jours.",
        ("bank_records", "freezing", "stored_data"),
        "Enquête préliminaire",
        "Identifier les titulaires du compte bénéficiaire et geler le solde.",
        ("suspect", "victim"),
        ("Risque de dissipation des fonds encore disponibles",),
        _bank,
        ("Dakar", "Thiès", "Kaolack"),
    ),
    Scenario(
        "ransomware",
        "mla",
        "Rançongiciel contre le centre hospitalier de {place}",
        "Accès frauduleux à un système informatique, extorsion",
        "Les systèmes du centre hospitalier de {place} ont été chiffrés ; une rançon de {amount} FCFA "
        "en cryptoactifs a été exigée. Les serveurs de commande seraient hébergés dans l'État requis.",
        ("preservation_stored_data", "stored_data", "real_time_traffic_data"),
        "Enquête de la Division spéciale de cybersécurité",
        "Conserver et obtenir les données d'hébergement et de connexion des serveurs.",
        ("suspect",),
        ("Les données de connexion ne sont conservées que 90 jours",),
        _stored_data,
        ("Dakar", "Touba", "Ziguinchor"),
    ),
    Scenario(
        "terror_financing",
        "mla",
        "Financement du terrorisme — transferts vers la zone des trois frontières",
        "Financement du terrorisme, association de malfaiteurs en relation avec une entreprise terroriste",
        "Des commerçants de {place} auraient collecté {amount} FCFA et les auraient transférés par "
        "des intermédiaires informels et la monnaie mobile vers un groupe armé.",
        ("bank_records", "freezing", "identify_trace_proceeds"),
        "Information judiciaire (pôle antiterroriste)",
        "Établir le circuit des fonds et geler les avoirs.",
        ("suspect", "suspect", "witness"),
        ("Menace pour la sécurité publique",),
        _mobile_money,
        ("Dakar", "Kidira", "Bakel"),
    ),
    Scenario(
        "laundering",
        "mla",
        "Blanchiment par acquisitions immobilières à {place}",
        "Blanchiment de capitaux, corruption",
        "Un ancien agent public aurait acquis {count} immeubles à {place} au nom de prête-noms, pour "
        "un total de {amount} FCFA, sans rapport avec ses revenus déclarés.",
        ("documents_records", "identify_trace_proceeds", "confiscation"),
        "Information judiciaire",
        "Identifier les biens et leurs véritables bénéficiaires en vue de leur confiscation.",
        ("accused", "witness"),
        (),
        _bank,
        ("Dakar", "Saly", "Mbour"),
    ),
    Scenario(
        "embezzlement",
        "mla",
        "Détournement de deniers publics — projet d'adduction d'eau",
        "Détournement de deniers publics, blanchiment",
        "Des fonds d'un projet d'adduction d'eau ({amount} FCFA) auraient été versés à une entreprise "
        "écran, puis transférés vers des comptes dans l'État requis.",
        ("bank_records", "freezing", "taking_evidence"),
        "Information judiciaire (crimes économiques et financiers)",
        "Tracer les fonds et geler les comptes.",
        ("accused", "witness"),
        ("Risque de dissipation des fonds",),
        _bank,
    ),
    Scenario(
        "arms",
        "mla",
        "Trafic d'armes légères — saisie à {place}",
        "Trafic d'armes et de munitions",
        "Contrôle routier à {place} : {count} fusils d'assaut et des munitions découverts dans un camion "
        "venant de l'État requis. Le chauffeur affirme ignorer le contenu.",
        ("taking_evidence", "examining_objects_sites", "information_expert_evaluation"),
        "Information judiciaire",
        "Établir l'origine des armes et entendre l'expéditeur.",
        ("accused", "witness", "expert"),
        ("Accusé en détention provisoire",),
        _search,
        ("Kidira", "Tambacounda"),
    ),
    Scenario(
        "wildlife",
        "mla",
        "Trafic d'espèces protégées — écailles de pangolin",
        "Trafic d'espèces de faune protégées, contrebande",
        "{count} kg d'écailles de pangolin et des pointes d'ivoire ont été saisis à {place} dans des "
        "sacs déclarés comme du poisson séché, en provenance de l'État requis.",
        ("search_and_seizure", "information_expert_evaluation", "documents_records"),
        "Enquête préliminaire",
        "Identifier le fournisseur et obtenir les documents douaniers.",
        ("suspect", "expert"),
        (),
        _search,
        ("Dakar", "Ziguinchor"),
    ),
    Scenario(
        "medicines",
        "mla",
        "Médicaments falsifiés — réseau de distribution à {place}",
        "Mise en circulation de médicaments falsifiés, mise en danger de la vie d'autrui",
        "{count} cartons d'antipaludiques falsifiés ont été saisis à {place}. Les lots portent des "
        "numéros d'un fabricant établi dans l'État requis.",
        ("examining_objects_sites", "information_expert_evaluation", "documents_records"),
        "Enquête préliminaire",
        "Vérifier l'authenticité des lots et identifier le circuit d'importation.",
        ("suspect", "expert"),
        ("Risque sanitaire : lots encore en circulation",),
        None,
        ("Dakar", "Touba", "Kaolack"),
    ),
    Scenario(
        "service",
        "mla",
        "Signification d'une citation à témoin — procès pour escroquerie",
        "Escroquerie en bande organisée",
        "Le tribunal de {place} a fixé l'audience ; un témoin résidant dans l'État requis doit être cité.",
        ("service_of_documents", "voluntary_appearance"),
        "Procès devant le tribunal correctionnel",
        "Permettre la comparution du témoin.",
        ("witness",),
        ("Date d'audience fixée",),
        None,
        ("Dakar", "Thiès"),
        (("Citation à témoin", "request"), ("Traduction de la citation", "translation")),
    ),
    Scenario(
        "kidnapping",
        "mla",
        "Enlèvement contre rançon — données téléphoniques",
        "Enlèvement, séquestration, extorsion",
        "Un commerçant de {place} a été enlevé ; les ravisseurs exigent {amount} FCFA et appellent "
        "depuis des numéros enregistrés dans l'État requis.",
        ("real_time_traffic_data", "stored_data", "taking_evidence"),
        "Enquête de flagrance",
        "Localiser les auteurs et la victime.",
        ("suspect", "victim"),
        ("Vie de la victime en danger",),
        _mobile_money,
        ("Dakar", "Kaolack"),
    ),
    Scenario(
        "transfer_witness",
        "mla",
        "Transfèrement temporaire d'un détenu pour témoigner",
        "Trafic de stupéfiants",
        "Un détenu dans l'État requis est un témoin essentiel au procès qui se tient à {place}. Il a "
        "donné son consentement à son transfèrement temporaire.",
        ("transfer_detained_person", "videoconference_hearing"),
        "Procès devant la chambre criminelle",
        "Obtenir le témoignage du détenu à l'audience.",
        ("witness",),
        ("Audience fixée",),
        None,
        ("Dakar",),
    ),
    Scenario(
        "extradition_murder",
        "extradition",
        "Extradition — meurtre commis à {place}",
        "Meurtre",
        "La personne réclamée est poursuivie pour un meurtre commis à {place} ; elle a fui vers l'État "
        "requis, où elle a été localisée.",
        ("provisional_arrest", "extradition"),
        "Information judiciaire (mandat d'arrêt international)",
        "Remise de la personne pour être jugée.",
        ("accused",),
        ("Risque de fuite vers un État tiers",),
        None,
        ("Dakar", "Thiès", "Saint-Louis"),
        (
            ("Demande d'extradition", "request"),
            ("Mandat d'arrêt", "warrant"),
            ("Textes d'incrimination et de prescription", "law_extract"),
        ),
    ),
    Scenario(
        "extradition_fraud",
        "extradition",
        "Extradition — exécution d'une peine pour escroquerie",
        "Escroquerie, abus de confiance",
        "La personne réclamée a été condamnée à {count} ans d'emprisonnement par le tribunal de {place} "
        "et s'est soustraite à l'exécution de sa peine.",
        ("extradition",),
        "Exécution d'un jugement définitif",
        "Remise de la personne pour l'exécution de la peine.",
        ("accused",),
        (),
        None,
        ("Dakar", "Kaolack"),
        (
            ("Demande d'extradition", "request"),
            ("Jugement définitif", "judgment"),
            ("Textes applicables et peines", "law_extract"),
        ),
    ),
)
SCENARIOS_BY_KEY = {s.key: s for s in SCENARIOS}

OFFICERS = ("Mamadou Lamine Sarr", "Astou Ndoye Gueye", "Pape Ibrahima Faye")

LEGAL_BASES = {
    "mla": "Convention des Nations Unies contre la criminalité transnationale organisée, art. 18 ; "
    "Convention de la CEDEAO sur l'entraide judiciaire en matière pénale (A/P1/7/92)",
    "mla_left": "Convention des Nations Unies contre la criminalité transnationale organisée, art. 18 "
    "(application des conventions CEDEAO incertaine depuis 2025)",
    "mla_other": "Convention des Nations Unies contre la criminalité transnationale organisée, art. 18 ; réciprocité",
    "extradition": "Convention de la CEDEAO relative à l'extradition (A/P.1/8/94) ; UNTOC art. 16",
    "extradition_other": "UNTOC art. 16 ; réciprocité",
}
NON_ECOWAS = ("TD", "MR")
LANDLOCKED = ("BF", "ML", "NE", "TD")
LEFT_ECOWAS = ("ML", "BF", "NE")


def legal_basis(kind: str, state: str) -> str:
    if state in LEFT_ECOWAS:
        return LEGAL_BASES["mla_left"] if kind == "mla" else LEGAL_BASES["extradition_other"]
    if state in NON_ECOWAS:
        return LEGAL_BASES[f"{kind}_other"]
    return LEGAL_BASES[kind]


# The secretariat's categories of each scenario's offences (shared.schema.cases).
OFFENCE_CATEGORIES = {
    "tip_mines": ("trafficking_in_persons",),
    "smuggling": ("migrant_smuggling",),
    "cocaine": ("drug_trafficking", "money_laundering"),
    "bec_fraud": ("fraud", "cybercrime"),
    "ransomware": ("cybercrime",),
    "terror_financing": ("terrorism",),
    "laundering": ("money_laundering",),
    "embezzlement": ("corruption", "money_laundering"),
    "arms": ("firearms",),
    "wildlife": ("environmental_crime",),
    "medicines": ("counterfeit_medicines",),
    "extradition_fraud": ("fraud",),
}


def legal_basis_category(key: str, kind: str, state: str) -> str:
    """The category of the basis `legal_basis` cites first (UNCAC for corruption)."""
    if key == "embezzlement":
        return "uncac"
    if state in LEFT_ECOWAS or state in NON_ECOWAS:
        return "untoc"
    return "ecowas_mla_1992" if kind == "mla" else "ecowas_extradition_1994"
