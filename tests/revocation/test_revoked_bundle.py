"""A bundle from a device revoked afterwards: every replica applies one rule.

X edits a case offline and hands a bundle around; C imports it and edits the
same case on top; then X is revoked. The server had accepted X's earlier group,
not the one in the bundle. Afterwards every replica (server included) holds
the same documents: X's case as the server accepted it, without the bundle's
edit, and C's edit, which depends on it, is shown as blocked on every device
(never silently pending).
"""

from __future__ import annotations

import json

from client.bundles import export_bundle, import_bundle
from client.cases import create_case, update_case
from client.replication.revocations import blocked_changes
from client.sync import SyncAgent, sync_status
from client.sync.summary import sync_lines
from client.tui.app import make_app
from client.tui.settings import TuiSettings
from shared.access import authority_space

from .conftest import cli, data_dir_of


def screen_text(app) -> str:  # noqa: ANN001
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def documents(store, space: str) -> dict:
    rows = store.conn.execute(
        "SELECT doc_id, data, heads FROM documents WHERE space = ? ORDER BY doc_id", (space,)
    )
    return {d: (json.loads(data), heads) for d, data, heads in rows}


async def test_groups_of_a_device_revoked_after_its_bundle_end_the_same_everywhere(
    tmp_path, server, device, revoke
):
    x, c, p, q = device("x"), device("c"), device("p"), device("q")
    s = device("s")  # syncs only: never sees the bundle
    space = authority_space(x.get_meta("authority"))
    case = create_case(x, {"direction": "incoming", "kind": "mla", "title": "opened by X"})
    SyncAgent(x).sync_once()
    for other in (c, p, q, s):
        SyncAgent(other).sync_once()
    # X edits offline and hands out a bundle; C and Q import it, C edits on top of it.
    update_case(x, case, {"title": "changed by X in the bundle"})
    bundle = tmp_path / "x.bundle"
    export_bundle(x, bundle)
    import_bundle(c, bundle)
    import_bundle(q, bundle)
    # R, a new device, learns the case from the bundle only.
    r = device("r")
    import_bundle(r, bundle)
    assert c.read(case)["title"] == "changed by X in the bundle"
    update_case(c, case, {"notes": "C's note, on top of X's change"})

    revoke(x)

    report = SyncAgent(c).sync_once()  # pushes its edit and X's forwarded group; pulls
    assert len(report.refused) == 1 and "revoked" in report.refused[0]
    assert report.revoked == 1  # the revocation withdrew X's bundle group here
    SyncAgent(p).sync_once()
    assert import_bundle(p, bundle).revoked == 1  # refused on import, applied nowhere
    report = SyncAgent(r).sync_once()  # r forwards X's accepted group: it stands
    assert report.revoked == 1 and len(report.refused) == 1
    # Q never syncs again: the revocation reaches it in P's bundle.
    from_p = tmp_path / "p.bundle"
    export_bundle(p, from_p)
    assert import_bundle(q, from_p).revoked == 1

    SyncAgent(s).sync_once()
    replicas = {"c": c, "p": p, "q": q, "r": r, "s": s}
    states = {name: documents(store, space) for name, store in replicas.items()}
    assert states["c"] == states["p"] == states["q"] == states["r"] == states["s"]
    assert c.read(case)["title"] == "opened by X"
    assert "C's note" not in (c.read(case).get("notes") or "")
    # C's edit is blocked on every replica, and says on what.
    for name, store in replicas.items():
        blocked = blocked_changes(store)
        assert [(b.doc_id, b.author, b.revoked_device) for b in blocked] == [
            (case, c.device_id, x.device_id)
        ], name
        assert sync_status(store).blocked == {x.device_id: 1}
        assert any(x.device_id in line for line in sync_lines(sync_status(store)))
    status = cli(data_dir_of(p), "sync", "--status")
    assert status.returncode == 0, status.stderr
    assert f"wait on a change from revoked device {x.device_id}" in status.stdout
    # The server holds X's accepted group and not the one it made after (kept in the bundle).
    held = server.storage._read(
        "SELECT count(*) FROM groups WHERE author = ? AND space LIKE 'authority/%'",
        (x.device_id,),
    )
    assert held[0][0] == 1
    # The sync screen of the real app says it too.
    app = make_app(store=p, settings=TuiSettings(auto_sync=False, start_folder=tmp_path))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("f5")
        for _ in range(200):
            if f"revoked device {x.device_id}" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert f"wait on a change from revoked device {x.device_id}" in screen_text(app)
