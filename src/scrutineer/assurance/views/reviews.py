"""A learning review's page, a body's list of its reviews, and the officers' forms that add
and change a review and add its recommendations (each a tracked item owned by an agency).

A restricted review (a draft: unpublished) is found only by readers of its body; anyone
else gets "not found", as for any restricted record. A reader of the review reads its
recommendations with it; each links to its tracked item where the reader may open that.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, changed_fields_message, record_edit
from scrutineer.governance.models import Body, Visibility, in_council
from scrutineer.governance.restriction import readable
from scrutineer.tracker.models import ActionPlan, Response, TrackedItem
from scrutineer.tracker.queries import annotate_rows, party_prefetch
from scrutineer.web.editing import editable_body, officer_page
from scrutineer.web.forms import GovukMixin, date_field

from ..facts import FactSource
from ..models import LearningReview
from ..recommendations import RecommendationForm, add_recommendation

# Facts shown with a link to their lines: (field in ``facts``, label).
FACTS = [
    ("subject", "Subject"),
    ("body", "Commissioned by"),
    ("trigger", "Why it was held"),
    ("decided", "Decided"),
    ("appointed", "Chair and author appointed"),
    ("chair", "Chair"),
    ("author", "Author"),
    ("timeline", "Timeline"),
    ("published", "Published"),
    ("not_published_reason", "Not published because"),
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ReviewForm(GovukMixin, forms.ModelForm):
    decided_on = date_field("Date the review was decided", required=False, noun="decision date")
    published_on = date_field(
        "Date published",
        required=False,
        noun="publication date",
        help_text="Leave blank while it is not published: an unpublished review is restricted.",
    )
    panel_text = forms.CharField(
        label="Panel (agencies)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One agency on each line.",
    )
    scope_text = forms.CharField(
        label="Scope questions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One question on each line.",
    )

    class Meta:
        model = LearningReview
        fields = [
            "kind",
            "title",
            "subject",
            "trigger",
            "decided_on",
            "appointed",
            "chair",
            "author",
            "timeline_from",
            "timeline_to",
            "published_on",
            "not_published_reason",
            "status",
            "action_plan",
        ]
        labels = {
            "kind": "Kind of review",
            "title": "Title",
            "subject": "Subject, as published",
            "trigger": "Why it was held",
            "appointed": "When the chair and author were appointed",
            "timeline_from": "Timeline from",
            "timeline_to": "Timeline to",
            "not_published_reason": "Why it is not published",
            "action_plan": "Action plan",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "title": forms.TextInput,
            "subject": forms.TextInput,
            "trigger": forms.Textarea(attrs={"rows": 3}),
            "not_published_reason": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter the review’s title"},
            "subject": {"required": "Enter the review’s subject"},
            "kind": {"required": "Select the kind of review"},
        }

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["kind"].choices = LearningReview.Kind.choices
        plans = self.fields["action_plan"]
        plans.queryset = ActionPlan.objects.filter(body=body).order_by("title", "pk")
        plans.help_text = f"One of the action plans presented to {body.name}, if any."
        plans.empty_label = "None"
        if self.instance.pk:
            self.fields["panel_text"].initial = "\n".join(self.instance.panel)
            self.fields["scope_text"].initial = "\n".join(self.instance.scope)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        same = LearningReview.objects.filter(body=self.body, title=title).exclude(
            pk=self.instance.pk
        )
        if same.exists():
            raise forms.ValidationError(f"{self.body.name} already has a review called {title}")
        return title

    def clean_action_plan(self):
        plan = self.cleaned_data["action_plan"]
        taken = LearningReview.objects.filter(action_plan=plan).exclude(pk=self.instance.pk)
        if plan is not None and taken.exists():
            raise forms.ValidationError(f"{plan.title} is already the plan of {taken.get()}")
        return plan

    def save(self, commit=True):
        review = super().save(commit=False)
        review.body = self.body
        review.panel = _lines(self.cleaned_data["panel_text"])
        review.scope = _lines(self.cleaned_data["scope_text"])
        if commit:
            review.save()
        return review


def _review(request, pk) -> LearningReview:
    reviews = in_council(LearningReview.objects.visible_to(request.user), request.council)
    return get_object_or_404(reviews.select_related("body", "source", "action_plan"), pk=pk)


def _editable_review(request, pk) -> LearningReview:
    review = _review(request, pk)
    if not access.can_edit_body(request.user, review.body):
        raise PermissionDenied("Only officers of this body can change its reviews.")
    return review


class _Fact(FactSource):
    """One fact of a review with the lines it was read from (``source_link``)."""

    def __init__(self, review: LearningReview, name: str, label: str, value, span=None):
        span = span or review.facts.get(name)
        first, last = (span[0], span[1]) if span else (None, None)
        super().__init__(review.source_id if span else None, first, last)
        self.label, self.value = label, value


def _facts(review: LearningReview) -> list[_Fact]:
    values = {
        "subject": review.subject,
        "body": review.body.name,
        "trigger": review.trigger,
        "decided": review.decided_on and f"{review.decided_on:%-d %B %Y}",
        "appointed": review.appointed,
        "chair": review.chair,
        "author": review.author,
        "timeline": review.timeline_from
        and f"{review.timeline_from} to {review.timeline_to or 'not given'}",
        "published": review.published_on and f"{review.published_on:%-d %B %Y}",
        "not_published_reason": review.not_published_reason,
    }
    return [_Fact(review, name, label, values[name]) for name, label in FACTS if values[name]]


def learning_review(request, pk):
    review = _review(request, pk)
    today = timezone.localdate()
    items = annotate_rows(
        review.items()
        .visible_to(request.user)
        .select_related("body", "parent")
        .prefetch_related(
            party_prefetch(),
            Prefetch("responses", queryset=Response.objects.order_by("-date", "-pk")),
        )
        .order_by("first_line", "pk"),
        today,
    )
    for item in items:
        item.openable = readable(item, access.can_read_restricted(request.user, item.body))
    return render(
        request,
        "assurance/review.html",
        {
            "review": review,
            "facts": _facts(review),
            "panel": _Fact(review, "panel", "Panel", review.panel),
            "scope": _Fact(review, "scope", "Scope", review.scope),
            "findings": [
                _Fact(review, "", f.get("heading", ""), f.get("text", ""), f.get("lines"))
                for f in review.findings
            ],
            "findings_source": _Fact(review, "findings", "Findings", review.findings),
            "recommendations": _with_parts(items),
            "can_edit": access.can_edit_body(request.user, review.body),
            "plan_visible": review.action_plan
            and readable(review.action_plan, access.can_read_restricted(request.user, review.body)),
        },
    )


def _with_parts(items: list[TrackedItem]) -> list[TrackedItem]:
    """The recommendations in the order printed, each with its parts (1a, 1b ...)."""
    ids = {item.pk for item in items}
    for item in items:
        item.parts = [part for part in items if part.parent_id == item.pk]
    return [item for item in items if item.parent_id not in ids]


def body_reviews(request, slug):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    today = timezone.localdate()
    reviews = list(LearningReview.objects.visible_to(request.user).filter(body=body))
    for review in reviews:
        items = review.items().visible_to(request.user)
        review.open_count = items.open().count()
        review.overdue_count = items.overdue(today).count()
    return render(
        request,
        "assurance/reviews.html",
        {
            "body": body,
            "reviews": reviews,
            "can_edit": access.can_edit_body(request.user, body),
        },
    )


@officer_page
def review_add(request, slug):
    body = editable_body(request, slug)
    form = ReviewForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            review = form.save()
            record_edit(request.user, review, ADDED, "Added the review")
        messages.success(request, "The review is added.")
        return redirect(review)
    return render(
        request,
        "assurance/review_form.html",
        {
            "form": form,
            "body": body,
            "heading": "Add a learning review",
            "back": body.get_absolute_url(),
        },
    )


@officer_page
def review_edit(request, pk):
    review = _editable_review(request, pk)
    was_published = review.published_on is not None  # the form's checks set the new date
    form = ReviewForm(request.POST or None, instance=review, body=review.body)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            review = form.save(commit=False)
            if review.published_on is not None and not was_published:
                review.visibility = Visibility.PUBLIC  # publishing makes it public
            review.save()
            review.share_visibility()
            record_edit(request.user, review, CHANGED, changed_fields_message(form))
        messages.success(request, "The review is saved.")
        return redirect(review)
    return render(
        request,
        "assurance/review_form.html",
        {
            "form": form,
            "body": review.body,
            "review": review,
            "heading": "Change the review",
            "back": review.get_absolute_url(),
        },
    )


@officer_page
def recommendation_add(request, pk):
    review = _editable_review(request, pk)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = add_recommendation(
            review, TrackedItem.SourceKind.CASE_REVIEW, form.cleaned_data, request.user
        )
        messages.success(
            request, f"Recommendation {item.number or ''} is added.".replace("  ", " ")
        )
        return redirect(review)
    return render(
        request,
        "assurance/recommendation_form.html",
        {
            "form": form,
            "record": review,
            "record_kind": "review",
            "back": review.get_absolute_url(),
        },
    )


urlpatterns = [
    path("reviews/<int:pk>/", learning_review, name="learning-review"),
    path("reviews/<int:pk>/change/", review_edit, name="learning-review-edit"),
    path(
        "reviews/<int:pk>/recommendations/add/",
        recommendation_add,
        name="learning-review-recommendation-add",
    ),
    path("bodies/<slug:slug>/reviews/", body_reviews, name="body-reviews"),
    path("bodies/<slug:slug>/reviews/add/", review_add, name="learning-review-add"),
]
