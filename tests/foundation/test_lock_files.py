"""The lock files (requirements/*.txt, what `scripts/run.py` installs from) agree with
pyproject.toml: every declared dependency is locked, at a version its bounds allow,
with hashes; the client's own dependencies name none of the server's libraries."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Lock file -> the extras it was compiled with (scripts/run.py ENVIRONMENTS).
LOCKS = {"server.txt": ("server",), "test.txt": ("server", "postgres", "test")}
PINNED = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
SERVER_LIBRARIES = {"starlette", "uvicorn", "filelock", "prometheus-client", "python-json-logger"}


def declared(extras: tuple[str, ...]) -> list[Requirement]:
    """The project's requirements with these extras, the project's own extras unfolded."""
    wanted, found, seen = list(extras), list(map(Requirement, PYPROJECT["dependencies"])), set()
    while wanted:
        extra = wanted.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for text in PYPROJECT["optional-dependencies"][extra]:
            requirement = Requirement(text)
            if canonicalize_name(requirement.name) == PYPROJECT["name"]:
                wanted += requirement.extras
            else:
                found.append(requirement)
    return found


def locked(name: str) -> dict[str, tuple[str, str | None]]:
    """Package -> (version, marker) of the entries that apply to this interpreter."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    entries: dict[str, tuple[str, str | None]] = {}
    for line in text.splitlines():
        match = PINNED.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            entries[canonicalize_name(match[1])] = (match[2], match[3])
    return entries


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_every_declared_dependency_is_locked_within_its_bounds(name: str) -> None:
    entries = locked(name)
    assert entries, f"no pinned entry read from requirements/{name}"
    for requirement in declared(LOCKS[name]):
        if requirement.marker and not requirement.marker.evaluate():
            continue
        key = canonicalize_name(requirement.name)
        assert key in entries, f"{requirement.name} is not in requirements/{name}: run lock"
        version = entries[key][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{name} has {requirement.name}=={version}, outside "
            f"{requirement.specifier}: run `python3 scripts/run.py lock`"
        )


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_every_locked_package_has_hashes(name: str) -> None:
    lines = (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if PINNED.match(line):
            assert i + 1 < len(lines) and "--hash=sha256:" in lines[i + 1], line


def test_the_client_install_pulls_no_server_library() -> None:
    client = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["dependencies"]}
    assert not client & SERVER_LIBRARIES
    server = {canonicalize_name(r.name) for r in declared(("server",))}
    assert server >= SERVER_LIBRARIES
