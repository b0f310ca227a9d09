"""Checking a request against the rules: pure on a case dict, plus a store-backed helper."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from client.cases import get_case
from client.directory import approved_entry, get_entry, list_entries
from shared.i18n import LANGUAGES, N_, translations

from .checks import CHECKS, Context, accepted_languages, case_kind, default_language
from .rules import BLOCKING, RULES, Rule
from .texts import language_name

# Names of the free-text fields, as rule messages quote them (translated with the message).
FIELD_NAMES: dict[str, str] = {
    "summary": N_("summary of the facts"),
    "offences": N_("offences"),
    "assistance_description": N_("description of the assistance"),
    "purpose": N_("purpose"),
    "proceeding_nature": N_("nature of the proceedings"),
    "dual_criminality": N_("dual criminality"),
    "procedure_requested": N_("procedure to follow"),
}


@dataclass(frozen=True)
class Finding:
    """One unmet rule: what to add (in three languages), where, and on which authority."""

    rule_id: str
    severity: str
    field: str
    messages: dict[str, str]
    source: str
    verified: bool = True  # every legal citation of the source checked against the text
    override_reason: str = ""  # set when a recorded override covers this finding

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCKING

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages["en"]

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        data = asdict(self)
        data["message"] = self.message(lang)
        return data


def applicable(rule: Rule, case: dict[str, Any]) -> bool:
    """Whether the rule concerns this case (its kind, direction and types of assistance)."""
    scope = rule.applies_to
    types = set(case.get("assistance_types") or [])
    if scope.kinds and case_kind(case) not in scope.kinds:
        return False
    if scope.directions and case.get("direction") not in scope.directions:
        return False
    if scope.types and not types.intersection(scope.types):
        return False
    if scope.except_types and types.intersection(scope.except_types):
        return False
    return not (scope.except_only and types and types <= set(scope.except_only))


def check_request(
    case: dict[str, Any],
    directory_entry: dict[str, Any] | None,
    *,
    language: str | None = None,
    entry_approved: bool = True,
) -> list[Finding]:
    """Every rule the request does not meet, blocking findings first, in rule-table order."""
    ctx = Context(
        case, directory_entry, entry_approved, language or default_language(case, directory_entry)
    )
    findings = [
        _finding(rule, ctx)
        for rule in RULES
        if applicable(rule, case) and not CHECKS[rule.check](ctx, rule.param)
    ]
    return sorted(findings, key=lambda f: not f.blocking)


def _finding(rule: Rule, ctx: Context) -> Finding:
    messages = {lang: rule.message_in(lang).format_map(_values(ctx, lang)) for lang in LANGUAGES}
    return Finding(rule.id, rule.severity, rule.field, messages, rule.source, rule.verified)


def _values(ctx: Context, lang: str) -> dict[str, str]:
    """Directory values a message may quote, language names in the message's language."""

    def name(code: str) -> str:
        return language_name(code, lang)

    def field_name(field: str) -> str:
        return translations(lang).gettext(FIELD_NAMES[field]) if field in FIELD_NAMES else field

    return {
        "languages": ", ".join(name(code) for code in accepted_languages(ctx.entry)),
        "language": name(ctx.language),
        "channels": ctx.entry_text("formats_channels"),
        "documents": ctx.entry_text("documents_required"),
        "information": ctx.entry_text("information_required"),
        "declaration": ctx.entry_text("untoc_16_5_declaration"),
        "text_language": name(ctx.text("text_language")),
        "fields": ", ".join(field_name(f) for f in ctx.untranslated_fields()),
    }


# -- with a store ---------------------------------------------------------------------


def directory_entry_for(store: Any, case: dict[str, Any]) -> tuple[dict[str, Any] | None, bool]:
    """The requested state's directory entry and whether it is the approved version.

    A state may list several authorities: prefer the one named in the case,
    then one competent for this kind of request. The secretariat's approved
    version wins; an entry never approved is still used, and flagged.
    """
    state = str(case.get("requested_state") or "").strip().upper()
    if not state:
        return None, True
    rows = list_entries(store, state=state)
    if not rows:
        return None, True
    wanted = str(case.get("requested_authority") or "").strip()
    kind = case.get("kind") or "mla"

    def rank(row: dict[str, Any]) -> tuple[int, int]:
        named = wanted and wanted in (row["code"], row["authority_name"])
        entry = approved_entry(store, row["code"]) or get_entry(store, row["code"])
        competent = entry.get("authority_kind") in (kind, "both")
        return (0 if named else 1, 0 if competent else 1)

    code = min(rows, key=rank)["code"]
    approved = approved_entry(store, code)
    if approved is not None:
        return approved, True
    return get_entry(store, code), False


def rendered_language(case: dict[str, Any]) -> str | None:
    """The language of the latest render of the request, if it was ever rendered."""
    renders = [r for r in (case.get("renders") or {}).values() if isinstance(r, dict)]
    if not renders:
        return None

    def order(item: dict[str, Any]) -> tuple[int, str]:
        number = str(item.get("version", "0")).split()[0]
        return (int(number) if number.isdigit() else 0, str(item.get("date", "")))

    return str(max(renders, key=order).get("language") or "") or None


def check_case(store: Any, case_id: str, language: str | None = None) -> list[Finding]:
    """Check a stored case against the rules and its requested state's directory entry.

    The language checked is the one asked for, else the one the request was
    last rendered in, else the one the writer would choose.
    """
    case = get_case(store, case_id)
    entry, approved = directory_entry_for(store, case)
    language = language or rendered_language(case)
    findings = check_request(case, entry, language=language, entry_approved=approved)
    from .legal_basis import legal_basis_findings  # the legal library's warnings

    return findings + legal_basis_findings(store, case)


def with_overrides(case: dict[str, Any], findings: list[Finding]) -> list[Finding]:
    """The findings, those covered by a recorded override marked with the override's reason."""
    reasons = override_reasons(case)
    return [
        replace(f, override_reason=reasons[f.rule_id]) if f.blocking and f.rule_id in reasons else f
        for f in findings
    ]


def override_reasons(case: dict[str, Any]) -> dict[str, str]:
    """Rule id -> the reason of the latest recorded override that covers it."""
    reasons: dict[str, str] = {}
    items = [i for i in (case.get("overrides") or {}).values() if isinstance(i, dict)]
    for item in sorted(items, key=lambda i: str(i.get("date", ""))):
        for rule_id in str(item.get("findings", "")).split(","):
            if rule_id.strip():
                reasons[rule_id.strip()] = str(item.get("reason", "")).strip() or "-"
    return reasons
