"""The legal library: instruments, dated party events, country briefing notes.

Three document kinds live in the `library` space, written by the secretariat and
approved with the same mechanism as the directory (`client.approvals`):

- `instrument`: a convention, protocol, bilateral treaty or organisation (ECOWAS),
  with titles in EN/FR/PT, its citation and the provisions that matter for
  cooperation (`provisions`: key -> {article, topic_en, topic_fr, topic_pt}).
- `party_event`: one dated fact about one state and one instrument (signature,
  ratification, entry into force for that state, withdrawal, reservation,
  organisation membership...), each with its source and a `verified` flag.
  A fact whose date could not be verified keeps `date` empty: never a guessed date.
- `briefing_note`: what a requesting authority should know about one state.
"""

from __future__ import annotations

from .cases import ASSISTANCE_TYPES, LEGAL_BASIS_CATEGORIES, Field

INSTRUMENT_KINDS = ("multilateral", "bilateral", "organisation")
COOPERATION = ("mla", "extradition")
# What the instrument covers, for the finder's caveats.
SCOPES = ("organized_crime", "corruption", "drugs", "general", "protocol", "organisation")
EVENT_KINDS = (
    "signature",
    "ratification",
    "accession",
    "entry_into_force",  # for that state
    "party_as_of",  # party on `date` at the latest (a source lists it then), exact date unknown
    "withdrawal",
    "reservation",
    "declaration",
    "membership",  # of an organisation (instrument of kind "organisation")
    "membership_end",
)
# "uncertain": whether the fact has legal effect is unsettled (e.g. the ECOWAS
# conventions for states that left ECOWAS in 2025); the note says why.
EVENT_STATUSES = ("effective", "uncertain")
YES_NO = ("yes", "no")

INSTRUMENT_FIELDS: tuple[Field, ...] = (
    Field("code", "str", searchable=True),  # e.g. "untoc", "ecowas_mla_1992"
    Field("instrument_kind", "choice", INSTRUMENT_KINDS),
    Field("title_en", "str", searchable=True),
    Field("title_fr", "str", searchable=True),
    Field("title_pt", "str", searchable=True),
    Field("short_name", "str"),
    Field("citation", "str"),
    Field("adopted", "date"),
    Field("entry_into_force", "date"),  # general entry into force
    Field("scope", "choice", SCOPES),
    Field("cooperation", "set", COOPERATION),
    Field("legal_basis_category", "choice", ("", *LEGAL_BASIS_CATEGORIES)),
    Field("parent", "str"),  # a protocol's convention code
    Field("organisation", "str"),  # binds members of this organisation (code) only
    Field("states", "str"),  # bilateral: the two ISO codes, "BJ,NG"
    Field("provisions", "items"),
    Field("source", "str"),
    Field("verified", "choice", YES_NO),
    Field("notes", "text"),
)

PARTY_EVENT_FIELDS: tuple[Field, ...] = (
    Field("instrument", "str", searchable=True),
    Field("state", "str", searchable=True),
    Field("event", "choice", EVENT_KINDS),
    Field("date", "date"),
    Field("status", "choice", EVENT_STATUSES),
    Field("provision", "str"),  # reservations/declarations: e.g. "18(13)", "16(5)"
    Field("note", "text"),
    Field("source", "str"),
    Field("verified", "choice", YES_NO),
)

BRIEFING_NOTE_FIELDS: tuple[Field, ...] = (
    Field("state", "str", searchable=True),
    Field("authority_code", "str"),  # the directory entry it refers to
    Field("languages", "set", ("en", "fr", "pt", "ar")),
    Field("channels", "text"),
    Field("measures", "map"),  # assistance type (ASSISTANCE_TYPES) -> what it requires
    Field("timelines", "text"),
    Field("tips", "text"),
    # The secretariat's own translations: "channels@fr", "tips@pt", "measures.freezing@fr"...
    Field("translations", "map"),
    Field("written_by", "choice", ("secretariat", "authority")),
    Field("proposed_by", "str"),  # the authority code, when it proposed the note
    Field("source", "str"),
    Field("verified", "choice", YES_NO),
)

MEASURE_KEYS = ASSISTANCE_TYPES

INSTRUMENT_FIELDS_BY_NAME = {f.name: f for f in INSTRUMENT_FIELDS}
PARTY_EVENT_FIELDS_BY_NAME = {f.name: f for f in PARTY_EVENT_FIELDS}
BRIEFING_NOTE_FIELDS_BY_NAME = {f.name: f for f in BRIEFING_NOTE_FIELDS}
PROVISION_FIELDS = ("article", "topic_en", "topic_fr", "topic_pt")
