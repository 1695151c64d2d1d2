"""The search page: one council's records this reader may see, found by the words asked."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render

from scrutineer.governance.models import Body, Document, in_council
from scrutineer.governance.models.sources import line_span_label, page_starts
from scrutineer.web.forms import page_of

from .engine import PER_PAGE, Filters, search
from .models import Kind

MAX_QUERY = 500


class _Found:
    """One page of hits standing for all of them, for the Paginator."""

    def __init__(self, results):
        self.results = results

    def __len__(self):
        return self.results.total

    def __getitem__(self, _slice):
        return self.results.hits


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def search_page(request):
    text = request.GET.get("q", "")[:MAX_QUERY].strip()
    bodies = {b.pk: b for b in in_council(Body.objects.order_by("name"), request.council)}
    kinds = dict(Kind.choices)
    body = _number(request.GET.get("body", ""))
    kind = request.GET.get("kind", "")
    filters = Filters(
        body=body if body in bodies else None,
        kind=kind if kind in kinds else None,
        since=_date(request.GET.get("from", "")),
        until=_date(request.GET.get("to", "")),
    )
    number = _number(request.GET.get("page", "1")) or 1
    results = search(request.council, request.user, text, filters, number)
    page = page_of(Paginator(_Found(results), PER_PAGE), request)
    readable = set(
        Document.objects.visible_to(request.user)
        .filter(pk__in={hit.source_id for hit in results.hits})
        .values_list("pk", flat=True)
    )
    for hit in results.hits:
        hit.body = bodies.get(hit.body_id)
        hit.readable_source = hit.source_id in readable and hit.first_line is not None
        if hit.readable_source:
            starts = page_starts.of(hit.source_id)
            hit.lines = line_span_label(hit.first_line, hit.last_line, starts)
    return render(
        request,
        "search/search.html",
        {
            "text": text,
            "filters": filters,
            "results": results,
            "page": page,
            "hits": results.hits,
            "kind_counts": [(k, kinds[k], n) for k, n in sorted(results.kinds.items())],
            "body_counts": [
                (bodies[pk], n)
                for pk, n in sorted(results.bodies.items(), key=lambda kv: bodies[kv[0]].name)
                if pk in bodies
            ],
            "bodies": bodies.values(),
            "kinds": Kind.choices,
        },
    )
