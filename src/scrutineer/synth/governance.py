"""Synthetic data: a realistic, fictitious governance record at any scale.

``generate(scale, seed=...)`` fills the database with invented councils and partnerships:
bodies with subgroups, people and organisations with aliases, memberships, ten municipal
years of meetings with agendas, minutes, resolutions, declarations and attendance, the
recommendations tracker (items with owners, due dates, status histories, responses and
sub-items) and work programmes. At scale 1 there are about 10 bodies, 500 meetings and
20,000 tracked items; scale N multiplies everything, and fractions are allowed.

It exists to measure the pages at the sizes DESIGN.md section 6 expects, so it writes with
``scrutineer.bulk`` in large batches inside one transaction: if it fails, nothing is written.

Everything comes from ``random.Random(seed)`` and a fixed "today", so the same arguments
give the same data. Places, people and organisations are invented. Synthetic records have
no source document (``Sourced.source`` is empty) and each synthetic body's remit says that
it was generated, so they cannot be mistaken for ingested papers.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection, transaction

from scrutineer.governance.models import Body, Document
from scrutineer.periods import MunicipalYear
from scrutineer.tracker.models import TrackedItem

from .assurance import Assurance
from .meetings import Meetings
from .people import PeopleAndBodies
from .plan import YEARS, Generator, Plan, Progress, SynthRefused
from .programme import WorkProgrammes
from .records import Authority, BodyInfo
from .tracker import TrackedItems
from .vocabulary import BODY_TEMPLATES, PLACES


class Synthesiser(PeopleAndBodies, Meetings, TrackedItems, WorkProgrammes, Assurance, Generator):
    """One run: its plan, its random stream and the records its phases hand each other."""

    def __init__(self, scale: float, seed: int, today: dt.date, progress: Progress | None):
        self.plan = Plan.for_scale(scale)
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.progress = progress or (lambda phase, done, total: None)
        self.counts: dict[str, int] = {}
        self.first_year = MunicipalYear.of(today).first - (YEARS - 1)
        self.period_start = dt.date(self.first_year, 5, 15)
        self.period_end = dt.date(self.first_year + YEARS, 4, 30)
        self.authorities: list[Authority] = []
        self.bodies: list[BodyInfo] = []
        self.origins: dict[tuple[int, str], list[tuple[TrackedItem, dt.date]]] = {}
        self.minute_numbers: dict[tuple[int, str], int] = {}  # numbered through the year

    def run(self) -> dict[str, int]:
        self.people_and_organisations()
        self.bodies_and_memberships()
        self.meetings()
        self.tracked_items()
        self.work_programmes()
        self.assurance()
        return self.counts


def check_database(force: bool = False) -> None:
    """Refuse to mix synthetic rows into ingested papers, or to run twice."""
    if Document.objects.exists() and not force:
        raise SynthRefused(
            "The database holds ingested documents. Synthetic data would be mixed into real "
            "records; use an empty database, or pass --force if you really mean it."
        )
    names = [
        pattern.format(place=PLACES[0]) for pattern, *_ in BODY_TEMPLATES[:3]
    ]  # the first bodies every run creates
    if Body.objects.filter(name__in=names).exists():
        raise SynthRefused(
            "The database already holds synthetic data from an earlier run. "
            "Empty it first (scrutineer flush) and run synth again."
        )


def generate(
    scale: float = 1.0,
    *,
    seed: int = 0,
    today: dt.date | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill the database with synthetic data; returns counts by record type (plural names).

    Runs in one transaction. ``today`` fixes which meetings are past and which items are
    overdue; with the same ``scale``, ``seed`` and ``today`` the data is the same.
    """
    synthesiser = Synthesiser(scale, seed, today or dt.date.today(), progress)
    with transaction.atomic():
        check_database(force)
        counts = synthesiser.run()
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather soon after a bulk load; without them
        # the planner guesses at the sizes of the new tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
