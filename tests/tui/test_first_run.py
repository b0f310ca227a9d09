"""First run inside the app, against a real server process: enroll from Settings, create the
authority key with a passphrase (the warning goes), make a recovery code, unlock on a second
device from the server, import a key file on a third."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from serverproc import ServerProcess

from client.keys.setup import key_status
from client.store import Store
from client.tui.app import make_app
from client.tui.dialogs.export_done import ExportDoneDialog
from client.tui.dialogs.secrets import RecoveryCodeDialog, SecretDialog
from client.tui.screens.settings import SettingsScreen
from client.tui.settings import TuiSettings
from client.tui.widgets.setup.key_warning import KeyWarning

from .conftest import saved, screen_text, wait_for


async def press(pilot, selector: str) -> None:  # noqa: ANN001
    """Press a button, wherever the screen is scrolled (Settings is longer than 24 lines)."""
    button = pilot.app.screen.query_one(selector)
    button.scroll_visible(animate=False)
    await pilot.pause()
    button.press()
    await pilot.pause()


PASSPHRASE = "three blue whales sing"


@pytest.fixture
def kdf_settings(settings: TuiSettings) -> TuiSettings:
    return settings  # Argon2id is cheap in the test process (tests/cheap_kdf.py)


def key_result(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#key-result").render())


def warning_shown(app) -> bool:  # noqa: ANN001
    return app.screen.query_one(KeyWarning).has_class("-shown")


async def enroll_in_settings(pilot, server: ServerProcess, authority: str) -> None:  # noqa: ANN001
    app = pilot.app
    await pilot.press("f7")
    assert isinstance(app.screen, SettingsScreen)
    app.screen.query_one("#enroll-url").value = server.url
    app.screen.query_one("#enroll-code").value = server.code(authority)
    await press(pilot, "#enroll")
    await wait_for(pilot, lambda: app.store.get_meta("device_token"))
    assert not app.screen.query_one("#enroll-panel").display  # now the address alone


async def type_secret(pilot, secret: str, again: bool) -> None:  # noqa: ANN001
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SecretDialog))
    dialog = pilot.app.screen
    dialog.query_one("#secret").value = secret
    if again:
        dialog.query_one("#again").value = secret
    await pilot.press("ctrl+s")
    await saved(pilot)


async def test_enroll_create_key_recovery_code_then_unlock_elsewhere(
    tmp_path: Path, server: ServerProcess, kdf_settings: TuiSettings
):
    authority = f"SN-{secrets.token_hex(3)}"
    first = Store(tmp_path / "first.sqlite")
    app = make_app(store=first, settings=kdf_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        assert warning_shown(app)
        assert "If this PC is lost" in screen_text(app)
        await enroll_in_settings(pilot, server, authority)
        assert first.get_meta("authority") == authority

        # A short passphrase is refused in the dialog; a good one creates the key.
        await press(pilot, "#key-create")
        await type_secret(pilot, "short", again=True)
        assert "At least 12 characters" in screen_text(app)
        await pilot.press("escape")
        await press(pilot, "#key-create")
        await type_secret(pilot, PASSPHRASE, again=True)
        await wait_for(pilot, lambda: key_status(first).passphrase_set)
        await wait_for(pilot, lambda: "Uploaded to the server" in key_result(app))
        assert not warning_shown(app)
        await pilot.press("f2")  # the dashboard no longer warns either
        assert not warning_shown(app)

        await pilot.press("f7")
        await press(pilot, "#key-recovery")
        await wait_for(pilot, lambda: isinstance(app.screen, RecoveryCodeDialog))
        code = app.screen.code
        await wait_for(pilot, lambda: code in screen_text(app))
        await pilot.press("c")
        assert app.clipboard == code
        await pilot.press("escape")
        await pilot.pause()
        assert key_status(first).recovery_code_set

        # Write a key file for the third device.
        await press(pilot, "#key-export")
        await pilot.pause()
        app.screen.query_one("#path").value = str(tmp_path / "keys.key")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDoneDialog))
        await pilot.press("escape")

    # Second device of the same authority: unlock from the server with the recovery code.
    second = Store(tmp_path / "second.sqlite")
    app = make_app(store=second, settings=kdf_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await enroll_in_settings(pilot, server, authority)
        await press(pilot, "#key-unlock")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        await pilot.press("down")  # a wrong passphrase first: one line, nothing changes
        await type_secret(pilot, "not the passphrase", again=False)
        await wait_for(pilot, lambda: "wrong passphrase" in key_result(app))
        assert key_status(second).current_key is None
        await press(pilot, "#key-unlock")
        await type_secret(pilot, PASSPHRASE, again=False)
        await wait_for(pilot, lambda: "Unlocked the keys of" in key_result(app))
        assert key_status(second).current_key == key_status(first).current_key
        assert not warning_shown(app)

    # Third device: the key file brought on USB, opened with the recovery code.
    third = Store(tmp_path / "third.sqlite")
    app = make_app(store=third, settings=kdf_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await enroll_in_settings(pilot, server, authority)
        await press(pilot, "#key-import")
        await pilot.pause()
        app.screen.query_one("#path").value = str(tmp_path / "keys.key")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretDialog))
        from textual.widgets import Select

        app.screen.query_one("#secret-kind", Select).value = "recovery_code"
        await type_secret(pilot, code, again=False)
        await wait_for(pilot, lambda: "Unlocked the keys of" in key_result(app))
        assert key_status(third).current_key == key_status(first).current_key
    for store in (first, second, third):
        store.close()


def test_help_and_messages_name_only_commands_that_exist():
    import re

    from client.cli.main import COMMANDS
    from shared.i18n.extract import DOMAIN_SOURCES, collect

    named = {
        word
        for message in {**collect(), **collect(DOMAIN_SOURCES)}
        for word in re.findall(r"\bentraide ([a-z][a-z-]+)", message)
    }
    assert named, "the texts name some commands"
    assert named <= set(COMMANDS), named - set(COMMANDS)
