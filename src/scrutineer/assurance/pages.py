"""Which of a body's assurance pages its page links to: those with records the reader may
see, and every one for an officer of the body, who may start the first record."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse

from scrutineer.governance import access
from scrutineer.governance.models import Body

from .models import (
    Audit,
    Budget,
    LearningReview,
    Priority,
    TrainingCount,
    TrainingCourse,
)

# (label, URL name, the models whose records the page shows)
PAGES = (
    ("Learning reviews", "body-reviews", (LearningReview,)),
    ("Audits", "body-audits", (Audit,)),
    ("Priorities", "priorities", (Priority,)),
    ("Training", "training", (TrainingCourse, TrainingCount)),
    ("Budget", "budget", (Budget,)),
)


def assurance_pages(body, user) -> list[tuple[str, str]]:
    """(label, address) of each page worth a link; with any, the dashboard and the annual
    reports come first. One query: whether each kind has a record the reader may see."""
    if access.can_edit_body(user, body):
        shown = [label for label, _, _ in PAGES]
    else:
        kinds = {
            f"has_{model._meta.model_name}": Exists(
                model.objects.visible_to(user).filter(body=OuterRef("pk"))
            )
            for _, _, models in PAGES
            for model in models
        }
        found = Body.objects.filter(pk=body.pk).annotate(**kinds).values(*kinds).get()
        shown = [
            label
            for label, _, models in PAGES
            if any(found[f"has_{model._meta.model_name}"] for model in models)
        ]
    if not shown:
        return []
    urls = {label: reverse(name, args=[body.slug]) for label, name, _ in PAGES}
    return [
        ("Assurance dashboard", reverse("assurance-dashboard", args=[body.slug])),
        ("Annual reports", reverse("annual-reports", args=[body.slug])),
        *((label, urls[label]) for label in shown),
    ]
