"""`scrutineer close_data_calls [--today YYYY-MM-DD]`: close every data call whose deadline
has passed, recording each missing return as not received. Safe to run again: a closed
call is left alone."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scrutineer.performance.datacalls.lifecycle import close_due_calls


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today must be a date written YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Close the data calls whose deadline has passed: each missing return is recorded as "
        "not received. Calls already closed are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="the date to judge deadlines by, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, today=None, **options):
        day = _date(today) if today else timezone.localdate()
        closed = close_due_calls(day)
        if not closed:
            self.stdout.write(f"No data calls to close on {day:%-d %B %Y}.")
            return
        for call, recorded in closed:
            self.stdout.write(
                f"Closed {call.title} ({call.body.name}, deadline {call.deadline:%-d %B %Y}): "
                f"{recorded} missing return{'s' if recorded != 1 else ''} recorded as not received."
            )
