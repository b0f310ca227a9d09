"""Reading back and converting the documents the secretariat produces (python-docx, LibreOffice)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed on this machine"
)


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    word = Document(str(path))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n".join(lines)


def convert_to_pdf(path: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice headless, in a private profile; returns the PDF."""
    assert SOFFICE is not None
    profile = out_dir / "lo-profile"
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out_dir / (path.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    return pdf
