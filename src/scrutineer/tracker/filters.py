"""The tracker's filters: one set of rules for the list page, the body page and every export.

A filter is first read into ``TrackerFilters`` (by the list page's form, where a wrong value
is shown as an error and the rest still apply, or by ``filters_from_params`` for the
exports, where a wrong value is refused so that a mistyped filter never quietly exports
everything), then applied by ``filter_items``. The two readers take the same names, so the
list's query string exports the list it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q
from django.utils.http import urlencode

from scrutineer.governance.models import Body, Council, Organisation, Person, in_council

from .models import Party, TrackedItem

DUE_WITHIN_MAX_DAYS = 3650
OUTSTANDING = "outstanding"  # any status still outstanding
# Which items are tracked live and which are history (``tracker.rules.is_history``).
SEEN = {"live": "Tracked live", "history": "History: not seen in the body's latest paper"}
# The board's own asks (its resolutions, its Outstanding Issues rows, its recommendations
# and items entered by hand) against the plans and reviews it watches, owned by agencies.
OWN_KINDS = ("resolution", "briefing-note", "outstanding-issues", "manual")
SCOPES = {
    "own": "The board's own recommendations, actions and requests",
    "watched": "Action plans and reviews the board watches",
}
FLAGS = ("owned", "overdue")
TRUE_WORDS = frozenset({"1", "yes", "on", "true"})
FALSE_WORDS = frozenset({"", "0", "no", "off", "false"})


class BadFilter(ValueError):
    """A filter value that matches nothing the tracker knows; the message says what to use."""


@dataclass(frozen=True)
class TrackerFilters:
    """What to list. Empty values filter nothing, except the council: no list, filter or
    export mixes councils (a body's council when ``council`` is not given)."""

    council: Council | None = None
    body: Body | None = None
    owned: bool = False  # with ``body``: also items other bodies raised that name it
    status: str = ""  # a status, or OUTSTANDING
    owner: str = ""  # part of the name of an owner or addressee
    item_type: str = ""
    source_kind: str = ""
    scope: str = ""  # "own" or "watched" (SCOPES)
    seen: str = ""  # "live" or "history" (SEEN)
    overdue: bool = False
    due_within: int | None = None  # days from today
    due_by: dt.date | None = None

    def as_query(self) -> str:
        """The query string that reads back as these filters, under the names
        ``filters_from_params`` and the list page's form take; "" when nothing is filtered."""
        values = {
            "body": self.body.slug if self.body is not None else "",
            "owned": self.owned,
            "status": self.status,
            "owner": self.owner,
            "item_type": self.item_type,
            "source_kind": self.source_kind,
            "scope": self.scope,
            "seen": self.seen,
            "overdue": self.overdue,
            "due_within": "" if self.due_within is None else str(self.due_within),
            "due_by": self.due_by.isoformat() if self.due_by else "",
        }
        return urlencode(
            {name: "yes" if value is True else value for name, value in values.items() if value}
        )

    @property
    def dated(self) -> bool:
        """Every item listed has a due date."""
        return bool(self.overdue or self.due_within is not None or self.due_by)


def related_to_body(items, body_pk: int):
    """Items the body raised, and items other bodies raised that name it as a party."""
    named = Party.objects.filter(body_id=body_pk).values("tracked_item_id")
    return items.filter(Q(body_id=body_pk) | Q(pk__in=named))


def filter_items(items, filters: TrackerFilters, today: dt.date):
    """``items`` narrowed to those ``filters`` ask for, as on ``today``."""
    council = filters.council or (filters.body.council_id if filters.body else None)
    if council is not None:
        items = in_council(items, council)
    if filters.body is not None:
        if filters.owned:
            items = related_to_body(items, filters.body.pk)
        else:
            items = items.filter(body_id=filters.body.pk)
    if filters.status == OUTSTANDING:
        items = items.open()
    elif filters.status:
        items = items.filter(status=filters.status)
    if filters.owner:
        # People, organisations and bodies are few: match them first, then the parties.
        owner = filters.owner
        people, organisations, bodies = (
            m.objects.filter(name__icontains=owner) for m in (Person, Organisation, Body)
        )
        if council is not None:
            people, organisations, bodies = (
                in_council(q, council) for q in (people, organisations, bodies)
            )
        matching = Party.objects.filter(
            Q(label__icontains=owner)
            | Q(person__in=people.values("pk"))
            | Q(organisation__in=organisations.values("pk"))
            | Q(body__in=bodies.values("pk"))
        ).values("tracked_item_id")
        items = items.filter(pk__in=matching)
    if filters.item_type:
        items = items.filter(item_type=filters.item_type)
    if filters.source_kind:
        items = items.filter(source_kind=filters.source_kind)
    if filters.scope == "own":
        items = items.filter(source_kind__in=OWN_KINDS)
    elif filters.scope == "watched":
        items = items.exclude(source_kind__in=OWN_KINDS)
    if filters.seen == "live":
        items = items.live()
    elif filters.seen == "history":
        items = items.history()
    if filters.overdue:
        items = items.overdue(today)
    if filters.due_within is not None:
        items = items.due_within(today, filters.due_within)
    if filters.due_by:
        items = items.open().filter(due_date__lte=filters.due_by)
    return items


# -- reading filters from a query string, strictly -------------------------------------------


def _param(params: Mapping[str, str], *names: str) -> tuple[str, str]:
    """The first of ``names`` given (the tracker list's name first, then a short alias)."""
    for name in names:
        value = params.get(name, "").strip()
        if value:
            return name, value
    return names[0], ""


def read_flag(value: str) -> bool | None:
    """ "yes", "1", "on" or "true" (in any case) is set; "", "no", "0", "off" or "false" is
    not; anything else is neither (None)."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _flag(params: Mapping[str, str], name: str) -> bool:
    flag = read_flag(params.get(name, ""))
    if flag is None:
        value = params.get(name, "").strip().lower()
        raise BadFilter(f"{name}={value!r} is not allowed. Use {name}=yes or leave it out.")
    return flag


def _date(name: str, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"{name}={value!r} is not a date. Write it as 2026-03-27.") from None


def _choice(params: Mapping[str, str], names: tuple[str, ...], allowed: list[str]) -> str:
    name, value = _param(params, *names)
    if value and value not in allowed:
        raise BadFilter(f"{name}={value!r} is not allowed. Use one of: {', '.join(allowed)}.")
    return value


def filters_from_params(
    params: Mapping[str, str], council: Council | None = None
) -> TrackerFilters:
    """The tracker list's filters, under the same names: body=<slug> (with owned=yes),
    status=<status> or status=outstanding, owner=<part of a name>, item_type= (or type=),
    source_kind= (or source=), scope=own|watched, seen=live|history, overdue=yes (or 1),
    due_within=<days>, due_by=<YYYY-MM-DD>.

    An unknown value raises BadFilter rather than being ignored. Bodies are ``council``'s.
    """
    body = None
    if slug := params.get("body", "").strip():
        bodies = in_council(Body.objects.all(), council) if council else Body.objects.all()
        body = bodies.filter(slug=slug).first()
        if body is None:
            raise BadFilter(f"There is no body with the address {slug!r}.")
    within = params.get("due_within", "").strip()
    if within and (not within.isdigit() or int(within) > DUE_WITHIN_MAX_DAYS):
        raise BadFilter(
            f"due_within={within!r} is not allowed. "
            f"Use a number of days, 0 to {DUE_WITHIN_MAX_DAYS}."
        )
    return TrackerFilters(
        council=council,
        body=body,
        owned=_flag(params, "owned"),
        status=_choice(params, ("status",), [OUTSTANDING, *TrackedItem.Status.values]),
        owner=" ".join(params.get("owner", "").split()),
        item_type=_choice(params, ("item_type", "type"), TrackedItem.Type.values),
        source_kind=_choice(params, ("source_kind", "source"), TrackedItem.SourceKind.values),
        scope=_choice(params, ("scope",), list(SCOPES)),
        seen=_choice(params, ("seen",), list(SEEN)),
        overdue=_flag(params, "overdue"),
        due_within=int(within) if within else None,
        due_by=_date("due_by", params.get("due_by", "").strip()),
    )
