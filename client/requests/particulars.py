"""The type-specific particulars a request needs, with their labels in three languages.

Particulars are stored in the case's `particulars` map (key -> text). This
table says which keys belong to which type of assistance, so that the wizard
asks for them, the rules check them and the document prints them under the
right heading. General keys (channel, confirmations) belong to no type.
"""

from __future__ import annotations

from dataclasses import dataclass

from .texts_ar import PARTICULARS_AR


@dataclass(frozen=True)
class Particular:
    key: str
    types: tuple[str, ...]  # assistance types that ask for it; () = general
    labels: dict[str, str]  # en, fr, pt, and ar for the Arabic document
    long: bool = False  # several lines expected (a text area in the wizard)
    choices: tuple[str, ...] = ()  # suggested values (the wizard offers a list)
    kinds: tuple[str, ...] = ()  # kinds of case that ask for it whatever the types


def _p(key: str, types: tuple[str, ...], en: str, fr: str, pt: str, **kw: object) -> Particular:
    labels = {"en": en, "fr": fr, "pt": pt, "ar": PARTICULARS_AR[key]}
    kw.setdefault("kinds", _EXTRADITION_CONTENTS.get(key, ()))
    return Particular(key, types, labels, **kw)  # type: ignore[arg-type]


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
        "Person to be heard (identity and address)",
        "Personne à entendre (identité et adresse)",
        "Pessoa a ouvir (identidade e morada)",
    ),
    _p(
        "witness_capacity",
        HEARING,
        "Capacity in which the person is heard",
        "Qualité en laquelle la personne est entendue",
        "Qualidade em que a pessoa é ouvida",
        choices=("witness", "suspect", "expert", "victim"),
    ),
    _p(
        "witness_questions",
        HEARING,
        "Questions to be put",
        "Questions à poser",
        "Perguntas a formular",
        long=True,
    ),
    _p(
        "oath",
        HEARING,
        "Oath or solemn affirmation",
        "Serment ou affirmation solennelle",
        "Juramento ou declaração solene",
        choices=("oath", "solemn affirmation", "none"),
    ),
    # Videoconference (18(18)).
    _p(
        "vc_technical_contact",
        ("videoconference_hearing",),
        "Technical contact for the videoconference",
        "Contact technique pour la visioconférence",
        "Contacto técnico para a videoconferência",
    ),
    _p(
        "vc_date",
        ("videoconference_hearing",),
        "Proposed date and time of the hearing",
        "Date et heure proposées pour l'audition",
        "Data e hora propostas para a audição",
    ),
    # Service of documents (18(3)(b)).
    _p(
        "service_documents",
        ("service_of_documents",),
        "Documents to be served",
        "Actes à notifier",
        "Atos a notificar",
        long=True,
    ),
    _p(
        "service_addressee",
        ("service_of_documents",),
        "Addressee (name and address)",
        "Destinataire (nom et adresse)",
        "Destinatário (nome e morada)",
    ),
    # Search and seizure (18(3)(c)).
    _p(
        "search_place",
        ("search_and_seizure",),
        "Place to be searched",
        "Lieu de la perquisition",
        "Local a buscar",
    ),
    _p(
        "search_items",
        ("search_and_seizure",),
        "Items to be seized",
        "Objets à saisir",
        "Objetos a apreender",
        long=True,
    ),
    _p(
        "search_grounds",
        ("search_and_seizure",),
        "Grounds linking the place and items to the offence",
        "Motifs rattachant le lieu et les objets à l'infraction",
        "Fundamentos que ligam o local e os objetos à infração",
        long=True,
    ),
    # Freezing (18(3)(c)) and confiscation.
    _p(
        "domestic_order",
        ("search_and_seizure", "freezing"),
        "Order issued in the requesting state (authority, date)",
        "Décision rendue dans l'État requérant (autorité, date)",
        "Decisão proferida no Estado requerente (autoridade, data)",
    ),
    _p(
        "freeze_assets",
        ("freezing",),
        "Assets to be frozen or seized",
        "Avoirs à geler ou à saisir",
        "Bens a congelar ou apreender",
        long=True,
    ),
    _p(
        "freeze_link",
        ("freezing",),
        "Link between the assets and the offence",
        "Lien entre les avoirs et l'infraction",
        "Ligação entre os bens e a infração",
        long=True,
    ),
    _p(
        "freeze_confiscation_view",
        ("freezing",),
        "Freezing with a view to confiscation?",
        "Gel en vue d'une confiscation ?",
        "Congelamento com vista à perda (confisco)?",
        choices=("yes", "no"),
    ),
    _p(
        "confiscation_order",
        ("confiscation",),
        "Confiscation order (court, date, enforceability)",
        "Décision de confiscation (juridiction, date, caractère exécutoire)",
        "Decisão de perda (tribunal, data, força executória)",
    ),
    _p(
        "confiscation_assets",
        ("confiscation",),
        "Assets to be confiscated",
        "Avoirs à confisquer",
        "Bens a declarar perdidos",
        long=True,
    ),
    # Identifying and tracing proceeds (18(3)(g)).
    _p(
        "trace_target",
        ("identify_trace_proceeds",),
        "Proceeds or property to identify or trace",
        "Produits ou biens à identifier ou à localiser",
        "Produtos ou bens a identificar ou localizar",
        long=True,
    ),
    _p(
        "trace_link",
        ("identify_trace_proceeds",),
        "Link with the offence",
        "Lien avec l'infraction",
        "Ligação com a infração",
        long=True,
    ),
    # Bank and other records (18(3)(f)).
    _p(
        "bank_name",
        ("bank_records",),
        "Bank or financial institution",
        "Banque ou établissement financier",
        "Banco ou instituição financeira",
    ),
    _p(
        "account_holder",
        ("bank_records",),
        "Account holder",
        "Titulaire du compte",
        "Titular da conta",
    ),
    _p(
        "account_numbers",
        ("bank_records",),
        "Account numbers",
        "Numéros de compte",
        "Números de conta",
    ),
    _p("period", ("bank_records",), "Period covered", "Période visée", "Período abrangido"),
    _p(
        "records_description",
        ("documents_records",),
        "Records sought and who holds them",
        "Documents recherchés et leur détenteur",
        "Documentos pretendidos e quem os detém",
        long=True,
    ),
    # Objects and sites, information and expertise (18(3)(d), (e)).
    _p(
        "examine_subject",
        ("examining_objects_sites",),
        "Objects or sites to examine",
        "Objets ou lieux à examiner",
        "Objetos ou locais a examinar",
        long=True,
    ),
    _p(
        "information_sought",
        ("information_expert_evaluation",),
        "Information or expert evaluation sought",
        "Renseignements ou expertise demandés",
        "Informações ou perícia pretendidas",
        long=True,
    ),
    # Voluntary appearance and transfer of detained persons (18(3)(h), 18(10)).
    _p(
        "appearance_person",
        ("voluntary_appearance",),
        "Person invited to appear, and where",
        "Personne invitée à comparaître, et lieu",
        "Pessoa convidada a comparecer, e local",
    ),
    _p(
        "detainee_identity",
        ("transfer_detained_person",),
        "Detained person (identity, place of detention)",
        "Personne détenue (identité, lieu de détention)",
        "Pessoa detida (identidade, local de detenção)",
    ),
    _p(
        "detainee_consent",
        ("transfer_detained_person",),
        "Free and informed consent of the person",
        "Consentement libre et éclairé de la personne",
        "Consentimento livre e esclarecido da pessoa",
    ),
    _p(
        "transfer_return",
        ("transfer_detained_person",),
        "Custody and date of return",
        "Maintien en détention et date du retour",
        "Manutenção da detenção e data de regresso",
    ),
    # Transfer of proceedings, JIT, controlled delivery.
    _p(
        "proceedings_reasons",
        ("transfer_of_proceedings",),
        "Why the requested state is better placed",
        "Raisons pour lesquelles l'État requis est mieux placé",
        "Razões pelas quais o Estado requerido está em melhor posição",
        long=True,
    ),
    _p(
        "jit_terms",
        ("joint_investigation_team",),
        "Purpose, members and duration of the team",
        "Objet, membres et durée de l'équipe",
        "Objeto, membros e duração da equipa",
        long=True,
    ),
    _p(
        "delivery_details",
        ("controlled_delivery",),
        "Consignment, route and expected dates",
        "Envoi, itinéraire et dates prévues",
        "Remessa, itinerário e datas previstas",
        long=True,
    ),
    # Electronic evidence.
    _p(
        "data_provider",
        E_EVIDENCE,
        "Service provider holding the data",
        "Fournisseur de services détenant les données",
        "Prestador de serviços que detém os dados",
    ),
    _p(
        "data_identifiers",
        E_EVIDENCE,
        "Identifiers (account, e-mail, IP address, number)",
        "Identifiants (compte, courriel, adresse IP, numéro)",
        "Identificadores (conta, correio eletrónico, endereço IP, número)",
    ),
    _p("data_period", E_EVIDENCE, "Period of the data", "Période des données", "Período dos dados"),
    # Extradition and provisional arrest.
    _p(
        "court",
        (),
        "Court or authority seized",
        "Juridiction saisie",
        "Tribunal ou autoridade competente",
        kinds=("extradition",),
    ),
    _p(
        "case_number",
        (),
        "Case number",
        "Numéro de la procédure",
        "Número do processo",
        kinds=("extradition",),
    ),
    _p(
        "offence_time",
        EXTRADITION,
        "Date or period of the offence",
        "Date ou période des faits",
        "Data ou período dos factos",
    ),
    _p("offence_place", EXTRADITION, "Place of the offence", "Lieu des faits", "Local dos factos"),
    _p(
        "law_text",
        ("extradition",),
        "Text of the applicable legal provisions",
        "Texte des dispositions légales applicables",
        "Texto das disposições legais aplicáveis",
        long=True,
    ),
    _p(
        "penalty",
        EXTRADITION,
        "Penalty incurred or imposed",
        "Peine encourue ou prononcée",
        "Pena aplicável ou aplicada",
    ),
    _p(
        "limitation",
        ("extradition",),
        "Limitation period (not expired)",
        "Prescription (non acquise)",
        "Prescrição (não verificada)",
    ),
    _p(
        "full_request_undertaking",
        ("provisional_arrest",),
        "Undertaking to send the full extradition request",
        "Engagement de transmettre la demande d'extradition en bonne et due forme",
        "Compromisso de enviar o pedido de extradição formal",
    ),
    _p(
        "death_penalty",
        (),
        "Death penalty",
        "Peine de mort",
        "Pena de morte",
        choices=("not_punishable", "assurance"),
        kinds=("extradition",),
    ),
    # Transfer of sentenced persons (a kind of case of its own).
    _p(
        "sentence_details",
        (),
        "Sentence imposed, part served and part remaining",
        "Peine prononcée, durée subie et reliquat",
        "Pena aplicada, parte cumprida e remanescente",
        long=True,
        kinds=("transfer_sentenced",),
    ),
    _p(
        "sentenced_consent",
        (),
        "Consent of the sentenced person",
        "Consentement de la personne condamnée",
        "Consentimento da pessoa condenada",
        kinds=("transfer_sentenced",),
    ),
    # General: the requested state's own requirements (directory).
    _p(
        "signing_place",
        (),
        "Place of signature",
        "Lieu de signature",
        "Local da assinatura",
    ),
    _p("channel", (), "Channel of transmission", "Voie de transmission", "Via de transmissão"),
    _p(
        "directory_documents_checked",
        (),
        "Documents required by the requested state annexed",
        "Pièces exigées par l'État requis jointes",
        "Documentos exigidos pelo Estado requerido anexos",
        choices=("yes", "no"),
    ),
    _p(
        "directory_information_checked",
        (),
        "Information required by the requested state given",
        "Informations exigées par l'État requis fournies",
        "Informações exigidas pelo Estado requerido prestadas",
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
    return particular.labels[lang] if particular else key
