"""Scorecard and comparator tables from papers -> indicators and observations.

Each figure is stored as printed with its source lines. When a paper gives a different
figure for one already known (same indicator, area, period and breakdown; the rule is
``performance.recording``'s), the new one is stored, the earlier one is kept as superseded
history, and a warning names both: the papers disagree, and Scrutineer does not decide
which is right.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from scrutineer.governance.models import Body
from scrutineer.packs import model as parsed
from scrutineer.packs.scorecard import ParsedIndicator, ParsedObservation
from scrutineer.performance.models import (
    Area,
    Breakdown,
    Indicator,
    Observation,
    Period,
    RagRule,
)
from scrutineer.performance.recording import NewFigure, record_figures

from .records import fetch_or_create


def load_indicators(loader, indicators: list[ParsedIndicator], body: Body | None) -> None:
    """Indicators upserted one by one; their figures recorded in bulk under the one rule
    for when a figure supersedes another (``performance.recording``), which also serves
    partners' returns. Each superseded figure gets a warning naming both papers."""
    if not indicators:
        return
    resolve = _Dimensions()
    document = loader.document
    figures: list[NewFigure] = []
    printed = []  # per figure: what the warning about it needs
    for found in indicators:
        indicator = _indicator(loader, found, body)
        for observation in found.observations:
            area, period = resolve.area(observation), resolve.period(observation)
            breakdown = resolve.breakdown(observation)
            lines = observation.lines
            figures.append(
                NewFigure(
                    indicator.pk,
                    area.pk,
                    period.pk,
                    breakdown.pk if breakdown else None,
                    observation.status,
                    _decimal(observation.value),
                    _decimal(observation.value2),
                    observation.raw,
                    footnote=observation.footnote or "",
                    caveat=observation.caveat or "",
                    source_id=document.pk if document else None,
                    first_line=lines[0] if lines else None,
                    last_line=lines[1] if lines else None,
                )
            )
            printed.append((indicator, area, period, observation))
    recorded = record_figures(figures)
    index = {pk: i for i, pk in enumerate(recorded.created) if pk is not None}
    earlier = Observation.objects.select_related("source").in_bulk(
        [old for old, _ in recorded.superseded]
    )
    for old, new in recorded.superseded:
        indicator, area, period, observation = printed[index[new]]
        loader.warnings.append(_differs(indicator, area, period, earlier[old], observation))
    loader._count("observations", recorded.written)


class _Dimensions:
    """Areas, periods and breakdowns are few and shared: each is looked up once."""

    def __init__(self):
        self.areas, self.periods, self.breakdowns = {}, {}, {}

    def area(self, found: ParsedObservation) -> Area:
        key = (found.area, found.area_kind)
        if key not in self.areas:
            self.areas[key] = fetch_or_create(Area, name=found.area, kind=found.area_kind)[0]
        return self.areas[key]

    def period(self, found: ParsedObservation) -> Period:
        key = (
            found.period_kind,
            _date(found.period_start),
            _date(found.period_end),
            found.period[:100],
        )
        if key not in self.periods:
            kind, start, end, label = key
            self.periods[key] = fetch_or_create(
                Period, kind=kind, start=start, end=end, label=label
            )[0]
        return self.periods[key]

    def breakdown(self, found: ParsedObservation) -> Breakdown | None:
        if not found.breakdown:
            return None
        key = (found.breakdown_dimension or "category", found.breakdown[:255])
        if key not in self.breakdowns:
            dimension, value = key
            self.breakdowns[key] = fetch_or_create(Breakdown, dimension=dimension, value=value)[0]
        return self.breakdowns[key]


def _indicator(loader, found: ParsedIndicator, body: Body | None) -> Indicator:
    indicator = Indicator.objects.filter(body=body, name=found.name).first()
    created = indicator is None
    if created:
        indicator = Indicator(body=body, name=found.name)
    indicator.unit = found.unit
    indicator.frequency = found.frequency or indicator.frequency
    indicator.priority = (found.priority or "")[:255]
    indicator.group = (found.group or "")[:255]
    indicator.definition = found.definition or indicator.definition
    indicator.caveats = "\n".join(found.caveats) or indicator.caveats
    indicator.footnotes = "\n".join(found.footnotes) or indicator.footnotes
    if found.polarity and found.polarity != indicator.polarity:
        if not created and indicator.polarity != Indicator.Polarity.NEUTRAL:
            loader.warnings.append(_aim_differs(found, "polarity", indicator.polarity))
        indicator.polarity = found.polarity
    loader._sourced(indicator, found.lines)
    indicator.save()
    loader._count("indicators", int(created))
    if found.target is not None:
        _target_rule(loader, indicator, found, created)
    return indicator


def _target_rule(loader, indicator: Indicator, found: ParsedIndicator, created: bool) -> None:
    """A printed target becomes the indicator's target rule; a paper giving another
    target than an earlier one wins, with a warning. A comparator rule someone set is left
    alone, and the target is only reported."""
    printed = found.target
    value, period = _decimal(printed.value), printed.period or ""
    rule = None if created else RagRule.objects.filter(indicator=indicator).first()
    if rule is not None and rule.kind == RagRule.Kind.COMPARATOR:
        loader.warnings.append(
            parsed.PackWarning(
                "target-not-used",
                f"{found.name}: this paper prints a target of {printed.raw!r} but the "
                "indicator is rated against a comparator area; its rule is unchanged",
                found.lines,
            )
        )
        return
    if rule is None:
        RagRule.objects.create(
            indicator=indicator, kind=RagRule.Kind.TARGET, target=value, target_period=period
        )
        return
    if (rule.target, rule.target_period) == (value, period):
        return
    if rule.target is not None:
        earlier = f"{rule.target.normalize():f}" + (
            f" for {rule.target_period}" if rule.target_period else ""
        )
        loader.warnings.append(_aim_differs(found, "target", earlier))
    rule.target, rule.target_period = value, period
    rule.save(update_fields=["target", "target_period"])


def _aim_differs(found: ParsedIndicator, what: str, earlier: str) -> parsed.PackWarning:
    said = found.polarity if what == "polarity" else found.target.raw
    if what == "target" and found.target.period:
        said = f"{said} for {found.target.period}"
    return parsed.PackWarning(
        f"{what}-differs",
        f"{found.name}: this paper gives its {what} as {said!r} but an earlier one gave "
        f"{earlier!r}; the latest is kept",
        found.lines,
    )


def _differs(indicator, area, period, earlier: Observation, found: ParsedObservation):
    where = (
        f"{earlier.source.name} {earlier.source.span_label(earlier.first_line, None)}"
        if earlier.source
        else "an earlier submission"
    )
    return parsed.PackWarning(
        "observation-differs",
        f"{indicator.name}, {area.name}, {period.label}: this paper says {found.raw!r} but "
        f"{where} says {earlier.raw!r}. Both are kept; the earlier one is shown as superseded.",
        found.lines,
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
