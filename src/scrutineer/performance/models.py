"""The performance scorecard: indicators, and the figures observed for them by area,
period and breakdown, each kept as printed (or as submitted) with its source.

Trend and RAG are derived from observations and the indicator's rule, never typed in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutineer.governance.changes import updated_field
from scrutineer.governance.models import (
    Body,
    Organisation,
    PublicQuerySet,
    Sourced,
    unique_slug,
    visibility_field,
)


class Indicator(Sourced):
    council_path = "body__council"
    body_path = "body"

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percentage"
        RATE_1000 = "rate-per-1000", "Rate per 1,000"
        RATE_10000 = "rate-per-10000", "Rate per 10,000"
        RATE_100000 = "rate-per-100000", "Rate per 100,000"
        CURRENCY = "currency", "Currency (£)"
        DAYS = "days", "Days"
        COUNT_PERCENT = "count-percent", "Count with percentage"
        COUNT_COUNT = "count-count", "Count with a second count"
        RATIO = "ratio", "Pair of counts"

    class Polarity(models.TextChoices):
        HIGHER = "higher-is-better", "Higher is better"
        LOWER = "lower-is-better", "Lower is better"
        NEUTRAL = "neutral", "Neither higher nor lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"
        SNAPSHOT = "snapshot", "Snapshot"

    name = models.TextField()
    slug = models.SlugField(max_length=255, unique=True)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    polarity = models.CharField(max_length=20, choices=Polarity.choices, default=Polarity.NEUTRAL)
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    priority = models.CharField(max_length=255, blank=True, help_text='"Priority 1: Neglect"')
    group = models.CharField(max_length=255, blank=True, help_text="The table it sits in.")
    source_agency = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who the figures come from.",
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators_to_submit",
        help_text="The partner that submits this indicator in a data call.",
    )
    caveats = models.TextField(blank=True)
    footnotes = models.TextField(blank=True)
    visibility = visibility_field()

    updated_at = updated_field()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "group", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or unique_slug(type(self), self.name[:200], self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("indicator", args=[self.slug])


class Area(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local-authority", "Local authority"
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        STATISTICAL_NEIGHBOURS = "statistical-neighbours", "Statistical neighbours (average)"
        BEST_NEIGHBOUR = "best-statistical-neighbour", "Best statistical neighbour"
        POLICE_FORCE = "police-force-area", "Police force area"

    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=32, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_area")]

    def __str__(self):
        return self.name


class Period(models.Model):
    """A reporting period with a sortable start and end; ``label`` is how papers print it."""

    class Kind(models.TextChoices):
        FINANCIAL_YEAR = "financial-year", "Financial year"
        QUARTER = "quarter", "Quarter"
        LAST_Q4 = "last-q4", "Last Q4"
        YEAR_TO_DATE = "year-to-date", "Year to date"
        SNAPSHOT = "snapshot", "Snapshot"
        RANGE = "range", "Range"
        CALENDAR_YEAR = "calendar-year", "Calendar year"
        MONTH = "month", "Month"

    label = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["end", "start", "label"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start", "end", "label"], name="unique_period")
        ]

    def __str__(self):
        return self.label


class Breakdown(models.Model):
    class Dimension(models.TextChoices):
        AGE_BAND = "age-band", "Age band"
        CATEGORY = "category", "Category of abuse"
        SCHOOL_CATEGORY = "school-category", "School category"
        AGENCY = "agency", "Agency"
        RISK_LEVEL = "risk-level", "Risk level"
        GENDER = "gender", "Gender"

    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    value = models.CharField(max_length=255)

    class Meta:
        ordering = ["dimension", "value"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "value"], name="unique_breakdown")
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.value}"


class ObservationQuerySet(PublicQuerySet):
    def current(self):
        return self.filter(superseded_by=None)


class Observation(Sourced):
    """One figure for an indicator, area, period and (optionally) breakdown, exactly as
    printed or submitted. A corrected figure supersedes the earlier one, which is kept."""

    restricted_with = ("indicator",)
    touches = "indicator"  # shown with it: see governance.changes
    body_path = "indicator__body"

    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        NOT_RECEIVED = "not-received", "Not received"
        NOT_APPLICABLE = "not-applicable", "Not applicable"
        BLANK = "blank", "Blank"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="observations")
    breakdown = models.ForeignKey(
        Breakdown, null=True, blank=True, on_delete=models.PROTECT, related_name="observations"
    )
    raw = models.TextField(blank=True, help_text="The cell exactly as printed or submitted.")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value2 = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REPORTED)
    footnote = models.TextField(blank=True)
    caveat = models.TextField(blank=True)
    submission = models.ForeignKey(
        "Submission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    note = models.TextField(blank=True, help_text="Why an officer entered or changed it.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    visibility = visibility_field()

    updated_at = updated_field()
    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period__end", "area", "breakdown", "pk"]
        indexes = [
            models.Index(fields=["indicator", "period", "area"]),
            models.Index(fields=["indicator", "superseded_by"]),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period} {self.area}: {self.raw or self.status}"


class DataCall(models.Model):
    """A quarterly request to partners for a body's scorecard figures."""

    council_path = "body__council"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="data_calls")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="data_calls")
    deadline = models.DateField()
    title = models.CharField(max_length=255)
    indicators = models.ManyToManyField(Indicator, related_name="data_calls")
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When missing returns were recorded as not received."
    )

    class Meta:
        ordering = ["-deadline"]
        constraints = [models.UniqueConstraint(fields=["body", "period"], name="unique_data_call")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("data-call", args=[self.pk])


class Submission(models.Model):
    """One partner's upload (or an officer's typed entry) for a data call."""

    data_call = models.ForeignKey(DataCall, on_delete=models.CASCADE, related_name="submissions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.organisation} for {self.data_call}"


class RagRule(models.Model):
    """How an indicator is rated: against a target with a tolerance, or against a
    comparator area. The rating is computed, with its reason, never typed in."""

    class Kind(models.TextChoices):
        TARGET = "target", "Against a target"
        COMPARATOR = "comparator", "Against a comparator area"

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="rag_rule")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        default=0,
        help_text="How far on the wrong side of the target is still amber.",
    )
    comparator = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_period = models.CharField(
        max_length=100,
        blank=True,
        help_text='The period the target is for, as a paper prints it ("2024/25").',
    )

    def __str__(self):
        return f"RAG rule for {self.indicator}"
