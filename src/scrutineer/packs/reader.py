"""Turn raw bytes into source lines, refusing input that is not a text pack."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import PackError

MAX_BYTES = 20 * 1024 * 1024  # the largest real packs are ~0.3 MB of text

_MAGIC = [
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (for example a DOCX or XLSX file)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
]


@dataclass(frozen=True)
class Source:
    """A decoded file: its verbatim text, its lines (index 0 is line 1) and its sha256."""

    text: str
    lines: list[str]
    sha256: str


def split_lines(text: str) -> list[str]:
    """Lines as editors number them: any newline convention, no phantom line at the end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_source(data: bytes, name: str) -> Source:
    """Decode a file, or raise a PackError naming the file and the problem."""
    if len(data) > MAX_BYTES:
        raise PackError(
            name, f"is {len(data) / 1048576:.1f} MB, over the {MAX_BYTES // 1048576} MB limit"
        )
    if not data.strip():
        raise PackError(name, "is empty")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise PackError(name, f"is {kind}, not a text agenda pack; convert it to text first")
    if b"\x00" in data[:65536]:
        raise PackError(name, "is a binary file (it contains NUL bytes), not a text agenda pack")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PackError(
            name,
            f"is not valid UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start} "
            f"(line {line})",
        ) from None
    return Source(text=text, lines=split_lines(text), sha256=hashlib.sha256(data).hexdigest())


def read_file(path: str | Path) -> bytes:
    """A file's bytes, or a PackError naming the file when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise PackError(str(path), f"cannot be read: {error.strerror or error}") from None
