"""The documents of an `exchange/<A>~<B>` space: parts of sealed envelopes.

A package (a transmitted request) or a thread message is one sealed, signed
envelope (shared/exchange.py) cut into parts; each part is one document whose
fields say which envelope it belongs to, its place and the base64 of its
bytes. Nothing here is readable without the recipient authority's key.
"""

from __future__ import annotations

from .cases import Field

EXCHANGE_KINDS = ("package", "message")

PART_FIELDS: tuple[Field, ...] = (
    Field("envelope", "str"),  # the envelope's id: a digest of its bytes
    Field("part", "str"),  # "0", "1", ... (the content checks know strings, not numbers)
    Field("parts", "str"),
    Field("data", "str"),  # base64 of this part's bytes
)
PART_FIELDS_BY_NAME = {f.name: f for f in PART_FIELDS}
