"""An audit's page (its kind, period, scope, standards, returns, findings under the Signs
of Safety headings, and recommendations with their owners, status and progress) and a
body's list of audits with the recommendations still outstanding."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from scrutineer.governance import access
from scrutineer.governance.models import Body, in_council
from scrutineer.tracker.models import Response, TrackedItem
from scrutineer.tracker.queries import annotate_rows, party_prefetch
from scrutineer.tracker.rules import CLOSED_STATUSES

from ..facts import fact_sources
from ..models import Audit
from ..models.common import SignsOfSafety
from . import audit_editing


def readable_audit(request, pk) -> Audit:
    """The audit the address names, if this reader may see it (else not found)."""
    audits = in_council(Audit.objects.visible_to(request.user), request.council)
    return get_object_or_404(audits.select_related("body", "source", "action_plan"), pk=pk)


def recommendations_of(audit: Audit, user):
    """An audit's recommendations this reader may see, in the paper's order, with their
    owners and latest progress."""
    return (
        audit.recommendations.visible_to(user)
        .select_related("body")
        .prefetch_related(
            party_prefetch(),
            Prefetch("responses", queryset=Response.objects.order_by("-date", "-pk")),
        )
        .order_by("first_line", "number", "pk")
    )


def audit(request, pk):
    record = readable_audit(request, pk)
    findings = list(record.findings.order_by("order", "pk"))
    by_heading = [
        (label, [f for f in findings if f.heading == value])
        for value, label in SignsOfSafety.choices
    ]
    return render(
        request,
        "assurance/audit.html",
        {
            "audit": record,
            "by_heading": [(label, rows) for label, rows in by_heading if rows],
            "recommendations": annotate_rows(
                recommendations_of(record, request.user), timezone.localdate()
            ),
            "facts": fact_sources(record),
            "can_edit": access.can_edit_body(request.user, record.body),
        },
    )


def body_audits(request, slug):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    outstanding = Q(recommendations__in=TrackedItem.objects.visible_to(request.user)) & ~Q(
        recommendations__status__in=CLOSED_STATUSES
    )
    audits = (
        Audit.objects.visible_to(request.user)
        .filter(body=body)
        .annotate(
            outstanding=Count("recommendations", filter=outstanding, distinct=True),
            findings_count=Count("findings", distinct=True),
        )
        .order_by("-period", "title")
    )
    return render(
        request,
        "assurance/audit_list.html",
        {"body": body, "audits": audits, "can_edit": access.can_edit_body(request.user, body)},
    )


urlpatterns = [
    path("audits/<int:pk>/", audit, name="audit"),
    path("bodies/<slug:slug>/audits/", body_audits, name="body-audits"),
    *audit_editing.urlpatterns,
]
