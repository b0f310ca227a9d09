"""The finder's and the briefing note's own words in English, French and Portuguese.

What the secretariat typed (notes, sources) is shown as typed; only our words are
translated, all here, so that a test can check that no language misses one.
"""

from __future__ import annotations

LANGS = ("en", "fr", "pt")


def _t(en: str, fr: str, pt: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "pt": pt}


TEXTS: dict[str, dict[str, str]] = {
    # Standing of an instrument between two states on a date.
    "status_in_force": _t(
        "in force between the two states on {date}",
        "en vigueur entre les deux États le {date}",
        "em vigor entre os dois Estados em {date}",
    ),
    "status_unverified": _t(
        "applies on {date}, but some facts are unverified",
        "applicable le {date}, mais certains faits ne sont pas vérifiés",
        "aplicável em {date}, mas alguns factos não estão verificados",
    ),
    "status_uncertain": _t(
        "uncertain on {date}",
        "incertain le {date}",
        "incerto em {date}",
    ),
    "status_not_in_force": _t(
        "not in force between the two states on {date}",
        "pas en vigueur entre les deux États le {date}",
        "não vigora entre os dois Estados em {date}",
    ),
    "status_not_recorded": _t(
        "not established in the library: check before citing it",
        "non établi dans la bibliothèque : à vérifier avant de le citer",
        "não estabelecido na biblioteca: verificar antes de o citar",
    ),
    "status_out_of_scope": _t(
        "outside its scope for this offence",
        "hors de son champ pour cette infraction",
        "fora do seu âmbito para esta infração",
    ),
    "status_fallback": _t(
        "fall-back when no instrument applies or alongside one",
        "à défaut d'instrument applicable, ou en complément",
        "na falta de instrumento aplicável, ou em complemento",
    ),
    # Per-state standing.
    "state_party": _t("{state}: party", "{state} : partie", "{state}: parte"),
    "state_party_since": _t(
        "{state}: in force for it since {date}",
        "{state} : en vigueur à son égard depuis le {date}",
        "{state}: em vigor para este Estado desde {date}",
    ),
    "state_party_as_of": _t(
        "{state}: a party by {date} at the latest (exact date not recorded)",
        "{state} : partie au plus tard le {date} (date exacte non enregistrée)",
        "{state}: parte o mais tardar em {date} (data exata não registada)",
    ),
    "state_party_undated": _t(
        "{state}: party, date unverified",
        "{state} : partie, date non vérifiée",
        "{state}: parte, data não verificada",
    ),
    "state_not_yet": _t(
        "{state}: not yet in force for it on that date (from {date})",
        "{state} : pas encore en vigueur à son égard à cette date (à partir du {date})",
        "{state}: ainda não vigorava para este Estado nessa data (a partir de {date})",
    ),
    "state_signatory": _t(
        "{state}: signature only recorded (signature does not bind)",
        "{state} : seule la signature est enregistrée (la signature n'engage pas)",
        "{state}: apenas a assinatura está registada (a assinatura não vincula)",
    ),
    "state_withdrawn": _t(
        "{state}: withdrew with effect from {date}",
        "{state} : retrait avec effet au {date}",
        "{state}: retirada com efeito a partir de {date}",
    ),
    "state_uncertain": _t(
        "{state}: uncertain since {date}",
        "{state} : incertain depuis le {date}",
        "{state}: incerto desde {date}",
    ),
    "state_no_record": _t(
        "{state}: participation not recorded in the library",
        "{state} : participation non enregistrée dans la bibliothèque",
        "{state}: participação não registada na biblioteca",
    ),
    "state_unknown_before": _t(
        "{state}: a party by {date}; whether it was one on the request's date is not recorded",
        "{state} : partie au {date} ; rien n'établit qu'elle l'était à la date de la demande",
        "{state}: parte em {date}; não está registado se o era na data do pedido",
    ),
    "state_left_org": _t(
        "{state}: left {org} with effect from {date}",
        "{state} : a quitté la {org} avec effet au {date}",
        "{state}: saiu da {org} com efeito a partir de {date}",
    ),
    "org_ecowas": _t("ECOWAS", "CEDEAO", "CEDEAO"),
    "unverified_fact": _t("(unverified)", "(non vérifié)", "(não verificado)"),
    # Caveats.
    "caveat_untoc_scope": _t(
        "UNTOC art. 3: only for offences established under arts. 5, 6, 8 and 23 or serious crime "
        "(art. 2(b): maximum penalty of at least four years) that are transnational in nature and "
        "involve an organized criminal group; art. 18(1): reasonable grounds to suspect these "
        "elements suffice. State them in the request.",
        "CTO art. 3 : seulement pour les infractions des art. 5, 6, 8 et 23 ou les infractions graves "
        "(art. 2 b) : peine maximale d'au moins quatre ans), de nature transnationale et impliquant "
        "un groupe criminel organisé ; art. 18(1) : des motifs raisonnables de soupçonner ces "
        "éléments suffisent. Les exposer dans la demande.",
        "Convenção de Palermo art. 3.º: apenas para as infrações dos art. 5.º, 6.º, 8.º e 23.º ou "
        "infrações graves (art. 2.º, b): pena máxima de pelo menos quatro anos), de natureza "
        "transnacional e envolvendo um grupo criminoso organizado; art. 18.º, n.º 1: bastam motivos "
        "razoáveis para suspeitar destes elementos. Indicá-los no pedido.",
    ),
    "caveat_untoc_18_7_alone": _t(
        "UNTOC art. 18(7): no mutual legal assistance treaty in force between them is recorded, so "
        "paragraphs 9 to 29 of art. 18 govern the request.",
        "CTO art. 18(7) : aucun traité d'entraide en vigueur entre eux n'est enregistré ; les "
        "paragraphes 9 à 29 de l'art. 18 régissent donc la demande.",
        "Convenção de Palermo art. 18.º, n.º 7: não está registado nenhum tratado de auxílio em vigor "
        "entre eles; os n.ºs 9 a 29 do art. 18.º regem pois o pedido.",
    ),
    "caveat_untoc_18_7_treaty": _t(
        "UNTOC art. 18(7): a mutual legal assistance treaty binds them ({treaty}); its provisions "
        "apply instead of art. 18(9)-(29) unless the two states agree to apply those paragraphs.",
        "CTO art. 18(7) : un traité d'entraide les lie ({treaty}) ; ses dispositions s'appliquent au "
        "lieu de l'art. 18(9)-(29), sauf si les deux États conviennent d'appliquer ces paragraphes.",
        "Convenção de Palermo art. 18.º, n.º 7: um tratado de auxílio vincula-os ({treaty}); as suas "
        "disposições aplicam-se em vez do art. 18.º, n.ºs 9 a 29, salvo acordo dos dois Estados.",
    ),
    "caveat_untoc_16": _t(
        "UNTOC art. 16(4)-(5): a state that makes extradition conditional on a treaty may take the "
        "Convention as the legal basis; check its art. 16(5) declaration in the directory.",
        "CTO art. 16(4)-(5) : un État qui subordonne l'extradition à un traité peut considérer la "
        "Convention comme base légale ; vérifier sa déclaration au titre de l'art. 16(5) dans "
        "l'annuaire.",
        "Convenção de Palermo art. 16.º, n.ºs 4-5: um Estado que sujeita a extradição a um tratado "
        "pode considerar a Convenção como base jurídica; verificar a sua declaração do art. 16.º, "
        "n.º 5 no diretório.",
    ),
    "caveat_uncac": _t(
        "UNCAC art. 46(1): for offences established in accordance with the Convention (bribery, "
        "embezzlement, trading in influence, laundering of proceeds of corruption...); art. 43(2) "
        "dual criminality assessed on the conduct; art. 46(9) assistance without dual criminality "
        "where no coercive measure is sought.",
        "CNUCC art. 46(1) : pour les infractions établies conformément à la Convention (corruption, "
        "soustraction, trafic d'influence, blanchiment du produit de la corruption...) ; art. 43(2) "
        "double incrimination appréciée sur les faits ; art. 46(9) entraide sans double "
        "incrimination hors mesures coercitives.",
        "Convenção contra a Corrupção art. 46.º, n.º 1: para as infrações estabelecidas nos termos "
        "da Convenção (suborno, peculato, tráfico de influência, branqueamento do produto da "
        "corrupção...); art. 43.º, n.º 2 dupla incriminação apreciada pela conduta; art. 46.º, n.º 9 "
        "auxílio sem dupla incriminação sem medidas coercivas.",
    ),
    "caveat_1988": _t(
        "1988 Convention arts. 6-7: only for the drug trafficking and related laundering offences "
        "established under art. 3(1).",
        "Convention de 1988 art. 6-7 : seulement pour les infractions de trafic de stupéfiants et "
        "de blanchiment connexe établies conformément à l'art. 3(1).",
        "Convenção de 1988 art. 6.º-7.º: apenas para as infrações de tráfico de estupefacientes e de "
        "branqueamento conexo estabelecidas nos termos do art. 3.º, n.º 1.",
    ),
    "caveat_protocol": _t(
        "Art. 1(2)-(3) of the Protocol: the Convention applies to its offences; both states must be "
        "parties to the Protocol.",
        "Art. 1(2)-(3) du Protocole : la Convention s'applique à ses infractions ; les deux États "
        "doivent être parties au Protocole.",
        "Art. 1.º, n.ºs 2-3 do Protocolo: a Convenção aplica-se às suas infrações; ambos os Estados "
        "devem ser partes no Protocolo.",
    ),
    "caveat_ecowas": _t(
        "ECOWAS convention: binds the member states that ratified it; both must be parties on the "
        "request's date.",
        "Convention de la CEDEAO : lie les États membres qui l'ont ratifiée ; les deux doivent être "
        "parties à la date de la demande.",
        "Convenção da CEDEAO: vincula os Estados-Membros que a ratificaram; ambos devem ser partes "
        "na data do pedido.",
    ),
    "caveat_ecowas_members": _t(
        "Both states are ECOWAS members on that date, but their ratification of this convention is "
        "not recorded in the library.",
        "Les deux États sont membres de la CEDEAO à cette date, mais leur ratification de cette "
        "convention n'est pas enregistrée dans la bibliothèque.",
        "Ambos os Estados são membros da CEDEAO nessa data, mas a ratificação desta convenção não "
        "está registada na biblioteca.",
    ),
    "caveat_ecowas_2025": _t(
        "Burkina Faso, Mali and Niger left ECOWAS with effect from 29 January 2025; whether the "
        "ECOWAS conventions still bind them is unsettled. Confirm with both central authorities, "
        "and rest the request on another basis as well.",
        "Le Burkina Faso, le Mali et le Niger ont quitté la CEDEAO avec effet au 29 janvier 2025 ; "
        "la question de savoir si les conventions de la CEDEAO les lient encore n'est pas tranchée. "
        "Confirmer auprès des deux autorités centrales et fonder aussi la demande sur une autre base.",
        "O Burquina Faso, o Mali e o Níger saíram da CEDEAO com efeito a partir de 29 de janeiro de "
        "2025; não está resolvido se as convenções da CEDEAO ainda os vinculam. Confirmar junto das "
        "duas autoridades centrais e fundamentar também o pedido noutra base.",
    ),
    "caveat_bilateral": _t(
        "Bilateral treaty: applies only while in force between the two states.",
        "Traité bilatéral : ne s'applique que tant qu'il est en vigueur entre les deux États.",
        "Tratado bilateral: só se aplica enquanto vigorar entre os dois Estados.",
    ),
    "caveat_reciprocity": _t(
        "Reciprocity (comity): the requested state may assist without a treaty if its law allows; "
        "the request gives an undertaking of reciprocity.",
        "Réciprocité (courtoisie internationale) : l'État requis peut accorder l'entraide sans "
        "traité si sa loi le permet ; la demande contient un engagement de réciprocité.",
        "Reciprocidade (cortesia internacional): o Estado requerido pode prestar auxílio sem tratado "
        "se a sua lei o permitir; o pedido contém um compromisso de reciprocidade.",
    ),
    "caveat_domestic": _t(
        "Domestic law: the requested state's law on mutual assistance or extradition governs "
        "execution in every case and may allow assistance without a treaty.",
        "Droit interne : la loi de l'État requis sur l'entraide ou l'extradition régit l'exécution "
        "dans tous les cas et peut permettre l'entraide sans traité.",
        "Direito interno: a lei do Estado requerido sobre auxílio ou extradição rege sempre a "
        "execução e pode permitir o auxílio sem tratado.",
    ),
    "title_reciprocity": _t("Reciprocity", "Réciprocité", "Reciprocidade"),
    "title_domestic": _t(
        "Domestic law of the requested state",
        "Droit interne de l'État requis",
        "Direito interno do Estado requerido",
    ),
}


def text(key: str, lang: str, **values: str) -> str:
    """Our words in `lang`; a `date` value (ISO) is written out as practitioners write it."""
    from client.requests.texts import format_date

    if values.get("date"):
        values = {**values, "date": format_date(values["date"], lang)}
    entry = TEXTS[key]
    return (entry.get(lang) or entry["en"]).format(**values)
