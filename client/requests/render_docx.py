"""The request document as a Word file (python-docx), for final editing and signing.

Plain built-in styles only (Normal, Heading 1/2, List Bullet, List Number),
so the file opens the same in Word and LibreOffice; numbering is written in
the heading text rather than with Word list numbering, which LibreOffice
renders differently.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .document import Bullets, Labelled, Para, RequestDocument, Subheading
from .texts import colon, text

_LOCALES = {"en": "en-GB", "fr": "fr-FR", "pt": "pt-PT"}


def render_docx(doc: RequestDocument, path: Path | BinaryIO) -> None:
    word = Document()
    _setup(word, doc)
    for i, line in enumerate(doc.letterhead):
        para = word.add_paragraph()
        para.add_run(line).bold = i < 2
        para.paragraph_format.space_after = Pt(0)
    word.add_paragraph()
    table = word.add_table(rows=0, cols=2)
    for item in doc.references:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(item.label).bold = True
        cells[1].paragraphs[0].add_run(item.value)
    word.add_paragraph()
    block = word.add_paragraph()
    block.paragraph_format.left_indent = Cm(8)
    block.add_run(f"{text('addressee', doc.lang)}{colon(doc.lang)}").bold = True
    for line in doc.addressee:
        para = word.add_paragraph(line)
        para.paragraph_format.left_indent = Cm(8)
        para.paragraph_format.space_after = Pt(0)
    word.add_paragraph()
    if doc.banners:
        banner = word.add_paragraph()
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = banner.add_run("   ".join(doc.banners))
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title.upper())
    run.bold = True
    run.font.size = Pt(14)
    word.add_paragraph(doc.intro)
    for section in doc.sections:
        word.add_heading(f"{section.number}. {section.heading}", level=1)
        for item in section.blocks:
            _block(word, item, colon(doc.lang))
    word.add_paragraph(doc.closing)
    word.add_heading(text("h_annexes", doc.lang), level=1)
    if doc.annexes:
        for annex in doc.annexes:
            word.add_paragraph(annex, style="List Number")
    else:
        word.add_paragraph(text("none", doc.lang))
    word.add_paragraph()
    word.add_paragraph(doc.place_date)
    for line in doc.signature:
        para = word.add_paragraph(line)
        para.paragraph_format.left_indent = Cm(9)
        para.paragraph_format.space_after = Pt(0)
    word.save(path if not isinstance(path, Path) else str(path))


def _block(word: Document, block: object, sep: str) -> None:
    if isinstance(block, Para):
        _lines(word.add_paragraph(), block.text)
    elif isinstance(block, Subheading):
        word.add_heading(block.text, level=2)
    elif isinstance(block, Bullets):
        for item in block.items:
            _lines(word.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, Labelled):
        para = word.add_paragraph()
        para.add_run(f"{block.label}{sep} ").bold = True
        _lines(para, block.value)
    else:
        raise TypeError(f"unknown block {block!r}")


def _lines(para: object, value: str) -> None:
    """Add text keeping the drafter's line breaks inside one paragraph."""
    run = para.add_run()  # type: ignore[attr-defined]
    for i, line in enumerate(value.splitlines() or [""]):
        if i:
            run.add_break()
        run.add_text(line)


def _setup(word: Document, doc: RequestDocument) -> None:
    props = word.core_properties
    props.title = doc.title
    props.language = _LOCALES[doc.lang]
    for section in word.sections:
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
        if doc.confidential:
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            header.add_run(text("banner_confidential", doc.lang)).bold = True
        _page_number(section.footer.paragraphs[0])
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    _set_language(normal, _LOCALES[doc.lang])
    for name in ("Heading 1", "Heading 2"):
        style = word.styles[name]
        style.font.name = "Times New Roman"
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(13 if name == "Heading 1" else 12)


def _set_language(style: object, locale: str) -> None:
    """Mark the text language so Word and LibreOffice spell-check in the right language."""
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), locale)


def _page_number(para: object) -> None:
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = "1"
    run.append(value)
    field.append(run)
    para._p.append(field)  # type: ignore[attr-defined]
