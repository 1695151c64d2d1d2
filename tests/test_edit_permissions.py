"""Every edit page, walked from Django's URL resolver: only the body's officers may use it.

The pages come from the restricted-record matrix's enumerator (``url_patterns``) over its
records (``build_records``, ``readers``), so a page added later is walked without editing
this test. A page is an edit page when it refuses an anonymous reader (to the sign-in page,
or 403) and is not on the short read-only list below. Each is filled with records of the
body (a body's slug, a meeting's day, the pk of an agenda item, attachment, resolution,
tracked item...), chosen by the word before the parameter in its address; an address this
test cannot fill fails with its name, so nothing is skipped silently.

Then: a member (who reads restricted records and edits nothing) and an officer of another
body get 403 (or 404) on GET and on POST; an officer of the body gets the form.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from scrutineer.assurance.models import LearningReview
from scrutineer.governance.merging import merge
from scrutineer.governance.models import (
    AgendaItem,
    Document,
    LinkedDocument,
    Minute,
    Person,
    Resolution,
    Visibility,
)
from scrutineer.performance.models import DataCall
from scrutineer.tracker.models import ActionPlan, TrackedItem, WorkProgrammeItem
from tests.test_restricted_matrix import PRIVATE_ITEM, build_records, readers, url_patterns

PUBLIC = Visibility.PUBLIC
REFUSED = {403, 404}

# Pages that need signing in but change nothing: lists, one's own jobs, data calls read.
READ_ONLY = {
    "password_change_done",
    "jobs",
    "job",
    "merges",
    "users",
    "data-call-index",
    "data-calls",
    "data-call",
    "data-call-template-xlsx",
    "data-call-template-csv",
}
# One's own account, not a body's records.
OWN_ACCOUNT = {"password_change", "api-tokens", "api-token-revoke"}
# The open-data API only reads (tests/test_restricted_matrix.py reads it as every role).
API = "api/v1/"
# Edits any officer may make, of no one body: refused to members only.
COUNCIL_WIDE = {"tracked-item-add", "tracker-history", "upload-paper", "merge", "merge-undo"}
# Administrators only: refused to officers too.
ADMIN_ONLY = {"user-invite", "user-roles"}
# Actions that only POST: what a GET by the body's officer answers instead of the form.
# (Withdrawing an annual report that is not published goes back to the report.)
ACTIONS = {
    "tracker-history": 302,
    "merge-undo": 302,
    "data-call-close": 405,
    "annual-report-withdraw": 302,
}


def edit_records(body, django_user_model) -> dict:
    """The body's records each kind of address names, keyed by the word before its pk."""
    meeting = AgendaItem.objects.get(title=PRIVATE_ITEM).meeting
    attachment = (
        LinkedDocument.objects.filter(agenda_item__meeting=meeting)
        .order_by("-visibility", "pk")  # public first
        .first()
    )
    minute = Minute.objects.filter(meeting=meeting, visibility=PUBLIC).first() or (
        Minute.objects.filter(meeting__body=body, visibility=PUBLIC).first()
    )
    # A resolution with no item yet, so its officer is offered the "Track this" form.
    untracked = Resolution.objects.create(
        minute=minute, order=900, part="9", text="that the report be noted"
    )
    programme = WorkProgrammeItem.objects.filter(body=body, visibility=PUBLIC).first()
    call = DataCall.objects.get(body=body)
    kept, merged = (
        Person.objects.create(name=f"Wren Tallis {n}", surname_key="tallis") for n in (1, 2)
    )
    User = get_user_model()
    pks = {
        "agenda": attachment.agenda_item_id,
        "minutes": attachment.agenda_item_id,  # a minute's address names its agenda item
        "attachments": attachment.pk,
        "resolutions": untracked.pk,
        "tracker": TrackedItem.objects.filter(body=body, visibility=PUBLIC, plan=None)
        .order_by("pk")
        .first()
        .pk,
        "items": programme.pk,
        "plans": ActionPlan.objects.filter(body=body).first().pk,
        "calls": call.pk,
        "indicators": call.indicators.order_by("pk").first().pk,
        "users": User.objects.get(username="member").pk,
        "merges": merge(kept, merged).pk,
        "<str:kind>": Person.objects.create(name="Ivo Marsh", surname_key="marsh").pk,
        "people": kept.pk,
        "documents": Document.objects.filter(visibility=PUBLIC).order_by("pk").first().pk,
        **_training_and_budget_pks(body),
        **_audit_and_priority_pks(body),
        "reviews": LearningReview.objects.create(
            body=body, kind="scr", title="Case Review – Child E", subject="Child E"
        ).pk,
    }
    return {
        "slug": body.slug,
        "body": body.slug,
        "day": meeting.date.isoformat(),
        "year": programme.municipal_year.replace("/", "-"),
        "kind": "person",
        "uidb64": "MQ",  # a password reset link, which edits no record
        "token": "set-password",
        "period": "2025-26",  # the training period build_records gives the body
        "fmt": "pdf",  # an annual report's file
        "pks": pks,
    }


def _audit_and_priority_pks(body) -> dict:
    from scrutineer.assurance.models import Audit, Priority

    audit = Audit.objects.filter(body=body, visibility=PUBLIC).first()
    priority = Priority.objects.filter(body=body, visibility=PUBLIC).first()
    return {
        "audits": audit.pk,
        "findings": audit.findings.first().pk,
        "recommendations": audit.recommendations.first().pk,
        "priorities": priority.pk,
        "progress": priority.progress.first().pk,
        "sections": "training",  # an annual report's section
    }


def _training_and_budget_pks(body) -> dict:
    from scrutineer.assurance.models import BudgetLine, TrainingCount, TrainingCourse

    return {
        "courses": TrainingCourse.objects.filter(body=body).first().pk,
        "counts": TrainingCount.objects.filter(body=body).first().pk,
        "lines": BudgetLine.objects.filter(budget__body=body).first().pk,
    }


def fill(name: str, params: list[str], route: str, records: dict) -> dict | None:
    """The address's parameters filled with the body's records; None when one cannot be."""
    kwargs = {}
    for param in params:
        if param in records:
            kwargs[param] = records[param]
            continue
        before = re.search(rf"([^/]+)/<(?:\w+:)?{param}>", route)
        word = before.group(1) if before else None
        if word not in records["pks"]:
            return None
        kwargs[param] = records["pks"][word]
    return kwargs


def refuses(response) -> bool:
    """Refused to an anonymous reader: sent to sign in, or 403."""
    sign_in = reverse("sign-in")
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].startswith(sign_in)
    )


@pytest.mark.django_db
def test_every_edit_page_is_for_the_bodys_officers_only(django_user_model):
    body, other_body = build_records()
    clients = readers(django_user_model, body, other_body)
    records = edit_records(body, django_user_model)
    anonymous = clients["anonymous"]
    walked, unfilled, wrong = [], [], []
    for name, params, route in url_patterns():
        if name in READ_ONLY | OWN_ACCOUNT or route.startswith(API):
            continue
        kwargs = fill(name, params, route, records)
        if kwargs is None:
            unfilled.append(f"{name} ({route})")
            continue
        address = reverse(name, kwargs=kwargs)
        if not refuses(anonymous.get(address)):
            continue
        walked.append(name)
        post_only = ACTIONS.get(name) == 405
        refusers = ["member"]
        if name not in COUNCIL_WIDE:
            refusers.append("officer of another body")
        if name in ADMIN_ONLY:
            refusers.append("officer of the body")
        for role in refusers:
            got = clients[role].get(address).status_code
            if got not in REFUSED | ({405} if post_only else set()):
                wrong.append(f"GET {address} ({name}) as {role}: {got}")
            got = clients[role].post(address, {"text": "Changed by someone who may not"})
            # a page that only shows (a draft, its files) refuses any POST as not allowed
            if got.status_code not in REFUSED | {405}:
                wrong.append(f"POST {address} ({name}) as {role}: {got.status_code}")
        if name not in ADMIN_ONLY:
            got = clients["officer of the body"].get(address).status_code
            if got != ACTIONS.get(name, 200):
                wrong.append(f"GET {address} ({name}) as officer of the body: {got}")
    print(f"\nedit pages walked: {len(walked)}: {', '.join(sorted(walked))}")
    assert not unfilled, f"fill these addresses' parameters in this test: {unfilled}"
    assert not wrong, "\n".join(wrong)
    # The walk found the edit pages it must, so the rule above is not vacuous.
    assert {
        "resolution-track",
        "tracked-item-response",
        "tracked-item-status",
        "tracked-item-add",
        "work-programme-add",
        "work-programme-move",
        "data-call-new",
        "user-roles",
    } <= set(walked)
    assert set(ACTIONS) | COUNCIL_WIDE | ADMIN_ONLY <= set(walked)


@pytest.mark.django_db
def test_edits_need_the_csrf_token(django_user_model):
    body, _ = build_records()
    officer = django_user_model.objects.create_user("strict", password="unused")
    officer.groups.add(Group.objects.get(name="officer"))
    body.officers.add(officer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    resolution = Resolution.objects.filter(
        minute__meeting__body=body, minute__visibility=PUBLIC, tracked_items=None
    ).first() or Resolution.objects.create(
        minute=Minute.objects.filter(meeting__body=body).first(), order=900, text="Noted"
    )
    address = reverse("resolution-track", args=[resolution.pk])
    assert strict.get(address).status_code == 200
    refused = strict.post(address, {"item_type": "A", "topic": "T", "text": "T"})
    assert refused.status_code == 403
    assert b"CSRF" in refused.content
    assert not TrackedItem.objects.filter(resolution=resolution).exists()
