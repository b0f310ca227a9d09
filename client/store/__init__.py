"""Local store: Automerge documents in SQLite, with materialized tables for reading."""

from .store import ApplyResult, IncomingChange, NotFound, Store

__all__ = ["ApplyResult", "IncomingChange", "NotFound", "Store"]
