"""The request document as Markdown: the preview shown in the wizard and `render --format md`."""

from __future__ import annotations

from .document import Bullets, Labelled, Para, RequestDocument, Subheading
from .texts import colon, text


def render_md(doc: RequestDocument) -> str:
    out: list[str] = []
    out += [f"**{doc.letterhead[0]}**", *doc.letterhead[1:]] if doc.letterhead else []
    out.append("")
    for item in doc.references:
        out.append(f"{item.label}{colon(doc.lang)} {_inline(item.value)}  ")
    out.append("")
    out.append(f"{text('addressee', doc.lang)}{colon(doc.lang)}  ")
    out += [f"{line}  " for line in doc.addressee]
    out.append("")
    if doc.banners:
        out += [" · ".join(f"**{b}**" for b in doc.banners), ""]
    out += [f"# {doc.title}", "", doc.intro, ""]
    for section in doc.sections:
        out += [f"## {section.number}. {section.heading}", ""]
        for block in section.blocks:
            out += _block(block, colon(doc.lang))
    out += [doc.closing, ""]
    out += [f"## {text('h_annexes', doc.lang)}", ""]
    if doc.annexes:
        out += [f"{i}. {annex}" for i, annex in enumerate(doc.annexes, 1)]
    else:
        out.append(text("none", doc.lang))
    out += ["", doc.place_date, ""]
    out += [f"{line}  " for line in doc.signature]
    return "\n".join(out).rstrip() + "\n"


def _block(block: object, sep: str) -> list[str]:
    if isinstance(block, Para):
        return [_inline(block.text), ""]
    if isinstance(block, Subheading):
        return [f"### {block.text}", ""]
    if isinstance(block, Bullets):
        return [*(f"- {_inline(item)}" for item in block.items), ""]
    if isinstance(block, Labelled):
        if "\n" in block.value:
            return [f"**{block.label}{sep}**", "", _inline(block.value), ""]
        return [f"**{block.label}{sep}** {block.value}", ""]
    raise TypeError(f"unknown block {block!r}")


def _inline(value: str) -> str:
    """Keep the drafter's line breaks inside a paragraph."""
    return "  \n".join(line.rstrip() for line in value.splitlines())
