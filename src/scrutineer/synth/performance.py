"""Synthetic performance scorecards for the synthetic bodies that ``synth.governance`` makes.

``generate(scale, seed=..., today=...)`` gives each synthetic partnership, Health and
Well-being Board and children's scrutiny board a scorecard: indicators with realistic names
spread over the body's priorities, in every unit (counts, percentages, rates, currency,
days, a count with a percentage, a count with a second count, and pairs such as arrests and
convictions), with polarities, responsible partners, caveats and RAG rules against targets
or comparator areas. Each indicator has figures for ten years of financial quarters (and
the financial years they make up) for five areas: the council, England, a region, its
statistical neighbours and a best statistical neighbour; some are broken down by age band
(or category of abuse, school category or gender). At scale 1 there are 200 indicators and
about 200,000 observations; scale N multiplies the indicators.

The last eight quarters come from quarterly data calls: partners' submissions are recorded,
and a partner that missed a call has its figures recorded as "Not received". Some figures
are blank or "n/a", and a few were corrected after submission: the corrected figure is
current and the earlier one is kept, superseded by it.

Like ``synth.governance`` it writes in bulk inside one transaction, draws everything from
``random.Random(seed)`` and a fixed "today", and leaves every record without a source
document, so nothing can be mistaken for an ingested paper.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify

from scrutineer import bulk
from scrutineer.governance.models import Body, Organisation, Visibility
from scrutineer.performance.models import (
    Area,
    Breakdown,
    Indicator,
    Observation,
    Period,
    RagRule,
    Submission,
)
from scrutineer.periods import FinancialYear, Quarter

from .datacalls import DataCalls
from .indicators import (
    BEST_NEIGHBOURS,
    BREAKDOWNS,
    COUNTED,
    DEFINITION,
    HIGHER,
    LEVELS,
    NEUTRAL,
    PERCENT_LEVELS,
    REGIONS,
    THEMES,
    UNIT_TEXT,
    VARIANTS,
    U,
)
from .observations import Observations, Series, decimal
from .plan import QUARTERS, Generator, Plan, Progress
from .vocabulary import BODY_TEMPLATES, authority_places, organisation_names

INDICATORS_PER_SCALE = 200
MIN_INDICATORS = 10
# Shares, tuned so scale 1 makes about 200,000 observations.
ANNUAL_SHARE = 0.1  # indicators reported for financial years only
BREAKDOWN_SHARE = 0.55  # indicators broken down (by age band, mostly) in every area
RESTRICTED_SHARE = 0.02
RAG_TARGET_SHARE = 0.3  # of judged (higher/lower is better) indicators
RAG_COMPARATOR_SHARE = 0.2


@dataclass(frozen=True)
class Scorecard:
    """A body and financial year with figures: where the scorecard page has something to
    show (``year`` is as the URL writes it, "2020-21")."""

    body_slug: str
    body_name: str
    year: str


@dataclass
class Result:
    counts: dict[str, int]
    scorecard: Scorecard | None


@dataclass
class AuthorityInfo:
    place: str
    organisations: dict[str, Organisation]
    bodies: list[tuple[Body, int]]  # (body, template index)
    areas: list[Area] = field(default_factory=list)  # council first, then comparators


def existing_or_new(model, wanted: list, key) -> dict:
    """Rows of ``model`` for each of ``wanted`` (unsaved instances), reusing those already in
    the database (matched by ``key``) and creating the rest; by key."""
    found = {}
    keys = {key(obj) for obj in wanted}
    for obj in model.objects.all().iterator():
        if key(obj) in keys:
            found[key(obj)] = obj
    missing, seen = [], set()
    for obj in wanted:
        k = key(obj)
        if k not in found and k not in seen:
            seen.add(k)
            missing.append(obj)
    bulk.create(model, missing)
    found.update({key(obj): obj for obj in missing})
    return found


def quarters_before(today: dt.date, count: int = QUARTERS) -> list[Quarter]:
    """The ``count`` most recent financial quarters that ended before ``today``, oldest
    first."""
    quarters = [Quarter.last_ended_before(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


class ScorecardSynthesiser(Observations, DataCalls, Generator):
    def __init__(self, scale: float, seed: int, today: dt.date, progress: Progress | None):
        self.plan = Plan.for_scale(scale)
        self.scale = self.plan.scale
        self.rng = random.Random(f"performance-{seed}")
        self.today = today
        self.progress = progress or (lambda phase, done, total: None)
        self.counts: dict[str, int] = {}
        self.quarters = quarters_before(today)
        years = sorted({quarter.year for quarter in self.quarters})
        whole = [y for y in years if sum(1 for q in self.quarters if q.year == y) == 4]
        self.years: list[FinancialYear] = whole  # financial years with all four quarters

    def run(self) -> Result:
        authorities = self.authorities()
        if not any(info.bodies for info in authorities):
            return Result(self.counts, None)
        self.periods()
        self.breakdowns()
        self.areas(authorities)
        indicators = self.indicators(authorities)
        self.rag_rules(indicators)
        self.data_calls(indicators)
        self.observations(indicators)
        return Result(self.counts, self.scorecard(indicators))

    def authorities(self) -> list[AuthorityInfo]:
        """The synthetic authorities' scorecard bodies and partner organisations, as
        ``synth.governance`` made them."""
        infos = []
        bodies = {b.name: b for b in Body.objects.all()}
        organisations = {o.name: o for o in Organisation.objects.all()}
        for place, county in authority_places(self.plan.authorities):
            names = organisation_names(place, county)
            orgs = {key: organisations[name] for key, name in names.items()
                    if name in organisations}  # fmt: skip
            found = []
            for index in THEMES:
                name = BODY_TEMPLATES[index][0].format(place=place)
                if name in bodies:
                    found.append((bodies[name], index))
            found.sort(key=lambda pair: pair[0].pk)
            if found and "council" in orgs:
                infos.append(AuthorityInfo(place, orgs, found))
        return infos

    def periods(self) -> None:
        wanted = []
        for quarter in self.quarters:
            wanted.append(
                Period(label=quarter.label, kind=Period.Kind.QUARTER, start=quarter.start,
                       end=quarter.end)
            )  # fmt: skip
        for year in self.years:
            wanted.append(
                Period(label=year.label, kind=Period.Kind.FINANCIAL_YEAR, start=year.start,
                       end=year.end)
            )  # fmt: skip
        found = existing_or_new(Period, wanted, lambda p: (p.kind, p.start, p.end, p.label))
        self.quarter_periods = [
            found[(w.kind, w.start, w.end, w.label)] for w in wanted if w.kind == "quarter"
        ]
        self.year_periods = [
            found[(w.kind, w.start, w.end, w.label)] for w in wanted if w.kind != "quarter"
        ]
        self.count("periods", len(wanted))

    def breakdowns(self) -> None:
        wanted = [
            Breakdown(dimension=dimension, value=value)
            for dimension, values in BREAKDOWNS.values()
            for value in values
        ]
        found = existing_or_new(Breakdown, wanted, lambda b: (b.dimension, b.value))
        self.breakdown_rows = {
            key: [found[(dimension, value)] for value in values]
            for key, (dimension, values) in BREAKDOWNS.items()
        }
        self.count("breakdowns", len(found))

    def areas(self, authorities: list[AuthorityInfo]) -> None:
        wanted: list[Area] = [Area(name="England", kind=Area.Kind.ENGLAND)]
        plans = []
        for index, info in enumerate(authorities):
            region = REGIONS[index % len(REGIONS)]
            best = BEST_NEIGHBOURS[index % len(BEST_NEIGHBOURS)]
            if index >= len(BEST_NEIGHBOURS):
                best = f"{best} {index // len(BEST_NEIGHBOURS) + 1}"
            own = [
                Area(name=info.place, kind=Area.Kind.LOCAL_AUTHORITY),
                Area(name="England", kind=Area.Kind.ENGLAND),
                Area(name=region, kind=Area.Kind.REGION),
                Area(name=f"{info.place} statistical neighbours",
                     kind=Area.Kind.STATISTICAL_NEIGHBOURS),
                Area(name=best, kind=Area.Kind.BEST_NEIGHBOUR),
            ]  # fmt: skip
            wanted.extend(own)
            plans.append((info, own))
        found = existing_or_new(Area, wanted, lambda a: (a.name, a.kind))
        for info, own in plans:
            info.areas = [found[(a.name, a.kind)] for a in own]
        self.count("areas", len(found))

    def indicators(self, authorities: list[AuthorityInfo]) -> list[IndicatorPlan]:
        """The plan's indicators, shared out over the scorecard bodies in turn."""
        rng = self.rng
        total = max(MIN_INDICATORS, round(INDICATORS_PER_SCALE * self.scale))
        slots = [(info, body, index) for info in authorities for body, index in info.bodies]
        per_body = [total // len(slots) + (1 if i < total % len(slots) else 0)
                    for i in range(len(slots))]  # fmt: skip
        plans: list[IndicatorPlan] = []
        slugs = set(Indicator.objects.values_list("slug", flat=True))
        # Chosen so that about BREAKDOWN_SHARE of each catalogue's indicators are broken down.
        breakdown_chance = {
            index: min(1.0, BREAKDOWN_SHARE * len(c) / sum(1 for x in c if x.breakdown))
            for index, (c, _) in THEMES.items()
        }
        uncovered = list(U.values)  # units no indicator has yet
        for (info, body, index), wanted in zip(slots, per_body, strict=True):
            catalogue, priorities = THEMES[index]
            order = list(range(len(catalogue)))
            rng.shuffle(order)
            # First one measure of each unit not yet used, so that even a small run has
            # every unit the catalogues hold.
            first = []
            for unit in uncovered:
                found = next((i for i in order if catalogue[i].unit == unit), None)
                if found is not None:
                    first.append(found)
            order = first + [i for i in order if i not in first]
            uncovered = [
                u for u in uncovered
                if u not in {catalogue[i].unit for i in order[:wanted]}
            ]  # fmt: skip
            for n in range(wanted):
                measure = catalogue[order[n % len(catalogue)]]
                variant = VARIANTS[(n // len(catalogue)) % len(VARIANTS)]
                round_ = n // (len(catalogue) * len(VARIANTS))
                name = measure.name + variant + (f" ({round_ + 1})" if round_ else "")
                base = slugify(f"{info.place} {name}")[:240]
                slug, k = base, 1
                while slug in slugs:
                    k += 1
                    slug = f"{base}-{k}"
                slugs.add(slug)
                agency = info.organisations.get(measure.agency, info.organisations["council"])
                annual = rng.random() < ANNUAL_SHARE
                breakdown = None
                if measure.breakdown and rng.random() < breakdown_chance[index]:
                    breakdown = measure.breakdown
                restricted = rng.random() < RESTRICTED_SHARE
                footnotes = ""
                if rng.random() < 0.1:
                    footnotes = "* Comparator figures marked * are the previous year's average."
                indicator = Indicator(
                    name=name,
                    slug=slug,
                    definition=DEFINITION.format(
                        name=measure.name, body=body.name, agency=agency.name,
                        unit_text=UNIT_TEXT[measure.unit],
                    ),
                    unit=measure.unit,
                    polarity=measure.polarity,
                    frequency=(Indicator.Frequency.ANNUAL if annual
                               else Indicator.Frequency.QUARTERLY),
                    body=body,
                    priority=priorities[min(measure.priority, len(priorities) - 1)],
                    group=measure.group,
                    source_agency=agency,
                    responsible_organisation=agency,
                    caveats=measure.caveat,
                    footnotes=footnotes,
                    visibility=Visibility.RESTRICTED if restricted else Visibility.PUBLIC,
                )  # fmt: skip
                low, high = LEVELS[measure.unit]
                if measure.unit == U.PERCENT:
                    low, high = PERCENT_LEVELS[measure.polarity]
                level = math.exp(rng.uniform(math.log(low), math.log(high)))
                series = Series(
                    level=level,
                    trend=rng.uniform(-0.35, 0.35),
                    noise=rng.uniform(0.02, 0.09),
                    share=rng.uniform(5, 95),
                    second=rng.uniform(0.15, 0.7),
                    phase=rng.uniform(0, 2 * math.pi),
                )
                plans.append(IndicatorPlan(indicator, info, body, series, breakdown))
        bulk.create(Indicator, [p.indicator for p in plans])
        self.count("indicators", len(plans))
        return plans

    def rag_rules(self, plans: list[IndicatorPlan]) -> None:
        rng, rules = self.rng, []
        for plan in plans:
            indicator = plan.indicator
            if indicator.polarity == NEUTRAL or indicator.unit in {U.COUNT_COUNT, U.RATIO}:
                continue
            roll = rng.random()
            places = 1 if indicator.unit not in {U.COUNT, U.CURRENCY} else 0
            if roll < RAG_TARGET_SHARE:
                # About where the figures are now: some meet it, some fall short.
                better = 1 if indicator.polarity == HIGHER else -1
                now = plan.series.level * (1 + plan.series.trend)
                target = now * (1 + better * rng.uniform(-0.08, 0.08))
                if indicator.unit in {U.PERCENT}:
                    target = min(target, 99.0)
                rules.append(
                    RagRule(
                        indicator=indicator,
                        kind=RagRule.Kind.TARGET,
                        target=decimal(target, places),
                        tolerance=decimal(target * rng.choice([0.02, 0.05, 0.1]), places),
                    )
                )
            elif roll < RAG_TARGET_SHARE + RAG_COMPARATOR_SHARE and indicator.unit not in COUNTED:
                comparator = rng.choice(plan.authority.areas[1:4])  # England, region or SN
                rules.append(
                    RagRule(
                        indicator=indicator,
                        kind=RagRule.Kind.COMPARATOR,
                        comparator=comparator,
                        tolerance=decimal(plan.series.level * 0.05, places),
                    )
                )
        bulk.create(RagRule, rules)
        self.count("RAG rules", len(rules))

    def scorecard(self, plans: list[IndicatorPlan]) -> Scorecard | None:
        """The body with the most public indicators, and the latest whole financial year."""
        counts: dict[int, int] = {}
        bodies = {}
        for plan in plans:
            if plan.indicator.visibility == Visibility.PUBLIC:
                counts[plan.body.pk] = counts.get(plan.body.pk, 0) + 1
                bodies[plan.body.pk] = plan.body
        if not counts or not self.years:
            return None
        body = bodies[min(counts, key=lambda pk: (-counts[pk], pk))]
        return Scorecard(body.slug, body.name, self.years[-1].slug)


@dataclass
class IndicatorPlan:
    indicator: Indicator
    authority: AuthorityInfo
    body: Body
    series: Series
    breakdown: str | None


class ScorecardSynthRefused(Exception):
    """The database already holds synthetic scorecards."""


def generate(
    scale: float = 1.0,
    *,
    seed: int = 0,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Result:
    """Give the synthetic bodies (made first by ``synth.governance.generate`` with the same
    scale) scorecards. Returns counts by record type and a body and year with figures.

    Runs in one transaction; with the same ``scale``, ``seed`` and ``today`` the data is the
    same.
    """
    synthesiser = ScorecardSynthesiser(scale, seed, today or dt.date.today(), progress)
    with transaction.atomic():
        existing = Area.objects.filter(
            kind=Area.Kind.STATISTICAL_NEIGHBOURS, name__endswith=" statistical neighbours"
        )
        if existing.filter(observations__isnull=False).exists():
            raise ScorecardSynthRefused(
                "The database already holds synthetic scorecards from an earlier run. "
                "Empty it first (scrutineer flush) and run synth again."
            )
        result = synthesiser.run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Observation, Indicator, Period, Area, Breakdown, Submission):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return result
