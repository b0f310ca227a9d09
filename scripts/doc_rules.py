"""Print the table of every request-writer rule, as Markdown, from the rule table itself.

    .venv/bin/python scripts/doc_rules.py           # print the table
    .venv/bin/python scripts/doc_rules.py --write   # replace it in docs/request-writer.md

The table in docs/request-writer.md sits between the markers below;
tests/request_writer/test_doc.py fails when it differs from what this script prints,
so the documentation cannot drift from client/requests/rules.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from client.requests.rules import RULES, Applies  # noqa: E402
from client.requests.sources import unverified_citations  # noqa: E402
from client.requests.texts import assistance_label  # noqa: E402

DOC = REPO / "docs" / "request-writer.md"
START = "<!-- rules:start -->"
END = "<!-- rules:end -->"

KIND_NAMES = {
    "mla": "MLA requests",
    "extradition": "extradition requests",
    "transfer_sentenced": "transfers of sentenced persons",
}


def _types(types: tuple[str, ...]) -> str:
    return ", ".join(assistance_label(t, "en") for t in types)


def applies_text(scope: Applies) -> str:
    """When a rule applies, in words: kinds, directions and types of assistance sought."""
    parts = []
    if scope.kinds:
        parts.append(" and ".join(KIND_NAMES.get(k, k) for k in scope.kinds))
    if scope.directions:
        parts.append(" or ".join(scope.directions) + " only")
    if scope.types:
        parts.append(f"seeking any of: {_types(scope.types)}")
    if scope.except_types:
        parts.append(f"not seeking any of: {_types(scope.except_types)}")
    if scope.except_only:
        parts.append(f"not when the only assistance sought is: {_types(scope.except_only)}")
    return "; ".join(parts) or "all requests"


def _cell(value: str) -> str:
    """A table cell: one line, pipes escaped."""
    return " ".join(value.split()).replace("|", "\\|")


def rules_table() -> str:
    """The Markdown table of every rule, in rule-table order."""
    lines = [
        "| Rule | Severity | Applies to | Source | Verified | Message (English) |",
        "|---|---|---|---|---|---|",
    ]
    for rule in RULES:
        cells = (
            f"`{rule.id}`",
            rule.severity,
            applies_text(rule.applies_to),
            rule.source,
            "yes"
            if rule.verified
            else "**unverified**: " + ", ".join(unverified_citations(rule.source)),
            rule.message,
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def table_in(text: str) -> str:
    """The text between the markers of `text` (without the newlines around it)."""
    if START not in text or END not in text:
        raise ValueError(f"markers {START} and {END} not found")
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def write(doc: Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8")
    table_in(text)  # refuse a document without both markers
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    doc.write_text(f"{head}{START}\n{rules_table()}{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the table in {DOC.name}")
    args = parser.parse_args()
    if args.write:
        write()
        print(f"updated {DOC.relative_to(REPO)} ({len(RULES)} rules)")
    else:
        sys.stdout.write(rules_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
