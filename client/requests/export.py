"""Rendering a stored case's request to a file, and recording the render in the case."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.cases import get_case, update_case
from client.cases.service import own_authority
from client.directory import approved_entry, get_entry, list_entries
from shared.files import atomic_write
from shared.i18n import _
from shared.schema.states import state_name
from shared.schema.validation import ValidationError

from .checker import Finding, directory_entry_for
from .checks import WRITER_LANGUAGES, accepted_languages, default_language
from .document import RequestDocument, build_document
from .gate import blocking_without_override
from .render_docx import render_docx
from .render_md import render_md

FORMATS = ("docx", "md")


class RequestBlocked(ValidationError):
    """A final render refused because blocking findings remain without an override."""

    def __init__(self, findings: list[Finding]) -> None:
        ids = ", ".join(f.rule_id for f in findings)
        super().__init__(
            "status",
            _("blocking findings remain ({ids}); complete them or record an override").format(
                ids=ids
            ),
        )
        self.findings = findings


class RequestIncomplete(ValidationError):
    """A final render refused because the document would still print "[to be completed]"."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "final",
            _(
                'a final document cannot hold "[to be completed]"; fill these first: {fields}'
            ).format(fields="; ".join(missing)),
        )
        self.missing = missing


@dataclass(frozen=True)
class Prepared:
    case: dict[str, Any]
    document: RequestDocument
    notices: tuple[str, ...] = ()  # what the drafter must know about the document (who asks)


def prepare(
    store: Any, case_id: str, lang: str | None = None, case: dict[str, Any] | None = None
) -> Prepared:
    """Build the document model of a case (or of unsaved `case` values) in `lang` or the default."""
    case = case if case is not None else get_case(store, case_id)
    requested, _approved = directory_entry_for(store, case)
    if lang is not None and lang not in WRITER_LANGUAGES:
        raise ValidationError(
            "language",
            _("'{value}' is not one of: {allowed}").format(
                value=lang, allowed=", ".join(WRITER_LANGUAGES)
            ),
        )
    if lang == "ar" and "ar" not in accepted_languages(requested):
        raise ValidationError(
            "language",
            _(
                "Arabic is offered for states whose directory entry lists Arabic; "
                "{state}'s entry does not"
            ).format(state=state_name(str(case.get("requested_state") or "?"))),
        )
    language = lang or default_language(case, requested)
    sender, notices = requesting_entry(store, case)
    return Prepared(case, build_document(case, language, requested, sender), notices)


def render_request(
    store: Any, case_id: str, fmt: str, path: Path, lang: str | None = None, final: bool = False
) -> dict[str, str]:
    """Write the request to `path` and record it in the case's renders; returns the render item."""
    if fmt not in FORMATS:
        raise ValidationError(
            "format",
            _("'{value}' is not one of: {allowed}").format(value=fmt, allowed=", ".join(FORMATS)),
        )
    prepared = prepare(store, case_id, lang)
    if final:
        # What is checked is the language this render is written in.
        remaining = blocking_without_override(store, case_id, language=prepared.document.lang)
        if remaining:
            raise RequestBlocked(remaining)
        if prepared.document.missing:
            raise RequestIncomplete(prepared.document.missing)
    renders = prepared.case["renders"]
    version = str(len(renders) + 1) + (" final" if final else "")
    path = _version_path(Path(path), renders, len(renders) + 1)
    try:
        if fmt == "docx":
            buffer = io.BytesIO()
            render_docx(prepared.document, buffer)
            data = buffer.getvalue()
        else:
            data = render_md(prepared.document).encode("utf-8")
        atomic_write(path, data)  # whole or absent, even on a full disk
    except OSError as exc:
        raise ValidationError(
            "file", _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    item = {
        "version": version,
        "language": prepared.document.lang,
        "format": fmt,
        "date": dt.date.today().isoformat(),
        "file": str(path.resolve()),
    }
    update_case(store, case_id, {"renders": {**renders, secrets.token_hex(4): item}})
    return item


def _version_path(path: Path, renders: dict[str, Any], number: int) -> Path:
    """Never overwrite an earlier version: a taken name gets "-v<number>" before its suffix."""
    used = {str(r.get("file", "")) for r in renders.values() if isinstance(r, dict)}
    candidate = path
    extra = 1
    while candidate.exists() or str(candidate.resolve()) in used:
        tail = f"-v{number}" + (f"-{extra}" if extra > 1 else "")
        candidate = path.with_name(f"{path.stem}{tail}{path.suffix}")
        extra += 1
    return candidate


def requesting_entry(
    store: Any, case: dict[str, Any]
) -> tuple[dict[str, Any] | None, tuple[str, ...]]:
    """The directory entry of the authority making the request, and notices for the drafter.

    This device's own entry is used only when the case's requesting authority
    is this device's authority; otherwise the requesting authority's own entry,
    if the directory has one, and the writer says whose details it printed.
    """
    own = _entry(store, own_authority(store))
    wanted = str(case.get("requesting_authority") or "").strip()
    state = str(case.get("requesting_state") or "").strip().upper()
    if own is not None and _is(own, wanted, state):
        return own, ()
    for row in list_entries(store, state=state) if state else []:
        entry = _entry(store, row["code"])
        if entry is not None and wanted and _is(entry, wanted, state):
            return entry, (
                _(
                    "the requesting authority is {authority}, not this device's authority: "
                    "the letterhead and contact details are its own, from the directory"
                ).format(authority=entry.get("authority_name") or row["code"]),
            )
    if own is None and not wanted:
        return None, ()
    return None, (
        _(
            "the requesting authority ({authority}) is not this device's authority and has no "
            "directory entry: its address and contact details are left to complete"
        ).format(authority=wanted or state or "?"),
    )


def _entry(store: Any, code: str) -> dict[str, Any] | None:
    try:
        return approved_entry(store, code) or get_entry(store, code)
    except ValidationError:
        return None


def _is(entry: dict[str, Any], wanted: str, state: str) -> bool:
    """Whether the case's requesting authority (name or code, and state) is this entry's."""
    if state and str(entry.get("state") or "").upper() not in ("", state):
        return False
    names = {
        str(entry.get("code") or "").casefold(),
        str(entry.get("authority_name") or "").casefold(),
    }
    return not wanted or wanted.casefold() in names
