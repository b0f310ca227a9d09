"""Exports on a full disk: an error, and no partial file beside the target."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from disk_full import file_size_limit

from client.bundles import BundleError, export_bundle
from client.cases import create_case
from client.cli.stats_cmd import write_csv
from client.requests.export import render_request

from .conftest import Network, seal

CASE = {"direction": "incoming", "kind": "mla", "title": "Gel des avoirs"}
FIGURES = {
    "total": 1,
    "completed": 0,
    "median_days_to_completion": None,
    **{k: [("x" * 5000, 1)] for k in ("by_status", "by_direction", "by_state", "by_assistance")},
}


def test_exports_leave_no_partial_file_on_a_full_disk(network: Network, tmp_path: Path) -> None:
    store = network.enroll("a", "SN-CA")
    case_id = create_case(store, {**CASE, "summary": secrets.token_hex(20_000)})  # no zlib gain
    seal(store)
    out = tmp_path / "out"
    out.mkdir()
    with file_size_limit(4096):
        with pytest.raises(BundleError, match="cannot write"):
            export_bundle(store, out / "a.bundle")
        with pytest.raises(Exception, match="cannot write"):
            write_csv(FIGURES, str(out / "figures.csv"))
        for fmt in ("md", "docx"):
            with pytest.raises(Exception, match="cannot write"):
                render_request(store, case_id, fmt, out / f"request.{fmt}")
    assert list(out.iterdir()) == []
