"""Which files an officer may attach to an agenda item, decided by what the bytes are.

A file's name and the type a browser claims for it are the uploader's word; only the
content is evidence. A PDF must begin as a PDF does, open, and not be encrypted (the
agenda pack stamps its pages, and a reader must be able to open it); a Word document or
Excel workbook is a zip holding the parts that make it one, and no bigger when unpacked
than a paper could be, so a zip bomb is refused before anything opens it.

Pure Python (no Django), so the rule is tested alone and used by every page that takes
an attachment.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a Word document or workbook may hold once unpacked: far more than any paper, far
# less than a zip bomb. A zip states each part's size in its directory, read unpacked.
UNPACKED_LIMIT = 200 * 1024 * 1024
PARTS_LIMIT = 10_000

WRONG_TYPE = "The selected file must be a PDF, Word document or Excel workbook"
DAMAGED = "The selected file could not be opened: check it opens on your computer and try again"
PASSWORD = "The selected file is password protected: remove the password and upload it again"
UNPACKS_TOO_LARGE = "The selected file is too large when unpacked: it cannot be a real document"


@dataclass(frozen=True)
class AttachmentKind:
    """What an accepted file is: its name in words, its media type, the suffix it is kept
    under, and a PDF's page count."""

    label: str
    media_type: str
    suffix: str
    pages: int | None = None


KINDS = {
    PDF: AttachmentKind("PDF", PDF, ".pdf"),
    DOCX: AttachmentKind("Word document", DOCX, ".docx"),
    XLSX: AttachmentKind("Excel workbook", XLSX, ".xlsx"),
}


class AttachmentError(ValueError):
    """A file refused, naming it and saying what is wrong in the words a form shows."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def check_attachment(name: str, file) -> AttachmentKind:
    """What ``file`` (a binary file object, read from its start) is, or AttachmentError.

    The caller has already refused a file over the size limit, so reading it is bounded.
    """
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return _pdf(name, file)
        if head.startswith(b"PK\x03\x04"):
            return _office(name, file)
        raise AttachmentError(name, WRONG_TYPE)
    finally:
        file.seek(0)


def _pdf(name: str, file) -> AttachmentKind:
    import pypdf  # the one PDF library that writes too; imported when a PDF arrives

    try:
        reader = pypdf.PdfReader(file)
        if reader.is_encrypted:
            raise AttachmentError(name, PASSWORD)
        pages = len(reader.pages)
    except AttachmentError:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise AttachmentError(name, DAMAGED) from error
    if pages == 0:
        raise AttachmentError(name, DAMAGED)
    return AttachmentKind("PDF", PDF, ".pdf", pages)


def _office(name: str, file) -> AttachmentKind:
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise AttachmentError(name, DAMAGED) from error
    if len(parts) > PARTS_LIMIT or sum(part.file_size for part in parts) > UNPACKED_LIMIT:
        raise AttachmentError(name, UNPACKS_TOO_LARGE)
    if any(part.flag_bits & 0x1 for part in parts):  # a zip with encrypted parts
        raise AttachmentError(name, PASSWORD)
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        raise AttachmentError(name, WRONG_TYPE)
    if "word/document.xml" in names:
        return KINDS[DOCX]
    if "xl/workbook.xml" in names:
        return KINDS[XLSX]
    raise AttachmentError(name, WRONG_TYPE)


def size_label(size: int | None) -> str:
    """A file's size as people read it: "900 bytes", "41 KB", "2.5 MB"."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(round(size / 1024), 1)} KB"
    megabytes = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{megabytes} MB"


def facts(media_type: str, pages: int | None, size: int | None) -> str:
    """What a download is, beside its link: "PDF, 2 pages, 41 KB"."""
    kind = KINDS.get(media_type)
    said = [kind.label if kind else "File"]
    if pages:
        said.append(f"{pages} page" if pages == 1 else f"{pages} pages")
    if size is not None:
        said.append(size_label(size))
    return ", ".join(said)
