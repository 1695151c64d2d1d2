"""What a body did: its meetings, agendas, attendance, minutes, resolutions, declarations and
briefing notes, each traced to the lines of the paper it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..access import reads_everything
from ..changes import updated_field
from .people import Body, Organisation, Person
from .sources import (
    Document,
    PublicQuerySet,
    Sourced,
    line_span_label,
    page_starts,
    visibility_field,
)


@dataclass(frozen=True)
class Standing:
    """Where a meeting stands today, from its evidence: what every page shows."""

    code: str  # the stored status, or "agenda-published" / "not-seen" for a past meeting
    label: str


AGENDA_PUBLISHED = Standing("agenda-published", "Agenda published, no minutes seen")
NOT_SEEN = Standing("not-seen", "Date planned, no papers seen")


class MeetingQuerySet(PublicQuerySet):
    def with_evidence(self):
        """Each meeting with ``agenda_seen`` annotated, so a list shows standings in one
        query."""
        return self.annotate(
            agenda_seen=models.Exists(AgendaItem.objects.filter(meeting=models.OuterRef("pk")))
        )


class Meeting(Sourced):
    """A meeting of a body on a day.

    ``status`` records what the papers say: held (minutes, attendance or a site's "minutes
    published"), postponed or cancelled (a paper or site says so), else scheduled. Whether
    a scheduled meeting is still to come depends on today, so it is derived (``standing``),
    never stored: a past meeting is never shown as scheduled."""

    council_path = "body__council"
    body_path = "body"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    # A meeting that will not go ahead on its date: its items wait for another one.
    CALLED_OFF = (Status.POSTPONED, Status.CANCELLED)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    start = models.DateTimeField(null=True, blank=True)
    closed_at = models.TimeField(null=True, blank=True)
    venue = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    published = models.DateField(null=True, blank=True)
    issued_by = models.TextField(blank=True)
    private_business = models.BooleanField(default=False)
    moderngov_id = models.PositiveIntegerField(null=True, blank=True)
    contact_officer = models.TextField(
        blank=True, help_text="Who to contact about the meeting, as the front sheet names them."
    )
    agenda_pack = models.FileField(
        upload_to="agenda-packs/%Y/",
        blank=True,
        help_text="The published agenda pack: the front sheet and every public attachment.",
    )
    agenda_pack_pages = models.PositiveIntegerField(
        null=True, blank=True, help_text="The published agenda pack's page count."
    )
    agenda_pack_basis = models.CharField(
        max_length=64,
        blank=True,
        help_text="A digest of what decided the pack (items, papers, who may see them): a pack "
        "whose agenda has changed since is not served.",
    )
    minutes_approved_by = models.ForeignKey(
        "Minute",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approves",
        help_text="The later meeting's minute that agreed these minutes; none while draft.",
    )
    visibility = visibility_field()

    updated_at = updated_field()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["body", "date"], name="unique_meeting_day")]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.body} – {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meeting", args=[self.body.slug, self.date.isoformat()])

    def standing_on(self, today: dt.date) -> Standing:
        if self.status != self.Status.SCHEDULED or self.date >= today:
            return Standing(self.status, self.get_status_display())
        agenda_seen = getattr(self, "agenda_seen", None)
        if agenda_seen is None:
            agenda_seen = self.agenda_items.exists()
        return AGENDA_PUBLISHED if self.published or agenda_seen else NOT_SEEN

    @property
    def standing(self) -> Standing:
        return self.standing_on(timezone.localdate())

    @property
    def called_off(self) -> bool:
        """Postponed or cancelled: the one rule for the programme page, its document and
        ingest, and for which meeting is a body's next."""
        return self.status in self.CALLED_OFF


class AgendaItem(Sourced):
    restricted_with = ("meeting", "parent")
    touches = "meeting"  # shown with it: see governance.changes
    body_path = "meeting__body"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subitems"
    )
    number = models.CharField(max_length=10)
    order = models.PositiveIntegerField(default=0)
    title = models.TextField()
    first_page = models.PositiveIntegerField(null=True, blank=True)
    last_page = models.PositiveIntegerField(null=True, blank=True)
    presenter = models.TextField(blank=True)
    description = models.TextField(blank=True)
    exempt_paragraph = models.CharField(
        max_length=255,
        blank=True,
        help_text='Why a private item is exempt: "Paragraph 3 of Part 1 of Schedule 12A".',
    )
    visibility = visibility_field()

    updated_at = updated_field()
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=models.Q(parent__isnull=True),
                name="unique_agenda_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=models.Q(parent__isnull=False),
                name="unique_agenda_subitem_number",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def pages(self) -> str:
        if self.first_page is None:
            return ""
        if self.last_page and self.last_page != self.first_page:
            return f"{self.first_page}–{self.last_page}"
        return str(self.first_page)


class LinkedDocument(Sourced):
    """A paper attached to an agenda item: either linked on its publisher's site (a
    ModernGov linked document, ``url``) or uploaded by an officer (``file``, kept through
    Django's storage API). ``document`` is the paper itself once read."""

    restricted_with = ("agenda_item",)
    body_path = "agenda_item__meeting__body"

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="linked_documents"
    )
    title = models.TextField()
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    moderngov_id = models.PositiveIntegerField(null=True, blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="linked_from"
    )
    file = models.FileField(upload_to="attachments/%Y/", blank=True)
    media_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True, help_text="A PDF's page count.")
    visibility = visibility_field()

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "url"],
                condition=~models.Q(url=""),
                name="unique_linked_document",
            )
        ]

    def __str__(self):
        return self.title


@dataclass(frozen=True)
class AttendanceRecord:
    """Attended out of expected meetings of one body, counted from Attendance rows."""

    body: Body
    attended: int
    expected: int

    @property
    def percent(self) -> int:
        """Rounded half up, as attendance tables in papers are (2 of 3 is 67%)."""
        return (200 * self.attended + self.expected) // (2 * self.expected)


class AttendanceQuerySet(models.QuerySet):
    def record_by_body(self) -> list[AttendanceRecord]:
        """Derive attendance per body: a meeting is expected when someone was present,
        substituted, sent apologies or was absent, and attended when present or substituting.

        Counting distinct meetings keeps a contradictory paper (listed both present and
        with apologies) from counting one meeting twice.
        """
        Status = Attendance.Status
        expected = [Status.PRESENT, Status.SUBSTITUTE, Status.APOLOGY, Status.ABSENT]
        attended = [Status.PRESENT, Status.SUBSTITUTE]
        counts = (
            self.order_by()
            .values("meeting__body")
            .annotate(
                expected=models.Count(
                    "meeting", filter=models.Q(status__in=expected), distinct=True
                ),
                attended=models.Count(
                    "meeting", filter=models.Q(status__in=attended), distinct=True
                ),
            )
            .filter(expected__gt=0)
        )
        counts = {row["meeting__body"]: row for row in counts}
        bodies = Body.objects.filter(pk__in=counts.keys())
        return [
            AttendanceRecord(body, counts[body.pk]["attended"], counts[body.pk]["expected"])
            for body in bodies
        ]


class Attendance(Sourced):
    """One person's attendance at one meeting. Percentages are derived, never stored."""

    restricted_with = ("meeting",)
    touches = "meeting"  # shown with it: see governance.changes

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGY = "apology", "Apology"
        SUBSTITUTE = "substitute", "Substitute"
        IN_ATTENDANCE = "in-attendance", "In attendance"
        ABSENT = "absent", "Absent"
        NOT_APPLICABLE = "n/a", "Not applicable"
        EXPECTED = "expected", "Expected"

    class Capacity(models.TextChoices):
        MEMBER = "member", "Member"
        CO_OPTED = "co-opted", "Co-opted member"
        CABINET_MEMBER = "cabinet-member", "Cabinet member"
        OFFICER = "officer", "Officer"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    name_as_written = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices)
    capacity = models.CharField(max_length=16, choices=Capacity.choices)
    chair = models.BooleanField(default=False)
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="substituted_by"
    )
    role = models.TextField(blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    directorate = models.TextField(blank=True)
    party = models.CharField(max_length=64, blank=True)
    ward = models.CharField(max_length=255, blank=True)
    voting = models.BooleanField(
        null=True, blank=True, help_text="False for a member the minutes call non-voting."
    )
    part_of_meeting = models.BooleanField(
        default=False, help_text='Present for part of the meeting only ("part of meeting").'
    )

    updated_at = updated_field()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name_as_written", "status"], name="unique_attendance_entry"
            )
        ]

    def __str__(self):
        return f"{self.name_as_written}: {self.get_status_display()}"


class ReportedAttendance(Sourced):
    """A row of a printed attendance table (per organisation or post, over several
    meetings), kept exactly as printed so that it can be checked against the meetings."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="reported_attendance")
    name = models.CharField(max_length=255, help_text="Organisation or post, as printed.")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group = models.TextField(blank=True)
    attended = models.PositiveIntegerField(null=True, blank=True)
    expected = models.PositiveIntegerField(null=True, blank=True)
    percent_printed = models.TextField(blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    marks = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["body", "first_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "name", "period_start", "period_end"], name="unique_reported_row"
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.attended} of {self.expected}"


class MinuteQuerySet(PublicQuerySet):
    def visible_to(self, user):
        """A minute is as private as the agenda item it minutes (``restricted_with``): an
        item made private after its minute was written takes the minute with it."""
        visible = super().visible_to(user)
        if reads_everything(user):
            return visible
        return visible.filter(
            models.Q(agenda_item=None)
            | models.Q(agenda_item__in=AgendaItem.objects.visible_to(user))
        )


class Minute(Sourced):
    """A numbered minute. Numbers restart each municipal year: "54/15"."""

    restricted_with = ("meeting", "agenda_item")
    touches = "meeting"  # shown with it: see governance.changes
    body_path = "meeting__body"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    number = models.PositiveIntegerField()
    municipal_year = models.CharField(max_length=7, help_text='"2021/22"')
    title = models.TextField()
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes"
    )
    references = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="referenced_by"
    )
    unresolved_references = models.JSONField(default=list, blank=True)
    html = models.TextField(blank=True, help_text="The minute's text, sanitised HTML.")
    visibility = visibility_field()

    updated_at = updated_field()
    objects = MinuteQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="unique_minute")]
        indexes = [models.Index(fields=["municipal_year", "number"])]

    def __str__(self):
        return f"Minute {self.reference}: {self.title}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#minute-{self.number}"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.municipal_year[2:4]}"


class Resolution(Sourced):
    restricted_with = ("minute",)
    touches = "minute"  # shown with it: see governance.changes

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="resolutions")
    order = models.PositiveIntegerField()
    part = models.CharField(max_length=8, blank=True)
    text = models.TextField()

    updated_at = updated_field()

    class Meta:
        ordering = ["minute", "order"]
        constraints = [
            models.UniqueConstraint(fields=["minute", "order"], name="unique_resolution")
        ]

    def __str__(self):
        return self.text[:80]


class Declaration(Sourced):
    """A declaration of interest; "none declared" is a record too."""

    restricted_with = ("meeting", "minute")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    minute = models.ForeignKey(
        Minute, null=True, blank=True, on_delete=models.CASCADE, related_name="declarations"
    )
    order = models.PositiveIntegerField(default=0)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    text = models.TextField()
    none_declared = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="unique_declaration")
        ]

    def __str__(self):
        return "None declared" if self.none_declared else self.text[:80]


class BriefingNote(Sourced):
    """A briefing note in a pack, with its recommendations to the board as written."""

    restricted_with = ("document", "meeting")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="briefing_notes")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefing_notes"
    )
    addressed_to = models.TextField(blank=True)
    sender = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    subject = models.TextField(blank=True)
    authors = models.JSONField(default=list, blank=True)
    recommendations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["document", "first_line"]

    def __str__(self):
        return self.subject or "Briefing note"

    @property
    def recommendation_items(self) -> list[BriefingRecommendation]:
        """The stored recommendations (text, or number/text/lines) with links to their lines."""
        document_url = reverse("document", args=[self.document_id])
        items = []
        for entry in self.recommendations:
            if isinstance(entry, str):
                entry = {"text": entry}
            first, last = (entry.get("lines") or [None, None])[:2]
            items.append(
                BriefingRecommendation(
                    number=entry.get("number") or "",
                    text=entry.get("text", ""),
                    source_url=f"{document_url}#L{first}" if first else None,
                    source_label=line_span_label(first, last, page_starts.of(self.document_id)),
                )
            )
        return items


@dataclass(frozen=True)
class BriefingRecommendation:
    number: str
    text: str
    source_url: str | None
    source_label: str
