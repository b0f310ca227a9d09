"""Messages of the domain layer (validation, sync, USB bundles, keys...) in the user's language.

They are translated where they are built, so English stays the default (CLI, logs,
other tests) and the UI gets French or Portuguese once set_language is called.
"""

from __future__ import annotations

import ast
import re
import socket
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.bundles import BundleError
from client.bundles.format import read_version
from client.keys import KeyManagementError, set_passphrase
from client.store import Store
from client.sync.transport import HttpTransport, SyncError
from shared import i18n
from shared.i18n import po_path
from shared.i18n.catalogs import read_po
from shared.i18n.extract import DOMAIN_SOURCES, ROOT, collect, python_files
from shared.schema.validation import ValidationError, check_transition, clean_fields

FOREIGN = ("fr", "pt")
# Words spelled the same in English and in a foreign language (not left untranslated).
SAME_WORD = {"fr": {"corruption"}, "pt": set()}
# The exceptions whose text reaches the user; the first argument of ValidationError is a field.
USER_ERRORS = {
    "ValidationError",
    "SyncError",
    "BundleError",
    "KeyManagementError",
    "MissingKeyError",
    "KeyServerError",
    "IngestError",
    "DecryptionError",
}


@pytest.fixture(autouse=True)
def _english_first() -> Iterator[None]:
    """The language is process-wide: every test starts, and ends, in English."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_the_extractor_walks_every_domain_package():
    for source in DOMAIN_SOURCES:
        assert collect((source,)), f"no translatable message found in {source}"
    assert len(collect(DOMAIN_SOURCES)) > 100


@pytest.mark.parametrize("lang", FOREIGN)
def test_every_domain_message_has_a_translation_with_the_same_placeholders(lang):
    catalog = read_po(po_path(lang).read_text(encoding="utf-8"))
    used = collect(DOMAIN_SOURCES)
    missing = sorted(m for m in used if not catalog.get(m))
    assert missing == [], f"{lang}: {len(missing)} messages without translation: {missing[:5]}"
    wrong = sorted(m for m in used if placeholders(m) != placeholders(catalog[m]))
    assert wrong == [], f"{lang}: placeholders differ in {wrong}"
    worded = [m for m in used if len(re.sub(r"\{\w*\}|\W", "", m)) > 8]
    same = sorted(m for m in worded if catalog[m] == m and m not in SAME_WORD[lang])
    assert same == [], f"{lang}: left in English: {same}"


def unwrapped_messages(tree: ast.AST) -> list[int]:
    """Lines where a user-facing error gets a bare string (literal or f-string), not _()."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        func = node.exc.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in USER_ERRORS:
            continue
        args = node.exc.args[1:] if name == "ValidationError" else node.exc.args
        if any(
            isinstance(a, ast.JoinedStr) or isinstance(a, ast.Constant) and a.value for a in args
        ):
            lines.append(node.lineno)
    return lines


def test_domain_errors_are_built_with_gettext():
    bare = {}
    for file in python_files(DOMAIN_SOURCES):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        if lines := unwrapped_messages(tree):
            bare[str(file.relative_to(ROOT))] = lines
    assert bare == {}, f"messages not wrapped in _(): {bare}"


def test_the_check_above_can_fail():
    tree = ast.parse('raise SyncError(f"server error ({code})")\nraise BundleError(_("ok"))\n')
    assert unwrapped_messages(tree) == [1]


def test_gettext_is_never_shadowed_in_domain_modules():
    """`for _ in ...` in a module that translates would break its messages at run time."""
    shadowed = []
    for file in python_files(DOMAIN_SOURCES):
        source = file.read_text(encoding="utf-8")
        if "from shared.i18n import" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                shadowed.append(f"{file.relative_to(ROOT)}:{node.lineno}")
    assert shadowed == []


# -- the messages themselves, switched by set_language ---------------------------------------


def message(call) -> str:  # noqa: ANN001
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message


def test_validation_messages_follow_the_language():
    def bad_date() -> None:
        clean_fields({"deadline": "31/03/2025"})

    def impossible() -> None:
        check_transition("sent", "draft")

    english_date = "'31/03/2025' is not a date; use YYYY-MM-DD"
    english_step = (
        "cannot go from 'sent' to 'draft'; allowed next: acknowledged, in_execution, "
        "executed, partially_executed, refused, withdrawn"
    )
    assert message(bad_date) == english_date
    assert message(impossible) == english_step  # stored identifiers, as the CLI takes them

    i18n.set_language("pt")
    assert message(bad_date) == (
        "«31/03/2025» não é uma data; escreva-a no formato AAAA-MM-DD (por exemplo 2025-03-31)"
    )
    step = message(impossible)
    assert step.startswith("não é possível passar de «Enviado» para «Rascunho»;"), step
    assert "Receção confirmada" in step  # the next steps, by their labels
    assert "cannot" not in step and "acknowledged" not in step

    i18n.set_language("fr")
    assert message(impossible).startswith("impossible de passer de « Envoyée » à « Brouillon »")

    i18n.set_language("en")
    assert message(bad_date) == english_date
    assert message(impossible) == english_step


def test_unknown_field_and_required_in_portuguese():
    i18n.set_language("pt")
    assert message(lambda: clean_fields({"colour": "red"})) == "campo desconhecido"
    too_long = message(lambda: clean_fields({"title": "x" * 100_001}))
    assert too_long == "é demasiado longo (mais de 100 000 caracteres)"


def test_sync_error_in_french(tmp_path: Path):
    """A real refused connection on loopback: the words the Sync screen shows."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    i18n.set_language("fr")
    with HttpTransport(f"http://127.0.0.1:{port}", retries=0) as http:
        with pytest.raises(SyncError) as caught:
            http.certs()
    assert str(caught.value) == "serveur injoignable (connexion refusée)"
    assert caught.value.unreachable


def test_bundle_and_key_errors_in_portuguese(tmp_path: Path):
    i18n.set_language("pt")
    with pytest.raises(BundleError) as bundle:
        read_version(b"PK\x03\x04 a zip file, not a bundle")
    assert str(bundle.value).startswith("não é um ficheiro de transferência do Entraide")
    store = Store(tmp_path / "store.sqlite")
    try:
        with pytest.raises(KeyManagementError) as key:
            set_passphrase(store, "short")
    finally:
        store.close()
    assert str(key.value) == (
        "a frase-passe tem de ter pelo menos 12 caracteres (use várias palavras)"
    )
