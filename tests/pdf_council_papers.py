"""Exampleshire papers written as a clerk writes them in Word: styles with space after
paragraphs rather than empty ones, bold headings, members listed with line breaks and tab
stops, resolutions as a lettered list, a ruled table, a header-less second page. The names,
numbers and words are invented."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from scrutineer.bench.papers import new_document


def _spaced(document, text: str = "", *, bold: bool = False, after: float = 8):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        paragraph.add_run(text).bold = bold
    return paragraph


def _heading(document, number: str, title: str) -> None:
    paragraph = _spaced(document)
    paragraph.add_run(f"{number}. ")
    paragraph.add_run(title).bold = True


def adult_care_minutes(path: Path) -> None:
    """Minutes of a scrutiny board in the house style the parser reads, laid out in Word."""
    document = new_document()
    _spaced(document, "Exampleshire County Council", bold=True, after=0)
    _spaced(document, "Minutes of the Meeting of Adult Social Care Scrutiny Board", after=0)
    _spaced(document, "held at 2.00 pm on Wednesday, 8 October 2025")
    _spaced(document, "Present:")
    members = _spaced(document)
    members.paragraph_format.tab_stops.add_tab_stop(Cm(4))
    names = [
        "Councillor B Oakhurst (Chair)",
        "Councillor C Penhale",
        "Councillor D Rowntree",
        "Councillor E Sandiford (substitute for Councillor F Thorley)",
    ]
    members.add_run(f"Members:\t{names[0]}")
    for name in names[1:]:
        members.add_run().add_break(WD_BREAK.LINE)
        members.add_run(f"\t{name}")
    _spaced(document, "Employees (by Directorate):")
    officers = _spaced(document)
    officers.add_run("H Quennell, Adults and Housing Directorate")
    officers.add_run().add_break(WD_BREAK.LINE)
    officers.add_run("J Varley, Law and Governance Directorate")
    _spaced(document, "Apologies: Councillor F Thorley and Councillor G Ulverston")
    _spaced(document, "Public Business")
    _heading(document, "15", "Declarations of Interests")
    _spaced(document, "There were no disclosable pecuniary interests.")
    _heading(document, "16", "Minutes")
    _spaced(
        document,
        "The minutes of the meeting held on 10th September, 2025 were agreed and signed as a "
        "true record. There were no matters arising.",
    )
    _heading(document, "17", "Home Care Capacity and Waiting Times")
    _spaced(
        document,
        "The Scrutiny Board considered a briefing note of the Director of Adult Services on "
        "the capacity of commissioned home care across the county, the number of people "
        "waiting for a package of care and how long they had waited. At the end of August "
        "2025, 86 people were waiting for home care, against 214 a year earlier, and the "
        "longest wait had fallen from 61 days to 19 days.",
    )
    _spaced(
        document,
        "Members asked about rural rounds, travel time paid to care workers and the use of "
        "direct payments where no provider could be found.",
    )
    _spaced(document, "RESOLVED that the Scrutiny Board:")
    for number, text in [
        ("1)", "Note the reduction in the number of people waiting for home care"),
        (
            "2)",
            "Request that the Director of Adult Services report to the Board in 6 months on "
            "home care in the three most rural localities, including the travel time paid to "
            "care workers",
        ),
    ]:
        part = document.add_paragraph(style="List Bullet")
        part.paragraph_format.space_after = Pt(4)
        part.add_run(f"{number} ")
        part.add_run(text).bold = True
    _spaced(document, after=0)
    _heading(document, "18", "Any Other Business")
    _spaced(document, "There were no other items of business.")
    _spaced(document, "(Meeting closed at 3.40 pm)")
    document.save(path)


BRIEFING = "exampleshire-home-care-briefing-2025-10-08"
COUNCIL_PAPERS = {"exampleshire-adult-care-minutes-2025-10-08": adult_care_minutes}


def _page_number_footer(section) -> None:
    """ "Page N" in the footer, N a PAGE field as Word inserts it."""
    paragraph = section.footer.paragraphs[0]
    paragraph.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


BACKGROUND = [
    "The Council commissions home care from 23 providers under a framework agreed in "
    "2023. Each provider covers one or more of the county's nine localities, and the "
    "framework sets an hourly rate that is reviewed every April.",
    "Demand for home care rose by 7 per cent during 2024-25, mainly among people leaving "
    "hospital. The hospital discharge team now books care directly with providers for "
    "people whose needs are expected to last fewer than six weeks.",
    "Recruitment of care workers remains the main constraint on capacity. Providers "
    "reported 310 vacancies in August 2025, compared with 455 in August 2024, and the "
    "international recruitment scheme has brought 64 care workers to the county.",
    "Rural localities are the hardest to serve because of travel time between visits. "
    "The pilot of paid travel time in two localities has increased the hours providers "
    "are able to offer there by 11 per cent.",
]


def home_care_briefing(path: Path) -> None:
    """A three-page briefing note with a running header and a page number in the footer,
    and a paragraph that runs over a page break."""
    document = new_document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Adult Social Care Scrutiny Board - 8 October 2025"
    _page_number_footer(section)
    _spaced(document, "Exampleshire County Council", bold=True)
    _spaced(document, "Briefing note", bold=True)
    for label, value in [
        ("To", "Adult Social Care Scrutiny Board"),
        ("Date", "8th October 2025"),
        ("Subject", "Home Care Capacity and Waiting Times"),
    ]:
        _spaced(document, f"{label}: {value}")
    _spaced(document, "1 Purpose of the Note", bold=True)
    _spaced(
        document,
        "1.1 To update the Scrutiny Board on the capacity of commissioned home care and on "
        "the time people wait for a package of care.",
    )
    _spaced(document, "2 Recommendations", bold=True)
    _spaced(document, "2.1 Members of the Scrutiny Board are recommended to:")
    _spaced(document, "1) Note the reduction in waiting times for home care.")
    _spaced(document, "2) Identify any localities they would like considered in the next review.")
    _spaced(document, "3 Background and Information", bold=True)
    number = 1
    for _ in range(4):
        for text in BACKGROUND:
            _spaced(document, f"3.{number} {text}")
            number += 1
    _spaced(document, "Lena Marchbank", after=0)
    _spaced(document, "Head of Commissioning, Adult Services", after=0)
    _spaced(document, "lena.marchbank@exampleshire.gov.uk")
    document.save(path)


COUNCIL_PAPERS[BRIEFING] = home_care_briefing
