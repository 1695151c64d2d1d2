"""Where a call stands: for each responsible organisation, which of its indicators have a
figure for the call's period in each area, who returned it, and what was replaced."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max

from scrutineer.packs.figures import figure_text as text_of_figure

from ..models import Area, DataCall, Indicator, Observation, Submission
from ..provenance import observation_origin
from .scope import call_areas, call_indicators

Unit = Indicator.Unit
Status = Observation.Status


SUBMITTED, MISSING, NOT_RECEIVED = "submitted", "missing", "not-received"


@dataclass
class StatusRow:
    indicator: Indicator
    area: Area
    state: str
    breakdown_count: int = 0  # current breakdown figures, besides the total
    latest: Observation | None = None  # the most recently recorded current figure

    @property
    def returned_by(self):
        """Who returned it: the latest submission's organisation, else the figure's origin."""
        latest = self.latest
        if latest is not None and latest.submission_id:
            return latest.submission.organisation.name
        return observation_origin(latest)


class _Counts:
    """How many rows are in each state; ``count`` is the subclass's."""

    def count(self, state: str) -> int:
        raise NotImplementedError

    @property
    def submitted(self) -> int:
        return self.count(SUBMITTED)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    @property
    def not_received(self) -> int:
        return self.count(NOT_RECEIVED)


@dataclass
class OrganisationStatus(_Counts):
    organisation: object  # None: indicators nobody is responsible for
    rows: list = field(default_factory=list)
    last_submission: Submission | None = None

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "No responsible organisation"


def _state(statuses) -> str:
    if not statuses:
        return MISSING
    if all(status == Status.NOT_RECEIVED for status in statuses):
        return NOT_RECEIVED
    return SUBMITTED


@dataclass
class CallStatus(_Counts):
    call: DataCall
    areas: list
    groups: list
    submissions: list

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]

    def count(self, state: str) -> int:
        return sum(group.count(state) for group in self.groups)


def call_status(call: DataCall) -> CallStatus:
    """For each responsible organisation, which of its indicators have a figure for the
    call's period in each local authority area. A fixed number of queries."""
    indicators = call_indicators(call)
    areas = call_areas(call)
    found = Observation.objects.filter(
        indicator__in=[i.pk for i in indicators],
        area__in=[a.pk for a in areas],
        period=call.period,
        superseded_by__isnull=True,
    ).values_list("pk", "indicator_id", "area_id", "breakdown_id", "status")
    # Every current figure as plain values, then the latest of each indicator and area in
    # full: a call of 10,000 figures reads 10,000 tuples, not 10,000 model instances.
    statuses, breakdowns, latest_pk = defaultdict(list), defaultdict(int), {}
    for pk, indicator_id, area_id, breakdown_id, status in found:
        key = (indicator_id, area_id)
        statuses[key].append(status)
        breakdowns[key] += breakdown_id is not None
        latest_pk[key] = max(pk, latest_pk.get(key, 0))
    latest = {
        (o.indicator_id, o.area_id): o
        for o in Observation.objects.filter(pk__in=latest_pk.values()).select_related(
            "submission__organisation", "entered_by"
        )
    }
    submissions = list(
        call.submissions.select_related("organisation", "submitted_by").order_by("-submitted_at")
    )
    groups: dict = {}
    for indicator in indicators:
        owner = indicator.responsible_organisation
        group = groups.setdefault(owner.pk if owner else None, OrganisationStatus(owner))
        for area in areas:
            key = (indicator.pk, area.pk)
            group.rows.append(
                StatusRow(indicator, area, _state(statuses[key]), breakdowns[key], latest.get(key))
            )
    for submission in submissions:
        group = groups.get(submission.organisation_id) or groups.get(None)
        if group is not None and group.last_submission is None:
            if group.organisation is None or group.organisation.pk == submission.organisation_id:
                group.last_submission = submission
    ordered = sorted(groups.values(), key=lambda g: (g.organisation is None, g.name.lower()))
    return CallStatus(call, areas, ordered, submissions)


def call_history(call: DataCall):
    """Figures for the call's period that were replaced, with what replaced them."""
    return (
        Observation.objects.filter(
            indicator__in=call.indicators.values("pk"),
            period=call.period,
            superseded_by__isnull=False,
        )
        .select_related(
            "indicator",
            "area",
            "breakdown",
            "submission__organisation",
            "entered_by",
            "superseded_by__submission__organisation",
            "superseded_by__entered_by",
            "superseded_by__indicator",
        )
        .order_by("indicator__name", "area__name", "breakdown_id", "pk")
    )


def figure_text(observation) -> str:
    """A figure as it reads on a page: "36.5%", "1345 (88.2%)", "5/2" or "Not received"."""
    if observation is None:
        return ""
    return text_of_figure(
        observation.status,
        observation.get_status_display(),
        observation.raw,
        observation.indicator.unit,
        observation.value,
        observation.value2,
    )


def latest_submission_dates(calls) -> dict[int, dt.datetime]:
    return dict(
        Submission.objects.filter(data_call__in=calls)
        .values_list("data_call_id")
        .annotate(latest=Max("submitted_at"))
    )
