"""Which kind of file a paper is, recognised by content, and the one way each is read.

Every file the parser meets goes through ``read_document`` (bytes to a ``Reading``: the
text whose lines every finding points at) and then ``parse_reading`` (a Reading to a
ParsedPack). A new format is one entry here and one reader module; nothing else learns
about formats. File names are never trusted: a PDF called ``minutes.txt`` is a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import ParsedPack
from .moderngov import FORMAT as GETMEETING
from .moderngov import is_getmeeting, parse_getmeeting
from .moderngovpage import HTML_FORMAT as PAGE_HTML
from .moderngovpage import TEXT_FORMAT as PAGE_TEXT
from .moderngovpage import html_page_lines, is_page_html, is_page_text, parse_page
from .pdf import FORMAT as PDF
from .pdf import read_pdf
from .reader import check_size, read_source


@dataclass(frozen=True)
class Reading:
    """A file as the parser reads it.

    ``text`` is what line numbers count in: the file itself for text, the extracted text
    for a PDF or an HTML page. ``page_starts`` gives, for a paged original, the first line
    of each page (1-based), so a line can be named "page N, line M"."""

    name: str
    sha256: str  # of the bytes as given, whatever the format
    size: int
    format: str
    text: str
    lines: list[str]
    page_starts: tuple[int, ...] = ()


@dataclass(frozen=True)
class BinaryFormat:
    """A format known by its first bytes, read straight from the bytes."""

    name: str
    magic: bytes
    read: Callable[[bytes, str], Reading]
    content_type: str  # of the original, which is kept beside the text read from it


# The original of a text format downloads with this type. The bytes are as published: a
# UTF-16 file keeps its byte order mark, which a browser reads before the charset named.
TEXT_TYPE = "text/plain; charset=utf-8"
XML_TYPE = "application/xml"


@dataclass(frozen=True)
class TextFormat:
    """A format known by what its decoded text looks like. ``lines`` turns the text into
    the lines the parser reads (None: the text's own lines)."""

    name: str
    recognises: Callable[[str], bool]
    lines: Callable[[str], list[str]] | None = None
    content_type: str = TEXT_TYPE  # of the original, kept as published


# Tried in order; text that none recognises is a pack's plain text.
BINARY_FORMATS: list[BinaryFormat] = [BinaryFormat(PDF, b"%PDF", read_pdf, "application/pdf")]
TEXT_FORMATS: list[TextFormat] = [
    TextFormat(GETMEETING, is_getmeeting, content_type=XML_TYPE),
    # a saved "Agenda and minutes" page
    TextFormat(PAGE_HTML, is_page_html, html_page_lines, "text/html; charset=utf-8"),
    TextFormat(PAGE_TEXT, is_page_text),  # the text of such a page
]
PLAIN_TEXT = "text"

# How a Reading of each format becomes a ParsedPack; formats not named here are read as
# line-based text by ``parse_lines``.
Parse = Callable[[Reading], ParsedPack]
READERS: dict[str, Parse] = {
    GETMEETING: lambda r: parse_getmeeting(r.text, r.name),
    PAGE_HTML: lambda r: parse_page(r.lines, r.name, r.sha256, r.size, r.format),
    PAGE_TEXT: lambda r: parse_page(r.lines, r.name, r.sha256, r.size, r.format),
}


def original_type(reading: Reading) -> str:
    """The content type of the file a Reading was read from, kept as published."""
    formats = [*BINARY_FORMATS, *TEXT_FORMATS]
    return next((f.content_type for f in formats if f.name == reading.format), TEXT_TYPE)


def read_document(data: bytes, name: str) -> Reading:
    """Recognise a file by content and turn it into a Reading, or raise a PackError
    (``errors``) naming the file and the problem."""
    check_size(len(data), name)
    for binary in BINARY_FORMATS:
        if data.startswith(binary.magic):
            return binary.read(data, name)
    source = read_source(data, name)  # refuses every other binary file by name
    for kind in TEXT_FORMATS:
        if kind.recognises(source.text):
            lines = kind.lines(source.text) if kind.lines else source.lines
            text = source.text if kind.lines is None else "\n".join(lines)
            return Reading(name, source.sha256, len(data), kind.name, text, lines)
    return Reading(name, source.sha256, len(data), PLAIN_TEXT, source.text, source.lines)


def parse_reading(reading: Reading) -> ParsedPack:
    """The ParsedPack of a Reading, with ``source.format`` saying what was read."""
    from .parse import parse_lines  # parse imports this module for parse_bytes

    read = READERS.get(reading.format)
    if read is not None:
        pack = read(reading)
    else:
        pack = parse_lines(
            reading.lines, name=reading.name, sha256=reading.sha256, size=reading.size
        )
    # A document's sha256 and size are the file's as given, whatever its format and however
    # its reader counted (a ModernGov answer hashes its decoded text, without a BOM).
    pack.source.sha256, pack.source.bytes = reading.sha256, reading.size
    pack.source.format = reading.format
    pack.source.page_starts = list(reading.page_starts)
    return pack
