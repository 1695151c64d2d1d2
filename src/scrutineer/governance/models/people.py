"""Who sits where: organisations, people, posts, bodies and memberships, each known by the
names papers print (aliases)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from ..changes import updated_field
from .councils import Council, CouncilField
from .sources import Sourced


def alias_key(name: str) -> str:
    """Aliases compare without case, punctuation or repeated spaces."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def unique_slug(model, name: str, pk, **within) -> str:
    """A slug for ``name`` not yet used by another row (of those ``within`` filters, such as
    one council's): "board-2" after "board"."""
    base = slugify(name)[:240] or "unnamed"
    slug, n = base, 1
    while model.objects.filter(slug=slug, **within).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def council_field(related_name: str):
    """The council a record belongs to; names are unique only within it."""
    return CouncilField(related_name)


def fill_council(record, owner: str | None = None) -> None:
    """An alias is always in its owner's council; another record saved without a council is
    in the install's only one (``Council.objects.default`` raises if there are several)."""
    if owner:
        record.council_id = getattr(record, owner).council_id
    elif record.council_id is None:
        record.council = Council.objects.default()


class Organisation(models.Model):
    council = council_field("organisations")
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_organisation_name"),
            models.UniqueConstraint(fields=["council", "slug"], name="unique_organisation_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_council(self)
        self.slug = self.slug or unique_slug(
            type(self), self.name, self.pk, council_id=self.council_id
        )
        super().save(*args, **kwargs)


class OrganisationAlias(models.Model):
    council = council_field("+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=255)
    key = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "key"], name="unique_organisation_alias")
        ]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        fill_council(self, "organisation")
        super().save(*args, **kwargs)


class Person(models.Model):
    """A person; initials and spellings vary, so names resolve through PersonAlias."""

    council = council_field("people")
    name = models.CharField(max_length=255, help_text="The fullest form of the name seen.")
    honorific = models.CharField(max_length=40, blank=True)
    surname_key = models.CharField(max_length=100, db_index=True)
    initial = models.CharField(max_length=1, blank=True)

    updated_at = updated_field()

    class Meta:
        ordering = ["surname_key", "name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_council(self)
        super().save(*args, **kwargs)

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

    council = council_field("bodies")
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    remit = models.TextField(blank=True)
    category = models.CharField(max_length=255, blank=True, help_text="The publisher's grouping.")
    expired = models.BooleanField(default=False, help_text="No longer meets (kept for history).")
    deleted = models.BooleanField(default=False, help_text="Withdrawn by its publisher (kept).")
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The body that took over its work (the LSCB's Safeguarding Children "
        "Partnership): both are kept, each page names the other.",
    )
    succeeded_on = models.DateField(
        null=True, blank=True, help_text="When the successor took over."
    )
    latest_paper = models.DateField(
        null=True,
        blank=True,
        help_text="The date of the latest paper read for it: open items its papers stopped "
        "showing before then are history (tracker.rules.is_history).",
    )
    moderngov_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The committee's id on its council's ModernGov site."
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="bodies_served",
        help_text="Officers (users in the officer group) who may edit this body's records.",
    )
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reading_bodies",
        help_text="Members (users in the member group) who may read this body's restricted "
        "records.",
    )

    updated_at = updated_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_body_name"),
            models.UniqueConstraint(fields=["council", "slug"], name="unique_body_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_council(self)
        self.slug = self.slug or unique_slug(
            type(self), self.name, self.pk, council_id=self.council_id
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("body", args=[self.slug])


class BodyAlias(models.Model):
    council = council_field("+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=255)
    key = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="unique_body_alias")]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        fill_council(self, "body")
        super().save(*args, **kwargs)


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

    def past(self):
        """Ended seats, the latest to end first."""
        return self.filter(end_date__isnull=False).order_by(
            "-end_date", "person__surname_key", "title"
        )


class Membership(Sourced):
    """A person's or organisation's seat on a body, in one role, for one period; a vacant
    seat has neither. Derived from printed lists and attendance by ``governance.tenure``
    (``rederive_memberships``), never written otherwise."""

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
    last_seen = models.DateField(
        null=True, blank=True, help_text="Latest date this seat is evidenced."
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="Left by this date: a later complete list omits them."
    )

    updated_at = updated_field()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "person__surname_key"]

    def __str__(self):
        who = self.person or self.organisation or "Vacant"
        return f"{who}, {self.get_role_display()} of {self.body}"
