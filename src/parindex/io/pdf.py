"""A document turned into PDF by LibreOffice, when it is installed (`soffice`).

Each conversion runs in its own temporary directory with its own LibreOffice profile, so
two at once do not share a lock, and nothing is left behind.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 120  # seconds: a long plan takes a few


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or failed to convert the document."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(document: bytes, suffix: str = ".docx") -> bytes:
    program = soffice()
    if program is None:
        raise PdfUnavailable("soffice")
    with tempfile.TemporaryDirectory(prefix="parindex-pdf-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(document)
        command = [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=True)  # noqa: S603
        except (subprocess.SubprocessError, OSError) as error:
            raise PdfUnavailable(str(error)) from error
        made = work / "document.pdf"
        if not made.exists():
            raise PdfUnavailable("no PDF")
        return made.read_bytes()
