"""The text of a generated annual report in each format, for assertions on the figures:
the DOCX's paragraphs and table cells, the PDF's text (pypdf), the HTML's text (lxml)."""

from __future__ import annotations

import io
import re

import lxml.html
from docx import Document as Docx
from pypdf import PdfReader


def docx_text(content: bytes) -> str:
    document = Docx(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return _squashed("\n".join(parts))


def docx_tables(content: bytes) -> list[list[list[str]]]:
    document = Docx(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return _squashed("\n".join(page.extract_text() for page in reader.pages))


def html_text(content: bytes | str) -> str:
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    tree = lxml.html.fromstring(content)
    for hidden in tree.xpath("//style|//script"):
        hidden.drop_tree()
    return _squashed(" ".join(tree.itertext()))


def html_tables(content: bytes | str) -> dict[str, list[list[str]]]:
    """Caption -> rows of cell texts (the header row first)."""
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    tree = lxml.html.fromstring(content)
    found = {}
    for table in tree.iter("table"):
        caption = _squashed(table.findtext("caption") or "")
        found[caption] = [
            [_squashed(cell.text_content()) for cell in row.iter("th", "td")]
            for row in table.iter("tr")
        ]
    return found


def _squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
