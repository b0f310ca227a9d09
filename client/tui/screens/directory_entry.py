"""One authority's entry. Others see the version the secretariat approved; for one's own
authority the current version is shown, with its approval state told plainly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from client.cases.service import own_authority
from client.directory import ApprovalState, approved_entry, get_entry, review
from shared.i18n import N_, _

from ..widgets.directory.entry import entry_markup
from .base import EntraideScreen


class DirectoryEntryScreen(EntraideScreen):
    CSS_PATH = "directory.tcss"
    LABEL = N_("Directory entry")
    SECTION = "directory"
    HELP = N_(
        "The full entry of one authority: contacts, languages accepted, documents and "
        "information required, channels, whether requests via INTERPOL are accepted, and "
        "the procedure for urgent requests.\n\n"
        "For your own authority, E opens the edit form. Your changes are sent to the "
        "secretariat as a proposal; until it approves them, other authorities keep seeing "
        "the approved version. Escape goes back."
    )
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("e", "edit", N_("Edit my entry")),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    @property
    def is_own(self) -> bool:
        return self.code == own_authority(self.store)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="approval")
        with VerticalScroll(id="entry-scroll"):
            yield Static("", id="entry-text")

    def on_mount(self) -> None:
        self.refresh_data()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return self.is_own  # hidden from the footer for other authorities
        return True

    def refresh_data(self) -> None:
        reviewed = review(self.store, self.code)
        state = reviewed.state
        current = get_entry(self.store, self.code)
        if self.is_own:
            entry = current
            notes = {
                ApprovalState.APPROVED: _("Your entry, as approved by the secretariat."),
                ApprovalState.PROPOSED: _(
                    "Your changes are proposed, awaiting approval by the secretariat. "
                    "Other authorities still see the approved version."
                ),
                ApprovalState.UNREVIEWED: _(
                    "Your entry has not yet been approved by the secretariat."
                ),
                ApprovalState.REJECTED: _(
                    "The secretariat rejected this version of your entry: {reason}"
                ).format(reason=reviewed.reason),
            }
        else:
            approved = approved_entry(self.store, self.code)
            entry = approved or {}
            notes = {
                ApprovalState.APPROVED: _("Approved by the secretariat."),
                ApprovalState.PROPOSED: _(
                    "Approved version shown; the authority has proposed changes that the "
                    "secretariat has not yet approved."
                ),
                ApprovalState.UNREVIEWED: _(
                    "Not yet approved by the secretariat: nothing of this entry can be "
                    "shown until it is."
                ),
            }
            if state == ApprovalState.REJECTED:  # others see the approved version, if any
                state = ApprovalState.PROPOSED if approved else ApprovalState.UNREVIEWED
            if approved is None:
                state = ApprovalState.UNREVIEWED
                entry = {"code": self.code}
        banner = self.query_one("#approval", Static)
        banner.update(notes[state])
        banner.set_class(state != ApprovalState.APPROVED, "pending")
        self.query_one("#entry-text", Static).update(entry_markup(entry))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        if not self.is_own:
            self.notify(_("You can only edit your own authority's entry."), severity="warning")
            return
        from .directory_form import DirectoryFormScreen

        self.app.push_screen(DirectoryFormScreen(self.code), lambda _saved: self.reload())

    def palette_commands(self):  # noqa: ANN201
        if self.is_own:
            yield (_("Edit my entry"), _("Propose changes to the secretariat"), self.action_edit)
