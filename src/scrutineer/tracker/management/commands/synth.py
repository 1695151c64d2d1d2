"""`scrutineer synth --scale N [--seed S]`: fill the database with synthetic data."""

from __future__ import annotations

import datetime as dt
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.urls import NoReverseMatch, reverse
from rich.console import Console

from scrutineer.console import progress_bar
from scrutineer.synth import governance as synth
from scrutineer.synth import performance as scorecard_synth
from scrutineer.synth.plan import Plan, SynthRefused
from scrutineer.tracker.models import TrackedItem

SUMMARY_ORDER = [
    "bodies",
    "people",
    "organisations",
    "memberships",
    "meetings",
    "agenda items",
    "minutes",
    "resolutions",
    "attendance records",
    "tracked items",
    "parties",
    "status changes",
    "responses",
    "work programme items",
    "learning reviews",
    "audits",
    "budgets",
    "priorities",
    "indicators",
    "observations",
    "data calls",
    "submissions",
]


def scale_value(text: str) -> float:
    try:
        plan = Plan.for_scale(float(text))
    except ValueError as error:
        raise CommandError(f"--scale: {error}") from None
    return plan.scale


def day_value(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today: {text!r} is not a date like 2026-11-22") from None


class Command(BaseCommand):
    help = (
        "Generate a realistic synthetic dataset (fictitious councils, boards, meetings, "
        "tracked items and work programmes, and performance scorecards with indicators and "
        "observations) for benchmarks and demonstrations. Scale 1 is about 10 bodies, 500 "
        "meetings, 20,000 tracked items, 200 indicators and 200,000 observations; fractions "
        "are allowed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=scale_value, default=1.0, help="size multiplier (default 1)"
        )
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument(
            "--today",
            type=day_value,
            default=None,
            help="the date the data is generated as of, YYYY-MM-DD (default: today); "
            "with the same scale and seed it makes the data identical",
        )
        parser.add_argument(
            "--skip-scorecards",
            action="store_true",
            help="leave out the performance scorecards (indicators, observations, data calls)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even though the database holds ingested documents",
        )

    def handle(self, *args, scale, seed, today, force, skip_scorecards, **options):
        today = today or dt.date.today()
        console = Console(file=self.stdout._out)
        started = time.perf_counter()
        with progress_bar(console) as progress:
            tasks: dict[str, int] = {}

            def report(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = progress.add_task(phase, total=total)
                progress.update(tasks[phase], completed=done, total=total)

            scorecard = None
            try:
                # One transaction: the scorecards are for the bodies made just before.
                with transaction.atomic():
                    counts = synth.generate(
                        scale, seed=seed, today=today, force=force, progress=report
                    )
                    if not skip_scorecards:
                        result = scorecard_synth.generate(
                            scale, seed=seed, today=today, progress=report
                        )
                        counts.update(result.counts)
                        scorecard = result.scorecard
            except (SynthRefused, scorecard_synth.ScorecardSynthRefused) as refusal:
                raise CommandError(str(refusal)) from None
            except DatabaseError as error:
                raise CommandError(
                    f"the database is not ready ({error}); run `scrutineer migrate` first"
                ) from None
        overdue = TrackedItem.objects.overdue(today).count()
        notes = {
            "tracked items": f" ({overdue:,} overdue)",
            "observations": f" ({counts.get('corrected observations', 0):,} corrected)",
        }
        parts = [f"{counts[k]:,} {k}{notes.get(k, '')}" for k in SUMMARY_ORDER if k in counts]
        line = (
            f"Synthetic data at scale {scale:g}, seed {seed}, as of {today:%-d %B %Y}: "
            f"{', '.join(parts)} in {time.perf_counter() - started:.1f} s"
        )
        if scorecard:
            line += (
                f"; a scorecard with figures: {scorecard.body_name} (body {scorecard.body_slug}),"
                f" {scorecard.year}{scorecard_url(scorecard)}"
            )
        # Synth writes in bulk, past the search index's signals: the index is written whole.
        indexed = StringIO()
        call_command("search_index", stdout=indexed)
        summary = indexed.getvalue().strip()
        self.stdout.write(f"{line}; {summary[:1].lower()}{summary[1:]}")


def scorecard_url(scorecard: scorecard_synth.Scorecard) -> str:
    try:
        return ", at " + reverse("scorecard", args=[scorecard.body_slug, scorecard.year])
    except NoReverseMatch:  # the scorecard pages are not there yet
        return ""
