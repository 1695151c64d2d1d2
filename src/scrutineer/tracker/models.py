"""The tracker: every recommendation, action and information request, chased until it is
answered, done and evidenced; and the work programme that plans what each board looks at.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from scrutineer.governance.changes import updated_field
from scrutineer.governance.models import (
    AgendaItem,
    Body,
    Meeting,
    Minute,
    Organisation,
    Person,
    PublicQuerySet,
    Resolution,
    Sourced,
    visibility_field,
)
from scrutineer.rag import Rag

from . import rules


class TrackedItemQuerySet(PublicQuerySet):
    def open(self):
        # Named as the statuses still owed, not "not closed", so that the database can use
        # the (body, status, due_date) index: an IN list seeks, a NOT IN scans.
        owed = [s for s in TrackedItem.Status.values if s not in rules.CLOSED_STATUSES]
        return self.filter(status__in=owed)

    def live(self):
        """Items tracked live: seen in their body's latest paper, or changed in Scrutineer
        since (``rules.is_history`` is the same rule for one item)."""
        return self.filter(
            Q(last_seen__isnull=True)
            | Q(body__latest_paper__isnull=True)
            | Q(last_seen__gte=F("body__latest_paper"))
        )

    def history(self):
        """Open items last seen in an older paper than their body's latest."""
        return self.open().filter(last_seen__lt=F("body__latest_paper"))

    def overdue(self, today: dt.date):
        return self.open().live().filter(due_date__lt=today)

    def due_within(self, today: dt.date, days: int):
        return (
            self.open().live().filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days))
        )


class ActionPlan(Sourced):
    """A plan presented to a board: one plan of actions (each a TrackedItem with ``plan``
    set), watched by the board rather than its own asks, unless the board adopts it."""

    council_path = "body__council"
    body_path = "body"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="action_plans")
    title = models.TextField()
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_plans"
    )
    adopted = models.BooleanField(
        default=False, help_text="The board has adopted the plan's actions as its own asks."
    )
    visibility = visibility_field()

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["body", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title", "source"], name="one_plan_per_paper_and_title"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("action-plan", args=[self.pk])


class TrackedItem(Sourced):
    """One recommendation (R), action (A) or information request (I), whatever its source."""

    council_path = "body__council"
    body_path = "body"

    class Type(models.TextChoices):
        RECOMMENDATION = "R", "Recommendation"
        ACTION = "A", "Action"
        INFORMATION = "I", "Information request"

    class SourceKind(models.TextChoices):
        RESOLUTION = "resolution", "Resolution"
        BRIEFING_NOTE = "briefing-note", "Briefing-note recommendation"
        CASE_REVIEW = "case-review", "Case-review recommendation"
        AUDIT = "audit", "Audit finding"
        PEER_REVIEW = "peer-review", "Peer-review recommendation"
        ACTION_PLAN = "action-plan", "Action plan"
        OUTSTANDING_ISSUES = "outstanding-issues", "Outstanding Issues report"
        MANUAL = "manual", "Entered by hand"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SENT = "sent", "Sent"
        RESPONSE_RECEIVED = "response-received", "Response received"
        ACCEPTED = "accepted", "Accepted"
        PARTIALLY_ACCEPTED = "partially-accepted", "Partially accepted"
        REJECTED = "rejected", "Rejected"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETE = "complete", "Complete"
        IMPACT_REVIEWED = "impact-reviewed", "Impact reviewed"

    item_type = models.CharField("type", max_length=1, choices=Type.choices)
    text = models.TextField()
    number = models.CharField(max_length=16, blank=True, help_text='As printed: "7.1", "2a".')
    source_kind = models.CharField(max_length=24, choices=SourceKind.choices)
    source_reference = models.TextField(
        blank=True, help_text='What it came from, e.g. "Serious Case Review – Matt".'
    )
    topic = models.TextField(blank=True, help_text="The agenda item or theme it arose under.")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="tracked_items")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="tracked_items"
    )
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="tracked_items"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subitems"
    )
    plan = models.ForeignKey(
        ActionPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    officer_contact = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_for"
    )
    officer_contact_text = models.CharField(max_length=255, blank=True)
    due_date = models.DateField(null=True, blank=True)
    due_basis = models.TextField(
        blank=True, help_text="Why this is the due date: stated, or derived from the text."
    )
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.OPEN)
    progress_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="A plan's own grade of progress (1–4), as printed."
    )
    last_seen = models.DateField(
        null=True,
        blank=True,
        help_text="The date of the latest paper that showed it, or of its latest change in "
        "Scrutineer.",
    )
    visibility = visibility_field()
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit.")
    import_key = models.CharField(
        max_length=255,
        blank=True,
        help_text="For items read from papers: what identifies them, so re-ingesting a paper "
        "or a later version of it updates the item instead of duplicating it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = updated_field()

    objects = TrackedItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["body", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["source_kind"]),
            models.Index(fields=["due_date", "id"]),  # the list's default order
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "import_key"],
                condition=~models.Q(import_key=""),
                name="unique_imported_item",
            )
        ]

    def __str__(self):
        label = f"{self.number} " if self.number else ""
        return f"{self.get_item_type_display()} {label}– {self.text[:70]}"

    def get_absolute_url(self):
        return reverse("tracked-item", args=[self.pk])

    @property
    def is_history(self) -> bool:
        return rules.is_history(self.status, self.last_seen, self.body.latest_paper)

    @property
    def history_note(self) -> str:
        return rules.history_note(self.last_seen) if self.is_history else ""

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return rules.is_overdue(self.due_date, self.status, today, self.is_history)

    def rag(self, today: dt.date | None = None) -> Rag | None:
        return rules.rag(self.due_date, self.status, today or dt.date.today(), self.is_history)


class ItemSource(Sourced):
    """Another place that states the same request: a resolution's item also listed in an
    Outstanding Issues report, say. One request is one item; each statement is a source."""

    restricted_with = ("tracked_item",)
    touches = "tracked_item"  # shown with it: see governance.changes

    tracked_item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="sources")
    source_kind = models.CharField(max_length=24, choices=TrackedItem.SourceKind.choices)

    class Meta:
        ordering = ["tracked_item_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracked_item", "source", "first_line"], name="one_source_per_line"
            )
        ]

    def __str__(self):
        return f"{self.get_source_kind_display()}, {self.source}"


class Milestone(Sourced):
    """A next step of an action-plan action, as the plan prints it."""

    restricted_with = ("action",)

    action = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()
    leads = models.JSONField(default=list, blank=True)
    timescale = models.TextField(blank=True, help_text='As printed: "March 2017", "Ongoing".')
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False, help_text="The plan says it is complete.")

    class Meta:
        ordering = ["action_id", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class Party(models.Model):
    """Someone a tracked item is addressed to, or who owns it: a person, an organisation,
    a body, or a label such as "All agencies" that names none of them."""

    restricted_with = ("tracked_item",)
    touches = "tracked_item"  # shown with it: see governance.changes

    class Role(models.TextChoices):
        ADDRESSEE = "addressee", "Addressed to"
        OWNER = "owner", "Owner"

    tracked_item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=12, choices=Role.choices)
    label = models.CharField(max_length=255, help_text="As written.")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_items"
    )

    class Meta:
        ordering = ["tracked_item_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tracked_item", "role", "label"], name="unique_party")
        ]

    def __str__(self):
        return self.label


class StatusChange(Sourced):
    """Every change of status: who, when and why. The item's ``status`` is the latest."""

    restricted_with = ("tracked_item",)
    touches = "tracked_item"  # shown with it: see governance.changes

    tracked_item = models.ForeignKey(
        TrackedItem, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, choices=TrackedItem.Status.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField()

    class Meta:
        ordering = ["tracked_item_id", "changed_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class Response(Sourced):
    """An answer or progress report, with its evidence."""

    restricted_with = ("tracked_item",)
    touches = "tracked_item"  # shown with it: see governance.changes

    tracked_item = models.ForeignKey(
        TrackedItem, on_delete=models.CASCADE, related_name="responses"
    )
    date = models.DateField(null=True, blank=True)
    responder = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    links = models.TextField(blank=True, help_text="Evidence: one address per line.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["tracked_item_id", "date", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class WorkProgrammeItem(Sourced):
    """Something a body plans to consider, at a meeting or in a bucket."""

    council_path = "body__council"
    body_path = "body"

    class Bucket(models.TextChoices):
        DATE_TO_BE_DECIDED = "date-to-be-decided", "Date to be decided"
        PROGRESS_REPORTS = "progress-reports", "Progress reports (by exception)"
        PROPOSED_ITEMS = "proposed-items", "Proposed agenda items"
        PERFORMANCE_MONITORING = "performance-monitoring", "Performance monitoring"
        NEXT_YEAR = "next-year", "Items for next year"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Taken"  # minutes show the meeting took it
        POSTPONED = "postponed", "Postponed"
        DEFERRED = "deferred", "Deferred"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="work_programme")
    municipal_year = models.CharField(max_length=7)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="programme_items"
    )
    bucket = models.CharField(max_length=24, choices=Bucket.choices, blank=True)
    bucket_label = models.CharField(max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)
    title = models.TextField()
    detail = models.TextField(blank=True)
    lead_officers = models.JSONField(default=list, blank=True)
    cabinet_members = models.JSONField(default=list, blank=True)
    leads_as_written = models.TextField(blank=True)
    origin_text = models.TextField(blank=True)
    origin_resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_tracked_item = models.ForeignKey(
        TrackedItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_items",
    )
    standing = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    taken_at = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The agenda item at which it was taken.",
    )
    taken_minute = models.ForeignKey(
        Minute,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The minute recording that it was taken.",
    )
    visibility = visibility_field()
    version = models.PositiveIntegerField(default=1)
    import_key = models.CharField(
        max_length=255,
        blank=True,
        help_text="For items read from papers: the title (and meeting, for standing items), "
        "so a later version of the programme moves the item instead of duplicating it.",
    )
    updated_at = updated_field()

    objects = PublicQuerySet.as_manager()

    @property
    def shown_status(self) -> tuple[str, str]:
        """(code, label): "On the agenda" while an agenda lists the item and no minutes
        yet show it taken; otherwise its status."""
        if self.status == self.Status.SCHEDULED and self.taken_at_id:
            return ("on-the-agenda", "On the agenda")
        return (self.status, self.get_status_display())

    class Meta:
        ordering = ["body", "municipal_year", "meeting__date", "bucket", "order", "pk"]
        indexes = [models.Index(fields=["body", "municipal_year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "municipal_year", "import_key"],
                condition=~models.Q(import_key=""),
                name="unique_imported_programme_item",
            )
        ]

    def __str__(self):
        return self.title[:80]


class FollowUp(models.Model):
    """Where a tracked item was followed up: a programme item, an agenda item or a minute."""

    restricted_with = ("tracked_item",)
    touches = "tracked_item"  # shown with it: see governance.changes

    tracked_item = models.ForeignKey(
        TrackedItem, on_delete=models.CASCADE, related_name="follow_ups"
    )
    programme_item = models.ForeignKey(
        WorkProgrammeItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    minute = models.ForeignKey(
        Minute, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    note = models.TextField(blank=True)

    def __str__(self):
        return self.note or f"Follow-up of {self.tracked_item_id}"
