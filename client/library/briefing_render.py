"""A briefing note as Markdown or as a Word document (python-docx), in EN/FR/PT."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

from shared.errors import EntraideError
from shared.files import atomic_write

from ..requests.texts import colon
from .briefing import BriefingNote, heading


def _sections(note: BriefingNote) -> list[tuple[str, list[str]]]:
    lang = note.lang
    none = heading("none", lang)
    authority: list[str] = []
    for entry in note.authorities:
        authority += [f"{label}{colon(lang)} {value}" for label, value in entry] + [""]
    instruments = []
    if note.instruments_heading:
        instruments.append(note.instruments_heading)
    for title, status, lines in note.instruments:
        instruments.append(f"**{title}**" + (f" — {status}" if status else ""))
        instruments += [f"  • {line}" for line in lines]
    return [
        (heading("authority", lang), [x for x in authority if x] or [heading("no_entry", lang)]),
        (heading("languages", lang), [", ".join(note.languages) or none]),
        (heading("channels", lang), note.channels.splitlines() or [none]),
        (heading("measures", lang), [f"{k}{colon(lang)} {v}" for k, v in note.measures] or [none]),
        (heading("instruments", lang), instruments or [none]),
        (heading("timelines", lang), note.timelines.splitlines() or [none]),
        (heading("tips", lang), note.tips.splitlines() or [none]),
        (
            heading("sources", lang),
            [
                *note.sources,
                *([] if note.verified or note.by_authority else [heading("unverified", lang)]),
            ]
            or [none],
        ),
    ]


def render_markdown(note: BriefingNote) -> str:
    out = [f"# {heading('title', note.lang)}{colon(note.lang)} {note.state_label}", ""]
    for title, lines in _sections(note):
        out += [f"## {title}", ""]
        for line in lines:
            stripped = line.strip()
            out.append(f"- {stripped.lstrip('• ')}" if stripped.startswith("•") else line)
        out.append("")
    return "\n".join(out)


def render_docx(note: BriefingNote) -> Document:
    word = Document()
    style = word.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(11)
    word.add_heading(f"{heading('title', note.lang)}{colon(note.lang)} {note.state_label}", level=0)
    for title, lines in _sections(note):
        word.add_heading(title, level=1)
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("•"):
                word.add_paragraph(stripped.lstrip("• "), style="List Bullet")
            elif stripped.startswith("**"):
                title, _sep, rest = stripped[2:].partition("**")
                para = word.add_paragraph()
                para.add_run(title).bold = True
                para.add_run(rest)
            elif stripped:
                word.add_paragraph(stripped)
    return word


class NoteWriteError(EntraideError):
    """The briefing note could not be written."""


def write_note(note: BriefingNote, path: Path, fmt: str) -> Path:
    if fmt == "md":
        data = render_markdown(note).encode("utf-8")
    else:
        import io

        buffer = io.BytesIO()
        render_docx(note).save(buffer)
        data = buffer.getvalue()
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise NoteWriteError(f"cannot write {path}: {exc.strerror}") from None
    return path
