"""Which legal citations of the rule table were checked against the text of the instrument.

Each entry records how the provision was verified (the text found and where);
a citation absent from VERIFIED is unverified, and the writer says so next to
every finding that relies on it (`request check`, the wizard, the rule list).
Directory sources are not legal citations: they name the field of the
requested state's directory entry that a rule reads.
"""

from __future__ import annotations

import re

# citation -> how it was verified (text of the provision read, and where).
VERIFIED: dict[str, str] = {
    "UNTOC art. 18(13)": "INTERPOL clause (urgent circumstances, where the States Parties agree) read in "
    "the French text of the Convention; paragraph number as in the UNODC text",
    "UNTOC art. 18(18)": "hearing of a witness or expert by video conference, quoted from the French text "
    "of article 18, paragraph 18",
    "UNTOC art. 18(20)": "the requesting State Party 'may require' confidentiality of the fact and "
    "substance of the request: UN English text, paragraph 20",
    "UNTOC art. 13(1)": "request for confiscation: Italian (Gazzetta Ufficiale) and French (RS 0.311.54) "
    "texts of article 13, paragraph 1",
    "UNTOC art. 13(2)": "identify, trace and freeze or seize with a view to eventual confiscation: "
    "Italian and French texts of article 13, paragraph 2",
    "UNCAC art. 54(2)": "freezing or seizure upon an order of a court or competent authority of the "
    "requesting State Party (54(2)(a)), quoted in the World Bank study 'Orders without Borders'",
    "UNCAC art. 55(3)(a)": "description of the property to be confiscated: English text of article 55",
    "UNCAC art. 55(3)(b)": "legally admissible copy of the confiscation order, statement that it is "
    "final: English text of article 55",
    "UNCAC art. 55(3)(c)": "for freezing requests, 'where available, a legally admissible copy of an "
    "order on which the request is based': English text of article 55",
}

_CITATION = re.compile(r"(UNTOC|UNCAC|ECOWAS MLA) art\. ([^;]+)")


def citations(source: str) -> list[str]:
    """Each provision a source cites: "UNTOC art. 13(1), 13(3)(b)" -> two citations."""
    found = []
    for instrument, articles in _CITATION.findall(source):
        for article in articles.split(","):
            found.append(f"{instrument} art. {article.strip()}")
    return found


def source_verified(source: str) -> bool:
    """True when every legal citation of `source` is in VERIFIED (directory fields need none)."""
    return all(c in VERIFIED for c in citations(source))


def unverified_citations(source: str) -> list[str]:
    return [c for c in citations(source) if c not in VERIFIED]
