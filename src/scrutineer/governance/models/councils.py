"""The publishing authority: a council, which owns bodies, and within which names resolve.

One install can hold many councils (a regional or national archive). Every body, person,
organisation and document belongs to one, so "Councillor Smith" in two councils is two
people, and every page, list and report is scoped to one council.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix
from django.utils.text import slugify

from ..changes import updated_field

# Words that say what kind of authority a council is, not which: "Coventry City Council" has
# the slug "coventry".
KIND_WORDS = (
    "metropolitan borough council",
    "county borough council",
    "borough council",
    "county council",
    "city council",
    "district council",
    "town council",
    "parish council",
    "council",
)

# First segments of the site's own addresses: a council slug may not be one of these, so a
# council's prefix never hides a page.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "accounts",
        "bodies",
        "councils",
        "documents",
        "jobs",
        "login",
        "logout",
        "meetings",
        "people",
        "reports",
        "scorecard",
        "search",
        "static",
        "tracker",
        "warnings",
        "media",
        "api",
        "healthz",
    }
)


def council_key(name: str) -> str:
    """Council names compare without case, punctuation or repeated spaces."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be a council's (it would hide a page of the site), or None."""
    if slug != slugify(slug) or not slug:
        return f"{slug!r} is not a slug: use lower-case letters, digits and hyphens"
    if slug in RESERVED_SLUGS:
        return f"{slug!r} is one of the site's own addresses; choose another slug"
    return None


def slug_for(name: str) -> str:
    """ "Coventry City Council" -> "coventry"; "Exampleshire County Council" -> "exampleshire"."""
    key = council_key(name)
    for words in KIND_WORDS:
        if key.endswith(" " + words):
            key = key[: -len(words) - 1]
            break
    slug = slugify(key)[:60] or "council"
    return f"{slug}-council" if slug in RESERVED_SLUGS else slug


class CouncilManager(models.Manager):
    def for_slug(self, slug: str, name: str = "") -> Council:
        """The council with this slug, created (named ``name``, or after the slug) if new."""
        council = self.filter(slug=slug).first()
        if council is None:
            if problem := slug_problem(slug):
                raise ValueError(problem)
            council = self.create(slug=slug, name=name or slug.replace("-", " ").title())
        return council

    def named(self, name: str) -> Council:
        """The council a paper names ("Coventry City Council"), created if new."""
        return self.find_named(name) or self.create(name=name.strip())

    def find_named(self, name: str) -> Council | None:
        """The council called ``name``, compared without case or punctuation."""
        key = council_key(name)
        return next((c for c in self.all() if council_key(c.name) == key), None)

    def default(self) -> Council:
        """The council of a record saved without one: the only council, or, on an empty
        install, the one named by the SCRUTINEER_COUNCIL setting. Raises
        Council.Ambiguous when there are several, so a record never lands in a guessed one."""
        councils = list(self.all()[:2])
        if len(councils) == 1:
            return councils[0]
        if not councils:
            return self.named(settings.SCRUTINEER_COUNCIL)
        raise Council.Ambiguous(
            "there are several councils; say which one (for ingest: --council SLUG)"
        )


class Council(models.Model):
    """A publishing authority: "Coventry City Council"."""

    class Ambiguous(Exception):
        """Raised when a council must be chosen and nothing says which."""

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=64, unique=True)
    website = models.URLField(blank=True, help_text="The council's web address.")
    moderngov_url = models.URLField(
        blank=True, help_text="The base address of its ModernGov site, if it has one."
    )

    updated_at = updated_field()
    objects = CouncilManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slug_for(self.name)
            slug, n = base, 1
            while Council.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                n += 1
                slug = f"{base}-{n}"
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Its pages' start, under the site's own prefix (made outside any council's)."""
        return f"{get_script_prefix()}{self.slug}/"

    def clean(self):
        if self.slug and (problem := slug_problem(self.slug)):
            raise ValidationError({"slug": problem})


class CouncilField(models.ForeignKey):
    """The council a record belongs to. Left unset, it is the install's only council
    (``CouncilManager.default``: an error if there are several). Migrations see a plain
    foreign key without a default, so that applying them never creates a council."""

    def __init__(self, related_name: str, **kwargs):
        kwargs.setdefault("to", Council)
        kwargs.setdefault("on_delete", models.CASCADE)
        super().__init__(related_name=related_name, **kwargs)

    def bulk_default(self) -> int:
        """The council of rows ``bulk.write_rows`` writes without one."""
        return Council.objects.default().pk

    def pre_save(self, model_instance, add):
        # Called by save() and bulk_create() alike, and only then: building a record in
        # memory asks nothing of the database.
        if getattr(model_instance, self.attname) is None:
            setattr(model_instance, self.attname, Council.objects.default().pk)
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


def in_council(queryset, council: Council):
    """``queryset`` narrowed to one council's records: the one scoping rule for pages,
    lists, filters, reports and exports. A model says how it reaches its council in
    ``council_path`` ("council" for a body, "body__council" for a meeting)."""
    path = getattr(queryset.model, "council_path", "council")
    return queryset.filter(**{path: council})
