"""`entraide request ...`: check a request against the rules, render it, override blocking findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shared.i18n import DOCUMENT_LANGUAGES, LANGUAGES

from ..cases import get_case
from ..requests import RULES, check_case
from ..requests.checker import with_overrides
from ..requests.export import FORMATS, RequestBlocked, RequestIncomplete, prepare, render_request
from ..requests.gate import record_override
from . import exchange_cmd
from .common import emit, open_store, table

LANGS = LANGUAGES  # languages of the messages (the app's)
BLOCKED = 2  # exit status: blocking findings remain


def register(subparsers: argparse._SubParsersAction) -> None:
    request = subparsers.add_parser("request", help="the request writer: check, render, override")
    sub = request.add_subparsers(dest="request_command", metavar="ACTION", required=True)

    check = sub.add_parser(
        "check",
        help="list what the request still lacks (exit 0: can be final, 2: blocking findings remain)",
    )
    check.add_argument("id")
    check.add_argument("--lang", choices=LANGS, default="en", help="language of the messages")
    check.add_argument(
        "--request-lang",
        choices=DOCUMENT_LANGUAGES,
        help="language the request is written in (default: its last render's, else the directory's)",
    )
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_check)

    render = sub.add_parser("render", help="write the request as .docx or Markdown")
    render.add_argument("id")
    render.add_argument("--format", choices=FORMATS, required=True)
    render.add_argument(
        "--lang",
        choices=DOCUMENT_LANGUAGES,
        help="default: the language the requested state accepts (ar: when its entry lists Arabic)",
    )
    render.add_argument("-o", "--output", required=True, metavar="FILE")
    render.add_argument(
        "--final", action="store_true", help="refused while blocking findings remain"
    )
    render.add_argument("--json", action="store_true")
    render.set_defaults(func=cmd_render)

    override = sub.add_parser(
        "override", help="record an explicit override of the remaining blocking findings"
    )
    override.add_argument("id")
    override.add_argument("--reason", required=True)
    override.add_argument("--json", action="store_true")
    override.set_defaults(func=cmd_override)

    rules = sub.add_parser("rules", help="list the completeness rules and their sources")
    rules.add_argument("--lang", choices=LANGS, default="en")
    rules.add_argument("--json", action="store_true")
    rules.set_defaults(func=cmd_rules)

    exchange_cmd.register_request(sub)


def cmd_check(args: argparse.Namespace) -> int:
    store = open_store(args)
    case = get_case(store, args.id)
    findings = with_overrides(case, check_case(store, args.id, language=args.request_lang))
    data = [f.as_dict(args.lang) for f in findings]
    for item, finding in zip(data, findings, strict=True):
        del item["messages"]
        item["overridden"] = finding.overridden
    # Elements a final document may not leave "[to be completed]" (not findings: layout).
    to_fill = list(prepare(store, args.id, args.request_lang).document.missing)

    def text(rows: list[dict]) -> str:
        if not rows and not to_fill:
            return "complete: no finding"
        lines = []
        for row in rows:
            severity = "OVERRIDDEN" if row["overridden"] else row["severity"].upper()
            unverified = "" if row["verified"] else ", unverified"
            lines.append(
                f"{severity:10}  {row['rule_id']}  [{row['field']}]  ({row['source']}{unverified})"
            )
            lines.append(f"            {row['message']}")
            if row["overridden"]:
                lines.append(f"            override: {row['override_reason']}")
        blocking = sum(1 for r in rows if r["severity"] == "blocking" and not r["overridden"])
        overridden = sum(1 for r in rows if r["overridden"])
        warnings = sum(1 for r in rows if r["severity"] == "warning")
        lines.append(f"{blocking} blocking, {overridden} overridden, {warnings} warning(s)")
        if to_fill:
            lines.append("before a final render, fill: " + "; ".join(to_fill))
        return "\n".join(lines)

    emit(args, data, text)
    return BLOCKED if any(f.blocking and not f.overridden for f in findings) else 0


def cmd_render(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        item = render_request(store, args.id, args.format, Path(args.output), args.lang, args.final)
    except RequestBlocked as exc:
        if args.json:
            emit(args, {"error": exc.message, "findings": [f.rule_id for f in exc.findings]})
        else:
            print(f"entraide: refused: {exc.message}", file=sys.stderr)
        return BLOCKED
    except RequestIncomplete as exc:
        if args.json:
            emit(args, {"error": exc.message, "missing": exc.missing})
        else:
            print(f"entraide: refused: {exc.message}", file=sys.stderr)
        return BLOCKED
    for notice in prepare(store, args.id, item["language"]).notices:
        print(f"note: {notice}", file=sys.stderr)
    emit(args, item, f"written {item['file']} ({item['language']}, version {item['version']})")
    return 0


def cmd_override(args: argparse.Namespace) -> int:
    item = record_override(open_store(args), args.id, args.reason)
    emit(args, item, f"override recorded for: {item['findings']}")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    rows = [
        {
            "id": r.id,
            "severity": r.severity,
            "field": r.field,
            "source": r.source,
            "verified": r.verified,
            "message": r.message_in(args.lang),
        }
        for r in RULES
    ]
    emit(args, rows, lambda rs: table(rs, ["id", "severity", "field", "source", "verified"]))
    return 0
