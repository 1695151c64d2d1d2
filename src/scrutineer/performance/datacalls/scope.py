"""What a data call covers: its indicators, the local authority areas its figures are for,
the organisations that return them, and the breakdowns each indicator has had."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef

from ..models import Area, Breakdown, DataCall, Indicator, Observation


def call_areas(call: DataCall) -> list[Area]:
    """The local authority areas a call's figures are for: those its indicators already
    have figures for, or every local authority area when they have none yet."""
    local = Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY)
    used = local.filter(
        Exists(
            Observation.objects.filter(
                area=OuterRef("pk"), indicator__in=call.indicators.values("pk")
            )
        )
    )
    return list(used) or list(local)


def call_indicators(call: DataCall) -> list[Indicator]:
    return list(call.indicators.select_related("responsible_organisation"))


def organisation_indicators(call: DataCall, organisation, indicators=None) -> list[Indicator]:
    """What ``organisation`` returns in the call: the indicators it is responsible for, and
    those nobody is responsible for (so with none assigned, every indicator)."""
    indicators = call_indicators(call) if indicators is None else indicators
    return [i for i in indicators if i.responsible_organisation_id in (None, organisation.pk)]


def call_organisations(call: DataCall, indicators=None):
    """The organisations responsible for indicators in the call, by name."""
    from scrutineer.governance.models import Organisation

    indicators = call_indicators(call) if indicators is None else indicators
    ids = {i.responsible_organisation_id for i in indicators} - {None}
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def breakdown_label(breakdown: Breakdown | None) -> str:
    return "" if breakdown is None else f"{breakdown.get_dimension_display()}: {breakdown.value}"


def indicator_breakdowns(indicators) -> dict[int, list[Breakdown]]:
    """The breakdowns each indicator has had figures for, in one query."""
    pairs = (
        Observation.objects.filter(
            indicator__in=[i.pk for i in indicators], breakdown__isnull=False
        )
        .values_list("indicator_id", "breakdown_id")
        .distinct()
    )
    wanted = defaultdict(set)
    for indicator_id, breakdown_id in pairs:
        wanted[indicator_id].add(breakdown_id)
    every = {b.pk: b for b in Breakdown.objects.filter(pk__in=set().union(*wanted.values()))}
    return {
        indicator_id: sorted((every[pk] for pk in ids), key=lambda b: (b.dimension, b.value))
        for indicator_id, ids in wanted.items()
    }
