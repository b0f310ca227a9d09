"""The secretariat's CLI output in French and Portuguese: every plain-text line goes
through the catalogs, whether the language comes from --lang, $ENTRAIDE_LANG or the
terminal app's saved setting; JSON keeps its English keys."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tui.test_i18n import english_leftovers

from client.cases import create_case
from client.paths import store_path
from client.store import Store
from client.sync import SyncAgent
from client.tui.app import make_app
from shared.i18n import translations

from .net import Net

FOREIGN = ("fr", "pt")


def _text(result) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    return result.stdout


@pytest.mark.parametrize("lang", FOREIGN)
def test_stats_and_directory_commands_speak_the_language(
    run_cli, demo_data_dir: Path, tmp_path: Path, lang: str
) -> None:
    run = lambda *a: run_cli("--lang", lang, *a, data_dir=demo_data_dir)  # noqa: E731
    year = str(dt.date.today().year)
    seen = {
        "stats": _text(run("stats")),
        "stats --period": _text(run("stats", "--period", year)),
        "report": _text(
            run("stats", "report", "--period", year, "--format", "md", "-o", tmp_path / "r.md")
        ),
        "edition": _text(run("directory", "edition", "--format", "md", "-o", tmp_path / "e.md")),
        "list": _text(run("directory", "list")),
        "show": _text(run("directory", "show", "SN-CA")),
        "pending (none)": _text(run("directory", "pending")),
        "propose": _text(run("directory", "propose", "--set", "phones=+221 33 1")),
        "pending": _text(run("directory", "pending")),
        "sync status": _text(run("sync", "--status")),
    }
    version = json.loads(_text(run("directory", "pending", "--json")))[0]["version"]
    seen["approve"] = _text(run("directory", "approve", "SN-CA", "--version", version))
    _text(run("directory", "propose", "--set", "office_hours=8-16"))
    seen["reject"] = _text(run("directory", "reject", "SN-CA", "--reason", "fuseau horaire"))
    seen["show own"] = _text(run("directory", "show", "SN-CA"))
    tr = translations(lang).gettext
    assert tr("Types of assistance") in seen["stats --period"]
    # Each figure's colon as the language writes it (French: « Total : 50 »).
    total = tr("{label}:").format(label=tr("Total"))
    assert any(line.startswith(total + " ") for line in seen["stats"].splitlines())
    assert tr("no proposal awaits review") in seen["pending (none)"]
    # The entries' own words (an English name in Ghana's entry) are data, not interface:
    # of the list only its header is checked, of an entry only its labels.
    seen["list"] = seen["list"].splitlines()[0]
    for name in ("show", "show own"):
        seen[name] = "\n".join(line.split(":")[0] for line in seen[name].splitlines()[1:])
    for name, text in seen.items():
        assert english_leftovers(text, lang) == [], f"{lang} {name}:\n{text}"
    refused = run("stats", "--network")
    assert refused.returncode == 1
    assert tr("only a secretariat device holds the returns of every authority") in refused.stderr


def test_json_keys_stay_english(run_cli, demo_data_dir: Path) -> None:
    figures = json.loads(
        _text(
            run_cli("--lang", "fr", "stats", "--period", "2026", "--json", data_dir=demo_data_dir)
        )
    )
    assert {"total", "by_offence", "by_legal_basis"} <= set(figures)


def test_the_language_comes_from_the_variable_then_the_apps_setting(
    run_cli, demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    french = translations("fr").gettext("no proposal awaits review")
    portuguese = translations("pt").gettext("no proposal awaits review")
    assert run_cli("directory", "pending", data_dir=demo_data_dir).stdout.strip() == (
        "no proposal awaits review"
    )
    store = Store(store_path(demo_data_dir))
    store.set_meta("language", "pt")  # as the app's Settings saves it
    store.close()
    assert run_cli("directory", "pending", data_dir=demo_data_dir).stdout.strip() == portuguese
    monkeypatch.setenv("ENTRAIDE_LANG", "fr")
    assert run_cli("directory", "pending", data_dir=demo_data_dir).stdout.strip() == french
    english = run_cli("--lang", "en", "directory", "pending", data_dir=demo_data_dir)
    assert english.stdout.strip() == "no proposal awaits review"
    monkeypatch.setenv("ENTRAIDE_LANG", "xx")
    bad = run_cli("directory", "pending", data_dir=demo_data_dir)
    assert bad.returncode == 1 and bad.stderr.startswith("entraide: error: ENTRAIDE_LANG")


@pytest.mark.parametrize("lang", FOREIGN)
def test_network_commands_and_the_servers_monitor_speak_the_language(
    net: Net, run_cli, run_server_cli, lang: str
) -> None:
    create_case(net.a, {"direction": "outgoing", "kind": "mla", "status": "draft"})
    SyncAgent(net.a).sync_once()
    SyncAgent(net.sec).sync_once()
    run = lambda *a: run_cli("--lang", lang, *a, data_dir=net.dirs["sec"])  # noqa: E731
    seen = {
        "stats --network": _text(run("stats", "--network")),
        "network status": _text(run("network", "status")),
        "new": _text(
            run(
                "directory",
                "new",
                "ML-CA",
                "--set",
                "state=ML",
                "--set",
                "authority_name=Ministère",
            )
        ),
        "admin status": _text(run_server_cli("admin", "status", "--lang", lang)),
    }
    tr = translations(lang).gettext
    assert tr("Requests by authority") in seen["stats --network"]
    assert "last sync" not in seen["network status"] and "last data" not in seen["admin status"]
    for name, text in seen.items():
        assert english_leftovers(text, lang) == [], f"{lang} {name}:\n{text}"


def test_lang_opens_the_terminal_app_in_that_language(sample: Store, settings) -> None:
    """`entraide --lang pt` opens the app in Portuguese whatever the store saved."""
    from shared import i18n

    sample.set_meta("language", "fr")
    make_app(store=sample, settings=settings, language="pt")
    assert i18n.get_language() == "pt"
    make_app(store=sample, settings=settings)
    assert i18n.get_language() == "fr"
    i18n.set_language("en")
