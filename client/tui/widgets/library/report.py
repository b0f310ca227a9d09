"""The finder's report as the text the library screen shows (Rich markup escaped)."""

from __future__ import annotations

from rich.markup import escape

from client.library import BasisReport
from shared.i18n import _


def report_text(report: BasisReport) -> str:
    lines = []
    for basis in report.bases:
        flag = "" if basis.verified else f"  [b]{escape(_('unverified'))}[/b]"
        lines.append(f"[b]{escape(basis.title)}[/b] — {escape(basis.status_text)}{flag}")
        lines += [f"   {escape(line)}" for line in basis.standing]
        lines += [f"   ! {escape(caveat)}" for caveat in basis.caveats]
        lines += [f"   [dim]{escape(source)}[/dim]" for source in basis.sources]
        lines.append("")
    if report.others:
        heading = _("Not a basis on that date")
        lines.append(f"[b]{escape(heading)}[/b]")
        for basis in report.others:
            lines.append(f" · {escape(basis.title)} — {escape(basis.status_text)}")
            lines += [f"     {escape(line)}" for line in basis.standing]
    return "\n".join(lines)
