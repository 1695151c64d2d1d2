"""Where every record comes from: the published documents, their sections, who may read them,
and the warnings raised while reading them."""

from __future__ import annotations

import bisect

from django.db import models
from django.urls import reverse

from scrutineer.lines import LineCache, split_lines

from .. import access
from ..changes import updated_field
from .councils import Council, CouncilField


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
        """Restricted records are for the readers of their body (members and officers of
        it: ``access.read_body_ids``), and for those who read everything."""
        if access.reads_everything(user):
            return self
        bodies = access.read_body_ids(user)
        if not bodies:
            return self.public()
        return self.filter(models.Q(visibility=Visibility.PUBLIC) | self.of_bodies(bodies))

    def of_bodies(self, bodies) -> models.Q:
        """The rows that belong to one of ``bodies``, through the model's ``body_path``
        ("body" for a meeting, "meeting__body" for a minute); none when it has none."""
        path = getattr(self.model, "body_path", None)
        if path is None:
            return models.Q(pk__in=[])
        return models.Q(**{f"{path}__in": bodies})


class DocumentQuerySet(PublicQuerySet):
    def of_bodies(self, bodies) -> models.Q:
        """A document belongs to no body of its own. It is of a body when it is the source
        of one of the body's meetings (its agenda pack, minutes, ModernGov answer), a paper
        linked from one of its agenda items, or a briefing note to one of its meetings; a
        restricted document of no body is read only by those who read everything."""
        from .meetings import BriefingNote, LinkedDocument, Meeting

        pk = models.OuterRef("pk")
        return (
            models.Q(models.Exists(Meeting.objects.filter(source=pk, body__in=bodies)))
            | models.Q(
                models.Exists(
                    LinkedDocument.objects.filter(
                        document=pk, agenda_item__meeting__body__in=bodies
                    )
                )
            )
            | models.Q(
                models.Exists(BriefingNote.objects.filter(document=pk, meeting__body__in=bodies))
            )
        )


def line_span_label(first: int | None, last: int | None, page_starts=()) -> str:
    """How a link to source lines reads, the one wording of it: "line 82" or "lines 82–90";
    in a paged original (``Document.page_starts``), the page and the line on that page:
    "page 12, line 8", "page 12, lines 8–14", "page 12, line 8 to page 13, line 2"."""
    if first is None:
        return ""
    last = last or first
    if not page_starts:
        return f"lines {first}–{last}" if last != first else f"line {first}"
    (page, line), (last_page, last_line) = _on_page(first, page_starts), _on_page(last, page_starts)
    if last_page != page:
        return f"page {page}, line {line} to page {last_page}, line {last_line}"
    if last_line != line:
        return f"page {page}, lines {line}–{last_line}"
    return f"page {page}, line {line}"


def _on_page(number: int, page_starts) -> tuple[int, int]:
    """(page, line on that page) of a document line, both from 1."""
    page = max(bisect.bisect_right(page_starts, number), 1)
    return page, number - page_starts[page - 1] + 1


class _PageStarts:
    """Each paged document's page starts, read in one query and kept per process (documents
    never change); forgotten whenever a document is saved or deleted, and read again when a
    document this process has not seen is asked about."""

    def __init__(self):
        self.known: dict[int, tuple[int, ...]] | None = None

    def of(self, document_id: int | None) -> tuple[int, ...]:
        if document_id is None:
            return ()
        if self.known is None or document_id not in self.known:
            self.known = {
                pk: tuple(starts or ())
                for pk, starts in Document.objects.values_list("pk", "page_starts")
            }
        return self.known.get(document_id, ())

    def forget(self) -> None:
        self.known = None


page_starts = _PageStarts()


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
        MODERNGOV_ANSWER = "moderngov-answer", "ModernGov web service answer"

    council = CouncilField("documents")
    name = models.CharField(max_length=255, help_text="The file name it was ingested from.")
    title = models.TextField()
    kind = models.CharField(max_length=32, choices=Kind.choices)
    sha256 = models.CharField(max_length=64)
    text = models.TextField()
    size_bytes = models.PositiveIntegerField()
    line_count = models.PositiveIntegerField()
    ingested_at = models.DateTimeField(auto_now_add=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    visibility = visibility_field()
    format = models.CharField(
        max_length=32, default="text", help_text="What was read: text, pdf, moderngov-getmeeting…"
    )
    page_starts = models.JSONField(
        default=list, blank=True, help_text="For a paged original, the first line of each page."
    )

    updated_at = updated_field()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-ingested_at"]
        constraints = [
            # The same file published by two councils is two documents.
            models.UniqueConstraint(fields=["council", "sha256"], name="unique_document_sha256")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.council_id is None:
            self.council = Council.objects.default()
        super().save(*args, **kwargs)
        _line_cache.forget((self.pk, self.sha256))  # a pk a rolled-back row once had
        page_starts.forget()

    def get_absolute_url(self):
        return reverse("document", args=[self.pk])

    def delete(self, *args, **kwargs):
        _line_cache.forget((self.pk, self.sha256))
        page_starts.forget()
        return super().delete(*args, **kwargs)

    def span_label(self, first: int | None, last: int | None) -> str:
        return line_span_label(first, last, self.page_starts)

    def page_marks(self) -> dict[int, int]:
        """{line: page} for the first line of each page of a paged original (a page with
        no text shares its start with the next, which is marked)."""
        marks: dict[int, int] = {}
        for page, start in enumerate(self.page_starts, start=1):
            marks[start] = page
        return marks

    def lines(self) -> tuple[str, ...]:
        """The text's lines (index 0 is line 1), numbered as the parser numbered them."""
        if self.pk is None:
            return tuple(split_lines(self.text))
        return _line_cache.lines((self.pk, self.sha256), lambda: self.text)


class Original(models.Model):
    """The file a document was read from, kept byte for byte when its text is an extraction
    (a PDF): downloadable from the document's page, as restricted as the document."""

    restricted_with = ("document",)

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="original"
    )
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()

    def __str__(self):
        return f"{self.document.name} ({self.content_type})"


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

    @property
    def span_label(self) -> str:
        """ "lines 3–8", or "page 2, lines 1–6" in a paged original."""
        return self.document.span_label(self.first_line, self.last_line)


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
        return line_span_label(self.first_line, self.last_line, page_starts.of(self.source_id))


class WarningQuerySet(models.QuerySet):
    def visible_to(self, user, withholding=None):
        """A warning quotes its document, so it is as restricted as the document is, and
        as the lines it is about (a restricted record's words in a public paper).
        ``withholding``: the page's ``restriction.Withholding``, if it has one already."""
        from ..restriction import Withholding  # restriction reads these models

        if access.reads_everything(user):
            return self
        readable = models.Q(document__isnull=True) | models.Q(
            document__visibility=Visibility.PUBLIC
        )
        if access.read_body_ids(user):
            readable |= models.Q(document__in=Document.objects.visible_to(user))
        return (withholding or Withholding(user)).exclude(self.filter(readable))

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

    council_path = "document__council"

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
        return line_span_label(self.first_line, self.last_line, page_starts.of(self.document_id))
