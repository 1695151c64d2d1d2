"""A recommendation an officer types on a learning review or an audit: the one form and the
one writer for both, so a recommendation is a tracked item of the same shape whichever
record it answers."""

from __future__ import annotations

from django import forms
from django.db import transaction

from scrutineer.governance.edits import ADDED, CHANGED, record_edit
from scrutineer.tracker import workflow
from scrutineer.tracker.models import Party, TrackedItem
from scrutineer.tracker.owners import add_parties, split_labels
from scrutineer.web.forms import GovukMixin, date_field


class RecommendationForm(GovukMixin, forms.Form):
    number = forms.CharField(
        label="Number",
        max_length=16,
        required=False,
        help_text="As printed, if it has one: 7.1, 2a",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the recommendation"},
    )
    owners = forms.CharField(
        label="Owned by",
        max_length=500,
        required=False,
        help_text="The agencies or people who own it, separated by commas or semicolons",
    )
    due_date = date_field("Due date", required=False, noun="due date")


def owner_labels(item: TrackedItem) -> str:
    """The owners as the form shows them, to change."""
    return "; ".join(p.label for p in item.parties.filter(role=Party.Role.OWNER))


@transaction.atomic
def add_recommendation(record, source_kind: str, data: dict, user) -> TrackedItem:
    """A tracked item of ``record``'s body (a review or an audit), owned by the agencies
    named and as restricted as ``record``; its history says who typed it."""
    item = TrackedItem.objects.create(
        item_type=TrackedItem.Type.RECOMMENDATION,
        text=data["text"].strip(),
        number=data["number"].strip(),
        source_kind=source_kind,
        source_reference=record.title,
        body=record.body,
        due_date=data["due_date"],
        due_basis=workflow.hand_entry_basis("", data["due_date"]),
        visibility=record.visibility,
    )
    add_parties(item, [(Party.Role.OWNER, label) for label in split_labels(data["owners"])])
    workflow.record_hand_entry(item, user)
    record.recommendations.add(item)
    record_edit(user, item, ADDED, f"Added as a recommendation of {record.title}"[:200])
    label = f"recommendation {item.number}" if item.number else "a recommendation"
    record_edit(user, record, CHANGED, f"Added {label}")
    return item
