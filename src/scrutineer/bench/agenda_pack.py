"""`scrutineer bench --agenda-pack`: how long publishing an agenda pack takes.

A meeting with 10 agenda items, each with a 20-page PDF paper (text pages made with
reportlab, compressed, as a word processor's export is), in a throw-away database with its
files in a temporary folder. Publishing (read the papers, lay out the front sheet, join,
stamp, store, write the page ranges) is timed three times; each replaces the last pack.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tempfile
import time
from dataclasses import dataclass

from .measure import throwaway_database

ITEMS = 10
PAGES = 20
RUNS = 3
LINES_PER_PAGE = 40


@dataclass
class PackFigures:
    backend: str
    papers: int
    paper_pages: int
    pack_pages: int
    front_sheet_pages: int
    pack_bytes: int
    check_seconds: float  # the publish page's plan: every paper read
    build_seconds: float  # the pack put together, nothing stored
    publish_seconds: float  # all of it, stored in one transaction


def paper(number: int, pages: int = PAGES) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(72, 780, f"Report {number}: page {page} of {pages}")
        canvas.setFont("Helvetica", 10)
        for line in range(LINES_PER_PAGE):
            canvas.drawString(
                72,
                750 - 16 * line,
                f"{line + 1}. The board is asked to note the progress made on priority "
                f"{number}.{line} and the figures for the quarter.",
            )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def agenda_pack_speed(items: int = ITEMS, pages: int = PAGES) -> PackFigures:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test import override_settings

    from scrutineer.governance.models import AgendaItem, Body, LinkedDocument, Meeting
    from scrutineer.reports.agenda_pack import (
        PDF,
        build_agenda_pack,
        plan_agenda_pack,
        publish_agenda,
    )

    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        throwaway_database(),
    ):
        body = Body.objects.create(name="Bench Scrutiny Board")
        meeting = Meeting.objects.create(
            body=body, date=dt.date(2026, 3, 17), venue="Committee Room 1"
        )
        for number in range(1, items + 1):
            item = AgendaItem.objects.create(
                meeting=meeting, number=str(number), order=number, title=f"Report {number}"
            )
            attachment = LinkedDocument(agenda_item=item, title=f"Report {number}", media_type=PDF)
            attachment.file.save(f"report-{number}.pdf", ContentFile(paper(number, pages)))
        user = get_user_model().objects.create_user("bench-officer")
        check, build, publish = [], [], []
        pack = None
        for _ in range(RUNS):
            started = time.perf_counter()
            plan_agenda_pack(meeting)
            check.append(time.perf_counter() - started)
            started = time.perf_counter()
            build_agenda_pack(meeting)
            build.append(time.perf_counter() - started)
            started = time.perf_counter()
            pack = publish_agenda(meeting, user)
            publish.append(time.perf_counter() - started)
        return PackFigures(
            backend=connection.vendor,
            papers=items,
            paper_pages=items * pages,
            pack_pages=pack.pages,
            front_sheet_pages=pack.front_sheet_pages,
            pack_bytes=len(pack.pdf),
            check_seconds=statistics.median(check),
            build_seconds=statistics.median(build),
            publish_seconds=statistics.median(publish),
        )


def report_agenda_pack(figures: PackFigures) -> None:
    print(
        f"Agenda pack: {figures.papers} papers of {figures.paper_pages // figures.papers} pages "
        f"({figures.backend}): a pack of {figures.pack_pages} pages "
        f"({figures.front_sheet_pages} of front sheet), {figures.pack_bytes / 1e6:.2f} MB"
    )
    print(f"  publish (median of {RUNS}): {figures.publish_seconds:.2f} s")
    print(f"  of which putting the pack together: {figures.build_seconds:.2f} s")
    print(f"  the publish page's check (every paper read): {figures.check_seconds:.2f} s")
