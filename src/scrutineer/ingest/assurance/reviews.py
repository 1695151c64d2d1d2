"""ParsedLearningReview → rows: the review, in the body that commissioned it, linked to the
recommendations the same paper gives under its title (parents and parts), which then share
its visibility (``LearningReview.share_visibility``)."""

from __future__ import annotations

import datetime as dt

from scrutineer.assurance.models import LearningReview
from scrutineer.governance.models import Body, Visibility
from scrutineer.packs.assurance.model import ParsedLearningReview
from scrutineer.packs.assurance.reviews import names_commissioner
from scrutineer.tracker.models import Party, TrackedItem

from .bodies import owning_body


def load_reviews(loader, found: list[ParsedLearningReview], home_body: Body | None) -> None:
    for parsed in found:
        body = owning_body(loader, parsed.body, parsed.facts.get("body", parsed.lines), home_body)
        if body is None:
            continue
        review = LearningReview.objects.filter(body=body, title=parsed.title).first()
        created = review is None
        if created:
            review = LearningReview(body=body, title=parsed.title)
        was_published = review.published_on is not None
        _fields(review, parsed)
        if review.published_on is not None and not was_published:
            review.visibility = Visibility.PUBLIC  # published since: public from now on
        loader._sourced(review, parsed.lines)
        review.save()
        loader._count("learning reviews", int(created))
        recommendations = TrackedItem.objects.filter(
            source=loader.document,
            source_kind=TrackedItem.SourceKind.CASE_REVIEW,
            source_reference=parsed.title,
        )
        review.recommendations.add(*recommendations)
        review.share_visibility()
        _owned_by_commissioner(review)


def _fields(review: LearningReview, parsed: ParsedLearningReview) -> None:
    review.kind = parsed.kind
    review.subject = parsed.subject
    review.trigger = parsed.trigger or ""
    review.decided_on = _day(parsed.decided)
    review.appointed = parsed.appointed or ""
    review.chair = parsed.chair or ""
    review.author = parsed.author or ""
    review.panel = parsed.panel
    review.timeline_from = parsed.timeline_from or ""
    review.timeline_to = parsed.timeline_to or ""
    review.scope = parsed.scope
    review.findings = [
        {"heading": f.heading, "text": f.text, "lines": list(f.lines)} for f in parsed.findings
    ]
    review.published_on = _day(parsed.published) or review.published_on
    review.not_published_reason = parsed.not_published_reason or ""
    review.status = parsed.status or review.status
    review.facts = {name: list(span) for name, span in parsed.facts.items()}


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _owned_by_commissioner(review: LearningReview) -> None:
    """Owners printed as "the Board" or "LSCB" in a review the board commissioned are the
    board (``names_commissioner`` reads the label)."""
    for party in Party.objects.filter(
        tracked_item__in=review.items(), role=Party.Role.OWNER, body=None
    ):
        if names_commissioner(party.label, review.body.name):
            party.body = review.body
            party.save(update_fields=["body"])
