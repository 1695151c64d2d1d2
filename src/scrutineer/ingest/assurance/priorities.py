"""ParsedPriority and ParsedSubgroup → rows.

A priority is one row per body, period and title; a later paper that prints it again adds
what it gives (a plan on a page, more progress) and never empties what an earlier one gave.
Progress statements are keyed by the paper and line they were read from, so ingesting a
paper again changes nothing. The indicators a priority is linked to are the ones the same
paper's scorecard gave, already loaded under the scorecard's body."""

from __future__ import annotations

from scrutineer.assurance.models import Priority, ProgressStatement, Subgroup
from scrutineer.assurance.models.common import SignsOfSafety
from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedPriority, ParsedSubgroup
from scrutineer.packs.assurance.signs import signs_of_safety
from scrutineer.performance.models import Indicator

from ..records import upsert
from .bodies import owning_body

TITLE_LIMIT = 255


def _facts(found: dict) -> dict:
    return {name: list(span) for name, span in found.items()}


def _given(**values) -> dict:
    """Only what the paper gives: an empty list or None never overwrites a value."""
    return {name: value for name, value in values.items() if value not in (None, [], "")}


def load_priorities(loader, found: list[ParsedPriority], home_body: Body | None) -> None:
    scorecard_body = loader._scorecard_body(home_body)
    for parsed in found:
        body = owning_body(loader, parsed.body, parsed.lines, home_body)
        if body is None:
            continue
        existing = Priority.objects.filter(
            body=body, period=parsed.period, title=parsed.title
        ).first()
        facts = {**(existing.facts if existing else {}), **_facts(parsed.facts)}
        values = _given(
            number=parsed.number,
            why=parsed.why,
            metrics=parsed.metrics,
            outcomes=parsed.outcomes,
        )
        if parsed.on_plan_on_a_page:
            values["on_plan_on_a_page"] = True
        if existing is None or existing.source_id is None:
            values.update(loader._source_of(parsed.lines))
        priority, created = upsert(
            Priority,
            {"body": body, "period": parsed.period, "title": parsed.title},
            facts=facts,
            **values,
        )
        loader._count("priorities", int(created))
        for order, statement in enumerate(parsed.progress):
            _, added = upsert(
                ProgressStatement,
                {
                    "priority": priority,
                    "source": loader.document,
                    "first_line": statement.lines[0],
                },
                last_line=statement.lines[1],
                heading=signs_of_safety(statement.heading) or SignsOfSafety.OTHER,
                printed_heading=statement.heading[:TITLE_LIMIT],
                text=statement.text,
                order=order,
            )
            loader._count("progress statements", int(added))
        if parsed.indicators:
            linked = Indicator.objects.filter(body=scorecard_body, name__in=parsed.indicators)
            priority.indicators.add(*linked)


def load_subgroups(loader, found: list[ParsedSubgroup], home_body: Body | None) -> None:
    for parsed in found:
        body = owning_body(loader, parsed.body, parsed.lines, home_body)
        if body is None:
            continue
        name = loader._name(parsed.name, parsed.lines)[:TITLE_LIMIT]
        existing = Subgroup.objects.filter(body=body, name=name).first()
        values = _given(chair=(parsed.chair or "")[:TITLE_LIMIT], workplan=parsed.workplan)
        if existing is None or existing.source_id is None:
            values.update(loader._source_of(parsed.lines))
        facts = {**(existing.facts if existing else {}), **_facts(parsed.facts)}
        _, created = upsert(Subgroup, {"body": body, "name": name}, facts=facts, **values)
        loader._count("subgroups", int(created))
