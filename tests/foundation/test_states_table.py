"""The one table of states (shared.schema.states): complete, consistent with the request
writer's languages, read by the UI and the documents, and the only one in the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from client.requests.checks import DEFAULT_LANGUAGES, WRITER_LANGUAGES, default_language
from shared.i18n import get_language, set_language
from shared.i18n.labels import state_label, value_label
from shared.schema.states import (
    DOCUMENT_LANGUAGES,
    NAME_LANGUAGES,
    STATES,
    WACAP_STATES,
    document_language,
    nationality_states,
    resolve_state,
    state_name,
)

ROOT = Path(__file__).resolve().parents[2]


def test_seventeen_members_each_complete() -> None:
    assert len(STATES) == 17 == len(WACAP_STATES)
    for state in STATES:
        assert set(state.names) == set(NAME_LANGUAGES) and all(state.names.values())
        assert state.languages, state.code
        assert set(state.nationality) == {"en", "fr", "pt"}, state.code
        assert all(len(state.nationality[lang]) >= 2 for lang in ("fr", "pt")), state.code


def test_every_state_language_is_a_document_language() -> None:
    assert set(DOCUMENT_LANGUAGES) == set(WRITER_LANGUAGES)
    for state in STATES:
        assert set(state.languages) <= set(DOCUMENT_LANGUAGES), state.code
        # the default is chosen without asking, so it is never Arabic (checks.DEFAULT_LANGUAGES)
        assert state.document_language in DEFAULT_LANGUAGES, state.code


def test_document_language_defaults_as_before_the_table() -> None:
    """Mauritania's only official language is Arabic and Chad's are French and Arabic, but
    requests to both default to French: Arabic is the drafter's choice."""
    assert WACAP_STATES["MR"].languages == ("ar",)
    assert WACAP_STATES["TD"].languages == ("fr", "ar")
    expected = {"CV": "pt", "GW": "pt", "GH": "en", "NG": "en", "MR": "fr", "TD": "fr"}
    for code, lang in expected.items():
        assert document_language(code) == lang
        assert default_language({"requested_state": code}, None) == lang
    assert default_language({"requested_state": "FR"}, None) == "en"
    # the directory's accepted languages still win over the table
    assert default_language({"requested_state": "MR"}, {"languages": ["ar", "en"]}) == "en"


def test_every_name_alias_and_nationality_resolves_to_its_code() -> None:
    for state in STATES:
        for name in (*state.names.values(), *state.aliases):
            if name != state.names["ar"]:
                assert resolve_state(name) == state.code, name
        for words in state.nationality.values():
            for word in words:
                assert nationality_states(word) == {state.code}, word


@pytest.mark.parametrize(
    ("lang", "code", "name"),
    [
        ("en", "CI", "Côte d'Ivoire"),
        ("fr", "SN", "Sénégal"),
        ("pt", "CI", "Costa do Marfim"),
        ("fr", "FR", "France"),  # outside WACAP: Babel's CLDR name
        ("pt", "DE", "Alemanha"),
    ],
)
def test_the_ui_names_states_in_its_language(lang: str, code: str, name: str) -> None:
    before = get_language()
    set_language(lang)
    try:
        assert state_label(code) == name
        assert value_label("requested_state", code) == name
    finally:
        set_language(before)
    assert state_name(code, lang) == name


def _dict_literals_keyed_by_states(path: Path) -> list[int]:
    codes = set(WACAP_STATES)
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if len(keys & codes) >= 5:
                lines.append(node.lineno)
    return lines


def test_no_other_module_keeps_its_own_table_of_states() -> None:
    """A dict literal keyed by five or more WACAP codes outside the table is a second table:
    derive it from shared.schema.states instead."""
    table = ROOT / "shared" / "schema" / "states.py"
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("client", "shared", "sync_server", "scripts")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != table and (lines := _dict_literals_keyed_by_states(path))
    }
    assert found == {}
