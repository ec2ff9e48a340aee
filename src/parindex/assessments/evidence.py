"""What an evidence file must be before it enters a unit's register: a plain name, one of
the kinds offices exchange (PDF, Word, Excel, images) whose content is what its name says,
and no bigger than the instance allows. Checked on the bytes, never on what the browser
claims."""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parindex.audit.writes import ActionRefused

KINDS = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# The part an Office file of each kind cannot do without.
_OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_SIGNATURES = {".pdf": b"%PDF-", ".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    sha256: str
    size: int


def _is_plain_name(name: str) -> bool:
    if not name or name != name.strip() or name.startswith("."):
        return False
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return False
    return not any(mark in name for mark in ("/", "\\", ":", ".."))


def _content_matches(extension: str, data: bytes) -> bool:
    if extension in _OFFICE_PARTS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return _OFFICE_PARTS[extension] in archive.namelist()
        except zipfile.BadZipFile:
            return False
    signature = _SIGNATURES[".jpg" if extension == ".jpeg" else extension]
    return data.startswith(signature)


def check(name: str, data: bytes) -> CheckedFile:
    """The file as the register keeps it; ActionRefused (field "file") says what is wrong."""
    if not _is_plain_name(name):
        raise ActionRefused(
            _("“%(name)s” is not a plain file name: give the file a name without folders.")
            % {"name": name},
            field="file",
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ActionRefused(
            _(
                "%(name)s: evidence must be a PDF, Word (.docx), Excel (.xlsx) "
                "or image (.png, .jpg) file."
            )
            % {"name": name},
            field="file",
        )
    most = settings.EVIDENCE_MOST_BYTES
    if len(data) > most:
        raise ActionRefused(
            _("%(name)s is %(size)s MB: evidence files may be at most %(most)s MB.")
            % {"name": name, "size": round(len(data) / 2**20, 1), "most": most // 2**20},
            field="file",
        )
    if not data:
        raise ActionRefused(_("%(name)s is empty.") % {"name": name}, field="file")
    if not _content_matches(extension, data):
        raise ActionRefused(
            _("%(name)s is not really a %(kind)s file: its content does not match its name.")
            % {"name": name, "kind": extension[1:].upper()},
            field="file",
        )
    return CheckedFile(
        name=unicodedata.normalize("NFC", name),
        extension=extension,
        content_type=KINDS[extension],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
