"""Which of a body's assurance pages its page links to: those with records the reader may
see, and every one for an officer of the body, who may start the first record."""

from __future__ import annotations

from django.urls import reverse

from scrutineer.governance import access

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
    reports come first."""
    officer = access.can_edit_body(user, body)
    shown = [
        (label, reverse(name, args=[body.slug]))
        for label, name, models in PAGES
        if officer
        or any(model.objects.visible_to(user).filter(body=body).exists() for model in models)
    ]
    if not shown:
        return []
    return [
        ("Assurance dashboard", reverse("assurance-dashboard", args=[body.slug])),
        ("Annual reports", reverse("annual-reports", args=[body.slug])),
        *shown,
    ]
