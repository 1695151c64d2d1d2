"""How every list and record of the open-data API is answered: the one home of its rules.

- Lists are ordered by (``updated_at``, id), oldest change first, and paged by an opaque
  cursor holding the last row's key: a row changed while a client pages moves behind the
  cursor and is met again, so a sync that follows ``next`` to the end misses nothing.
- Filters every list takes (``ListQuery``): ``council`` and ``body`` (slugs), ``since`` and
  ``until`` (the record's own date, inclusive), ``updated_since`` (changed at or after).
- Each answer carries an ``ETag`` (a digest of its bytes) and ``Last-Modified`` (its newest
  ``updated_at``), and answers 304 to a client that already holds it.
- ``?format=csv`` gives the same rows as CSV: every top-level field that is not a list,
  nested objects flattened (``body_slug``), text made inert (``reports.cells``); the next
  page's address is in a ``Link`` header.
- Only what the reader may read (``restriction.readable_rows``): ``request.user`` is the
  site's session or an API token's user.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from ninja import Field, Schema
from ninja.errors import HttpError

from scrutineer.governance.models import Body, Council
from scrutineer.governance.restriction import readable_rows
from scrutineer.reports.cells import csv_text

from .shapes import Context

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class ListQuery(Schema):
    """The query string every list takes."""

    council: str | None = Field(None, description="A council's slug.", max_length=64)
    body: str | None = Field(None, description="A body's slug.", max_length=255)
    since: dt.date | None = Field(None, description="Records dated on or after this day.")
    until: dt.date | None = Field(None, description="Records dated on or before this day.")
    updated_since: dt.datetime | None = Field(
        None, description="Records changed at or after this time (ISO 8601; UTC if no zone)."
    )
    cursor: str | None = Field(
        None, description="The `next` link's cursor: where the previous page ended.", max_length=200
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows on a page.")
    format: Literal["json", "csv"] = Field("json", description="`csv` for the same rows as CSV.")


@dataclass(frozen=True)
class Resource:
    """One kind of record the API lists. ``rows``: every row of it (the listing narrows them
    to the reader's); ``shape``: a page of records to their JSON objects, in order, asking
    the database a fixed number of times however long the page."""

    name: str
    rows: Callable[[], QuerySet]
    shape: Callable[[list, Context], list[dict]]
    # Paths to the council and body whose slugs ``council`` and ``body`` filter by ("" for
    # the record itself; None where the filter does not apply), and to the record's date.
    council_path: str | None = "council"
    body_path: str | None = None
    date_field: str | None = None


def encode_cursor(updated_at: dt.datetime, pk: int) -> str:
    raw = f"{updated_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    """(updated_at, id) of the row a page ended at; HttpError 400 for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|")
        when = dt.datetime.fromisoformat(stamp)
        if when.tzinfo is None:
            raise ValueError("no zone")
        return when, int(pk)
    except (ValueError, UnicodeDecodeError) as error:
        raise HttpError(400, "The cursor is not one this API gave: start again without it.") from (
            error
        )


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


def filtered(resource: Resource, request: HttpRequest, query: ListQuery) -> QuerySet:
    """The reader's rows of ``resource`` that ``query``'s filters keep, in sync order."""
    rows = readable_rows(resource.rows(), request.user)
    if query.council is not None:
        if resource.council_path is None or not Council.objects.filter(slug=query.council).exists():
            raise HttpError(400, f"No council has the slug {query.council!r}.")
        rows = rows.filter(**{_slug_of(resource.council_path): query.council})
    if query.body is not None:
        if resource.body_path is None:
            raise HttpError(400, f"The {resource.name} list is not filtered by body.")
        if not Body.objects.filter(slug=query.body).exists():
            raise HttpError(400, f"No body has the slug {query.body!r}.")
        rows = rows.filter(**{_slug_of(resource.body_path): query.body})
    if query.since is not None or query.until is not None:
        if resource.date_field is None:
            raise HttpError(400, f"The {resource.name} list has no date to filter by.")
        if query.since is not None:
            rows = rows.filter(**{f"{resource.date_field}__gte": query.since})
        if query.until is not None:
            rows = rows.filter(**{f"{resource.date_field}__lte": query.until})
    if query.updated_since is not None:
        rows = rows.filter(updated_at__gte=_aware(query.updated_since))
    return rows.order_by("updated_at", "pk")


def _slug_of(path: str) -> str:
    """The lookup of the slug at ``path``; "" is the record itself (a council, a body)."""
    return f"{path}__slug" if path else "slug"


def list_response(request: HttpRequest, resource: Resource, query: ListQuery) -> HttpResponse:
    """A page of ``resource``'s list, as JSON or CSV, with its validators."""
    rows = filtered(resource, request, query)
    count = rows.count()
    if query.cursor:
        after, pk = decode_cursor(query.cursor)
        rows = rows.filter(Q(updated_at__gt=after) | Q(updated_at=after, pk__gt=pk))
    page = list(rows[: query.limit + 1])
    more, page = len(page) > query.limit, page[: query.limit]
    following = None
    if more:
        last = page[-1]
        following = _page_address(request, encode_cursor(last.updated_at, last.pk))
    records = resource.shape(page, Context(request))
    newest = max((r.updated_at for r in page), default=None)
    if query.format == "csv":
        response = HttpResponse(csv_rows(records), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{resource.name}.csv"'
        if following:
            response["Link"] = f'<{following}>; rel="next"'
    else:
        payload = {"count": count, "next": following, "results": records}
        response = _json(payload)
    return conditional(request, response, newest)


def detail_response(request: HttpRequest, resource: Resource, pk: int) -> HttpResponse:
    """One record of ``resource``, if the reader may read it (else 404, as if it were not)."""
    record = readable_rows(resource.rows(), request.user).filter(pk=pk).first()
    if record is None:
        raise HttpError(404, f"No {resource.name} record {pk}.")
    (shaped,) = resource.shape([record], Context(request))
    return conditional(request, _json(shaped), record.updated_at)


def _json(payload) -> HttpResponse:
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def conditional(request, response: HttpResponse, newest: dt.datetime | None) -> HttpResponse:
    """``response`` with its ETag and Last-Modified, or 304 when the client holds it."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    modified = int(newest.timestamp()) if newest else None
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    # A token's reader and a session's see different rows: caches keep them apart.
    patch_vary_headers(response, ("Authorization", "Cookie"))
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


def _page_address(request: HttpRequest, cursor: str) -> str:
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def csv_rows(records: Iterable[dict]) -> str:
    """``records`` as CSV: the fields that are not lists, nested objects flattened."""
    # Through JSON first, so a cell reads as the JSON answer's value does.
    flat = [_flatten(json.loads(json.dumps(r, cls=DjangoJSONEncoder))) for r in records]
    columns = list(dict.fromkeys(name for row in flat for name in row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in flat:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return out.getvalue()


def _flatten(record: dict, prefix: str = "") -> dict:
    flat = {}
    for name, value in record.items():
        if isinstance(value, list):
            continue
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{name}_"))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_text(value) if isinstance(value, str) else str(value)
