"""Documents that print (issue 11 §4): every generated DOCX and PDF is A4, has a header
naming the body and the report and "Page N of M" on every page, and no table is wider than
the text area. The DOCX files are read as Word would print them: LibreOffice converts
them all to PDF in one call, once for the module."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from scrutineer.bench.papers import convert
from scrutineer.governance.models import Body, Meeting
from scrutineer.reports import outstanding, pdf, word
from scrutineer.tracker.models import Party, Response, TrackedItem, WorkProgrammeItem

from .pdf_papers import need_soffice
from .test_reports import OPEN_I_TEXT, OPEN_R_TEXT
from .test_reports import data as data  # the fixture

A4 = (595.3, 841.9)  # points
MM = 72 / 25.4
BOARD = "Northbrook Safeguarding Children Partnership"
OUTSTANDING_HEADER = f"{BOARD}: Outstanding Issues for the meeting on 12 March 2099"
PROGRAMME_HEADER = f"{BOARD}: Work Programme 2025/26"
# Long enough that each document runs to more than one page.
ITEMS = 24
ASK = (
    "Ask the Director of Children's Services to report back on the number of children "
    "waiting more than twelve weeks for an assessment, by locality and by age band, "
    "with the actions taken to bring the waits down (ask-{n})."
)
DETAIL = (
    "A report on the partnership's multi-agency audit of neglect cases, with the learning "
    "shared across schools, health visitors and the police ({n})."
)


def _make_records() -> None:
    """A board with enough open items and programme items to fill several pages."""
    board = Body.objects.create(name=BOARD, slug="nscp")
    held = Meeting.objects.create(body=board, date=date(2025, 10, 7), status=Meeting.Status.HELD)
    Meeting.objects.create(body=board, date=date(2099, 3, 12))
    for n in range(1, ITEMS + 1):
        item = TrackedItem.objects.create(
            item_type="R",
            text=ASK.format(n=n),
            topic="Waiting times for assessments",
            source_kind=TrackedItem.SourceKind.RESOLUTION,
            body=board,
            meeting=held,
            officer_contact_text="Partnership Business Manager",
            status="sent",
        )
        Party.objects.create(
            tracked_item=item, role="addressee", label="Director of Children's Services"
        )
        Response.objects.create(
            tracked_item=item,
            date=date(2025, 11, 3),
            text="A report will come to the board in the new year; figures attached.",
        )
        WorkProgrammeItem.objects.create(
            body=board,
            municipal_year="2025/26",
            title=f"Neglect audit, part (audit-{n})",
            detail=DETAIL.format(n=n),
            meeting=held,
            order=n,
            lead_officers=["Head of Safeguarding"],
        )


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Path]:
    """The reports as downloaded and printed to PDF, by name; the records are rolled back."""
    soffice = need_soffice()
    folder = tmp_path_factory.mktemp("printed")
    downloads = {
        "outstanding-docx": reverse("outstanding-issues-docx", args=["nscp"]),
        "programme-docx": "/reports/bodies/nscp/work-programme/2025-26.docx",
        "outstanding-pdf": reverse("outstanding-issues-pdf", args=["nscp"]),
    }
    with django_db_blocker.unblock(), transaction.atomic():
        _make_records()
        client = Client()
        for name, url in downloads.items():
            response = client.get(url)
            assert response.status_code == 200, url
            (folder / f"{name}.{name.rsplit('-', 1)[1]}").write_bytes(response.content)
        transaction.set_rollback(True)
    convert([folder / "outstanding-docx.docx", folder / "programme-docx.docx"], folder, soffice)
    return {name: folder / f"{name}.pdf" for name in downloads}


# name, the header it prints, landscape, the margins in points
DOCUMENTS = [
    ("outstanding-docx", OUTSTANDING_HEADER, True, 20 * MM),
    ("programme-docx", PROGRAMME_HEADER, True, 20 * MM),
    ("outstanding-pdf", OUTSTANDING_HEADER, True, pdf.MARGIN),
]


@pytest.mark.parametrize(("name", "header", "landscape", "margin"), DOCUMENTS)
def test_every_page_is_a4_with_its_header_and_number(printed, name, header, landscape, margin):
    with pdfplumber.open(printed[name]) as document:
        pages = document.pages
        assert len(pages) >= 2, "the fixture should run to more than one page"
        for number, page in enumerate(pages, start=1):
            size = (page.width, page.height)
            expected = (A4[1], A4[0]) if landscape else A4
            assert size == pytest.approx(expected, abs=2), (name, number)
            text = " ".join(page.extract_text().split())
            assert f"Page {number} of {len(pages)}" in text, (name, number)
            assert header in text, (name, number)


@pytest.mark.parametrize(("name", "header", "landscape", "margin"), DOCUMENTS)
def test_no_table_is_wider_than_the_text_area(printed, name, header, landscape, margin):
    with pdfplumber.open(printed[name]) as document:
        ruled = 0
        for page in document.pages:
            right = page.width - margin + 1
            for char in page.chars:
                assert char["x1"] <= right, (name, page.page_number, char["text"])
                assert char["x0"] >= margin - 1, (name, page.page_number, char["text"])
            # the tables' rules (grid lines and cell edges) stay inside the margins too
            for line in [*page.lines, *page.rects]:
                ruled += 1
                assert line["x1"] <= right, (name, page.page_number, line["x1"])
                assert line["x0"] >= margin - 1, (name, page.page_number, line["x0"])
        assert ruled, name


@pytest.mark.parametrize(("name", "header", "landscape", "margin"), DOCUMENTS)
def test_the_table_fills_the_text_width(printed, name, header, landscape, margin):
    with pdfplumber.open(printed[name]) as document:
        page = document.pages[0]
        edges = [e for e in page.edges if e["orientation"] == "v"]
        assert min(e["x0"] for e in edges) == pytest.approx(margin, abs=6), name
        assert max(e["x1"] for e in edges) == pytest.approx(page.width - margin, abs=6), name


def test_every_row_is_printed_once(printed):
    """The fitted tables lose nothing: each ask and each programme item is in the PDFs."""
    for name, pattern in [
        ("outstanding-docx", r"\(ask-(\d+)\)"),
        ("outstanding-pdf", r"\(ask-(\d+)\)"),
        ("programme-docx", r"\(audit-(\d+)\)"),
    ]:
        with pdfplumber.open(printed[name]) as document:
            words = [w["text"] for page in document.pages for w in page.extract_words()]
        found = sorted(int(m[1]) for w in words if (m := re.search(pattern, w)))
        assert found == list(range(1, ITEMS + 1)), name


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(outstanding.DROPPED_STATUSES))
def test_an_item_whose_response_was_accepted_drops_off_the_report(client, data, status):
    """As the report says: "Once a response has been accepted or an action dealt with, it
    is removed from this report"; one whose response is only received stays."""
    assert "Once a response has been accepted or an action dealt with" in outstanding.INTRO
    TrackedItem.objects.filter(pk=data["open_r"].pk).update(status=status)
    TrackedItem.objects.filter(pk=data["open_i"].pk).update(status="response-received")
    html = client.get(reverse("outstanding-issues", args=["sb2"])).content.decode()
    assert OPEN_R_TEXT not in html
    assert OPEN_I_TEXT in html
    assert "Once a response has been accepted or an action dealt with" in html


def test_the_report_drops_closed_and_accepted_items_only():
    assert outstanding.DROPPED_STATUSES == {
        "complete",
        "impact-reviewed",
        "rejected",
        "accepted",
        "partially-accepted",
    }


def test_word_widths_are_scaled_to_the_text_width_in_whole_twips():
    """Landscape A4 less two 2 cm margins is 25.7 cm, 14,570 twips; the columns share it
    in proportion, and the twip lost to rounding in each goes to the last."""
    text_width = int(word.A4_HEIGHT) - 2 * int(word.MARGIN)
    fitted = word.fitted_widths(outstanding.WIDTHS_CM, text_width)
    assert [width // 635 for width in fitted] == [1418, 2073, 2073, 1091, 3928, 1637, 2350]
    assert sum(fitted) == 14570 * 635


@pytest.mark.parametrize(("landscape", "size_cm"), [(True, (29.7, 21.0)), (False, (21.0, 29.7))])
def test_a_word_document_is_a4_with_page_fields_either_way_round(landscape, size_cm):
    section = word.new_document("A title", landscape=landscape, header="A body: a report").sections[
        0
    ]
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == size_cm
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.0
    assert section.header.paragraphs[0].text == "A body: a report"
    footer = section.footer.paragraphs[0]._p.xml
    assert [i.strip() for i in re.findall(r"<w:instrText[^>]*>([^<]*)<", footer)] == [
        "PAGE",
        "NUMPAGES",
    ]
