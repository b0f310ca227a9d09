"""The sync server: enrollment, per-space access control and the append-only change log."""

from .app import create_app

__all__ = ["create_app"]
