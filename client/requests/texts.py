"""Every string the request document prints, in English, French and Portuguese.

Headings, labels and the standard statements of a request. What the drafter
types is printed as typed; only our own words are translated, and all of them
live here so that a test can check that no language misses one.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_format_date

from shared.schema.states import STATE_NAMES  # noqa: F401 (re-exported)
from shared.schema.states import state_name as shared_state_name

from .texts_ar import (
    ASSISTANCE_AR,
    CHOICES_AR,
    DOCUMENT_KINDS_AR,
    LANGUAGE_NAMES_AR,
    ROLES_AR,
    TEXTS_AR,
)

LANGS = ("en", "fr", "pt")  # rule messages and the app
DOC_LANGS = ("en", "fr", "pt", "ar")  # the request document


def _t(en: str, fr: str, pt: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "pt": pt}


TEXTS: dict[str, dict[str, str]] = {
    # Titles.
    "title_mla": _t(
        "Request for mutual legal assistance in criminal matters",
        "Demande d'entraide judiciaire en matière pénale",
        "Pedido de auxílio judiciário mútuo em matéria penal",
    ),
    "title_extradition": _t(
        "Request for extradition", "Demande d'extradition", "Pedido de extradição"
    ),
    "title_provisional": _t(
        "Request for provisional arrest with a view to extradition",
        "Demande d'arrestation provisoire aux fins d'extradition",
        "Pedido de detenção provisória para efeitos de extradição",
    ),
    # Reference block and addressee.
    "our_ref": _t("Our reference", "Notre référence", "Nossa referência"),
    "their_ref": _t("Your reference", "Votre référence", "Vossa referência"),
    "date": _t("Date", "Date", "Data"),
    "channel": _t("Transmitted through", "Voie de transmission", "Via de transmissão"),
    "addressee": _t("To", "Destinataire", "Destinatário"),
    "subject": _t("Subject", "Objet", "Assunto"),
    # Banners.
    "banner_urgent": _t("URGENT", "URGENT", "URGENTE"),
    "banner_confidential": _t("CONFIDENTIAL", "CONFIDENTIEL", "CONFIDENCIAL"),
    # Section headings, in the order practitioners expect.
    "h_requesting": _t("Requesting authority", "Autorité requérante", "Autoridade requerente"),
    "h_legal_basis": _t("Legal basis", "Fondement juridique", "Base jurídica"),
    "h_proceedings": _t(
        "Nature of the proceedings and authority conducting them",
        "Nature de la procédure et autorité qui la conduit",
        "Natureza do processo e autoridade que o dirige",
    ),
    "h_facts": _t("Summary of the facts", "Exposé des faits", "Exposição dos factos"),
    "h_dual_criminality": _t("Dual criminality", "Double incrimination", "Dupla incriminação"),
    "h_persons": _t("Persons concerned", "Personnes concernées", "Pessoas envolvidas"),
    "h_assistance": _t(
        "Assistance requested", "Mesures d'entraide sollicitées", "Medidas de auxílio solicitadas"
    ),
    "h_purpose": _t("Purpose of the request", "Finalité de la demande", "Finalidade do pedido"),
    "h_procedure": _t(
        "Procedures to be followed",
        "Formalités et procédures particulières",
        "Formalidades e procedimentos específicos",
    ),
    "h_confidentiality": _t("Confidentiality", "Confidentialité", "Confidencialidade"),
    "h_time": _t("Urgency and time limits", "Urgence et délais", "Urgência e prazos"),
    "h_use": _t(
        "Use of information and evidence",
        "Utilisation des informations et des preuves",
        "Utilização das informações e das provas",
    ),
    "h_contact": _t("Contact person", "Personne à contacter", "Pessoa de contacto"),
    "h_person_sought": _t("Person sought", "Personne réclamée", "Pessoa reclamada"),
    "h_extradition_facts": _t("Statement of the facts", "Exposé des faits", "Exposição dos factos"),
    "h_law": _t(
        "Legal classification and applicable law",
        "Qualification juridique et textes applicables",
        "Qualificação jurídica e disposições legais aplicáveis",
    ),
    "h_warrant": _t(
        "Warrant of arrest or judgment",
        "Mandat d'arrêt ou jugement",
        "Mandado de detenção ou sentença",
    ),
    "h_provisional": _t("Provisional arrest", "Arrestation provisoire", "Detenção provisória"),
    "h_annexes": _t("Annexes", "Pièces jointes", "Anexos"),
    # Field labels.
    "authority": _t("Authority", "Autorité", "Autoridade"),
    "state": _t("State", "État", "Estado"),
    "proceeding_nature": _t(
        "Nature of the proceedings", "Nature de la procédure", "Natureza do processo"
    ),
    "authority_conducting": _t(
        "Authority conducting them (name and functions)",
        "Autorité qui la conduit (nom et fonctions)",
        "Autoridade que o dirige (nome e funções)",
    ),
    "offences": _t("Offences", "Infractions", "Infrações"),
    "description": _t("Description", "Description", "Descrição"),
    "role": _t("Capacity", "Qualité", "Qualidade"),
    "name": _t("Name", "Nom", "Nome"),
    "nationality": _t("Nationality", "Nationalité", "Nacionalidade"),
    "date_of_birth": _t("Date of birth", "Date de naissance", "Data de nascimento"),
    "location": _t("Whereabouts", "Localisation", "Paradeiro"),
    "identity_details": _t(
        "Identity and description", "Identité et signalement", "Identidade e sinais particulares"
    ),
    "deadline": _t("Time limit for execution", "Délai d'exécution", "Prazo de execução"),
    "deadline_reason": _t("Reason for the time limit", "Motif du délai", "Motivo do prazo"),
    "urgency_reason": _t("Reason for urgency", "Motif de l'urgence", "Motivo da urgência"),
    "document_reference": _t("reference", "référence", "referência"),
    "officer": _t(
        "Officer in charge", "Magistrat ou agent chargé du dossier", "Responsável pelo processo"
    ),
    "contact_details": _t("Contact details", "Coordonnées", "Contactos"),
    "signature": _t("Signature and seal", "Signature et sceau", "Assinatura e selo"),
    "place_date": _t(
        "Done at {place}, on {date}", "Fait à {place}, le {date}", "Feito em {place}, em {date}"
    ),
    "none": _t("None.", "Néant.", "Nenhum."),
    "to_complete": _t("[to be completed]", "[à compléter]", "[a completar]"),
    # Standard statements.
    "intro_mla": _t(
        "{requester} requests the assistance of the authority addressed above in the criminal matter described below.",
        "{requester} a l'honneur de solliciter l'entraide judiciaire de l'autorité destinataire dans l'affaire pénale exposée ci-après.",
        "{requester} solicita à autoridade destinatária o auxílio judiciário mútuo no processo penal a seguir descrito.",
    ),
    "intro_extradition": _t(
        "{requester} requests the authority addressed above to extradite the person identified below.",
        "{requester} a l'honneur de solliciter de l'autorité destinataire l'extradition de la personne désignée ci-après.",
        "{requester} solicita à autoridade destinatária a extradição da pessoa abaixo identificada.",
    ),
    "intro_provisional": _t(
        "{requester} requests the authority addressed above to arrest provisionally, with a view to extradition, the person identified below.",
        "{requester} a l'honneur de solliciter de l'autorité destinataire l'arrestation provisoire, aux fins d'extradition, de la personne désignée ci-après.",
        "{requester} solicita à autoridade destinatária a detenção provisória, para efeitos de extradição, da pessoa abaixo identificada.",
    ),
    "st_confidential": _t(
        "The requesting authority asks that the fact and substance of this request be kept confidential, "
        "except to the extent necessary to execute it. If the requested state cannot comply, it is asked to "
        "inform the requesting authority before executing the request.",
        "L'autorité requérante demande que l'existence et la teneur de la présente demande restent "
        "confidentielles, sauf dans la mesure nécessaire à son exécution. Si l'État requis ne peut s'y "
        "conformer, il est prié d'en informer l'autorité requérante avant toute exécution.",
        "A autoridade requerente solicita que a existência e o conteúdo do presente pedido sejam mantidos "
        "confidenciais, salvo na medida necessária à sua execução. Caso o Estado requerido não possa "
        "cumprir esta exigência, solicita-se que informe a autoridade requerente antes da execução.",
    ),
    "st_not_confidential": _t(
        "No confidentiality is requested beyond that ordinarily observed by the requested state.",
        "Aucune confidentialité n'est demandée au-delà de celle qu'observe habituellement l'État requis.",
        "Não é solicitada confidencialidade para além da habitualmente observada pelo Estado requerido.",
    ),
    "st_urgent": _t(
        "This request is urgent.",
        "La présente demande est urgente.",
        "O presente pedido é urgente.",
    ),
    "st_deadline": _t(
        "Execution is requested by {date}.",
        "L'exécution est sollicitée au plus tard le {date}.",
        "Solicita-se a execução até {date}.",
    ),
    "st_use": _t(
        "The information and evidence obtained will not be used for proceedings other than those "
        "described in this request without the prior consent of the requested state.",
        "Les informations et éléments de preuve obtenus ne seront pas utilisés dans une procédure autre "
        "que celle décrite dans la présente demande sans le consentement préalable de l'État requis.",
        "As informações e os elementos de prova obtidos não serão utilizados em processo diferente do "
        "descrito no presente pedido sem o consentimento prévio do Estado requerido.",
    ),
    "st_provisional": _t(
        "The requesting state undertakes to transmit the formal extradition request within the time "
        "limit set by the applicable treaty or by the law of the requested state.",
        "L'État requérant s'engage à transmettre la demande d'extradition en bonne et due forme dans le "
        "délai prévu par la convention applicable ou par la loi de l'État requis.",
        "O Estado requerente compromete-se a transmitir o pedido formal de extradição no prazo previsto "
        "no tratado aplicável ou na lei do Estado requerido.",
    ),
    "st_closing": _t(
        "The requesting authority remains available for any further information and assures the "
        "requested authority of its reciprocity in similar matters.",
        "L'autorité requérante se tient à la disposition de l'autorité requise pour tout complément "
        "d'information et l'assure de sa réciprocité dans des affaires similaires.",
        "A autoridade requerente permanece à disposição da autoridade requerida para qualquer "
        "informação complementar e assegura-lhe a reciprocidade em casos semelhantes.",
    ),
    "title_transfer_sentenced": _t(
        "Request for the transfer of a sentenced person",
        "Demande de transfèrement d'une personne condamnée",
        "Pedido de transferência de pessoa condenada",
    ),
    "intro_transfer_sentenced": _t(
        "{requester} requests the authority addressed above to agree to the transfer of the sentenced person identified below, to serve the remainder of the sentence.",
        "{requester} a l'honneur de solliciter l'accord de l'autorité destinataire pour le transfèrement de la personne condamnée désignée ci-après, aux fins d'exécution du reliquat de sa peine.",
        "{requester} solicita à autoridade destinatária o acordo para a transferência da pessoa condenada abaixo identificada, para cumprimento do remanescente da pena.",
    ),
    "h_proceedings_ext": _t(
        "Proceedings in the requesting state",
        "Procédure suivie dans l'État requérant",
        "Processo no Estado requerente",
    ),
    "court": _t(
        "Court or authority seized", "Juridiction saisie", "Tribunal ou autoridade competente"
    ),
    "case_number": _t("Case number", "Numéro de la procédure", "Número do processo"),
    "h_assurances": _t("Assurances", "Garanties", "Garantias"),
    "h_nationals": _t(
        "Nationality of the person sought",
        "Nationalité de la personne réclamée",
        "Nacionalidade da pessoa reclamada",
    ),
    "h_sentenced": _t(
        "Sentenced person and sentence", "Personne condamnée et peine", "Pessoa condenada e pena"
    ),
    "death_penalty": _t("Death penalty", "Peine de mort", "Pena de morte"),
    "st_speciality": _t(
        "In accordance with the rule of speciality, the person surrendered will not be prosecuted, tried, "
        "detained or subjected to any other restriction of personal liberty for any offence committed "
        "before the surrender other than that for which extradition is granted, nor re-extradited to a "
        "third state, without the consent of the requested state, except as the applicable treaty provides.",
        "Conformément à la règle de la spécialité, la personne remise ne sera ni poursuivie, ni jugée, ni "
        "détenue, ni soumise à aucune autre restriction de sa liberté individuelle pour un fait antérieur à "
        "la remise autre que celui ayant motivé l'extradition, ni réextradée vers un État tiers, sans le "
        "consentement de l'État requis, sauf dans les cas prévus par la convention applicable.",
        "Em conformidade com a regra da especialidade, a pessoa entregue não será perseguida, julgada, "
        "detida nem sujeita a qualquer outra restrição da sua liberdade pessoal por facto anterior à "
        "entrega diferente daquele que motivou a extradição, nem reextraditada para um Estado terceiro, sem "
        "o consentimento do Estado requerido, salvo nos casos previstos no tratado aplicável.",
    ),
    "st_dp_not_punishable": _t(
        "The offences for which extradition is sought are not punishable by death under the law of the requesting state.",
        "Les infractions pour lesquelles l'extradition est demandée ne sont pas passibles de la peine de mort selon la loi de l'État requérant.",
        "As infrações pelas quais a extradição é pedida não são puníveis com a pena de morte segundo a lei do Estado requerente.",
    ),
    "st_dp_assurance": _t(
        "The requesting state gives the assurance that the death penalty will not be imposed on the person sought or, if imposed, will not be carried out.",
        "L'État requérant donne l'assurance que la peine de mort ne sera pas prononcée à l'encontre de la personne réclamée ou, si elle l'est, qu'elle ne sera pas exécutée.",
        "O Estado requerente garante que a pena de morte não será aplicada à pessoa reclamada ou, se o for, não será executada.",
    ),
    "st_nationals": _t(
        "Should the requested state refuse extradition solely on the ground that the person sought is one "
        "of its nationals, the requesting state asks, in accordance with article 16, paragraph 10, of the "
        "United Nations Convention against Transnational Organized Crime, that the case be submitted without "
        "undue delay to its competent authorities for the purpose of prosecution, and will provide the "
        "evidence and information in its possession.",
        "Si l'État requis refusait l'extradition au seul motif que la personne réclamée est l'un de ses "
        "ressortissants, l'État requérant demande, conformément au paragraphe 10 de l'article 16 de la "
        "Convention des Nations Unies contre la criminalité transnationale organisée, que l'affaire soit "
        "soumise sans retard excessif à ses autorités compétentes aux fins de poursuites, et lui communiquera "
        "les éléments de preuve et informations en sa possession.",
        "Caso o Estado requerido recuse a extradição apenas com fundamento em a pessoa reclamada ser seu "
        "nacional, o Estado requerente solicita, nos termos do n.º 10 do artigo 16.º da Convenção das Nações "
        "Unidas contra a Criminalidade Organizada Transnacional, que o caso seja submetido sem demora "
        "injustificada às suas autoridades competentes para efeitos de procedimento criminal, e fornecerá "
        "os elementos de prova e as informações de que dispõe.",
    ),
    "legal_person": _t("legal person", "personne morale", "pessoa coletiva"),
    "incorporation": _t("State of registration", "État d'immatriculation", "Estado de registo"),
    "registration": _t(
        "Registration number and registered office",
        "Numéro d'immatriculation et siège social",
        "Número de registo e sede",
    ),
    "page_prefix": _t("Page ", "Page ", "Página "),
    "page_of": _t(" of ", " sur ", " de "),
}

ASSISTANCE_LABELS: dict[str, dict[str, str]] = {
    "taking_evidence": _t(
        "Taking of evidence or statements",
        "Recueil de témoignages ou de dépositions",
        "Recolha de provas ou depoimentos",
    ),
    "service_of_documents": _t(
        "Service of judicial documents",
        "Notification d'actes judiciaires",
        "Notificação de atos judiciais",
    ),
    "search_and_seizure": _t("Search and seizure", "Perquisition et saisie", "Busca e apreensão"),
    "freezing": _t("Freezing of assets", "Gel des avoirs", "Congelamento de bens"),
    "examining_objects_sites": _t(
        "Examination of objects and sites",
        "Examen d'objets et de lieux",
        "Exame de objetos e locais",
    ),
    "information_expert_evaluation": _t(
        "Information, evidentiary items and expert evaluations",
        "Informations, pièces à conviction et expertises",
        "Informações, elementos de prova e perícias",
    ),
    "bank_records": _t(
        "Bank, financial and business records",
        "Documents bancaires, financiers et commerciaux",
        "Documentos bancários, financeiros e comerciais",
    ),
    "documents_records": _t(
        "Documents and records (originals or certified copies)",
        "Documents et dossiers (originaux ou copies certifiées conformes)",
        "Documentos e registos (originais ou cópias autenticadas)",
    ),
    "identify_trace_proceeds": _t(
        "Identifying and tracing proceeds of crime",
        "Identification et localisation des produits du crime",
        "Identificação e localização dos produtos do crime",
    ),
    "voluntary_appearance": _t(
        "Voluntary appearance in the requesting state",
        "Comparution volontaire dans l'État requérant",
        "Comparência voluntária no Estado requerente",
    ),
    "videoconference_hearing": _t(
        "Hearing by videoconference", "Audition par visioconférence", "Audição por videoconferência"
    ),
    "transfer_detained_person": _t(
        "Transfer of a detained person to testify",
        "Transfèrement d'une personne détenue aux fins de témoignage",
        "Transferência de pessoa detida para prestar depoimento",
    ),
    "transfer_of_proceedings": _t(
        "Transfer of criminal proceedings",
        "Transfert des poursuites pénales",
        "Transmissão de processos penais",
    ),
    "joint_investigation_team": _t(
        "Joint investigation team", "Équipe commune d'enquête", "Equipa de investigação conjunta"
    ),
    "controlled_delivery": _t("Controlled delivery", "Livraison surveillée", "Entrega controlada"),
    "preservation_stored_data": _t(
        "Expedited preservation of stored computer data",
        "Conservation rapide de données informatiques stockées",
        "Conservação expedita de dados informáticos armazenados",
    ),
    "stored_data": _t(
        "Access to stored computer data",
        "Accès à des données informatiques stockées",
        "Acesso a dados informáticos armazenados",
    ),
    "real_time_traffic_data": _t(
        "Real-time collection of traffic data",
        "Collecte en temps réel de données relatives au trafic",
        "Recolha em tempo real de dados de tráfego",
    ),
    "confiscation": _t("Confiscation", "Confiscation", "Perda de bens (confisco)"),
    "extradition": _t("Extradition", "Extradition", "Extradição"),
    "provisional_arrest": _t("Provisional arrest", "Arrestation provisoire", "Detenção provisória"),
    "other": _t("Other assistance", "Autre forme d'entraide", "Outra forma de auxílio"),
}

ROLE_LABELS: dict[str, dict[str, str]] = {
    "suspect": _t("suspect", "suspect", "suspeito"),
    "accused": _t("accused", "personne poursuivie", "arguido"),
    "witness": _t("witness", "témoin", "testemunha"),
    "victim": _t("victim", "victime", "vítima"),
    "expert": _t("expert", "expert", "perito"),
    "sentenced": _t("sentenced person", "personne condamnée", "pessoa condenada"),
    "other": _t("other", "autre", "outra"),
}

DOCUMENT_KIND_LABELS: dict[str, dict[str, str]] = {
    "request": _t("request", "demande", "pedido"),
    "warrant": _t("warrant of arrest", "mandat d'arrêt", "mandado de detenção"),
    "judgment": _t("judgment", "jugement", "sentença"),
    "law_extract": _t("text of the law", "texte de loi", "texto legal"),
    "evidence": _t("evidence", "élément de preuve", "elemento de prova"),
    "correspondence": _t("correspondence", "correspondance", "correspondência"),
    "translation": _t("translation", "traduction", "tradução"),
    "letter_rogatory": _t("letter rogatory", "commission rogatoire", "carta rogatória"),
    "court_order": _t("court order", "ordonnance judiciaire", "despacho judicial"),
    "other": _t("other document", "autre pièce", "outro documento"),
}

# Suggested values of particulars (stored in English, printed in the document's language).
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "witness": ROLE_LABELS["witness"],
    "suspect": ROLE_LABELS["suspect"],
    "accused": ROLE_LABELS["accused"],
    "expert": ROLE_LABELS["expert"],
    "victim": ROLE_LABELS["victim"],
    "oath": _t("under oath", "sous serment", "sob juramento"),
    "solemn affirmation": _t(
        "on solemn affirmation", "sur affirmation solennelle", "mediante declaração solene"
    ),
    "none": _t("no oath", "sans prestation de serment", "sem juramento"),
    "yes": _t("yes", "oui", "sim"),
    "no": _t("no", "non", "não"),
    "not_punishable": _t(
        "offences not punishable by death",
        "infractions non passibles de la peine de mort",
        "infrações não puníveis com pena de morte",
    ),
    "assurance": _t(
        "assurance that death will not be imposed or carried out",
        "assurance que la peine de mort ne sera ni prononcée ni exécutée",
        "garantia de que a pena de morte não será aplicada nem executada",
    ),
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": _t("English", "anglais", "inglês"),
    "fr": _t("French", "français", "francês"),
    "pt": _t("Portuguese", "portugais", "português"),
    "ar": _t("Arabic", "arabe", "árabe"),
}

# The document speaks Arabic too (for Mauritania and Chad); rule messages and the app do not.
for _table, _arabic in (
    (TEXTS, TEXTS_AR),
    (ASSISTANCE_LABELS, ASSISTANCE_AR),
    (ROLE_LABELS, ROLES_AR),
    (DOCUMENT_KIND_LABELS, DOCUMENT_KINDS_AR),
    (LANGUAGE_NAMES, LANGUAGE_NAMES_AR),
):
    for _key, _labels in _table.items():
        _labels["ar"] = _arabic[_key]
for _key, _labels in CHOICE_LABELS.items():
    _labels.setdefault("ar", CHOICES_AR.get(_key) or ROLES_AR[_key])

_BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR", "pt": "pt_PT", "ar": "ar"}


def text(key: str, lang: str, **values: str) -> str:
    template = TEXTS[key][lang]
    return template.format(**values) if values else template


def state_name(code: str, lang: str) -> str:
    return shared_state_name(code, lang)


def colon(lang: str) -> str:
    """French puts a (no-break) space before a colon; Arabic uses its own colon form."""
    return "\u00a0:" if lang == "fr" else ":"


def choice_label(value: str, lang: str) -> str:
    labels = CHOICE_LABELS.get(value.strip().lower())
    return labels[lang] if labels else value


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
