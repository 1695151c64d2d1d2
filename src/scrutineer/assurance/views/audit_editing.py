"""Officers' forms for an audit: add or change the audit, add or change one of its findings,
add or change one of its recommendations. Every change is recorded (``record_edit``); a
recommendation is a tracked item, so its status and progress are kept on the tracker's own
forms, and its first history entry is the tracker's hand-entry note."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, changed_fields_message, record_edit
from scrutineer.governance.models import in_council
from scrutineer.tracker.models import Party, TrackedItem
from scrutineer.tracker.owners import add_parties, split_labels
from scrutineer.web.editing import editable_body, officer_page

from .. import recommendations
from ..audit_forms import AuditForm, FindingForm
from ..models import Audit, AuditFinding
from ..recommendations import RecommendationForm, owner_labels


def _editable_audit(request, pk) -> Audit:
    audits = in_council(Audit.objects.visible_to(request.user), request.council)
    audit = get_object_or_404(audits.select_related("body"), pk=pk)
    if not access.can_edit_body(request.user, audit.body):
        raise PermissionDenied("Only officers of this body can change its audits.")
    return audit


@officer_page
def add_audit(request, slug):
    body = editable_body(request, slug)
    form = AuditForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            audit = form.save(commit=False)
            audit.body = body
            audit.save()
            record_edit(request.user, audit, ADDED, "Added the audit")
        messages.success(request, "The audit has been added.")
        return redirect(audit.get_absolute_url())
    return render(request, "assurance/audit_form.html", {"body": body, "form": form})


@officer_page
def edit_audit(request, pk):
    audit = _editable_audit(request, pk)
    form = AuditForm(request.POST or None, instance=audit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record_edit(request.user, audit, CHANGED, changed_fields_message(form))
        messages.success(request, "The audit has been saved.")
        return redirect(audit.get_absolute_url())
    return render(
        request, "assurance/audit_form.html", {"body": audit.body, "audit": audit, "form": form}
    )


@officer_page
def add_finding(request, pk):
    audit = _editable_audit(request, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            finding = form.save(commit=False)
            finding.audit = audit
            last = audit.findings.aggregate(last=Max("order"))["last"]
            finding.order = 0 if last is None else last + 1
            finding.save()
            record_edit(request.user, finding, ADDED, "Added a finding")
        messages.success(request, "The finding has been added.")
        return redirect(audit.get_absolute_url() + "#findings")
    return render(request, "assurance/audit_finding_form.html", {"audit": audit, "form": form})


@officer_page
def edit_finding(request, pk):
    findings = AuditFinding.objects.select_related("audit__body")
    finding = get_object_or_404(findings, pk=pk)
    audit = _editable_audit(request, finding.audit_id)
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record_edit(request.user, finding, CHANGED, changed_fields_message(form))
        messages.success(request, "The finding has been saved.")
        return redirect(audit.get_absolute_url() + "#findings")
    return render(
        request,
        "assurance/audit_finding_form.html",
        {"audit": audit, "finding": finding, "form": form},
    )


@officer_page
def add_recommendation(request, pk):
    audit = _editable_audit(request, pk)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recommendations.add_recommendation(
            audit, TrackedItem.SourceKind.AUDIT, form.cleaned_data, request.user
        )
        messages.success(request, "The recommendation has been added.")
        return redirect(audit.get_absolute_url() + "#recommendations")
    return _recommendation_form(request, audit, form)


@officer_page
def edit_recommendation(request, pk, item):
    audit = _editable_audit(request, pk)
    record = get_object_or_404(audit.recommendations.visible_to(request.user), pk=item)
    initial = {
        "number": record.number,
        "text": record.text,
        "owners": owner_labels(record),
        "due_date": record.due_date,
    }
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            record.number, record.text = data["number"].strip(), data["text"].strip()
            record.due_date = data["due_date"]
            record.version += 1
            record.save()
            if "owners" in form.changed_data:
                record.parties.filter(role=Party.Role.OWNER).delete()
                add_parties(record, [(Party.Role.OWNER, o) for o in split_labels(data["owners"])])
            record_edit(request.user, record, CHANGED, changed_fields_message(form))
        messages.success(request, "The recommendation has been saved.")
        return redirect(audit.get_absolute_url() + "#recommendations")
    return _recommendation_form(request, audit, form, record)


def _recommendation_form(request, audit, form, recommendation=None):
    return render(
        request,
        "assurance/recommendation_form.html",
        {
            "record": audit,
            "record_kind": "audit",
            "recommendation": recommendation,
            "form": form,
            "back": audit.get_absolute_url() + "#recommendations",
        },
    )


urlpatterns = [
    path("bodies/<slug:slug>/audits/new/", add_audit, name="audit-add"),
    path("audits/<int:pk>/edit/", edit_audit, name="audit-edit"),
    path("audits/<int:pk>/findings/new/", add_finding, name="audit-finding-add"),
    path("audits/findings/<int:pk>/edit/", edit_finding, name="audit-finding-edit"),
    path(
        "audits/<int:pk>/recommendations/new/", add_recommendation, name="audit-recommendation-add"
    ),
    path(
        "audits/<int:pk>/recommendations/<int:item>/edit/",
        edit_recommendation,
        name="audit-recommendation-edit",
    ),
]
