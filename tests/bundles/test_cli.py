"""`entraide bundle ...` through the real CLI in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from client.paths import store_path

from .conftest import Network, new_case


def _offices(network: Network, tmp_path: Path) -> tuple[Path, Path]:
    """Data directories of two enrolled devices of one authority; A holds three cases."""
    dirs = tmp_path / "a-data", tmp_path / "b-data"
    for d in dirs:
        d.mkdir()
    a = network.enroll("a", "SN-CA", path=store_path(dirs[0]))
    b = network.enroll("b", "SN-CA", path=store_path(dirs[1]))
    network.share_keys(a, b)
    for i in range(3):
        new_case(a, f"Demande {i}")
    for store in (a, b):
        store.close()
    network.stores.clear()
    return dirs


def test_export_import_ack_round_trip(network: Network, tmp_path: Path, run_cli) -> None:
    a_dir, b_dir = _offices(network, tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    bundle = stick / "a.bundle"

    out = run_cli("bundle", "export", "-o", bundle, "--progress", data_dir=a_dir)
    assert out.returncode == 0, out.stderr
    # Three cases and their returns (one change of the returns book), one group per space.
    assert "wrote" in out.stdout and "4 changes" in out.stdout
    assert "export" in out.stderr and "[####" in out.stderr and "2/2 groups" in out.stderr

    info = run_cli("bundle", "info", bundle, "--json", data_dir=b_dir)
    assert json.loads(info.stdout)["changes"] == 4

    out = run_cli("bundle", "import", bundle, "--json", data_dir=b_dir)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert (result["new"], result["applied"]) == (4, 4)
    assert Path(result["ack"]) == stick / "a.bundle.ack"
    listed = run_cli("case", "list", "--json", data_dir=b_dir)
    assert len(json.loads(listed.stdout)) == 3

    # A folder that does not exist: one line, no traceback, nothing written.
    missing = stick / "no-such-folder" / "a.bundle"
    out = run_cli("bundle", "export", "-o", missing, data_dir=a_dir)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"entraide: error: the folder {missing.parent} does not exist; choose another one"
    ]

    # Back at A: the acknowledgement says B holds everything, so nothing is left to send.
    out = run_cli(
        "bundle",
        "export",
        "-o",
        stick / "for-b.bundle",
        "--for-peer",
        stick / "a.bundle.ack",
        "--json",
        data_dir=a_dir,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["changes"] == 0
    peers = json.loads(run_cli("bundle", "peers", "--json", data_dir=a_dir).stdout)
    assert [(p["authority"], p["groups"]) for p in peers] == [("SN-CA", 2)]  # cases, returns


def test_refused_bundle_names_the_problem_and_changes_nothing(
    network: Network, tmp_path: Path, run_cli
) -> None:
    a_dir, b_dir = _offices(network, tmp_path)
    bundle = tmp_path / "a.bundle"
    assert run_cli("bundle", "export", "-o", bundle, data_dir=a_dir).returncode == 0
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x40
    bundle.write_bytes(bytes(data))
    out = run_cli("bundle", "import", bundle, data_dir=b_dir)
    assert out.returncode == 1
    assert "a.bundle refused, nothing was applied" in out.stderr
    assert "altered or damaged" in out.stderr
    assert "Traceback" not in out.stderr
    assert json.loads(run_cli("case", "list", "--json", data_dir=b_dir).stdout) == []
    assert not (tmp_path / "a.bundle.ack").exists()


def test_export_without_enrollment_is_a_clear_error(tmp_path: Path, run_cli) -> None:
    out = run_cli("bundle", "export", "-o", tmp_path / "x.bundle")
    assert out.returncode == 1
    assert "not enrolled" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "x.bundle").exists()
