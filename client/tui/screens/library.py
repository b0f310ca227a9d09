"""Library: the instruments and their parties, the legal bases between two states on a
date, and the country briefing notes (all as approved by the secretariat)."""

from __future__ import annotations

import datetime as dt

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Markdown,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from client.library import (
    briefing_note,
    edit_note,
    events_for,
    find_bases,
    instruments,
    note_editor_state,
    note_review,
)
from client.library.briefing import build_note
from client.library.briefing_render import render_markdown
from shared.i18n import N_, _, get_language
from shared.i18n.labels import LIBRARY_EVENT, OFFENCE_CATEGORY, label
from shared.schema.cases import OFFENCE_CATEGORIES
from shared.schema.states import UnknownState, resolve_state, state_name

from ..dialogs.note_edit import NoteEditDialog
from ..errors import guarded
from ..widgets.library import report_text
from .base import EntraideScreen

TITLE_WIDTH = 52  # the title column; the dates and the "verified" mark stay whole at 80


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _lang() -> str:
    lang = get_language()
    return lang if lang in ("en", "fr", "pt") else "en"


class LibraryScreen(EntraideScreen):
    CSS_PATH = "library.tcss"
    LABEL = N_("Library")
    SECTION = "library"
    HELP = N_(
        "The legal library, as approved by the secretariat. Instruments: the conventions and "
        "their parties with dates; Enter shows an instrument's provisions and parties. Legal "
        "bases: type the requesting and requested States (code or name), a date and, if you "
        "wish, an offence category, then Find: the instruments in force between them on that "
        "date, with their conditions; facts not verified are marked. Briefing note: what to "
        "know about one State before sending it a request; e proposes changes to your own "
        "State's note (the secretariat: to the State shown), which others see once the "
        "secretariat approves them."
    )
    BINDINGS = [
        Binding("r", "reload", N_("Refresh")),
        Binding("e", "edit_note", N_("Edit note")),
    ]

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="library-tabs"):
            with TabPane(_("Instruments"), id="tab-instruments"):
                yield DataTable(id="instruments", cursor_type="row", zebra_stripes=True)
                with VerticalScroll():
                    yield Static("", id="instrument-detail")
            with TabPane(_("Legal bases"), id="tab-bases"):
                with Horizontal(classes="library-row"):
                    yield Input(placeholder=_("Requesting State"), id="requesting")
                    yield Input(placeholder=_("Requested State"), id="requested")
                    yield Input(dt.date.today().isoformat(), placeholder="YYYY-MM-DD", id="on")
                    yield Select(
                        [(label(OFFENCE_CATEGORY, c), c) for c in OFFENCE_CATEGORIES],
                        prompt=_("Any offence"),
                        id="offence",
                        compact=True,
                    )
                    yield Select(
                        [(_("Mutual legal assistance"), "mla"), (_("Extradition"), "extradition")],
                        value="mla",
                        allow_blank=False,
                        id="kind",
                        compact=True,
                    )
                    yield Button(_("Find"), id="find", variant="primary")
                with VerticalScroll():
                    yield Static("", id="bases-result")
            with TabPane(_("Briefing note"), id="tab-note"):
                with Horizontal(classes="library-row"):
                    yield Input(placeholder=_("State"), id="note-state")
                    yield Input(placeholder=_("Requesting State (optional)"), id="note-from")
                    yield Button(_("Show"), id="show-note")
                with VerticalScroll():
                    yield Markdown("", id="note-view")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        lang = _lang()
        table = self.query_one("#instruments", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Instrument"), _("In force"), _("Verified"))
        items = instruments(self.store)
        for item in items:
            table.add_row(
                _cut(item.get(f"title_{lang}") or item["title_en"], TITLE_WIDTH),
                item["entry_into_force"] or "—",
                _("yes") if item["verified"] == "yes" else _("no"),
                key=item["code"],
            )
        if not items:
            self.query_one("#instrument-detail", Static).update(
                _("The library is empty. It arrives with the first sync or USB import.")
            )

    @guarded
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        code = event.row_key.value if event.row_key else None
        if not code:
            return
        lang = _lang()
        item = next((i for i in instruments(self.store) if i["code"] == code), None)
        if item is None:
            return
        lines = [
            f"[b]{escape(item.get(f'title_{lang}') or item['title_en'])}[/b]",
            escape(item["citation"]),
            "",
        ]
        for prov in item["provisions"].values():
            topic = prov.get(f"topic_{lang}") or prov.get("topic_en") or ""
            lines.append(f"art. {escape(prov.get('article', ''))}: {escape(topic)}")
        lines.append("")
        # Outside the f-strings: the extractor reads calls, not f-string contents.
        unverified, no_date = _("unverified"), _("date unverified")
        for e in events_for(self.store, instrument_code=code):
            mark = "" if e["verified"] == "yes" else f" ({unverified})"
            event = label(LIBRARY_EVENT, e["event"])
            lines.append(escape(f"{e['state']}  {event}  {e['date'] or no_date}{mark}"))
        self.query_one("#instrument-detail", Static).update("\n".join(lines))

    @guarded
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "find":
            self.find()
        elif event.button.id == "show-note":
            self.show_note()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("requesting", "requested", "on"):
            self.find()
        elif event.input.id in ("note-state", "note-from"):
            self.show_note()

    def _state(self, widget_id: str) -> str | None:
        value = self.query_one(f"#{widget_id}", Input).value.strip()
        if not value:
            return None
        try:
            return resolve_state(value)
        except UnknownState as exc:
            self.notify(str(exc), severity="error")
            return None

    def find(self) -> None:
        a, b = self._state("requesting"), self._state("requested")
        out = self.query_one("#bases-result", Static)
        if not a or not b:
            out.update(_("Type both States (an ISO code such as SN, or a name)."))
            return
        on = self.query_one("#on", Input).value.strip() or None
        if on:
            try:
                on = dt.date.fromisoformat(on).isoformat()
            except ValueError:
                out.update(_("'{value}' is not a date; use YYYY-MM-DD").format(value=on))
                return
        offence = self.query_one("#offence", Select).value
        kind = self.query_one("#kind", Select).value
        report = find_bases(
            self.store,
            a,
            b,
            on,
            offence if isinstance(offence, str) else "",
            kind if isinstance(kind, str) else "mla",
            _lang(),
        )
        out.update(report_text(report))

    def show_note(self) -> None:
        state = self._state("note-state")
        if not state:
            return
        requesting = self._state("note-from")
        note = build_note(self.store, state, _lang(), requesting)
        self.query_one("#note-view", Markdown).update(render_markdown(note))

    @guarded
    def action_edit_note(self) -> None:
        """Propose changes to the own State's note (the secretariat: the State shown)."""
        own = note_editor_state(self.store)
        state = own or self._state("note-state")
        if not state:
            self.notify(_("Type the State whose note to edit."), severity="warning")
            return
        self.query_one("#library-tabs", TabbedContent).active = "tab-note"
        self.query_one("#note-state", Input).value = state
        note = briefing_note(self.store, state) or {}

        def done(changes: dict | None) -> None:
            if not changes:
                return
            self.entraide.write_then(lambda store: edit_note(store, state, changes), saved)

        def saved(_result: object) -> None:
            if note_review(self.store, state).state.value == "approved":
                self.notify(_("Briefing note saved."))
            else:
                self.notify(_("Saved: others see it once the secretariat approves it."))
            if self.is_mounted:
                self.show_note()

        self.app.push_screen(
            NoteEditDialog(state_name(state, _lang()), note, own is not None), done
        )
