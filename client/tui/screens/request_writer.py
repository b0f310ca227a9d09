"""The request writer: a wizard over the case's request fields, with a live completeness panel,
a preview of the request and export to .docx.

Steps group the fields a request needs; the "Assistance" step shows the
particulars of the types of assistance chosen, and only those. Every change
re-runs the rules (pure, fast) on what is typed, saved or not. Saving goes
through client.cases.update_case; a value it refuses is explained under its
field and nothing typed is lost.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Markdown,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)

from client.cases import get_case, update_case
from client.paths import unused_path
from client.requests.checker import Finding, check_request, directory_entry_for, override_reasons
from client.requests.checks import (
    WRITER_LANGUAGES,
    accepted_languages,
    case_kind,
    default_language,
)
from client.requests.export import prepare, render_request
from client.requests.particulars import PARTICULARS, PARTICULARS_BY_KEY
from client.requests.render_md import render_md
from client.requests.texts import choice_label
from shared.errors import EntraideError
from shared.i18n import N_, _, get_language
from shared.i18n import labels as L
from shared.schema.cases import FIELDS_BY_NAME
from shared.schema.validation import ValidationError

from ..dialogs.export_done import ExportDoneDialog
from ..dialogs.item import ItemDialog, item_summary
from ..widgets.forms import FormField
from .form_base import FormScreen, norm_value

# (step id, title, case fields shown in that step).
STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "basics",
        N_("Request"),
        (
            "our_ref",
            "requesting_state",
            "requesting_authority",
            "requested_state",
            "requested_authority",
            "legal_basis",
            "assistance_types",
        ),
    ),
    (
        "proceedings",
        N_("Proceedings"),
        (
            "proceeding_nature",
            "authority_conducting",
            "offences",
            "summary",
            "dual_criminality",
            "text_language",
        ),
    ),
    ("persons", N_("Persons and annexes"), ()),
    ("assistance", N_("Assistance"), ("assistance_description", "purpose", "procedure_requested")),
    (
        "formalities",
        N_("Formalities"),
        (
            "confidentiality",
            "urgency",
            "urgency_reason",
            "deadline",
            "deadline_reason",
            "assigned_officer",
        ),
    ),
    ("preview", N_("Preview and export"), ()),
)
STEP_OF_FIELD = {name: step for step, _title, names in STEPS for name in names}
STEP_OF_FIELD.update(persons="persons", documents="persons")
ITEM_KINDS = ("persons", "documents")
PREFIX = "p-"  # FormField names of particulars: "p-<key>"

# Particulars grouped by the types that ask for them (one widget per key, even when shared).
GROUPS: dict[tuple[str, ...], list[str]] = {}
for _particular in PARTICULARS:
    if _particular.types:
        GROUPS.setdefault(_particular.types, []).append(_particular.key)
# Particulars a kind of case asks for whatever its types (court of an extradition...).
KIND_GROUPS: dict[tuple[str, ...], list[str]] = {}
for _particular in PARTICULARS:
    if _particular.kinds and not _particular.types:
        KIND_GROUPS.setdefault(_particular.kinds, []).append(_particular.key)
GENERAL_PARTICULARS = tuple(p.key for p in PARTICULARS if not p.types and not p.kinds)


def ui_language() -> str:
    lang = get_language()
    return lang if lang in WRITER_LANGUAGES else "en"


class RequestWriterScreen(FormScreen):
    CSS_PATH = "request_writer.tcss"
    LABEL = N_("Request writer")
    SECTION = "cases"
    HELP = N_(
        "Walk through the steps from any field: Ctrl+PgDn or Alt+Right for the next step, "
        "Ctrl+PgUp or Alt+Left for the previous one (also Ctrl+N / Ctrl+B), or the tabs at "
        "the top; the cursor goes to the step's first field. The panel on the right "
        "lists what the request still lacks: blocking items must be completed before the "
        "request is sent; warnings are advice. Each item cites its legal source.\n\n"
        "Ctrl+S saves. The last step previews the request in the language the requested "
        "State accepts and exports it as a Word file (Ctrl+E) to the path you type.\n"
        "Ctrl+T saves and transmits the request to the requested authority over the "
        "secure channel."
    )
    # Step keys are priority bindings: they work whatever field has the focus (a text box
    # keeps its own arrows). The footer shows what fits at 80 columns in French (Save, Next
    # step, Close); Previous step, Export and the briefing note are in F1.
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("ctrl+e", "export", N_("Export"), show=False),
        Binding("ctrl+pagedown,alt+right,ctrl+n", "step(1)", N_("Next step"), priority=True),
        Binding(
            "ctrl+pageup,alt+left,ctrl+b",
            "step(-1)",
            N_("Previous step"),
            priority=True,
            show=False,
        ),
        # Not in the footer (80 columns are full): in help (F1) and the command palette.
        Binding("ctrl+t", "transmit", N_("Transmit"), priority=True, show=False),
        Binding("escape", "cancel", N_("Close")),
        Binding("ctrl+g", "briefing", N_("Briefing note"), show=False),
    ]
    DISCARD_QUESTION = N_("Close the request writer without saving?")

    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.original: dict[str, Any] = get_case(self.store, case_id)
        self.items: dict[str, dict[str, dict[str, str]]] = {
            kind: {k: dict(v) for k, v in self.original[kind].items()} for kind in ITEM_KINDS
        }
        self.entry, self.entry_approved = directory_entry_for(self.store, self.original)
        self._entry_state = self.original.get("requested_state", "")
        self.findings: list[Finding] = []
        self._timer: Timer | None = None
        self._checked: tuple[dict[str, Any], str] | None = None  # what the findings are of
        self._path_shown = Path()

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        ref = self.original.get("our_ref") or self.case_id
        yield Static(_("Request writer — {ref}").format(ref=ref), id="writer-title")
        with Horizontal(id="writer"):
            with TabbedContent(id="steps"):
                for step, title, names in STEPS:
                    with TabPane(_(title), id=f"step-{step}"):
                        with VerticalScroll(classes="step-body"):
                            yield from self._step(step, names)
            with Vertical(id="completeness"):
                yield Static("", id="completeness-summary")
                with VerticalScroll(id="findings-scroll"):
                    yield Static("", id="findings")

    def _step(self, step: str, names: tuple[str, ...]) -> ComposeResult:
        for name in names:
            yield self.schema_field(name, self.original.get(name))
        if step == "persons":
            for kind in ITEM_KINDS:
                yield Static(L.field_label(kind), classes="writer-section")
                yield DataTable(id=f"{kind}-table", cursor_type="row", classes="items-table")
                yield Button(
                    _("Add a person") if kind == "persons" else _("Add a document"),
                    id=f"add-{kind}",
                )
        elif step == "assistance":
            for types, keys in GROUPS.items():
                title = " / ".join(L.label(L.ASSISTANCE, t) for t in types)
                with Vertical(classes="type-group", id=f"group-{'-'.join(types)}") as group:
                    group.types = types  # type: ignore[attr-defined]
                    yield Static(title, classes="writer-section")
                    for key in keys:
                        yield self._particular_field(key)
            for kinds, keys in KIND_GROUPS.items():
                title = " / ".join(L.label(L.KIND, k) for k in kinds)
                with Vertical(classes="kind-group", id=f"kind-{'-'.join(kinds)}") as group:
                    group.kinds = kinds  # type: ignore[attr-defined]
                    yield Static(title, classes="writer-section")
                    for key in keys:
                        yield self._particular_field(key)
        elif step == "formalities":
            yield Static(_("The requested State's requirements"), classes="writer-section")
            yield Static("", id="directory-summary")
            for key in GENERAL_PARTICULARS:
                yield self._particular_field(key)
        elif step == "preview":
            with Horizontal(id="export-bar"):
                yield Select(
                    [(L.label(L.LANGUAGE, lang), lang) for lang in self._document_languages()],
                    value=default_language(self.original, self.entry),
                    allow_blank=False,
                    id="export-lang",
                    compact=True,
                )
                yield Button(_("Export .docx"), id="export", variant="primary")
            self._path_shown = self._default_path()
            yield Input(str(self._path_shown), id="export-path", compact=True)
            yield Static("", id="export-error")
            yield Markdown("", id="preview")
        if step != "preview":
            with Horizontal(classes="step-buttons"):
                yield Button(_("Save"), classes="save", variant="primary")
                yield Button(_("Next step"), classes="next")

    def _particular_field(self, key: str) -> FormField:
        spec = PARTICULARS_BY_KEY[key]
        lang = ui_language()
        value = (self.original.get("particulars") or {}).get(key, "")
        if spec.choices and (not value or value in spec.choices):
            labels = {c: choice_label(c, lang) for c in spec.choices}
            return FormField(
                PREFIX + key, "choice", spec.label_in(lang), value, spec.choices, labels
            )
        kind = "text" if spec.long else "str"
        return FormField(PREFIX + key, kind, spec.label_in(lang), value)

    def on_mount(self) -> None:
        self.query_one("#field-our_ref", FormField).widget.focus()
        self._fill_tables()
        self._show_groups()
        self._refresh_checks()

    def refresh_data(self) -> None:
        """Never reload under the user's fingers; only the directory may have changed."""
        self.entry, self.entry_approved = directory_entry_for(self.store, self.values())
        self._refresh_checks()

    def after_recompose(self) -> None:
        self.on_mount()

    # -- reading the form -----------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The case as typed: stored values overlaid with the form's."""
        case = dict(self.original)
        particulars = dict(self.original.get("particulars") or {})
        for form_field in self.query(FormField):
            name = form_field.field_name
            if name.startswith(PREFIX):
                key, value = name[len(PREFIX) :], form_field.value.strip()
                if value:
                    particulars[key] = value
                else:
                    particulars.pop(key, None)
            else:
                case[name] = form_field.value
        case["particulars"] = particulars
        case.update(self.items)
        return case

    def changes(self) -> dict[str, Any]:
        current = self.values()
        return {
            name: value
            for name, value in current.items()
            if name in FIELDS_BY_NAME and norm_value(value) != norm_value(self.original.get(name))
        }

    # -- live checks ------------------------------------------------------------------------
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.25, self._refresh_if_changed)

    def _refresh_if_changed(self) -> None:
        # The fields' first Changed events (at mount) repeat what on_mount checked.
        if (self.values(), self._export_language()) != self._checked:
            self._refresh_checks()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "export-path":
            self._changed()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "export-lang":
            path = self.query_one("#export-path", Input)
            if path.value == str(self._path_shown):  # follow the language unless typed over
                self._path_shown = self._default_path()
                path.value = str(self._path_shown)
            self._update_preview()
        self._changed()

    def on_selection_list_selected_changed(self, _event: SelectionList.SelectedChanged) -> None:
        self._show_groups()
        self._changed()

    def _refresh_checks(self) -> None:
        case = self.values()
        self._checked = (case, self._export_language())
        if case.get("requested_state") != self._entry_state:
            self._entry_state = case.get("requested_state", "")
            self.entry, self.entry_approved = directory_entry_for(self.store, case)
        self.findings = check_request(
            case, self.entry, language=self._export_language(), entry_approved=self.entry_approved
        )
        from client.requests.legal_basis import legal_basis_findings  # the legal library

        self.findings += legal_basis_findings(self.store, case)
        self._show_findings()
        self._show_directory()
        if self.query_one(TabbedContent).active == "step-preview":
            self._update_preview()

    def _show_findings(self) -> None:
        lang = ui_language()
        blocking = sum(1 for f in self.findings if f.blocking)
        warnings = len(self.findings) - blocking
        summary = self.query_one("#completeness-summary", Static)
        if not self.findings:
            summary.update(_("Complete: nothing missing"))
        else:
            summary.update(
                _("{blocking} blocking, {warnings} warnings").format(
                    blocking=blocking, warnings=warnings
                )
            )
        summary.set_class(blocking > 0, "-blocking")
        out = Text()
        steps = {step: _(title) for step, title, _names in STEPS}
        order = [step for step, _title, _names in STEPS]
        # Blocking first, then in the order of the steps, so the drafter works top-down.
        ranked = sorted(
            self.findings, key=lambda f: (not f.blocking, order.index(self._step_of(f.field)))
        )
        reasons = override_reasons(self.values())
        for finding in ranked:
            mark, style = ("■ ", "bold red") if finding.blocking else ("▲ ", "bold yellow")
            if finding.blocking and finding.rule_id in reasons:
                mark, style = ("□ ", "bold")
            out.append(mark, style=style)
            step = steps.get(self._step_of(finding.field), "")
            out.append(f"{step} · {self._field_label(finding.field)}\n", style="bold")
            out.append(finding.message(lang) + "\n")
            source = (
                finding.source
                if finding.verified
                else _("{source} (unverified)").format(source=finding.source)
            )
            out.append(source + "\n", style="italic dim")
            if finding.blocking and finding.rule_id in reasons:
                out.append(
                    _("Overridden: {reason}").format(reason=reasons[finding.rule_id]) + "\n",
                    style="italic",
                )
            out.append("\n")
        self.query_one("#findings", Static).update(out)

    def _show_directory(self) -> None:
        entry = self.entry
        if entry is None:
            text = _("No directory entry for the requested State.")
        else:
            parts = [entry.get("authority_name", "")]
            for name in (
                "languages",
                "formats_channels",
                "documents_required",
                "information_required",
            ):
                value = entry.get(name)
                if value:
                    shown = L.value_label(name, value)
                    parts.append(f"{L.labelled(L.field_label(name))} {shown}")
            text = "\n".join(p for p in parts if p)
        self.query_one("#directory-summary", Static).update(Text(text))

    @staticmethod
    def _step_of(field: str) -> str:
        if field.startswith("particulars."):
            key = field.split(".", 1)[1]
            return "formalities" if key in GENERAL_PARTICULARS else "assistance"
        return STEP_OF_FIELD.get(field, "basics")

    @staticmethod
    def _field_label(field: str) -> str:
        if field.startswith("particulars."):
            key = field.split(".", 1)[1]
            spec = PARTICULARS_BY_KEY.get(key)
            return spec.label_in(ui_language()) if spec else key
        return L.field_label(field)

    def _show_groups(self) -> None:
        chosen = set(self.query_one("#field-assistance_types", FormField).value)
        for group in self.query(".type-group"):
            group.display = bool(chosen.intersection(group.types))  # type: ignore[attr-defined]
        kind = case_kind(self.values())
        for group in self.query(".kind-group"):
            group.display = kind in group.kinds  # type: ignore[attr-defined]

    def _document_languages(self) -> list[str]:
        """English, French, Portuguese; Arabic too when the requested State's entry lists it."""
        offered = accepted_languages(self.entry)
        return [lang for lang in WRITER_LANGUAGES if lang != "ar" or "ar" in offered]

    # -- persons and annexes ----------------------------------------------------------------
    def _fill_tables(self) -> None:
        headers = {
            "persons": ("role", "name", "nationality", "date_of_birth"),
            "documents": ("title", "kind", "date", "reference"),
        }
        for kind in ITEM_KINDS:
            table = self.query_one(f"#{kind}-table", DataTable)
            table.clear(columns=True)
            table.add_columns(*(L.field_label(h) for h in headers[kind]))
            for item_id, item in self.items[kind].items():
                table.add_row(*item_summary(kind, item), key=item_id)

    def _edit_item(self, kind: str, item_id: str | None) -> None:
        current = self.items[kind].get(item_id) if item_id else None

        def saved(values: dict[str, str] | None) -> None:
            if values is None:
                return
            self.items[kind][item_id or secrets.token_hex(4)] = values
            self._fill_tables()
            self._changed()

        self.app.push_screen(ItemDialog(kind, dict(current) if current else None), saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        kind = (event.data_table.id or "").removesuffix("-table")
        if kind in ITEM_KINDS and event.row_key.value:
            self._edit_item(kind, event.row_key.value)

    # -- actions -----------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button
        if button.id in ("add-persons", "add-documents"):
            self._edit_item(button.id.removeprefix("add-"), None)
        elif button.id == "export":
            self.action_export()
        elif button.has_class("save"):
            self.action_save()
        elif button.has_class("next"):
            self.action_step(1)

    def action_step(self, delta: int) -> None:
        tabs = self.query_one(TabbedContent)
        order = [f"step-{step}" for step, _t, _n in STEPS]
        index = order.index(tabs.active) if tabs.active in order else 0
        target = order[max(0, min(len(order) - 1, index + delta))]
        if target == tabs.active:
            return
        # Let go of the field first: a focused table in the step left behind would take
        # its step back when the screen next settles the focus.
        self.set_focus(None)
        tabs.active = target
        self._focus_step(tabs.active, always=True)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "step-preview":
            self._update_preview()
        self._focus_step(event.pane.id or "")

    def _focus_step(self, pane_id: str, always: bool = False) -> None:
        """Put the cursor on the step's first field once the step shows.

        Unless the focus already is in that step (a field revealed with its error), or on
        the step list itself while the user browses it with the arrows (and not `always`).
        """

        def move() -> None:
            pane = self.query_one(f"#{pane_id}", TabPane)
            focused = self.focused
            if focused is not None and pane in focused.ancestors:
                return
            if not always and isinstance(focused, Tabs):
                return
            first = self._first_focusable(pane)
            if first is not None:
                first.focus()
                first.scroll_visible(animate=False)

        if pane_id:
            self.call_after_refresh(move)

    @staticmethod
    def _first_focusable(pane: TabPane) -> Widget | None:
        """The first field or button of a step, in the order it is written (the focus
        chain sorts by position on screen, not yet known for a step just shown)."""
        for widget in pane.query("*"):
            if not widget.can_focus or isinstance(widget, VerticalScroll):  # the step body
                continue
            shown = widget.ancestors_with_self[: widget.ancestors_with_self.index(pane)]
            if all(node.display for node in shown) and not widget.disabled:
                return widget
        return None

    def reveal(self, form_field: FormField) -> None:
        for pane in self.query(TabPane):
            if form_field in pane.query(FormField):
                self.query_one(TabbedContent).active = pane.id or ""
        super().reveal(form_field)

    def action_save(self, then: Callable[[], object] | None = None) -> None:
        """Save what changed, on the store's writer from a worker (keys go on meanwhile);
        `then()` once the store holds what is typed (at once when nothing changed)."""
        changes = self.changes()
        if not changes:
            self.show_errors({})
            if then is not None:
                then()
            return
        errors = self.field_errors(changes)
        if errors:
            self.show_errors(errors)
            return
        case_id = self.case_id

        def saved(_changed: bool) -> None:
            self.original = get_case(self.store, case_id)
            self.notify(_("Saved."))
            if not self.is_mounted:
                return
            self.show_errors({})
            if then is not None:
                then()

        def refused(exc: Exception) -> bool:  # the wizard stays open, with what was typed
            if isinstance(exc, ValidationError):
                self.show_domain_error(exc)
                return True
            return False

        self.entraide.write_then(lambda store: update_case(store, case_id, changes), saved, refused)

    def action_export(self) -> None:
        error = self.query_one("#export-error", Static)
        path_text = self.query_one("#export-path", Input).value.strip()
        if not path_text:
            error.update(_("Type the path of the file to write."))
            return
        self.action_save(then=lambda: self._export(Path(path_text)))

    def _export(self, wanted: Path) -> None:
        """Render and record the request, on the store's writer (the render joins the case's
        renders in the same transaction)."""
        error = self.query_one("#export-error", Static)
        path = unused_path(wanted.expanduser())  # never over an earlier file
        case_id, lang = self.case_id, self._export_language()

        def written(item: dict[str, str]) -> None:
            self.original = get_case(self.store, case_id)
            # Say whose letterhead was printed when the requesting authority is not ours.
            notices = prepare(self.store, case_id, item["language"]).notices
            if self.is_mounted:
                error.update("\n".join(notices))
            self.app.push_screen(ExportDoneDialog(item["file"], title=_("Request written")))

        def refused(exc: Exception) -> bool:
            if isinstance(exc, ValidationError):
                error.update(_(exc.message))
            elif isinstance(exc, EntraideError):  # not written (missing folder, full disk)
                error.update(str(exc))
            else:
                return False
            return True

        self.entraide.write_then(
            lambda store: render_request(store, case_id, "docx", path, lang), written, refused
        )

    def action_transmit(self) -> None:
        """Save, then the transmit dialog (the send gate, overrides, sealing)."""
        from ..dialogs.transmit import TransmitDialog

        self.action_save(
            then=lambda: self.app.push_screen(
                TransmitDialog(self.case_id), lambda _sent: self._transmitted()
            )
        )

    def _transmitted(self) -> None:
        self.original = get_case(self.store, self.case_id)
        self._refresh_checks()

    def palette_commands(self):  # noqa: ANN201
        yield (
            _("Transmit the request"),
            _("Seal it to the requested authority and send it over the channel"),
            self.action_transmit,
        )

    def has_changes(self) -> bool:
        """Persons, annexes and particulars count too, and what was saved does not."""
        return bool(self.changes())

    # -- preview and export ---------------------------------------------------------------
    def _export_language(self) -> str:
        selects = self.query("#export-lang")
        if selects:
            value = selects.first(Select).value
            if isinstance(value, str):
                return value
        return default_language(self.original, self.entry)

    def _default_path(self) -> Path:
        ref = self.original.get("our_ref") or self.case_id
        safe = re.sub(r"[^\w.-]+", "-", ref).strip("-") or self.case_id
        return self.entraide.data_dir / f"request-{safe}-{self._export_language()}.docx"

    def _update_preview(self) -> None:
        try:
            prepared = prepare(
                self.store, self.case_id, self._export_language(), case=self.values()
            )
        except ValidationError as exc:  # e.g. Arabic once the requested State no longer lists it
            self.query_one("#export-error", Static).update(exc.message)
            return
        self.query_one("#export-error", Static).update("\n".join(prepared.notices))
        self.query_one("#preview", Markdown).update(render_md(prepared.document))

    def action_briefing(self) -> None:
        """The requested State's briefing note, beside the request (the legal library)."""
        from ..dialogs.briefing import BriefingNoteDialog

        state = str(self.original.get("requested_state") or "")
        if state:
            requesting = str(self.original.get("requesting_state") or "") or None
            self.app.push_screen(BriefingNoteDialog(state, requesting))
