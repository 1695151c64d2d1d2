"""The four seed packs, written as Word documents and saved as PDF by LibreOffice, read as
their text does: every part of the ParsedPack is the same but for line numbers. These are
real councils' papers of 60 to 135 pages, with scorecards, tracking tables and attendance
grids, so they try the PDF reader's paragraphs, bullets and tables much harder than the
samples do."""

from __future__ import annotations

import dataclasses
import re

import pytest

from scrutineer.packs import parse_bytes, parse_file

from .pdf_papers import CACHE, build_pdfs
from .seeds import SEED_NAMES, seed_path

PARTS = [
    "meeting",
    "minutes",
    "council",
    "briefing_notes",
    "tracked_items",
    "work_programmes",
    "bodies",
    "indicators",
]
_LINE = re.compile(r"\blines? \d+(?:[–-]\d+)?")


@pytest.fixture(scope="module")
def seed_pdfs():
    texts = {name: seed_path(name).read_text(encoding="utf-8") for name in SEED_NAMES}
    return build_pdfs({name.removesuffix(".txt"): text for name, text in texts.items()}, CACHE)


def _a_span(key: str) -> bool:
    """ "lines", "plan_lines", "also_stated_at": where a fact was read, not the fact."""
    return key == "lines" or key.endswith("_lines") or key == "also_stated_at"


def _facts(value):
    """A part as plain data without its line numbers (spans, and "line N" in messages)."""
    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: _facts(v) for k, v in value.items() if not _a_span(k)}
    if isinstance(value, list | tuple):
        return [_facts(v) for v in value]
    if isinstance(value, str):
        return _LINE.sub("line N", value)
    return value


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_seed_as_pdf_reads_as_its_text(seed_pdfs, name):
    text = parse_file(seed_path(name))
    path = seed_pdfs[name.removesuffix(".txt")]
    pdf = parse_bytes(path.read_bytes(), path.name)
    assert pdf.source.format == "pdf"
    for part in PARTS:
        assert _facts(getattr(pdf, part)) == _facts(getattr(text, part)), part
    assert [c.kind for c in pdf.components] == [c.kind for c in text.components]
    assert [(c.kind, c.title) for c in pdf.components] == [
        (c.kind, c.title) for c in text.components
    ]
