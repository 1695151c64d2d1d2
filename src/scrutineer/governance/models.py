"""The governance record: who sits on which body, when it met, what it decided.

Every record extracted from a published document keeps a link to that document and the
line span it came from (``Sourced``), so a page can always show the words behind a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from scrutineer.lines import LineCache, split_lines

from .access import can_read_restricted


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    RESTRICTED = "restricted", "Restricted"


def visibility_field():
    """Every record that can be restricted says so in the same way. A record that belongs
    to another (a minute to its meeting) names it in ``restricted_with``, and is hidden
    whenever that is: see ``governance.restriction``."""
    return models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)


class PublicQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Restricted records are for members, officers and admins only."""
        if can_read_restricted(user):
            return self
        return self.public()


def line_span_label(first: int | None, last: int | None) -> str:
    """How a link to source lines reads: "line 82" or "lines 82–90"."""
    if first is None:
        return ""
    if last and last != first:
        return f"lines {first}–{last}"
    return f"line {first}"


# Documents are immutable (a changed paper is a new document), so the lines of each are split
# once per process and kept, up to this many characters of text.
LINE_CACHE_CHARS = 64 * 1024 * 1024
_line_cache = LineCache(LINE_CACHE_CHARS)


class Document(models.Model):
    """A published paper, stored verbatim. Its sha256 makes re-ingesting a no-op."""

    class Kind(models.TextChoices):
        AGENDA_PACK = "agenda-pack", "Agenda pack"
        MINUTES = "minutes", "Minutes"
        BRIEFING_NOTE = "briefing-note", "Briefing note"
        REPORT = "report", "Report"
        ANNUAL_REPORT = "annual-report", "Annual report"
        WORK_PROGRAMME = "work-programme", "Work programme"

    name = models.CharField(max_length=255, help_text="The file name it was ingested from.")
    title = models.TextField()
    kind = models.CharField(max_length=32, choices=Kind.choices)
    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField()
    size_bytes = models.PositiveIntegerField()
    line_count = models.PositiveIntegerField()
    ingested_at = models.DateTimeField(auto_now_add=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    visibility = visibility_field()

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-ingested_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _line_cache.forget((self.pk, self.sha256))  # a pk a rolled-back row once had

    def get_absolute_url(self):
        return reverse("document", args=[self.pk])

    def delete(self, *args, **kwargs):
        _line_cache.forget((self.pk, self.sha256))
        return super().delete(*args, **kwargs)

    def lines(self) -> tuple[str, ...]:
        """The text's lines (index 0 is line 1), numbered as the parser numbered them."""
        if self.pk is None:
            return tuple(split_lines(self.text))
        return _line_cache.lines((self.pk, self.sha256), lambda: self.text)


class Section(models.Model):
    """A component of a document: front sheet, minutes, briefing note, report..."""

    restricted_with = ("document",)

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=32)
    title = models.TextField()
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "first_line"]

    def __str__(self):
        return f"{self.title} ({self.kind})"


class Sourced(models.Model):
    """Provenance: the document and 1-based line span a record was extracted from."""

    source = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_line = models.PositiveIntegerField(null=True, blank=True)
    last_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    def set_source(self, document: Document | None, lines) -> None:
        self.source = document
        self.first_line, self.last_line = (lines[0], lines[1]) if lines else (None, None)

    @property
    def source_url(self) -> str | None:
        if self.source_id is None or self.first_line is None:
            return None
        return reverse("document", args=[self.source_id]) + f"#L{self.first_line}"

    @property
    def source_label(self) -> str:
        return line_span_label(self.first_line, self.last_line)


def alias_key(name: str) -> str:
    """Aliases compare without case, punctuation or repeated spaces."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def unique_slug(model, name: str, pk) -> str:
    """A slug for ``name`` not yet used by another row: "board-2" after "board"."""
    base = slugify(name)[:240] or "unnamed"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Organisation(models.Model):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or unique_slug(type(self), self.name, self.pk)
        super().save(*args, **kwargs)


class OrganisationAlias(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=255)
    key = models.CharField(max_length=255, unique=True)

    def __str__(self):
        return self.alias


class Person(models.Model):
    """A person; initials and spellings vary, so names resolve through PersonAlias."""

    name = models.CharField(max_length=255, help_text="The fullest form of the name seen.")
    honorific = models.CharField(max_length=40, blank=True)
    surname_key = models.CharField(max_length=100, db_index=True)
    initial = models.CharField(max_length=1, blank=True)

    class Meta:
        ordering = ["surname_key", "name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("person", args=[self.pk])

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip() if self.honorific else self.name


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "alias"], name="unique_person_alias")
        ]

    def __str__(self):
        return self.alias


class Post(models.Model):
    """A person's job title at an organisation or directorate."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    title = models.TextField(blank=True)
    directorate = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "title", "directorate"], name="unique_post"
            )
        ]

    def __str__(self):
        return ", ".join(
            p for p in [self.title, self.directorate, str(self.organisation or "")] if p
        )


class Body(models.Model):
    """A board, scrutiny board, partnership, subgroup, panel or task and finish group."""

    class Kind(models.TextChoices):
        SCRUTINY_BOARD = "scrutiny-board", "Scrutiny board"
        SAFEGUARDING_PARTNERSHIP = "safeguarding-partnership", "Safeguarding board or partnership"
        HEALTH_WELLBEING_BOARD = "health-wellbeing-board", "Health and well-being board"
        SUBGROUP = "subgroup", "Subgroup"
        TASK_AND_FINISH = "task-and-finish", "Task and finish group"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    remit = models.TextField(blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="bodies_served",
        help_text="Officers (users in the officer group) who may edit this body's records.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or unique_slug(type(self), self.name, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("body", args=[self.slug])


class BodyAlias(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=255)
    key = models.CharField(max_length=255, unique=True)

    def __str__(self):
        return self.alias


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Seats without an end date, Chair first, in the order a body lists its members."""
        Role = Membership.Role
        rank = models.Case(
            *(models.When(role=role, then=i) for i, role in enumerate(Role.values)),
            default=len(Role.values),
        )
        return (
            self.filter(end_date__isnull=True)
            .alias(role_rank=rank)
            .order_by("role_rank", "vacant", "person__surname_key", "title")
        )


class Membership(Sourced):
    """A person's or organisation's seat on a body; a vacant seat has neither."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice Chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co-opted", "Co-opted member"
        BY_INVITATION = "by-invitation", "By invitation"
        OFFICER = "officer", "Officer to the body"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    title = models.TextField(blank=True, help_text="Title or organisation, as printed.")
    vacant = models.BooleanField(default=False)
    start_date = models.DateField(
        null=True, blank=True, help_text="First date this seat is evidenced."
    )
    end_date = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "person__surname_key"]

    def __str__(self):
        who = self.person or self.organisation or "Vacant"
        return f"{who}, {self.get_role_display()} of {self.body}"


class Meeting(Sourced):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    start = models.DateTimeField(null=True, blank=True)
    closed_at = models.TimeField(null=True, blank=True)
    venue = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    published = models.DateField(null=True, blank=True)
    issued_by = models.TextField(blank=True)
    private_business = models.BooleanField(default=False)
    visibility = visibility_field()

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["body", "date"], name="unique_meeting_day")]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.body} – {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meeting", args=[self.body.slug, self.date.isoformat()])


class AgendaItem(Sourced):
    restricted_with = ("meeting", "parent")

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
    visibility = visibility_field()

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

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGY = "apology", "Apology"
        SUBSTITUTE = "substitute", "Substitute"
        IN_ATTENDANCE = "in-attendance", "In attendance"
        ABSENT = "absent", "Absent"
        NOT_APPLICABLE = "n/a", "Not applicable"

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


class Minute(Sourced):
    """A numbered minute. Numbers restart each municipal year: "54/15"."""

    restricted_with = ("meeting",)

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
    visibility = visibility_field()

    objects = PublicQuerySet.as_manager()

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

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="resolutions")
    order = models.PositiveIntegerField()
    part = models.CharField(max_length=8, blank=True)
    text = models.TextField()

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
                    source_label=line_span_label(first, last),
                )
            )
        return items


@dataclass(frozen=True)
class BriefingRecommendation:
    number: str
    text: str
    source_url: str | None
    source_label: str


class WarningQuerySet(models.QuerySet):
    def visible_to(self, user, withholding=None):
        """A warning quotes its document, so it is as restricted as the document is, and
        as the lines it is about (a restricted record's words in a public paper).
        ``withholding``: the page's ``restriction.Withholding``, if it has one already."""
        from .restriction import Withholding  # restriction reads these models

        if can_read_restricted(user):
            return self
        public = self.filter(
            models.Q(document__isnull=True) | models.Q(document__visibility=Visibility.PUBLIC)
        )
        return (withholding or Withholding(user)).exclude(public)

    def counts_by_code(self):
        return self.order_by("code").values("code").annotate(count=models.Count("pk"))

    def about(self, records):
        """Warnings whose first line falls inside the source span of any of ``records``."""
        spans = models.Q(pk__in=[])
        for record in records:
            if record.source_id is not None and record.first_line is not None:
                spans |= models.Q(
                    document_id=record.source_id,
                    first_line__gte=record.first_line,
                    first_line__lte=record.last_line or record.first_line,
                )
        return self.filter(spans)


class Warning(models.Model):
    """A data-quality flag on a document (and optionally a line span), with its evidence."""

    restricted_with = ("document",)

    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="warnings"
    )
    code = models.CharField(max_length=64, db_index=True)
    message = models.TextField()
    first_line = models.PositiveIntegerField(null=True, blank=True)
    last_line = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WarningQuerySet.as_manager()

    class Meta:
        ordering = ["document", "first_line", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "code", "first_line", "message"], name="unique_warning"
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.message[:80]}"

    @property
    def source_url(self) -> str | None:
        if self.document_id is None:
            return None
        anchor = f"#L{self.first_line}" if self.first_line else ""
        return reverse("document", args=[self.document_id]) + anchor

    @property
    def source_label(self) -> str:
        return line_span_label(self.first_line, self.last_line)
