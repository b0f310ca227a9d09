"""Writing a bundle so that it is complete or absent: the shared helper (shared/files.py)."""

from shared.files import atomic_file

__all__ = ["atomic_file"]
