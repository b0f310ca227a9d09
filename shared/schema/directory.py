"""The directory entry of a competent national authority."""

from __future__ import annotations

from .cases import Field

AUTHORITY_KINDS = ("mla", "extradition", "both", "other")
LANGUAGES = ("en", "fr", "pt", "ar")

DIRECTORY_FIELDS: tuple[Field, ...] = (
    Field("code", "str", searchable=True),  # authority code, e.g. "SN-CA"
    Field("state", "str", searchable=True),  # ISO 3166 alpha-2
    Field("authority_name", "str", searchable=True),
    Field("authority_kind", "choice", AUTHORITY_KINDS),
    Field("address", "str"),
    Field("phones", "str"),
    Field("emails", "str"),
    Field("contact_person", "str", searchable=True),
    Field("office_hours", "str"),
    Field("time_zone", "str"),
    Field("languages", "set", LANGUAGES),
    Field("documents_required", "text"),
    Field("information_required", "text"),
    Field("formats_channels", "str"),
    Field("interpol_accepted", "choice", ("", "yes", "no")),
    Field("urgent_procedure", "text"),
    Field("comments", "text"),
    Field("networks", "str"),
    Field("untoc_16_5_declaration", "str"),
    # The authority's exchange key (docs/exchange.md): its id, the X25519 public key
    # packages are sealed to and the Ed25519 key that checks its signature, in hex.
    # Others use them only from the version the secretariat approved.
    Field("exchange_key_id", "str"),
    Field("exchange_public", "str"),
    Field("exchange_verify", "str"),
    # Exchange key ids the authority revoked (space-separated): once approved, envelopes
    # signed with them are refused by receivers.
    Field("exchange_revoked", "str"),
    # "yes" when a request received through the channel is only an advance electronic
    # copy: the original must still come by the formal (diplomatic or postal) channel.
    Field("original_required", "choice", ("", "yes", "no")),
)
DIRECTORY_FIELD_NAMES = frozenset(f.name for f in DIRECTORY_FIELDS)
DIRECTORY_FIELDS_BY_NAME = {f.name: f for f in DIRECTORY_FIELDS}
