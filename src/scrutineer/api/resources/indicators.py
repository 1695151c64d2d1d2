"""Indicators with their observations: each scorecard measure and its current figures,
each figure exactly as printed (``raw``) beside the value read from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ninja import Query, Router, Schema

from scrutineer.governance.restriction import readable_rows
from scrutineer.performance.models import Indicator, Observation

from ..links import readable_ids, shown
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
    """A measure a body watches. Its figures are listed at `/api/v1/observations` (a
    scorecard's indicator may hold a thousand) and in its own record."""

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
    sources: list[Source]


class IndicatorRecord(IndicatorOut):
    """An indicator with its current figures (a corrected figure replaces the one it
    corrects; the earlier one is kept on the site, not listed here)."""

    observations: list[ObservationOut]


class IndicatorRef(Schema):
    id: int
    slug: str
    name: str


class ObservationRow(ObservationOut):
    """A figure, with the indicator it is of. Corrected figures are listed too:
    ``superseded_by`` is the figure that corrects one (null for a current figure)."""

    indicator: IndicatorRef
    superseded_by: int | None


def _number(value) -> float | None:
    return None if value is None else float(value)


def shape(indicators: list[Indicator], context: Context) -> list[dict]:
    context.read_sources(indicators)
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
            "sources": context.sources(indicator),
        }
        for indicator in indicators
    ]


def _figures(indicators, context: Context):
    """The current figures the reader may read, in the scorecard's order."""
    return readable_rows(
        Observation.objects.current()
        .filter(indicator__in=[i.pk for i in indicators])
        .select_related("indicator", "area", "period", "breakdown"),
        context.user,
    ).order_by("indicator", "period__end", "area", "breakdown", "pk")


def shape_record(indicators: list[Indicator], context: Context) -> list[dict]:
    figures = list(_figures(indicators, context))
    context.read_sources(figures)
    records = shape(indicators, context)
    for record in records:
        record["observations"] = [
            _figure(o, context) for o in figures if o.indicator_id == record["id"]
        ]
    return records


def shape_rows(figures: list[Observation], context: Context) -> list[dict]:
    context.read_sources(figures)
    newer = readable_ids(Observation, (f.superseded_by_id for f in figures), context.user)
    return [
        {
            **_figure(figure, context),
            "indicator": {
                "id": figure.indicator_id,
                "slug": figure.indicator.slug,
                "name": figure.indicator.name,
            },
            "superseded_by": shown(figure.superseded_by_id, newer),
        }
        for figure in figures
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
INDICATOR_RECORDS = replace(INDICATORS, shape=shape_record)
OBSERVATIONS = Resource(
    name="observations",
    # Every figure, current or corrected: a list of the current ones alone would be read
    # by the superseded_by index and sorted whole, too slow at a scorecard's size.
    rows=lambda: Observation.objects.select_related("indicator", "area", "period", "breakdown"),
    shape=shape_rows,
    council_path="indicator__body__council",
    body_path="indicator__body",
    date_field="period__end",
)


@router.get(
    "",
    response={200: page_of(IndicatorOut), 304: None, **ERRORS},
    url_name="api-indicators",
    summary="Indicators",
)
def indicators(request, filters: Query[ListQuery]):
    return list_response(request, INDICATORS, filters)


@router.get(
    "/{int:pk}",
    response={200: IndicatorRecord, 304: None, **ERRORS},
    url_name="api-indicator",
    summary="An indicator, with its current observations",
)
def indicator(request, pk: int):
    return detail_response(request, INDICATOR_RECORDS, pk)


observations_router = Router(tags=["indicators"])


@observations_router.get(
    "",
    response={200: page_of(ObservationRow), 304: None, **ERRORS},
    url_name="api-observations",
    summary="Observations: every indicator's figures, with the corrected ones",
)
def observations(request, filters: Query[ListQuery]):
    return list_response(request, OBSERVATIONS, filters)
