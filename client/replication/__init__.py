"""Transport-independent replication: sealing local changes into signed groups,
and verifying and applying groups that arrive (from the server or a bundle)."""

from .faults import Fault, record_refusal, set_aside
from .groups import load_group, mark_all_unpushed, mark_pushed, unpushed_groups
from .ingest import (
    IngestError,
    IngestReport,
    ingest_groups,
    ingest_in_slices,
    open_stored_groups,
    quarantined_groups,
    verify_groups,
)
from .seal import seal_local_changes

__all__ = [
    "Fault",
    "IngestError",
    "IngestReport",
    "ingest_groups",
    "ingest_in_slices",
    "load_group",
    "mark_all_unpushed",
    "mark_pushed",
    "open_stored_groups",
    "quarantined_groups",
    "record_refusal",
    "seal_local_changes",
    "set_aside",
    "unpushed_groups",
    "verify_groups",
]
