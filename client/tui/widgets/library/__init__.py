"""Widgets of the library screen."""

from .report import report_text

__all__ = ["report_text"]
