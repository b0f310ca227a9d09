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
from client.directory import get_entry
from shared.files import atomic_write
from shared.i18n import _
from shared.schema.validation import ValidationError

from .checker import Finding, directory_entry_for
from .checks import WRITER_LANGUAGES, default_language
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


@dataclass(frozen=True)
class Prepared:
    case: dict[str, Any]
    document: RequestDocument


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
    language = lang or default_language(case, requested)
    return Prepared(case, build_document(case, language, requested, _sender_entry(store)))


def render_request(
    store: Any, case_id: str, fmt: str, path: Path, lang: str | None = None, final: bool = False
) -> dict[str, str]:
    """Write the request to `path` and record it in the case's renders; returns the render item."""
    if fmt not in FORMATS:
        raise ValidationError(
            "format",
            _("'{value}' is not one of: {allowed}").format(value=fmt, allowed=", ".join(FORMATS)),
        )
    if final:
        remaining = blocking_without_override(store, case_id)
        if remaining:
            raise RequestBlocked(remaining)
    prepared = prepare(store, case_id, lang)
    path = Path(path)
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
    renders = prepared.case["renders"]
    version = str(len(renders) + 1) + (" final" if final else "")
    item = {
        "version": version,
        "language": prepared.document.lang,
        "format": fmt,
        "date": dt.date.today().isoformat(),
        "file": str(path.resolve()),
    }
    update_case(store, case_id, {"renders": {**renders, secrets.token_hex(4): item}})
    return item


def _sender_entry(store: Any) -> dict[str, Any] | None:
    """This authority's own directory entry, for the letterhead and the contact section."""
    code = own_authority(store)
    try:
        return get_entry(store, code)
    except ValidationError:
        return None
