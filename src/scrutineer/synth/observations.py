"""Every figure of every synthetic indicator: ten years of quarters and financial years for
the council and its comparators, some broken down, some missing, a few corrected."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from scrutineer import bulk
from scrutineer.performance.models import Breakdown, Indicator, Observation
from scrutineer.periods import pair_label

from .indicators import CORRECTION_NOTES, COUNT_FACTORS, COUNTED, NOT_APPLICABLE_RAW, U
from .plan import DATA_CALL_QUARTERS, DEADLINE_DAYS, QUARTERS

if TYPE_CHECKING:
    from .performance import IndicatorPlan

NOT_RECEIVED_SHARE = 0.02  # outside data calls, a council figure not received
BLANK_SHARE = 0.01
NOT_APPLICABLE_SHARE = 0.01
COMPARATOR_NA_SHARE = 0.02  # "-": a comparator not published for the period
FOOTNOTE_SHARE = 0.03  # comparator figures that are last year's average ("*23.0")
CORRECTED_SHARE = 0.003  # reported council figures later corrected
MIN_CORRECTED = 3


@dataclass
class Series:
    """One indicator's council level and how it moves."""

    level: float
    trend: float  # change over the ten years, as a share of the level
    noise: float
    share: float  # for count-with-percent: the count's share of the whole, in %
    second: float  # for count-with-count and pairs: the second count's share of the first
    phase: float  # where in the year the seasonal peak falls


def raw_text(unit: str, value: Decimal | None, value2: Decimal | None) -> str:
    """A figure as a paper prints it."""
    if unit == U.PERCENT:
        return f"{value:.1f}%"
    if unit == U.COUNT_PERCENT:
        return f"{value:.0f} ({value2:.1f}%)"
    if unit == U.COUNT_COUNT:
        return f"{value:.0f} ({value2:.0f})"
    if unit == U.RATIO:
        return f"{value:.0f}/{value2:.0f}"
    if unit == U.CURRENCY:
        return f"£{value:,.0f}"
    if unit == U.COUNT:
        return f"{value:.0f}"
    return f"{value:.1f}"


def decimal(number: float, places: int) -> Decimal:
    return Decimal(f"{number:.{places}f}")


class Observations:
    """The observations phase of a scorecard run (a mixin of
    ``performance.ScorecardSynthesiser``)."""

    def observations(self, plans: list[IndicatorPlan]) -> None:
        """Every figure, written as rows; then a few corrections, each superseding the
        figure first reported."""
        names = [
            "indicator_id", "area_id", "period_id", "breakdown_id", "raw", "value", "value2",
            "status", "footnote", "submission_id", "recorded_at", "visibility",
        ]  # fmt: skip
        self.corrections: list[tuple[tuple, Observation]] = []
        self.call_periods = {p.pk for p in self.quarter_periods[-DATA_CALL_QUARTERS:]}
        self.corrected = self.choose_corrections(plans)
        self.deadline_times = {
            p.pk: dt.datetime.combine(p.end + dt.timedelta(days=DEADLINE_DAYS), dt.time(12),
                                      tzinfo=dt.UTC)
            for p in [*self.quarter_periods, *self.year_periods]
        }  # fmt: skip

        def rows():
            for done, plan in enumerate(plans, start=1):
                yield from self.indicator_rows(plan, done - 1)
                self.progress("Scorecard observations", done, len(plans))

        written = bulk.write_rows(Observation, names, rows())
        # The corrections: the current figure (written here, to learn its pk) supersedes
        # the one first submitted.
        current = [new for _, new in self.corrections]
        bulk.create(Observation, current)
        first = [(*old, new.pk) for old, new in self.corrections]
        bulk.write_rows(Observation, [*names, "superseded_by_id"], first)
        self.count("observations", written + 2 * len(self.corrections))
        self.count("corrected observations", len(self.corrections))

    def choose_corrections(self, plans: list[IndicatorPlan]) -> set[tuple[int, int]]:
        """(plan index, period pk) of the council figures that are later corrected: about
        CORRECTED_SHARE of them, and at least MIN_CORRECTED. A figure never received is
        never corrected."""
        rng = self.rng
        cells = len(plans) * (len(self.quarter_periods) + len(self.year_periods))
        wanted = max(MIN_CORRECTED, round(CORRECTED_SHARE * cells))
        chosen: set[tuple[int, int]] = set()
        for _ in range(wanted * 50):
            if len(chosen) >= wanted:
                break
            i = rng.randrange(len(plans))
            plan = plans[i]
            quarterly = plan.indicator.frequency == Indicator.Frequency.QUARTERLY
            period = rng.choice(
                [*self.quarter_periods, *self.year_periods] if quarterly else self.year_periods
            )
            key = (plan.body.pk, plan.indicator.responsible_organisation_id, period.pk)
            if period.pk in self.call_periods and key in self.missed:
                continue
            chosen.add((i, period.pk))
        return chosen

    def indicator_rows(self, plan: IndicatorPlan, index: int):
        rng, indicator, series = self.rng, plan.indicator, plan.series
        unit = indicator.unit
        areas = plan.authority.areas
        # Breakdown rows, each with its share of the whole within its dimension.
        bands: list[Breakdown] = []
        weights: list[float] = []
        for key in plan.breakdown.split("+") if plan.breakdown else []:
            rows = self.breakdown_rows[key]
            raw_weights = [rng.uniform(0.4, 1.6) for _ in rows]
            bands.extend(rows)
            weights.extend(w / sum(raw_weights) for w in raw_weights)
        # Each comparator sits near the council, a little better or worse throughout.
        offsets = [1.0] + [rng.uniform(0.8, 1.2) for _ in areas[1:]]
        quarterly = indicator.frequency == Indicator.Frequency.QUARTERLY
        call_periods, deadline_times = self.call_periods, self.deadline_times
        org = indicator.responsible_organisation_id
        visibility = indicator.visibility
        # Council levels for each quarter, then each financial year from its quarters.
        count_like = unit in COUNTED
        levels = []
        for i in range(QUARTERS):
            seasonal = 1 + 0.04 * math.sin(i * math.pi / 2 + series.phase)
            drift = 1 + series.trend * i / QUARTERS
            levels.append(series.level * drift * seasonal * (1 + rng.gauss(0, series.noise)))
        by_year = {p.label: [] for p in self.year_periods}
        for period, level in zip(self.quarter_periods, levels, strict=True):
            key = period.label.split(" ")[0]
            if key in by_year:
                by_year[key].append(level)
        year_levels = [
            sum(by_year[p.label]) if count_like and unit != U.COUNT_PERCENT
            else sum(by_year[p.label]) / 4
            for p in self.year_periods
        ]  # fmt: skip
        periods = list(zip(self.year_periods, year_levels, strict=True))
        if quarterly:
            periods = list(zip(self.quarter_periods, levels, strict=True)) + periods
        missed, corrected = self.missed, self.corrected
        indicator_pk, body_pk = indicator.pk, plan.body.pk
        band_pks = [None, *(band.pk for band in bands)]
        for p, (period, level) in enumerate(periods):
            period_pk = period.pk
            in_call = period_pk in call_periods
            for a, area in enumerate(areas):
                area_pk = area.pk
                factor = COUNT_FACTORS[area.kind] if count_like and a else 1.0
                value = level * offsets[a] * factor * (1 + rng.gauss(0, series.noise / 2))
                status, raw, footnote, submission = Observation.Status.REPORTED, None, "", None
                correct = a == 0 and (index, period_pk) in corrected
                if a == 0:
                    if in_call and (body_pk, org, period_pk) in missed:
                        status = Observation.Status.NOT_RECEIVED
                    elif correct:  # reported, then corrected
                        if in_call:
                            submission = self.submissions.get((period_pk, body_pk, org))
                    else:
                        roll = rng.random()
                        if roll < BLANK_SHARE:
                            status = Observation.Status.BLANK
                        elif roll < BLANK_SHARE + NOT_APPLICABLE_SHARE:
                            status = Observation.Status.NOT_APPLICABLE
                        elif not in_call and roll < (
                            BLANK_SHARE + NOT_APPLICABLE_SHARE + NOT_RECEIVED_SHARE
                        ):
                            status = Observation.Status.NOT_RECEIVED
                        elif in_call:
                            submission = self.submissions.get((period_pk, body_pk, org))
                else:
                    roll = rng.random()
                    if roll < COMPARATOR_NA_SHARE:
                        status = Observation.Status.NOT_APPLICABLE
                    elif roll < COMPARATOR_NA_SHARE + FOOTNOTE_SHARE and indicator.footnotes:
                        footnote = f"{pair_label(period.start.year - 1)} average"
                when = deadline_times[period_pk]
                figures = self.figures(unit, value, series)
                for b, band_pk in enumerate(band_pks):
                    if status != Observation.Status.REPORTED:
                        raw = {
                            Observation.Status.NOT_RECEIVED: "Not received",
                            Observation.Status.BLANK: "",
                            Observation.Status.NOT_APPLICABLE: NOT_APPLICABLE_RAW[(p + a + b) % 3],
                        }[status]
                        v1 = v2 = None
                    else:
                        if band_pk is None:
                            v1, v2 = figures
                        else:
                            v1, v2 = self.band_figures(unit, figures, weights[b - 1], series)
                        raw = raw_text(unit, v1, v2)
                        if footnote:
                            raw = "*" + raw
                    row = (
                        indicator_pk, area_pk, period_pk, band_pk, raw, v1, v2, status,
                        footnote, submission, when, visibility,
                    )  # fmt: skip
                    if correct and band_pk is None:
                        self.correct(row, unit)
                        continue
                    yield row

    def correct(self, row: tuple, unit: str) -> None:
        """Keep ``row`` as a figure first submitted and make its corrected successor."""
        rng = self.rng
        (indicator, area, period, breakdown, raw, v1, v2, status, footnote, submission, when,
         visibility) = row  # fmt: skip
        factor = Decimal(str(round(rng.uniform(0.85, 0.97), 2)))
        places = 0 if unit in COUNTED or unit == U.CURRENCY else 1
        old1 = (v1 * factor).quantize(Decimal(1) if places == 0 else Decimal("0.1"))
        if old1 == v1:
            old1 = v1 - 1
        old2 = v2
        if unit in {U.COUNT_COUNT, U.RATIO} and v2 is not None:
            old2 = min(v2, old1)
        first = (
            indicator, area, period, breakdown, raw_text(unit, old1, old2), old1, old2, status,
            footnote, submission, when, visibility,
        )  # fmt: skip
        new = Observation(
            indicator_id=indicator, area_id=area, period_id=period, breakdown_id=breakdown,
            raw=raw, value=v1, value2=v2, status=status, footnote=footnote,
            submission_id=submission, visibility=visibility,
            note=rng.choice(CORRECTION_NOTES),
        )  # fmt: skip
        self.corrections.append((first, new))

    def figures(self, unit: str, value: float, series: Series) -> tuple[Decimal, Decimal | None]:
        value = max(value, 0.0)
        if unit == U.PERCENT:
            return decimal(min(value, 100.0), 1), None
        if unit == U.COUNT:
            return decimal(round(value), 0), None
        if unit == U.CURRENCY:
            return decimal(round(value), 0), None
        if unit == U.COUNT_PERCENT:
            share = min(100.0, series.share * (1 + self.rng.gauss(0, 0.03)))
            return decimal(round(value), 0), decimal(share, 1)
        if unit in {U.COUNT_COUNT, U.RATIO}:
            first = round(value)
            second = min(first, round(first * series.second * (1 + self.rng.gauss(0, 0.1))))
            return decimal(first, 0), decimal(max(second, 0), 0)
        return decimal(value, 1), None

    def band_figures(self, unit, figures, weight: float, series: Series):
        """A breakdown's figure: counts split the whole (with the band's percentage of it);
        rates and percentages vary around the whole's."""
        v1, v2 = figures
        rng = self.rng
        if unit in COUNTED:
            part = round(float(v1) * weight * rng.uniform(0.9, 1.1))
            if unit == U.COUNT_PERCENT:
                share = 100.0 * part / float(v1) if v1 else 0.0
                return decimal(part, 0), decimal(share, 1)
            if unit in {U.COUNT_COUNT, U.RATIO}:
                second = min(part, round(part * series.second))
                return decimal(part, 0), decimal(second, 0)
            return decimal(part, 0), None
        varied = float(v1) * rng.uniform(0.75, 1.25)
        if unit == U.PERCENT:
            varied = min(varied, 100.0)
        return decimal(varied, 0 if unit == U.CURRENCY else 1), None
