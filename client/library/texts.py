"""The finder's and the briefing note's own words, by key: English msgids of the app's catalogs.

What the secretariat typed (notes, sources) is shown as typed; only our words are
translated (French and Portuguese in the app's `.po` catalogs), so that a test can
check that no language misses one.
"""

from __future__ import annotations

from shared.i18n import N_, translations

TEXTS: dict[str, str] = {
    # Standing of an instrument between two states on a date.
    "status_in_force": N_("in force between the two states on {date}"),
    "status_unverified": N_("applies on {date}, but some facts are unverified"),
    "status_uncertain": N_("uncertain on {date}"),
    "status_not_in_force": N_("not in force between the two states on {date}"),
    "status_not_recorded": N_("not established in the library: check before citing it"),
    "status_out_of_scope": N_("outside its scope for this offence"),
    "status_fallback": N_("fall-back when no instrument applies or alongside one"),
    # Per-state standing.
    "state_party": N_("{state}: party"),
    "state_party_since": N_("{state}: in force for it since {date}"),
    "state_party_as_of": N_("{state}: a party by {date} at the latest (exact date not recorded)"),
    "state_party_undated": N_("{state}: party, date unverified"),
    "state_not_yet": N_("{state}: not yet in force for it on that date (from {date})"),
    "state_signatory": N_("{state}: signature only recorded (signature does not bind)"),
    "state_withdrawn": N_("{state}: withdrew with effect from {date}"),
    "state_uncertain": N_("{state}: uncertain since {date}"),
    "state_no_record": N_("{state}: participation not recorded in the library"),
    "state_unknown_before": N_(
        "{state}: a party by {date}; whether it was one on the request's date is not recorded"
    ),
    "state_left_org": N_("{state}: left {org} with effect from {date}"),
    "org_ecowas": N_("ECOWAS"),
    "unverified_fact": N_("(unverified)"),
    # Caveats.
    "caveat_untoc_scope": N_(
        "UNTOC art. 3: only for offences established under arts. 5, 6, 8 and 23 or serious crime "
        "(art. 2(b): maximum penalty of at least four years) that are transnational in nature and "
        "involve an organized criminal group; art. 18(1): reasonable grounds to suspect these "
        "elements suffice. State them in the request."
    ),
    "caveat_untoc_18_7_alone": N_(
        "UNTOC art. 18(7): no mutual legal assistance treaty in force between them is recorded, so "
        "paragraphs 9 to 29 of art. 18 govern the request."
    ),
    "caveat_untoc_18_7_treaty": N_(
        "UNTOC art. 18(7): a mutual legal assistance treaty binds them ({treaty}); its provisions "
        "apply instead of art. 18(9)-(29) unless the two states agree to apply those paragraphs."
    ),
    "caveat_untoc_16": N_(
        "UNTOC art. 16(4)-(5): a state that makes extradition conditional on a treaty may take the "
        "Convention as the legal basis; check its art. 16(5) declaration in the directory."
    ),
    "caveat_uncac": N_(
        "UNCAC art. 46(1): for offences established in accordance with the Convention (bribery, "
        "embezzlement, trading in influence, laundering of proceeds of corruption...); art. 43(2) "
        "dual criminality assessed on the conduct; art. 46(9) assistance without dual criminality "
        "where no coercive measure is sought."
    ),
    "caveat_1988": N_(
        "1988 Convention arts. 6-7: only for the drug trafficking and related laundering offences "
        "established under art. 3(1)."
    ),
    "caveat_protocol": N_(
        "Art. 1(2)-(3) of the Protocol: the Convention applies to its offences; both states must be "
        "parties to the Protocol."
    ),
    "caveat_ecowas": N_(
        "ECOWAS convention: binds the member states that ratified it; both must be parties on the "
        "request's date."
    ),
    "caveat_ecowas_members": N_(
        "Both states are ECOWAS members on that date, but their ratification of this convention is "
        "not recorded in the library."
    ),
    "caveat_ecowas_2025": N_(
        "Burkina Faso, Mali and Niger left ECOWAS with effect from 29 January 2025; whether the "
        "ECOWAS conventions still bind them is unsettled. Confirm with both central authorities, "
        "and rest the request on another basis as well."
    ),
    "caveat_bilateral": N_("Bilateral treaty: applies only while in force between the two states."),
    "caveat_reciprocity": N_(
        "Reciprocity (comity): the requested state may assist without a treaty if its law allows; "
        "the request gives an undertaking of reciprocity."
    ),
    "caveat_domestic": N_(
        "Domestic law: the requested state's law on mutual assistance or extradition governs "
        "execution in every case and may allow assistance without a treaty."
    ),
    "title_reciprocity": N_("Reciprocity"),
    "title_domestic": N_("Domestic law of the requested state"),
}


def text(key: str, lang: str, **values: str) -> str:
    """Our words in `lang`; a `date` value (ISO) is written out as practitioners write it."""
    from client.requests.texts import format_date

    if values.get("date"):
        values = {**values, "date": format_date(values["date"], lang)}
    return translations(lang).gettext(TEXTS[key]).format(**values)
