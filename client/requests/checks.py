"""The predicates the rules refer to by name: each says whether a rule is met.

A predicate takes the check context and the rule's parameter and returns True
when the request satisfies the rule. They are small and pure, so that the
rule table stays readable data and every predicate is easy to test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.i18n import DOCUMENT_LANGUAGES
from shared.schema.states import document_language, nationality_states

WRITER_LANGUAGES = DOCUMENT_LANGUAGES  # languages the document can be written in
DEFAULT_LANGUAGES = ("en", "fr", "pt")  # chosen without asking; Arabic only when asked for
SOUGHT_ROLES = ("suspect", "accused")
EXTRADITION_TYPES = ("extradition", "provisional_arrest")
# Free text the drafter writes, printed as typed: it is in the case's text language.
FREE_TEXT_FIELDS = (
    "summary",
    "offences",
    "assistance_description",
    "purpose",
    "proceeding_nature",
    "dual_criminality",
    "procedure_requested",
)


def case_kind(case: dict[str, Any]) -> str:
    """The kind the rules and the document treat the case as.

    A case that seeks extradition or provisional arrest is an extradition
    whatever its recorded kind, so the extradition rules always apply to it.
    """
    kind = case.get("kind") or "mla"
    if kind == "mla" and set(case.get("assistance_types") or []) & set(EXTRADITION_TYPES):
        return "extradition"
    return kind


@dataclass(frozen=True)
class Context:
    """What a check looks at: the case, the requested state's directory entry, the language."""

    case: dict[str, Any]
    entry: dict[str, Any] | None
    entry_approved: bool
    language: str  # the language the request is (or will be) written in

    def text(self, name: str) -> str:
        value = self.case.get(name)
        return value.strip() if isinstance(value, str) else ""

    def particular(self, key: str) -> str:
        value = (self.case.get("particulars") or {}).get(key)
        return value.strip() if isinstance(value, str) else ""

    def items(self, name: str) -> list[dict[str, str]]:
        value = self.case.get(name) or {}
        return [v for v in value.values() if isinstance(v, dict)] if isinstance(value, dict) else []

    def entry_text(self, name: str) -> str:
        value = (self.entry or {}).get(name)
        if isinstance(value, list):
            return ", ".join(value)
        return value.strip() if isinstance(value, str) else ""

    def sought_persons(self) -> list[dict[str, str]]:
        return [p for p in self.items("persons") if p.get("role") in SOUGHT_ROLES]

    def has_document(self, *kinds: str) -> bool:
        """A document of one of these kinds is annexed (documents not marked "no")."""
        return any(d.get("kind") in kinds for d in annexed_documents(self.case))

    def untranslated_fields(self) -> list[str]:
        """Free-text fields written in another language than the document's."""
        written_in = self.text("text_language")
        if not written_in or written_in == self.language:
            return []
        return [name for name in FREE_TEXT_FIELDS if self.text(name)]


def annexed_documents(case: dict[str, Any]) -> list[dict[str, str]]:
    """The case's documents marked as annexed to the request (unmarked ones count as annexed)."""
    value = case.get("documents") or {}
    rows = [v for v in value.values() if isinstance(v, dict)] if isinstance(value, dict) else []
    return [d for d in rows if (d.get("annexed") or "yes") != "no"]


def filled(ctx: Context, name: str) -> bool:
    return bool(ctx.text(name))


def particular(ctx: Context, key: str) -> bool:
    return bool(ctx.particular(key))


def any_type(ctx: Context, _: str) -> bool:
    return bool(ctx.case.get("assistance_types"))


def urgency_reason(ctx: Context, _: str) -> bool:
    return ctx.text("urgency") != "urgent" or bool(ctx.text("urgency_reason"))


def deadline_reason(ctx: Context, _: str) -> bool:
    return not ctx.text("deadline") or bool(ctx.text("deadline_reason"))


def is_urgent(ctx: Context, _: str) -> bool:
    return ctx.text("urgency") == "urgent"


def confidentiality_chosen(ctx: Context, _: str) -> bool:
    return ctx.text("confidentiality") in ("requested", "not_requested")


def person_listed(ctx: Context, _: str) -> bool:
    return any((p.get("name") or "").strip() for p in ctx.items("persons"))


def persons_detail(ctx: Context, key: str) -> bool:
    """Every named person has `key` (no persons: the person_listed rule speaks instead)."""
    return all(
        (p.get(key) or "").strip() for p in ctx.items("persons") if (p.get("name") or "").strip()
    )


def sought_person(ctx: Context, _: str) -> bool:
    return any((p.get("name") or "").strip() for p in ctx.sought_persons())


def sought_person_detail(ctx: Context, key: str) -> bool:
    sought = ctx.sought_persons()
    return bool(sought) and all((p.get(key) or "").strip() for p in sought)


def warrant_annexed(ctx: Context, _: str) -> bool:
    return ctx.has_document("warrant", "judgment")


def free_text_language(ctx: Context, _: str) -> bool:
    return not ctx.untranslated_fields()


def domestic_order(ctx: Context, _: str) -> bool:
    return bool(ctx.particular("domestic_order")) or ctx.has_document("court_order")


def hearing_not_of_suspect(ctx: Context, _: str) -> bool:
    return ctx.particular("witness_capacity").lower() not in SOUGHT_ROLES


def sought_not_national(ctx: Context, _: str) -> bool:
    """No person sought is a national of the requested state (16(10) then matters)."""
    state = ctx.text("requested_state").upper()
    return not any(
        state in nationality_states(p.get("nationality") or "") for p in ctx.sought_persons()
    )


def sentenced_person(ctx: Context, _: str) -> bool:
    return any(
        (p.get("name") or "").strip() and p.get("role") == "sentenced" for p in ctx.items("persons")
    )


def judgment_annexed(ctx: Context, _: str) -> bool:
    return ctx.has_document("judgment")


def mentions_ecowas(basis: str) -> bool:
    lowered = basis.lower()
    return any(word in lowered for word in ("ecowas", "cedeao", "a/p1/7/92", "a/p.1/8/94"))


def ecowas_time_limit(ctx: Context, _: str) -> bool:
    return not mentions_ecowas(ctx.text("legal_basis")) or bool(ctx.text("deadline"))


def directory_entry(ctx: Context, _: str) -> bool:
    return ctx.entry is not None or not ctx.text("requested_state")


def directory_approved(ctx: Context, _: str) -> bool:
    return ctx.entry is None or ctx.entry_approved


def accepted_languages(entry: dict[str, Any] | None) -> list[str]:
    langs = (entry or {}).get("languages") or []
    return [lang for lang in langs if isinstance(lang, str)]


def directory_language(ctx: Context, _: str) -> bool:
    accepted = accepted_languages(ctx.entry)
    if not accepted or ctx.language in accepted:
        return True
    return ctx.has_document("translation")


def directory_channel(ctx: Context, _: str) -> bool:
    return not ctx.entry_text("formats_channels") or bool(ctx.particular("channel"))


def directory_interpol(ctx: Context, _: str) -> bool:
    refused = ctx.entry_text("interpol_accepted") == "no"
    return not (refused and "interpol" in ctx.particular("channel").lower())


def directory_documents(ctx: Context, _: str) -> bool:
    return not ctx.entry_text("documents_required") or _confirmed(
        ctx, "directory_documents_checked"
    )


def directory_information(ctx: Context, _: str) -> bool:
    return not ctx.entry_text("information_required") or _confirmed(
        ctx, "directory_information_checked"
    )


def directory_untoc_basis(ctx: Context, _: str) -> bool:
    basis = ctx.text("legal_basis").lower()
    cites_untoc = any(
        w in basis
        for w in ("untoc", "palermo", "palerme", "organized crime", "criminalité organisée")
    )
    return not (cites_untoc and ctx.entry_text("untoc_16_5_declaration"))


def _confirmed(ctx: Context, key: str) -> bool:
    return ctx.particular(key).lower() in ("yes", "oui", "sim")


def default_language(case: dict[str, Any], entry: dict[str, Any] | None) -> str:
    """The language a request to this state is written in unless the drafter picks another.

    The first writer language the directory accepts, preferring the state's
    official language when it accepts several; else the official language.
    """
    official = document_language(str(case.get("requested_state") or ""))
    accepted = [lang for lang in accepted_languages(entry) if lang in DEFAULT_LANGUAGES]
    if official in accepted or not accepted:
        return official
    return accepted[0]


CHECKS: dict[str, Callable[[Context, str], bool]] = {
    fn.__name__: fn
    for fn in (
        filled,
        particular,
        any_type,
        urgency_reason,
        deadline_reason,
        is_urgent,
        confidentiality_chosen,
        person_listed,
        persons_detail,
        sought_person,
        sought_person_detail,
        warrant_annexed,
        ecowas_time_limit,
        directory_entry,
        directory_approved,
        directory_language,
        directory_channel,
        directory_interpol,
        directory_documents,
        directory_information,
        directory_untoc_basis,
        free_text_language,
        domestic_order,
        hearing_not_of_suspect,
        sought_not_national,
        sentenced_person,
        judgment_annexed,
    )
}
