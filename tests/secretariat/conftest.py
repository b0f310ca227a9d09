"""The secretariat's tests reuse the real-app fixtures of the TUI tests."""

from tui.conftest import _english_first, app, sample, settings  # noqa: F401
