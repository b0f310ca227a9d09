"""A PDF of the rendered request, made by LibreOffice headless where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERT_SECONDS = 180


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes | None:
    """The PDF of a .docx; None when LibreOffice is absent or fails (the .docx goes alone)."""
    program = soffice()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="entraide-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "request.docx").write_bytes(data)
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(folder / "request.docx"),
                ],
                capture_output=True,
                timeout=CONVERT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        pdf = folder / "request.pdf"
        return pdf.read_bytes() if pdf.exists() else None
