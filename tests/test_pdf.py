"""PDF papers (packs/pdf.py): the PDF made from each bundled sample reads as its text does;
an Exampleshire paper written in Word reads to exact facts; bad PDFs are refused by name.

The PDFs are made as councils make them, a Word document saved as PDF by LibreOffice
(``pdf_papers``), once per session."""

from __future__ import annotations

import dataclasses
import io
import json
import pickle

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from scrutineer.cli import main
from scrutineer.packs import PackError, parse_bytes, parse_file
from scrutineer.packs import pdf as pdf_reader
from scrutineer.packs.formats import read_document

from .pdf_council_papers import BRIEFING
from .pdf_papers import (
    MINUTES,
    NOVEMBER,
    SAMPLES,
    SEPTEMBER,
)


def _without_lines(value):
    """A ParsedPack part as plain data, without the line numbers (which differ: a PDF's
    text has no blank lines where the pack's text had three between pages)."""
    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != "lines"}
    if isinstance(value, list | tuple):
        return [_without_lines(v) for v in value]
    return value


@pytest.mark.parametrize("stem", [SEPTEMBER, NOVEMBER])
def test_a_sample_pack_as_pdf_reads_as_its_text(pdf_papers, stem):
    text = parse_file(SAMPLES / f"{stem}.txt")
    pdf = parse_file(pdf_papers[stem])
    assert (text.source.format, pdf.source.format) == ("text", "pdf")
    assert _without_lines(pdf.meeting) == _without_lines(text.meeting)  # agenda, membership
    assert _without_lines(pdf.minutes) == _without_lines(text.minutes)  # attendance, resolutions
    for part in ("council", "briefing_notes", "tracked_items", "work_programmes", "bodies"):
        assert _without_lines(getattr(pdf, part)) == _without_lines(getattr(text, part)), part
    assert len(pdf.minutes[0].attendance) == len(text.minutes[0].attendance) > 10
    assert sum(len(item.resolutions) for item in pdf.minutes[0].items) > 3


def test_what_is_recovered_from_a_pdf(pdf_papers):
    reading = read_document(pdf_papers[SEPTEMBER].read_bytes(), f"{SEPTEMBER}.pdf")
    assert reading.format == "pdf"
    assert len(reading.page_starts) == len(PdfReader(pdf_papers[SEPTEMBER]).pages) == 10
    assert reading.page_starts[0] == 1
    lines = reading.lines
    membership = next(
        line
        for line in (SAMPLES / f"{SEPTEMBER}.txt").read_text().splitlines()
        if line.startswith("Membership: ")
    )
    # page 2 begins with a paragraph the PDF wraps over four lines: one line again
    assert lines[reading.page_starts[1] - 1] == membership
    # bold from the font names, list bullets, indentation
    assert "1. **Apologies and Substitutions**" in lines
    assert " - a) To agree the minutes of the meeting held on 17th July, 2025" in lines
    # a ruled table, one row a line, cells joined by tabs (an empty cell stays a column)
    assert "Measure\tMarch 2024\tMarch 2025\tTarget 2027" in lines
    assert "Probation Service\tN/A\t\t\t\t2\t3\t67" in lines


def test_a_word_paper_reads_to_its_facts(pdf_papers):
    pack = parse_file(pdf_papers[MINUTES])
    assert pack.source.format == "pdf"
    assert pack.council.name == "Exampleshire County Council"
    minutes = pack.minutes[0]
    assert (minutes.body, minutes.start, minutes.closed) == (
        "Adult Social Care Scrutiny Board",
        "2025-10-08T14:00",
        "15:40",
    )
    present = [(a.name, a.capacity, a.chair, a.substitute_for) for a in minutes.attendance]
    assert present == [
        ("B Oakhurst", "member", True, None),
        ("C Penhale", "member", False, None),
        ("D Rowntree", "member", False, None),
        ("E Sandiford", "member", False, "F Thorley"),
        ("H Quennell", "officer", False, None),
        ("J Varley", "officer", False, None),
        ("F Thorley", "member", False, None),
        ("G Ulverston", "member", False, None),
    ]
    assert [a.status for a in minutes.attendance][-2:] == ["apology", "apology"]
    assert [(i.number, i.title) for i in minutes.items] == [
        ("15", "Declarations of Interests"),
        ("16", "Minutes"),
        ("17", "Home Care Capacity and Waiting Times"),
        ("18", "Any Other Business"),
    ]
    assert minutes.items[0].declarations[0].none_declared is True
    resolutions = minutes.items[2].resolutions
    assert [(r.part, r.text) for r in resolutions] == [
        ("1", "Note the reduction in the number of people waiting for home care"),
        (
            "2",
            "Request that the Director of Adult Services report to the Board in 6 months on "
            "home care in the three most rural localities, including the travel time paid to "
            "care workers",
        ),
    ]
    assert pack.warnings == []


def test_running_headers_and_page_numbers_are_left_out(pdf_papers):
    """A Word briefing note with a header on every page and "Page N" in the footer reads as
    the note alone, each numbered paragraph one line."""
    reading = read_document(pdf_papers[BRIEFING].read_bytes(), "note.pdf")
    assert len(reading.page_starts) == len(PdfReader(pdf_papers[BRIEFING]).pages) == 2
    assert not [line for line in reading.lines if "8 October 2025" in line or "Page" in line]
    assert reading.lines[:3] == ["**Exampleshire County Council**", "", "**Briefing note**"]
    numbered = [line.split()[0] for line in reading.lines if line.startswith("3.")]
    assert numbered == [f"3.{n}" for n in range(1, 17)]
    assert reading.lines[reading.page_starts[1] - 1].startswith("3.11 Recruitment of care")
    note = parse_bytes(pdf_papers[BRIEFING].read_bytes(), "note.pdf").briefing_notes[0]
    assert (note.to, note.date, note.subject, note.authors) == (
        "Adult Social Care Scrutiny Board",
        "2025-10-08",
        "Home Care Capacity and Waiting Times",
        ["Lena Marchbank"],
    )
    assert [(r.number, r.text) for r in note.recommendations] == [
        ("1", "Note the reduction in waiting times for home care."),
        ("2", "Identify any localities they would like considered in the next review."),
    ]


def test_parse_command_reads_a_pdf(pdf_papers, capsys):
    assert main(["parse", str(pdf_papers[MINUTES])]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["source"]["format"] == "pdf"
    assert printed["source"]["page_starts"] == [1]
    assert printed["minutes"][0]["body"] == "Adult Social Care Scrutiny Board"


# Bad PDFs ----------------------------------------------------------------------------------


def encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="committee", owner_password="clerk", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned() -> bytes:
    """A scanned page: an image of words, no text."""
    page = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(page).text((120, 140), "Minutes of the Meeting of the Scrutiny Board", fill=0)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150)
    return out.getvalue()


def bad_pdfs(data: bytes) -> dict[str, tuple[bytes, str]]:
    return {
        "encrypted.pdf": (
            encrypted(data),
            "is an encrypted PDF that needs a password; save an unprotected copy",
        ),
        "scanned.pdf": (
            scanned(),
            "has no text layer: its pages are images (a scanned paper?); OCR is not supported, "
            "so export the paper from its original as a PDF with text",
        ),
        "truncated.pdf": (
            data[: len(data) // 2],
            "is a truncated or damaged PDF: it has no end-of-file marker",
        ),
        "damaged.pdf": (
            b"%PDF-1.7\nnot a PDF at all\n%%EOF\n",
            "is a damaged PDF that cannot be opened (PDFSyntaxError: No /Root object! - Is "
            "this really a PDF?)",
        ),
    }


@pytest.mark.parametrize("name", ["encrypted.pdf", "scanned.pdf", "truncated.pdf", "damaged.pdf"])
def test_a_bad_pdf_is_refused_by_name(pdf_papers, name):
    data, problem = bad_pdfs(pdf_papers[MINUTES].read_bytes())[name]
    with pytest.raises(PackError) as refused:
        parse_bytes(data, name)
    assert str(refused.value) == f"{name}: {problem}"


def test_a_pdf_protected_only_against_copying_is_read(pdf_papers):
    writer = PdfWriter(clone_from=PdfReader(pdf_papers[MINUTES]))
    writer.encrypt(user_password="", owner_password="clerk", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    pack = parse_bytes(out.getvalue(), "protected.pdf")
    assert [item.number for item in pack.minutes[0].items] == ["15", "16", "17", "18"]


def test_a_page_tree_counting_pages_it_lacks_is_damaged(pdf_papers):
    data = pdf_papers[MINUTES].read_bytes()
    assert data.count(b"/Count 1>>") == 1
    with pytest.raises(PackError) as refused:
        parse_bytes(data.replace(b"/Count 1>>", b"/Count 3>>"), "counted.pdf")
    assert str(refused.value) == (
        "counted.pdf: is a damaged PDF: page 2 cannot be read (IndexError: list index out of range)"
    )


def test_page_limit_is_checked_before_any_page_is_read(pdf_papers, monkeypatch):
    def read(*args):
        raise AssertionError("a page was read")

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 9)
    monkeypatch.setattr(pdf_reader, "_read_pages", read)
    monkeypatch.setattr(pdf_reader, "_page_lines", read)
    with pytest.raises(PackError) as refused:
        parse_bytes(pdf_papers[SEPTEMBER].read_bytes(), "long.pdf")
    assert str(refused.value) == "long.pdf: has 10 pages, over the 9-page limit"


def test_size_limit_applies_to_pdfs(monkeypatch):
    from scrutineer.packs import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 1024 * 1024)
    with pytest.raises(PackError) as refused:
        parse_bytes(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024), "huge.pdf")
    assert str(refused.value) == "huge.pdf: is 2.0 MB, over the 1 MB limit"


def test_a_long_pdf_read_in_the_pool_equals_one_process(pdf_papers, monkeypatch):
    data = pdf_papers[NOVEMBER].read_bytes()
    monkeypatch.setattr(pdf_reader, "POOL_PAGES", 1_000_000)
    alone = pdf_reader.pdf_lines(data, "n.pdf")
    monkeypatch.setattr(pdf_reader, "POOL_PAGES", 2)
    assert pdf_reader.pdf_lines(data, "n.pdf") == alone


def test_a_daemon_process_reads_without_a_pool(pdf_papers, monkeypatch):
    """A Celery worker's children are daemons, which may not start processes."""

    class Daemon:
        daemon = True

    def no_pool(*args):
        raise AssertionError("a daemon started a pool")

    monkeypatch.setattr(pdf_reader, "POOL_PAGES", 2)
    monkeypatch.setattr(pdf_reader, "current_process", Daemon)
    monkeypatch.setattr(pdf_reader, "_read_in_pool", no_pool)
    lines, pages = pdf_reader.pdf_lines(pdf_papers[NOVEMBER].read_bytes(), "n.pdf")
    assert len(pages) == len(PdfReader(pdf_papers[NOVEMBER]).pages) == 9


def test_a_pack_error_raised_in_a_worker_process_arrives_whole():
    error = pickle.loads(pickle.dumps(PackError("pack.pdf", "is a damaged PDF: page 3 ...")))
    assert (error.source, error.problem) == ("pack.pdf", "is a damaged PDF: page 3 ...")
    assert str(error) == "pack.pdf: is a damaged PDF: page 3 ..."
