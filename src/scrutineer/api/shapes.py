"""What every API record shares: its ``sources``, references to councils and bodies, the
site's page for it, a page of a list, and an error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from scrutineer.governance.models import Council, Document
from scrutineer.governance.models.sources import line_span_label, page_starts
from scrutineer.governance.restriction import readable_rows
from scrutineer.web.councils import council_addresses


class Source(Schema):
    """The paper a record was read from, and its lines (Popolo's and OCD's ``sources``)."""

    document: int = Field(description="The document's id (`/api/v1/documents/{id}`).")
    url: str = Field(description="The document's page, at the first line.")
    lines: str = Field(description='How the site labels the span: "lines 82–90".')
    first_line: int | None
    last_line: int | None


class CouncilRef(Schema):
    id: int
    slug: str
    name: str


class BodyRef(Schema):
    id: int
    slug: str
    name: str


class Error(Schema):
    detail: str | list[dict[str, Any]] = Field(description="What was wrong with the request.")


def page_of(item: type[Schema]) -> type[Schema]:
    """The schema of a page of ``item``s: ``count`` (every row the filters keep), ``next``
    (the following page's address, null on the last) and ``results``."""
    annotations = {"count": int, "next": str | None, "results": list[item]}
    return type(f"{item.__name__}Page", (Schema,), {"__annotations__": annotations})


ERRORS = {400: Error, 404: Error, 422: Error}


class Context:
    """What shaping one answer needs: the reader, the councils (for addresses), and which of
    the page's source documents the reader may open, asked once for the page."""

    def __init__(self, request):
        self.request = request
        self.user = request.user
        councils = getattr(request, "councils", None) or list(Council.objects.all())
        self.councils = {council.pk: council for council in councils}
        self.several = len(self.councils) > 1
        self._documents: dict[int, str] = {}  # readable document id -> its page's address
        self._asked: set[int] = set()

    def read_sources(self, records) -> None:
        """Learn which of ``records``' source documents the reader may open (one query)."""
        wanted = {r.source_id for r in records if r.source_id is not None} - self._asked
        if wanted:
            found = readable_rows(Document.objects.filter(pk__in=sorted(wanted)), self.user)
            for pk, council in found.values_list("pk", "council_id"):
                self._documents[pk] = self.address(council, "document", [pk])
            self._asked |= wanted

    def sources(self, record) -> list[dict]:
        """``record``'s source, when it has one the reader may open (``read_sources`` first).
        ``record``: a model instance, or a named row with ``source_id``, ``first_line`` and
        ``last_line`` (``values_list(..., named=True)``, much quicker for many parts)."""
        document = record.source_id
        if document not in self._documents:
            return []
        anchor = f"#L{record.first_line}" if record.first_line else ""
        return [
            {
                "document": document,
                "url": self._documents[document] + anchor,
                "lines": line_span_label(
                    record.first_line, record.last_line, page_starts.of(document)
                ),
                "first_line": record.first_line,
                "last_line": record.last_line,
            }
        ]

    def address(self, council_id: int, name: str, args) -> str:
        """The absolute address of a site page of a council's record (under its prefix when
        the install holds several councils)."""
        council = self.councils.get(council_id) if self.several else None
        with council_addresses(council):
            return self.request.build_absolute_uri(reverse(name, args=args))

    def council(self, council_id: int) -> dict:
        council = self.councils[council_id]
        return {"id": council.pk, "slug": council.slug, "name": council.name}


def moment(value: dt.datetime | None) -> str | None:
    """A time as the API writes it: ISO 8601 to the microsecond, so that a client can pass
    the newest ``updated_at`` it holds back as ``updated_since``."""
    return None if value is None else value.isoformat()


def body_ref(body) -> dict:
    return {"id": body.pk, "slug": body.slug, "name": body.name}
