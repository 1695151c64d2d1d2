"""Turn a file into source lines, refusing input that is not a text pack.

Every limit is checked before the cost it guards against is paid: the kind of file and its
size from ``stat`` before it is opened, and the read itself is bounded, so a device, a
named pipe or a file that grows while it is read can neither block nor fill memory.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from scrutineer.lines import split_lines

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

# Text saved as "Unicode" on Windows is UTF-16 with a byte order mark; it is decoded like
# UTF-8. UTF-32's marks come first because FF FE 00 00 also begins with UTF-16's FF FE.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]

_NOT_REGULAR = [
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]

# Opening never waits for a writer (a FIFO swapped in after the stat) and never translates.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class Source:
    """A decoded file: its verbatim text, its lines (index 0 is line 1) and its sha256."""

    text: str
    lines: list[str]
    sha256: str


def _too_big(size: int) -> str:
    return f"is {size / 1048576:.1f} MB, over the {MAX_BYTES // 1048576} MB limit"


def check_size(size: int, name: str) -> None:
    """Refuse a file over MAX_BYTES, whatever its format, before any of it is read."""
    if size > MAX_BYTES:
        raise PackError(name, _too_big(size))


def read_source(data: bytes, name: str) -> Source:
    """Decode a file, or raise a PackError naming the file and the problem.

    UTF-8 (with or without a byte order mark), and UTF-16 or UTF-32 with a byte order mark,
    are read; the sha256 is always that of the bytes as given."""
    check_size(len(data), name)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise PackError(name, f"is {kind}, not a text agenda pack; convert it to text first")
    encoding, label = next(
        ((encoding, label) for bom, encoding, label in _BOMS if data.startswith(bom)),
        ("utf-8-sig", "UTF-8"),
    )
    # Checked before decoding UTF-8 so that a binary file is called binary, not mis-encoded.
    if label == "UTF-8" and b"\x00" in data:
        raise PackError(name, "is a binary file (it contains NUL bytes), not a text agenda pack")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, "replace").count("\n") + 1
        raise PackError(
            name,
            f"is not valid {label} text: byte 0x{data[error.start]:02x} at offset {error.start} "
            f"(line {line})",
        ) from None
    if not text.strip():
        raise PackError(name, "is empty")
    if "\x00" in text:
        raise PackError(
            name, f"is a binary file (its {label} text has NUL characters), not a text agenda pack"
        )
    return Source(text=text, lines=split_lines(text), sha256=hashlib.sha256(data).hexdigest())


def _check_regular(info: os.stat_result, name: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((kind for test, kind in _NOT_REGULAR if test(info.st_mode)), "a special file")
        raise PackError(name, f"is {kind}, not a regular file")
    if info.st_size > MAX_BYTES:
        raise PackError(name, _too_big(info.st_size))


def read_file(path: str | Path) -> bytes:
    """A regular file's bytes, or a PackError naming the file when it cannot or must not
    be read. Never reads more than MAX_BYTES + 1 bytes, so read_source refuses a file that
    grew after its size was checked."""
    name = str(path)
    try:
        _check_regular(os.stat(path), name)
        with open(os.open(path, _OPEN_FLAGS), "rb") as handle:
            _check_regular(os.fstat(handle.fileno()), name)  # the path may have changed
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise PackError(name, f"cannot be read: {error.strerror or error}") from None
