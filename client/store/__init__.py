"""Local store: Automerge documents in SQLite, with materialized tables for reading."""

from .store import ApplyResult, ChangeFault, IncomingChange, NotFound, Store

__all__ = ["ApplyResult", "ChangeFault", "IncomingChange", "NotFound", "Store"]
