"""The request document as a Word file (python-docx), for final editing and signing.

Plain built-in styles only (Normal, Heading 1/2, List Bullet, List Number),
so the file opens the same in Word and LibreOffice; numbering is written in
the heading text rather than with Word list numbering, which LibreOffice
renders differently. A4 paper, one font family for every style, and a footer
"page X of Y" made of Word PAGE and NUMPAGES fields. An Arabic document is
right-to-left: the section, every paragraph (w:bidi) and every run (w:rtl).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.document import Document as WordDocument  # the class; `Document` is a factory
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .document import Bullets, Labelled, Para, RequestDocument, Subheading
from .texts import colon, text

_LOCALES = {"en": "en-GB", "fr": "fr-FR", "pt": "pt-PT", "ar": "ar-MR"}
FONT = "Times New Roman"  # one family for headings and body; it has Arabic glyphs too
A4 = (Cm(21), Cm(29.7))


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
        for block_ in section.blocks:
            _block(word, block_, colon(doc.lang))
    word.add_paragraph(doc.closing)
    word.add_heading(text("h_annexes", doc.lang), level=1)
    if doc.annexes:
        for annex in doc.annexes:
            word.add_paragraph(annex, style="List Number")
    else:
        word.add_paragraph(text("none", doc.lang))
    # Place, date and signature block stay together on one page: nobody signs a page
    # that holds nothing but a signature.
    word.add_paragraph().paragraph_format.keep_with_next = True
    word.add_paragraph(doc.place_date).paragraph_format.keep_with_next = True
    for i, line in enumerate(doc.signature):
        para = word.add_paragraph(line)
        para.paragraph_format.left_indent = Cm(9)
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.keep_with_next = i < len(doc.signature) - 1
    if doc.rtl:
        _right_to_left(word)
    word.save(path if not isinstance(path, Path) else str(path))


def _block(word: WordDocument, block: object, sep: str) -> None:
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


def _setup(word: WordDocument, doc: RequestDocument) -> None:
    props = word.core_properties
    props.title = doc.title
    props.language = _LOCALES[doc.lang]
    for section in word.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
        if doc.confidential:
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            header.add_run(text("banner_confidential", doc.lang)).bold = True
        _page_number(section.footer.paragraphs[0], doc.lang)
        if doc.rtl:
            section._sectPr.append(OxmlElement("w:bidi"))
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "List Bullet", "List Number"):
        style = word.styles[name]
        _set_font(style)
        if name.startswith("Heading"):
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.size = Pt(13 if name == "Heading 1" else 12)
    word.styles["Normal"].font.size = Pt(12)
    _set_language(word.styles["Normal"], _LOCALES[doc.lang])


def _set_font(style: object) -> None:
    """The one font family, for Latin, complex-script (Arabic) and East Asian text alike.

    The theme fonts of the default template (Calibri Light for headings) are
    overridden by naming the font for every script explicitly.
    """
    style.font.name = FONT  # type: ignore[attr-defined]
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)


def _complex_script(rpr: object, rtl: bool = True) -> None:
    """Arabic runs take bold and size from w:bCs and w:szCs: mirror w:b and w:sz there."""
    bold = rpr.find(qn("w:b"))  # type: ignore[attr-defined]
    if bold is not None and rpr.find(qn("w:bCs")) is None:  # type: ignore[attr-defined]
        rpr.append(OxmlElement("w:bCs"))  # type: ignore[attr-defined]
    size = rpr.find(qn("w:sz"))  # type: ignore[attr-defined]
    if size is not None and rpr.find(qn("w:szCs")) is None:  # type: ignore[attr-defined]
        size_cs = OxmlElement("w:szCs")
        size_cs.set(qn("w:val"), size.get(qn("w:val")))
        rpr.append(size_cs)  # type: ignore[attr-defined]
    if rtl and rpr.find(qn("w:rtl")) is None:  # type: ignore[attr-defined]
        rpr.append(OxmlElement("w:rtl"))  # type: ignore[attr-defined]


def _right_to_left(word: WordDocument) -> None:
    """Mark every paragraph and run of the body, tables, header and footer right-to-left."""
    parts = [word.element.body]
    for section in word.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for para in part.iter(qn("w:p")):
            ppr = para.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:
                ppr.insert(0, OxmlElement("w:bidi"))
            jc = ppr.find(qn("w:jc"))
            if jc is not None and jc.get(qn("w:val")) == "left":
                jc.set(qn("w:val"), "right")
            for run in para.iter(qn("w:r")):
                _complex_script(run.get_or_add_rPr())
    for style in word.styles.element.iter(qn("w:rPr")):
        _complex_script(style, rtl=False)
    for table in word.element.body.iter(qn("w:tblPr")):
        table.append(OxmlElement("w:bidiVisual"))


def _set_language(style: object, locale: str) -> None:
    """Mark the text language so Word and LibreOffice spell-check in the right language."""
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), locale)


def _page_number(para: object, lang: str) -> None:
    """ "Page X of Y" in the document's language, X and Y being Word PAGE and NUMPAGES fields."""
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    para.add_run(text("page_prefix", lang))  # type: ignore[attr-defined]
    _field(para, "PAGE")
    para.add_run(text("page_of", lang))  # type: ignore[attr-defined]
    _field(para, "NUMPAGES")


def _field(para: object, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = "1"
    run.append(value)
    field.append(run)
    para._p.append(field)  # type: ignore[attr-defined]
