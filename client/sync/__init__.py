"""Network sync with the central server (see docs/sync.md)."""

from .agent import SyncAgent, SyncReport, backoff_delay
from .enroll import Enrollment, enroll
from .state import SyncLogEntry
from .status import SyncStatus, sync_status
from .transport import SyncError

__all__ = [
    "Enrollment",
    "SyncAgent",
    "SyncError",
    "SyncLogEntry",
    "SyncReport",
    "SyncStatus",
    "backoff_delay",
    "enroll",
    "sync_status",
]
