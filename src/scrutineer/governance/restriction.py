"""Who may read a record, and which lines of a readable paper a reader may not see.

A record is readable when it is public, or the reader may read restricted records, and so
is everything it belongs to: the minute of a private meeting is as private as the meeting,
the response to a restricted item as restricted as the item. Each model names what it
belongs to in ``restricted_with``; this module is the one place that follows those links.

A public paper can hold the words of a restricted record (a private agenda item listed on
a public front sheet). Those line spans are *withheld*: a reader who may not see the record
sees that the lines exist but not what they say, and nothing that quotes them (a warning,
a section title) either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from .access import can_read_restricted
from .models import Document, Sourced, Visibility


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


def if_readable(record, can_read: bool):
    """``record`` when this reader may see it, else None: for links to related records."""
    return record if readable(record, can_read) else None


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


@cache
def _restrictable_sources() -> tuple[tuple[type, Q], ...]:
    """Every model with a source span that can be restricted, with its restricted rows."""
    found = []
    for model in apps.get_models():
        if issubclass(model, Sourced) and (q := restricted_q(model)) is not None:
            found.append((model, q))
    return tuple(found)


def withheld_spans(document: Document, user) -> list[tuple[int, int]]:
    """The merged line spans of ``document`` that ``user`` may not read, in order."""
    if can_read_restricted(user):
        return []
    queries = [
        model.objects.filter(q, source=document, first_line__isnull=False)
        .order_by()
        .values_list("first_line", Coalesce("last_line", "first_line"))
        for model, q in _restrictable_sources()
    ]
    spans = sorted(queries[0].union(*queries[1:], all=True)) if queries else []
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def without_withheld(queryset, user, *, contained: bool = False):
    """``queryset`` (of rows with ``document``, ``first_line`` and ``last_line``, such as
    warnings and sections) less the rows about withheld lines: those overlapping a
    restricted record's span or, with ``contained``, lying wholly inside one."""
    if can_read_restricted(user):
        return queryset
    row_first = OuterRef("first_line")
    row_last = Coalesce(OuterRef("last_line"), OuterRef("first_line"))
    for model, q in _restrictable_sources():
        spans = model.objects.filter(q, source=OuterRef("document"), first_line__isnull=False)
        spans = spans.alias(span_last=Coalesce("last_line", "first_line"))
        if contained:
            spans = spans.filter(first_line__lte=row_first, span_last__gte=row_last)
        else:
            spans = spans.filter(first_line__lte=row_last, span_last__gte=row_first)
        queryset = queryset.exclude(Exists(spans))
    return queryset


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    withheld: bool = False


def source_lines(document: Document, user, first: int = 1, last: int | None = None):
    """Lines ``first`` to ``last`` of a readable document, numbered from 1, with the
    withheld ones blanked: the number and anchor stay, the words do not."""
    spans = withheld_spans(document, user)
    lines = document.lines()
    last = len(lines) if last is None else min(last, len(lines))
    shown, span = [], 0
    for number in range(max(first, 1), last + 1):
        while span < len(spans) and spans[span][1] < number:
            span += 1
        if span < len(spans) and spans[span][0] <= number:
            shown.append(SourceLine(number, "", withheld=True))
        else:
            shown.append(SourceLine(number, lines[number - 1]))
    return shown
