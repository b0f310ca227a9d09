"""What a store restored from a backup asks of the next sync.

The original device may have pushed groups after the backup was taken; the
server does not send a device the groups it pushed itself. So the restored
store forgets its cursors and asks, once, for its own groups too
(`include_own` in the pull request): the next pull brings back every group
the server holds, its own later edits included, and those the store already
holds are recognised by id and skipped. The agent pulls before it seals in that
round, so changes that the original device had already sealed come back in
their group and are not sealed a second time. Edits the original device
carried only by USB come back when a peer's bundle is imported (a full export:
peers believe this device holds what its last acknowledgement listed).
"""

from __future__ import annotations

from ..store import Store
from . import state


def prepare_restored(store: Store) -> None:
    """Reset the pull cursors and ask for this device's own groups at the next pull."""
    state.reset_cursors(store)
    with store.write() as conn:
        state.set_include_own(conn, True)
