"""The secretariat's tests reuse the real-app fixtures of the TUI tests."""

from server.conftest import run_server_cli  # noqa: F401
from tui.conftest import _english_first, app, sample, settings  # noqa: F401
