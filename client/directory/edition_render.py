"""Writing a directory edition as Word (.docx), Markdown or CSV.

The .docx uses built-in styles only (Title, Heading 1/2, Normal, a plain table), so
that it opens the same in Word and converts cleanly with LibreOffice.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from docx import Document
from docx.shared import Pt

from .edition import Edition

FORMATS = ("docx", "md", "csv")


def write_edition(edition: Edition, fmt: str, path: Path) -> None:
    if fmt == "docx":
        _docx(edition, path)
    elif fmt == "md":
        path.write_text(edition_markdown(edition), encoding="utf-8")
    elif fmt == "csv":
        path.write_text(edition_csv(edition), encoding="utf-8", newline="")
    else:
        raise ValueError(f"unknown format {fmt}")


def edition_markdown(edition: Edition) -> str:
    lines = [f"# {edition.title}", "", f"*{edition.subtitle}*", ""]
    for section in edition.sections:
        lines += [f"## {section.title}", ""]
        if not section.entries:
            lines += [edition.empty, ""]
        for entry in section.entries:
            lines += [f"### {entry.name}", "", f"- **{edition.code_label}**: {entry.code}"]
            for label, value in entry.rows:
                text = value.replace("\n", " ")
                lines.append(f"- **{label}**: {text}")
            lines.append("")
    lines += ["---", "", edition.footnote, ""]
    return "\n".join(lines)


def edition_csv(edition: Edition) -> str:
    """One row per field of each entry: edition, date, state, code, field, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("edition", "date", "state", "code", "field", "value"))
    for section in edition.sections:
        for entry in section.entries:
            writer.writerow(
                (
                    edition.number,
                    edition.date,
                    section.title,
                    entry.code,
                    edition.code_label,
                    entry.code,
                )
            )
            for label, value in entry.rows:
                writer.writerow(
                    (edition.number, edition.date, section.title, entry.code, label, value)
                )
    return out.getvalue()


def _docx(edition: Edition, path: Path) -> None:
    word = Document()
    word.core_properties.title = f"{edition.title} ({edition.number})"
    word.core_properties.language = edition.lang
    word.styles["Normal"].font.size = Pt(10)
    word.add_heading(edition.title, level=0)
    word.add_paragraph(edition.subtitle).runs[0].italic = True
    for section in edition.sections:
        word.add_heading(section.title, level=1)
        if not section.entries:
            word.add_paragraph(edition.empty)
        for entry in section.entries:
            word.add_heading(entry.name, level=2)
            table = word.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in [(edition.code_label, entry.code), *entry.rows]:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(label).bold = True
                cells[1].text = value
            word.add_paragraph()
    word.add_paragraph(edition.footnote).runs[0].italic = True
    word.save(str(path))
