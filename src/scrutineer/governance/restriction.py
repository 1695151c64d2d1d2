"""Who may read a record, and which lines of a readable paper a reader may not see.

A record is readable when it is public, or the reader may read its body's restricted
records (``access.can_read_restricted(user, body)``), and so is everything it belongs to:
the minute of a private meeting is as private as the meeting, the response to a restricted
item as restricted as the item. Each model names what it belongs to in
``restricted_with``; this module is the one place that follows those links.

A public paper can hold the words of a restricted record (a private agenda item listed on
a public front sheet). Those line spans are *withheld*: a reader who may not see the record
sees that the lines exist but not what they say, and nothing that quotes them (a warning,
a section title) either. A reader of the record's body sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from django.apps import apps
from django.db import connection
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from . import access
from .models import Document, Sourced, Visibility

# Spans listed in a query, beyond which subqueries are used: SQLite parses a long OR as a
# tree no deeper than 1,000.
SPANS_LISTED_LIMIT = 200


def readable(record, can_read: bool) -> bool:
    """``record`` exists and this reader may see it and everything it belongs to.

    Follows ``restricted_with`` through the loaded relations: select_related them first on
    a list page, or each check costs a query.
    """
    if record is None:
        return False
    if can_read:
        return True
    if getattr(record, "visibility", Visibility.PUBLIC) != Visibility.PUBLIC:
        return False
    return all(
        related is None or readable(related, False)
        for related in (getattr(record, name) for name in _owners(type(record)))
    )


def readable_by(record, user) -> bool:
    """``readable`` for ``user``, deciding by the record's own body: for a page whose links
    reach records of other bodies (a follow-up minute of another board). A restricted
    document, which has no body, is readable when ``Document.objects.visible_to`` says so
    (it costs a query)."""
    if record is None:
        return False
    if isinstance(record, Document) and record.visibility != Visibility.PUBLIC:
        if access.reads_everything(user):
            return True
        bodies = access.read_body_ids(user)
        return bool(bodies) and Document.objects.visible_to(user).filter(pk=record.pk).exists()
    return readable(record, access.can_read_restricted(user, body_id_of(record)))


def body_id_of(record) -> int | None:
    """The id of the body ``record`` belongs to, following ``body_path`` through its loaded
    relations (select_related them on a list page); None for a record of no body."""
    path = body_path(type(record))
    if path is None:
        return None
    *hops, last = path.split("__")
    for hop in hops:
        record = getattr(record, hop)
        if record is None:
            return None
    return getattr(record, f"{last}_id")


def if_readable(record, can_read: bool):
    """``record`` when this reader may see it, else None: for links to related records."""
    return record if readable(record, can_read) else None


RESTRICTED_DOCUMENT = "(restricted document)"


def document_name(name: str | None, visibility: str, can_read: bool) -> str:
    """A source document's name as an export gives it: withheld (but said to exist) when the
    document is not public and this reader may not read restricted records."""
    if name is None:
        return ""
    if visibility != Visibility.PUBLIC and not can_read:
        return RESTRICTED_DOCUMENT
    return name


def restricted_q(model, prefix: str = "", _seen: frozenset = frozenset()) -> Q | None:
    """The rows of ``model`` that are restricted, themselves or through what they belong
    to; None when nothing about the model can be restricted."""
    found = Q()
    if any(f.name == "visibility" for f in model._meta.concrete_fields):
        found |= Q(**{f"{prefix}visibility": Visibility.RESTRICTED})
    if model in _seen:  # a self-reference, such as a sub-item's parent: its own visibility
        return found or None
    for name in _owners(model):
        related = model._meta.get_field(name).related_model
        if (owner := restricted_q(related, f"{prefix}{name}__", _seen | {model})) is not None:
            found |= owner
    return found or None


def _owners(model) -> tuple[str, ...]:
    return getattr(model, "restricted_with", ())


def body_path(model, _seen: frozenset = frozenset()) -> str | None:
    """The path from ``model`` to the body its rows belong to: its own ``body_path``, or
    that of the first record it belongs to that has one (a resolution's minute's meeting's
    body); None for a record of no body (a document's section)."""
    if (own := getattr(model, "body_path", None)) is not None:
        return own
    for name in _owners(model):
        related = model._meta.get_field(name).related_model
        if related not in _seen and (path := body_path(related, _seen | {model})) is not None:
            return f"{name}__{path}"
    return None


@cache
def _restrictable_sources() -> tuple[tuple[type, Q], ...]:
    """Every model with a source span that can be restricted, with its restricted rows."""
    found = []
    for model in apps.get_models():
        if issubclass(model, Sourced) and (q := restricted_q(model)) is not None:
            found.append((model, q))
    return tuple(found)


@cache
def _withheld_sql(vendor: str) -> tuple[str, tuple]:
    """The SQL listing every restricted record's span, built once per database vendor:
    compiling a union of a dozen joined queries costs far more than running it."""
    queries = [
        model.objects.filter(q, source__isnull=False, first_line__isnull=False)
        .order_by()
        .annotate(
            span_last=Coalesce("last_line", "first_line"),
            # The body whose readers may see the span; NULL for a record of no body.
            span_body=F(path) if (path := body_path(model)) else Value(None, IntegerField()),
        )
        .values_list("source_id", "first_line", "span_last", "span_body")
        for model, q in _restrictable_sources()
    ]
    return queries[0].union(*queries[1:], all=True).query.sql_with_params()


def all_withheld_spans(documents=None, readable_bodies=()) -> dict[int, list[tuple[int, int]]]:
    """Document id -> the merged line spans of restricted records in it, in order: of
    every document, or only of the ids in ``documents`` (the database narrows each arm of
    the union to them, so a page about one paper does not read every paper's spans); less
    the spans of records of ``readable_bodies``, whose restricted records the reader reads."""
    sql, params = _withheld_sql(connection.vendor)
    wanted = []
    if documents is not None:
        documents = sorted({pk for pk in documents if pk is not None})
        if not documents:
            return {}
        wanted.append(f"withheld.source_id IN ({', '.join(['%s'] * len(documents))})")
        params = (*params, *documents)
    if readable_bodies:
        readable_bodies = sorted(readable_bodies)
        marks = ", ".join(["%s"] * len(readable_bodies))
        wanted.append(f"(withheld.span_body IS NULL OR withheld.span_body NOT IN ({marks}))")
        params = (*params, *readable_bodies)
    columns = "withheld.source_id, withheld.first_line, withheld.span_last"
    sql = f"SELECT {columns} FROM ({sql}) AS withheld"
    if wanted:
        sql += " WHERE " + " AND ".join(wanted)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall())
    spans: dict[int, list[tuple[int, int]]] = {}
    for document_id, first, last in rows:
        merged = spans.setdefault(document_id, [])
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return spans


class Withholding:
    """What one reader may not see of the papers they may read. The spans are read once,
    when first needed, so a page asks the database once however often it asks here."""

    def __init__(self, user, documents=None):
        """``documents``: the ids of the only papers the page shows lines or warnings of,
        when it knows them; None for any paper."""
        self.applies = not access.reads_everything(user)
        self.bodies = access.read_body_ids(user) if self.applies else frozenset()
        self.documents = documents

    @cached_property
    def spans(self) -> dict[int, list[tuple[int, int]]]:
        """The spans of the restricted records of every body but those the reader reads."""
        return all_withheld_spans(self.documents, self.bodies) if self.applies else {}

    def of(self, document: Document) -> list[tuple[int, int]]:
        """The merged withheld line spans of ``document``, in order."""
        return self.spans.get(document.pk, [])

    def exclude(self, queryset, *, contained: bool = False):
        """``queryset`` (of rows with ``document``, ``first_line`` and ``last_line``, such
        as warnings and sections) less the rows about withheld lines: those overlapping a
        restricted record's span or, with ``contained``, lying wholly inside one."""
        spans = [(d, f, la) for d, found in self.spans.items() for f, la in found]
        if not spans:
            return queryset
        if len(spans) > SPANS_LISTED_LIMIT:
            return _without_withheld_by_subquery(queryset, contained, self.bodies)
        hidden = Q()
        for document_id, first, last in spans:
            if contained:
                hidden |= Q(document_id=document_id, first_line__gte=first, row_last__lte=last)
            else:
                hidden |= Q(document_id=document_id, first_line__lte=last, row_last__gte=first)
        return queryset.alias(row_last=Coalesce("last_line", "first_line")).exclude(hidden)

    def lines(self, document: Document, first: int = 1, last: int | None = None):
        """Lines ``first`` to ``last`` of a readable document, numbered from 1, with the
        withheld ones blanked: the number and anchor stay, the words do not."""
        spans = self.of(document)
        text = document.lines()
        last = len(text) if last is None else min(last, len(text))
        shown, span = [], 0
        for number in range(max(first, 1), last + 1):
            while span < len(spans) and spans[span][1] < number:
                span += 1
            if span < len(spans) and spans[span][0] <= number:
                shown.append(SourceLine(number, "", withheld=True))
            else:
                shown.append(SourceLine(number, text[number - 1]))
        return shown


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    withheld: bool = False


def _without_withheld_by_subquery(queryset, contained: bool, bodies=frozenset()):
    """As ``Withholding.exclude``, for more spans than a query may list: one subquery per
    restrictable kind of record, slower to build but of a fixed size."""
    row_first = OuterRef("first_line")
    row_last = Coalesce(OuterRef("last_line"), OuterRef("first_line"))
    for model, q in _restrictable_sources():
        spans = model.objects.filter(q, source=OuterRef("document"), first_line__isnull=False)
        if bodies and (path := body_path(model)) is not None:
            spans = spans.exclude(**{f"{path}__in": bodies})  # keeps rows of no body
        spans = spans.alias(span_last=Coalesce("last_line", "first_line"))
        if contained:
            spans = spans.filter(first_line__lte=row_first, span_last__gte=row_last)
        else:
            spans = spans.filter(first_line__lte=row_last, span_last__gte=row_first)
        queryset = queryset.exclude(Exists(spans))
    return queryset


def readable_rows(queryset, user):
    """``queryset`` less the rows ``user`` may not read: ``readable_by`` as one filter, for
    lists of any restrictable kind (a minute of a restricted meeting is left out with it).
    Documents, which have no body, answer ``Document.objects.visible_to`` instead."""
    if access.reads_everything(user):
        return queryset
    model = queryset.model
    if model is Document:
        return queryset.filter(pk__in=Document.objects.visible_to(user).values("pk"))
    hidden = restricted_q(model)
    if hidden is None:
        return queryset
    allowed = ~hidden
    bodies, path = access.read_body_ids(user), body_path(model)
    if bodies and path is not None:
        allowed |= Q(**{f"{path}__in": sorted(bodies)})
    return queryset.filter(allowed)
