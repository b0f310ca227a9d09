"""The case list's search box and filters; posts one message whenever they change."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select

from shared.i18n import _
from shared.i18n.labels import ASSISTANCE, DIRECTION, STATUS
from shared.schema.cases import ASSISTANCE_TYPES, DIRECTIONS, STATUSES

SEARCH_DELAY = 0.2  # seconds of typing pause before searching


@dataclass
class FilterValues:
    search: str = ""
    direction: str | None = None
    status: str | None = None
    state: str | None = None
    assistance_type: str | None = None
    overdue: bool = False
    extra: dict[str, str] = field(default_factory=dict)


class SearchBox(Input):
    """The search box: Down goes to the results, as Enter does after searching."""

    def on_key(self, event: events.Key) -> None:
        # Public handler: called before Input's own, which prevent_default() then skips.
        if event.key == "down":
            event.stop()
            event.prevent_default()
            self.post_message(FilterBar.ToResults())


class MarkedCheckbox(Checkbox):
    """A tick box that shows its state by a sign (X or nothing), not by colour alone."""

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()  # Textual's: the -on class and the Changed message

    def on_mount(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "


class FilterBar(Vertical):
    DEFAULT_CSS = """
    FilterBar { height: auto; }
    FilterBar #search { width: 1fr; }
    FilterBar #filter-row { height: 1; }
    FilterBar Select { width: 1fr; margin-right: 1; }
    FilterBar Checkbox { width: auto; }
    """

    @dataclass
    class Changed(Message):
        values: FilterValues

    class ToResults(Message):
        """Enter or Down in the search box: go to the list of results."""

    def __init__(self, states: list[str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.states = states
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SearchBox(
            placeholder=_("Search: reference, name, offence, State, notes… (Enter)"),
            id="search",
            compact=True,
        )
        with Horizontal(id="filter-row"):
            yield Select(
                [(_(DIRECTION[d]), d) for d in DIRECTIONS],
                prompt=_("Any direction"),
                id="direction",
                compact=True,
            )
            yield Select(
                [(_(STATUS[s]), s) for s in STATUSES],
                prompt=_("Any status"),
                id="status",
                compact=True,
            )
            yield Select(
                [(s, s) for s in self.states], prompt=_("Any State"), id="state", compact=True
            )
            yield Select(
                [(_(ASSISTANCE[a]), a) for a in ASSISTANCE_TYPES],
                prompt=_("Any type of assistance"),
                id="assistance",
                compact=True,
            )
            yield MarkedCheckbox(_("Overdue"), id="overdue", compact=True)

    def set_states(self, states: list[str]) -> None:
        if states != self.states:
            self.states = states
            select = self.query_one("#state", Select)
            current = select.value
            select.set_options([(s, s) for s in states])
            if current in states:
                select.value = current

    @property
    def values(self) -> FilterValues:
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return value if isinstance(value, str) else None

        return FilterValues(
            search=self.query_one("#search", Input).value.strip(),
            direction=chosen("direction"),
            status=chosen("status"),
            state=chosen("state"),
            assistance_type=chosen("assistance"),
            overdue=self.query_one("#overdue", Checkbox).value,
        )

    def clear(self) -> None:
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            self.query_one("#search", Input).value = ""
            for select in self.query(Select):
                select.clear()
            self.query_one("#overdue", Checkbox).value = False
        self._announce()

    def _announce(self) -> None:
        self.post_message(self.Changed(self.values))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self._announce)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._announce()
        self.post_message(self.ToResults())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._announce()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._announce()
