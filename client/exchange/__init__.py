"""The secure channel between authorities (issue 16, docs/exchange.md).

Exchange keys (`keys`: publication, rotation, revocation), files attached to cases
(`attachments`), transmitting a request (`transmit`, a PDF through `pdf`),
opening what arrives (`receive`), the case's thread (`thread`: typed messages
and proposals, `receipts`), and requests left unanswered (`reminders`);
envelopes are sealed and signed by `shared.exchange`, the message types are
defined in `shared.exchange_messages`.

For a user interface, the calls are:

- `transmit(store, case_id)` -> Transmitted;
- `thread_items(store, case_id)` -> list[ThreadItem], then `mark_read(store, case_id)`
  when an officer looks at it (sends a read receipt);
- `send_message(store, case_id, kind, status=, text=, grounds=, execution=, files=)`
  with `kind` one of `shared.exchange_messages.MESSAGE_TYPES` (not "receipt");
  `grounds_allowed(kind)` lists the grounds of a refusal or postponement;
- `accept(store, case_id, envelope_id)` applies what a received message proposes;
- `reminders(store)` -> list[Reminder]; `reminder_days` / `set_reminder_days`.
"""

from shared.exchange_messages import (
    EXECUTIONS,
    MESSAGE_TYPES,
    POSTPONEMENT_GROUNDS,
    MessageError,
    grounds_allowed,
)

from .attachments import Attachment, attach_file, case_attachments, read_attachment
from .errors import ExchangeError
from .keys import make_exchange_key, published_key, revoke_exchange_key
from .receive import ReceiveReport, incoming_case_id, receive
from .reminders import Reminder, reminder_days, reminders, set_reminder_days
from .thread import (
    ThreadItem,
    accept,
    mark_read,
    send_message,
    thread_items,
    thread_of,
    unread_messages,
)
from .transmit import Transmitted, transmit

__all__ = [
    "EXECUTIONS",
    "MESSAGE_TYPES",
    "POSTPONEMENT_GROUNDS",
    "Attachment",
    "ExchangeError",
    "MessageError",
    "ReceiveReport",
    "Reminder",
    "ThreadItem",
    "Transmitted",
    "accept",
    "attach_file",
    "case_attachments",
    "grounds_allowed",
    "incoming_case_id",
    "make_exchange_key",
    "mark_read",
    "published_key",
    "read_attachment",
    "receive",
    "reminder_days",
    "reminders",
    "revoke_exchange_key",
    "send_message",
    "set_reminder_days",
    "thread_items",
    "thread_of",
    "unread_messages",
    "transmit",
]
