"""ParsedTraining → rows: a course per name and period, a count per period, level and
agency (a printed total per line it is printed on). Re-ingesting a paper changes nothing;
a row keeps the paper it was first read from."""

from __future__ import annotations

from dataclasses import asdict

from scrutineer.assurance.models import TrainingCount, TrainingCourse
from scrutineer.governance.models import Body
from scrutineer.ingest.records import upsert
from scrutineer.packs.assurance.model import ParsedTraining

from .bodies import owning_body


def load_training(loader, found: list[ParsedTraining], home_body: Body | None) -> None:
    for training in found:
        rows = training.courses or training.counts
        if not rows:
            continue
        body = owning_body(loader, training.body, rows[0].lines, home_body)
        if body is None:
            continue
        for course in training.courses:
            record, created = upsert(
                TrainingCourse,
                {"body": body, "period": course.period, "name": course.name},
                level=course.level,
                sessions=course.sessions,
                attendees=course.attendees,
                evaluation=[_statement(s) for s in course.evaluation],
            )
            _first_source(loader, record, created, course.lines)
            loader._count("training courses", int(created))
        for count in training.counts:
            lookup = {
                "body": body,
                "period": count.period,
                "level": count.level,
                "agency": count.agency or "",
                "printed_total": count.printed_total,
            }
            if count.printed_total:  # a period may print several totals: one per line
                lookup["first_line"] = count.lines[0]
            record, created = upsert(TrainingCount, lookup, count=count.count)
            _first_source(loader, record, created, count.lines)
            loader._count("training counts", int(created))


def _statement(statement) -> dict:
    found = asdict(statement)
    found["lines"] = list(statement.lines)
    return found


def _first_source(loader, record, created: bool, lines) -> None:
    if created or record.source_id is None:
        loader._sourced(record, lines)
        record.save(update_fields=["source", "first_line", "last_line"])
