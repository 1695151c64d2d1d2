"""Indicators with their observations: each scorecard measure and its current figures,
each figure exactly as printed (``raw``) beside the value read from it."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from scrutineer.governance.restriction import readable_rows
from scrutineer.performance.models import Indicator, Observation

from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, BodyRef, Context, CouncilRef, Source, body_ref, moment, page_of

router = Router(tags=["indicators"])


class AreaOut(Schema):
    name: str
    kind: str


class PeriodOut(Schema):
    label: str
    kind: str
    start: dt.date | None
    end: dt.date | None


class BreakdownOut(Schema):
    dimension: str
    value: str


class ObservationOut(Schema):
    """One figure. ``raw`` is the cell as printed ("1696 (90.7)"); ``value`` and ``value2``
    the numbers read from it (a count and its percentage); ``status`` says why there is no
    value ("not-received")."""

    id: int
    area: AreaOut
    period: PeriodOut
    breakdown: BreakdownOut | None
    raw: str
    value: float | None
    value2: float | None
    status: str
    footnote: str
    caveat: str
    updated_at: dt.datetime
    sources: list[Source]


class IndicatorOut(Schema):
    """A measure a body watches, with its current figures (a corrected figure replaces the
    one it corrects; the earlier one is kept on the site, not listed here)."""

    id: int
    slug: str
    name: str
    definition: str
    unit: str
    polarity: str
    frequency: str
    council: CouncilRef | None
    body: BodyRef | None
    priority: str
    group: str
    caveats: str
    footnotes: str
    url: str
    updated_at: dt.datetime
    observations: list[ObservationOut]
    sources: list[Source]


def _number(value) -> float | None:
    return None if value is None else float(value)


def shape(indicators: list[Indicator], context: Context) -> list[dict]:
    figures = readable_rows(
        Observation.objects.current()
        .filter(indicator__in=[i.pk for i in indicators])
        .select_related("area", "period", "breakdown"),
        context.user,
    )
    by_indicator: dict[int, list[Observation]] = {}
    for figure in figures.order_by("indicator", "period__end", "area", "breakdown", "pk"):
        by_indicator.setdefault(figure.indicator_id, []).append(figure)
    context.read_sources([*indicators, *(o for found in by_indicator.values() for o in found)])
    return [
        {
            "id": indicator.pk,
            "slug": indicator.slug,
            "name": indicator.name,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "polarity": indicator.polarity,
            "frequency": indicator.frequency,
            "council": context.council(indicator.body.council_id) if indicator.body else None,
            "body": body_ref(indicator.body) if indicator.body else None,
            "priority": indicator.priority,
            "group": indicator.group,
            "caveats": indicator.caveats,
            "footnotes": indicator.footnotes,
            "url": context.address(
                indicator.body.council_id if indicator.body else None, "indicator", [indicator.slug]
            ),
            "updated_at": moment(indicator.updated_at),
            "observations": [_figure(o, context) for o in by_indicator.get(indicator.pk, [])],
            "sources": context.sources(indicator),
        }
        for indicator in indicators
    ]


def _figure(figure: Observation, context: Context) -> dict:
    breakdown = figure.breakdown
    return {
        "id": figure.pk,
        "area": {"name": figure.area.name, "kind": figure.area.kind},
        "period": {
            "label": figure.period.label,
            "kind": figure.period.kind,
            "start": figure.period.start,
            "end": figure.period.end,
        },
        "breakdown": breakdown and {"dimension": breakdown.dimension, "value": breakdown.value},
        "raw": figure.raw,
        "value": _number(figure.value),
        "value2": _number(figure.value2),
        "status": figure.status,
        "footnote": figure.footnote,
        "caveat": figure.caveat,
        "updated_at": moment(figure.updated_at),
        "sources": context.sources(figure),
    }


INDICATORS = Resource(
    name="indicators",
    rows=lambda: Indicator.objects.select_related("body"),
    shape=shape,
    council_path="body__council",
    body_path="body",
)


@router.get(
    "",
    response={200: page_of(IndicatorOut), 304: None, **ERRORS},
    url_name="api-indicators",
    summary="Indicators, with their current observations",
)
def indicators(request, filters: Query[ListQuery]):
    return list_response(request, INDICATORS, filters)


@router.get(
    "/{int:pk}",
    response={200: IndicatorOut, 304: None, **ERRORS},
    url_name="api-indicator",
    summary="An indicator, with its current observations",
)
def indicator(request, pk: int):
    return detail_response(request, INDICATORS, pk)
