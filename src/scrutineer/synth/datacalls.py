"""Quarterly data calls with the partners' returns; and one large data call for the import
benchmark."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from scrutineer import bulk
from scrutineer.governance.models import Body, Organisation
from scrutineer.performance.models import (
    Area,
    DataCall,
    Indicator,
    Observation,
    Period,
    Submission,
)
from scrutineer.periods import Quarter

from .plan import DATA_CALL_QUARTERS, DEADLINE_DAYS

if TYPE_CHECKING:
    from .performance import IndicatorPlan

MISSED_CALL_SHARE = 0.12  # a partner's chance of missing one quarter's data call


class DataCalls:
    """The data call phase of a scorecard run (a mixin of
    ``performance.ScorecardSynthesiser``)."""

    def data_calls(self, plans: list[IndicatorPlan]) -> None:
        """Quarterly data calls for the most recent quarters, with the partners' returns.
        ``self.missed`` holds the (body, organisation, call period) with no return."""
        rng = self.rng
        by_body: dict[int, list[IndicatorPlan]] = {}
        for plan in plans:
            if plan.indicator.frequency == Indicator.Frequency.QUARTERLY:
                by_body.setdefault(plan.body.pk, []).append(plan)
        calls: list[DataCall] = []
        for body_pk, body_plans in by_body.items():
            body = body_plans[0].body
            for period in self.quarter_periods[-DATA_CALL_QUARTERS:]:
                deadline = period.end + dt.timedelta(days=DEADLINE_DAYS)
                closed = None
                if deadline < self.today:
                    closed = dt.datetime.combine(
                        deadline + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC
                    )
                calls.append(
                    DataCall(
                        body_id=body_pk,
                        period=period,
                        deadline=deadline,
                        title=f"{body.name}: scorecard data call, {period.label}",
                        closed_at=closed,
                    )
                )
        bulk.create(DataCall, calls)
        through = DataCall.indicators.through
        links = [
            through(datacall_id=call.pk, indicator_id=plan.indicator.pk)
            for call in calls
            for plan in by_body[call.body_id]
        ]
        bulk.create(through, links)
        # Returns: each responsible partner submits once per call, or misses it.
        self.missed: set[tuple[int, int, int]] = set()
        slugs = {
            org.pk: org.slug for plan in plans for org in plan.authority.organisations.values()
        }
        returns = []
        for call in calls:
            orgs = sorted({p.indicator.responsible_organisation_id for p in by_body[call.body_id]})
            for org in orgs:
                if rng.random() < MISSED_CALL_SHARE:
                    self.missed.add((call.body_id, org, call.period_id))
                    continue
                when = dt.datetime.combine(
                    call.period.end + dt.timedelta(days=rng.randint(10, DEADLINE_DAYS + 5)),
                    dt.time(rng.randint(8, 17), rng.randint(0, 59)),
                    tzinfo=dt.UTC,
                )
                returns.append(
                    (
                        call.pk,
                        org,
                        when,
                        f"scorecard-{call.period.label.replace('/', '-').replace(' ', '-')}"
                        f"-{slugs[org]}.xlsx",
                        f"{rng.getrandbits(256):064x}",
                        sum(
                            1 for p in by_body[call.body_id]
                            if p.indicator.responsible_organisation_id == org
                        ),
                    )
                )  # fmt: skip
        bulk.write_rows(
            Submission,
            ["data_call_id", "organisation_id", "submitted_at", "file_name", "sha256", "rows"],
            returns,
        )
        self.submissions = {
            (s.data_call.period_id, s.data_call.body_id, s.organisation_id): s.pk
            for s in Submission.objects.filter(data_call__in=[c.pk for c in calls])
            .select_related("data_call")
            .only("pk", "organisation_id", "data_call__period_id", "data_call__body_id")
        }
        self.count("data calls", len(calls))
        self.count("submissions", len(returns))


def bench_data_call(body_slug: str, rows: int, today: dt.date) -> tuple[DataCall, Organisation]:
    """A data call for the quarter ``today`` falls in, for the body's busiest responsible
    partner, whose template has at least ``rows`` rows: the partner's indicators with their
    breakdowns, and (where those are too few) copies of them marked "bench copy", each given
    its source's breakdowns in one earlier quarter so that the template lists them.

    For ``scrutineer bench`` in its throw-away database; it writes the copies it needs."""
    body = Body.objects.get(slug=body_slug)
    busiest = (
        Indicator.objects.filter(body=body, responsible_organisation__isnull=False)
        .values_list("responsible_organisation", flat=True)
        .order_by()
    )
    tally: dict[int, int] = {}
    for pk in busiest:
        tally[pk] = tally.get(pk, 0) + 1
    if not tally:
        raise ValueError(f"{body.name} has no indicators with a responsible partner")
    organisation = Organisation.objects.get(pk=min(tally, key=lambda pk: (-tally[pk], pk)))
    indicators = list(Indicator.objects.filter(responsible_organisation=organisation))
    breakdowns: dict[int, set[int]] = {}
    for indicator_id, breakdown_id in (
        Observation.objects.filter(indicator__in=indicators, breakdown__isnull=False)
        .values_list("indicator_id", "breakdown_id")
        .distinct()
    ):
        breakdowns.setdefault(indicator_id, set()).add(breakdown_id)
    areas = set(
        Observation.objects.filter(
            indicator__in=indicators, area__kind=Area.Kind.LOCAL_AUTHORITY
        ).values_list("area_id", flat=True).distinct()
    )  # fmt: skip
    per_area = max(len(areas), 1)
    capacity = sum(1 + len(breakdowns.get(i.pk, ())) for i in indicators) * per_area
    copies: list[Indicator] = []
    sources = sorted(indicators, key=lambda i: (-len(breakdowns.get(i.pk, ())), i.pk))
    n = 0
    while capacity < rows and sources:
        source = sources[n % len(sources)]
        n += 1
        copies.append(
            Indicator(
                name=f"{source.name} (bench copy {n})",
                slug=f"{source.slug[:200]}-bench-copy-{n}",
                definition=source.definition,
                unit=source.unit,
                polarity=source.polarity,
                frequency=source.frequency,
                body=source.body,
                priority=source.priority,
                group=source.group,
                source_agency=source.source_agency,
                responsible_organisation=organisation,
            )
        )
        copies[-1].copied_from = source
        capacity += (1 + len(breakdowns.get(source.pk, ()))) * per_area
    bulk.create(Indicator, copies)
    if copies:
        # The copies' breakdown figures: their sources' in the sources' latest period.
        wanted = {c.copied_from.pk for c in copies}
        latest: dict[int, list[Observation]] = {}
        for o in (
            Observation.objects.current()
            .filter(indicator__in=wanted, breakdown__isnull=False, area_id__in=areas)
            .order_by("indicator_id", "-period__end", "pk")
        ):
            held = latest.setdefault(o.indicator_id, [])
            if not held or held[0].period_id == o.period_id:
                held.append(o)
        bulk.create(
            Observation,
            [
                Observation(
                    indicator=copy,
                    area_id=o.area_id,
                    period_id=o.period_id,
                    breakdown_id=o.breakdown_id,
                    raw=o.raw,
                    value=o.value,
                    value2=o.value2,
                    status=o.status,
                )  # fmt: skip
                for copy in copies
                for o in latest.get(copy.copied_from.pk, [])
            ],
        )
    quarter = Quarter.of(today)
    period, _ = Period.objects.get_or_create(
        kind=Period.Kind.QUARTER, start=quarter.start, end=quarter.end, label=quarter.label
    )
    call, _ = DataCall.objects.get_or_create(
        body=body,
        period=period,
        defaults={
            "deadline": quarter.end + dt.timedelta(days=DEADLINE_DAYS),
            "title": f"{body.name}: scorecard data call, {period.label}",
        },
    )
    call.indicators.add(*indicators, *copies)
    return call, organisation
