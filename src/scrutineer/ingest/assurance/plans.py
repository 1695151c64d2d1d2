"""ParsedActionPlan → rows: the period of the plan the tracked items created, and the
summary of progress levels printed under it."""

from __future__ import annotations

from scrutineer.assurance.models import PlanHeader, PlanLevel
from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedActionPlan
from scrutineer.tracker.models import ActionPlan

from ..records import upsert


def load_plan_headers(loader, found: list[ParsedActionPlan], home_body: Body | None) -> None:
    for parsed in found:
        plan = ActionPlan.objects.filter(source=loader.document, title=parsed.title).first()
        if plan is None:
            continue  # a plan without actions read is not a plan the tracker holds
        upsert(
            PlanHeader,
            {"plan": plan},
            period=parsed.period or "",
            facts={name: list(span) for name, span in parsed.facts.items()},
            **loader._source_of(parsed.lines),
        )
        kept = []
        for order, cell in enumerate(parsed.levels):
            level, created = upsert(
                PlanLevel,
                {"plan": plan, "area": cell.area[:255], "level": cell.level},
                count=cell.count,
                marks=cell.marks,
                order=order,
                **loader._source_of(cell.lines),
            )
            loader._count("plan levels", int(created))
            kept.append(level.pk)
        plan.summary_levels.exclude(pk__in=kept).delete()
