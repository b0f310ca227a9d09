"""The secure channel between authorities (issue 16, docs/exchange.md).

Exchange keys (`keys`), files attached to cases (`attachments`), transmitting a
request (`transmit`), opening what arrives (`receive`) and the case's thread
(`thread`); envelopes are sealed and signed by `shared.exchange`.
"""

from .attachments import Attachment, attach_file, case_attachments, read_attachment
from .errors import ExchangeError
from .keys import make_exchange_key, published_key
from .receive import ReceiveReport, receive
from .thread import ThreadItem, accept, send_message, thread_items
from .transmit import Transmitted, transmit

__all__ = [
    "Attachment",
    "ExchangeError",
    "ReceiveReport",
    "ThreadItem",
    "Transmitted",
    "accept",
    "attach_file",
    "case_attachments",
    "make_exchange_key",
    "published_key",
    "read_attachment",
    "receive",
    "send_message",
    "thread_items",
    "transmit",
]
