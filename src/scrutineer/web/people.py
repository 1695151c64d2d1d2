"""The people directory and a person's page: who sits on each body now (and who did), with
the party, ward and roles the records give, and attendance counted by
``governance.attendance_stats``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, render

from scrutineer.governance import access, attendance_stats
from scrutineer.governance.models import Attendance, Body, Membership, Person, Post, in_council

from .forms import page_of

NAME_LIMIT = 100  # a name searched for is never longer
# A person's meetings, a page at a time: a long-serving member attends hundreds.
MEETINGS_PER_PAGE = 50


def _latest(rows, field: str) -> Subquery:
    """The person's latest non-blank ``field`` (party, ward) among the attendance ``rows``."""
    rows = rows.filter(person=OuterRef("person")).exclude(**{field: ""})
    return Subquery(rows.order_by("-meeting__date", "-pk").values(field)[:1])


def people(request):
    """Every body's members, current seats first (Chair first), former seats after; each
    with their latest party and ward and their attendance at that body's meetings."""
    council, user = request.council, request.user
    query = request.GET.get("q", "").strip()[:NAME_LIMIT]
    bodies = in_council(Body.objects.filter(memberships__person__isnull=False), council)
    bodies = bodies.distinct().order_by("name")
    chosen = request.GET.get("body", "")
    body = next((b for b in bodies if b.slug == chosen), None)
    errors = []
    if chosen and body is None:
        errors = [("body", "There is no body with that name. Choose a body from the list")]
    seats = in_council(Membership.objects.filter(person__isnull=False), council)
    if body is not None:
        seats = seats.filter(body=body)
    if query:
        named = Q(name__icontains=query) | Q(aliases__alias__icontains=query)
        seats = seats.filter(person__in=Person.objects.filter(named))
    visible = attendance_stats.counted(user)
    seats = seats.select_related("person", "body").annotate(
        party=_latest(visible, "party"), ward=_latest(visible, "ward")
    )
    posts = Prefetch("person__posts", queryset=Post.objects.select_related("organisation"))
    current = list(seats.current().prefetch_related(posts))
    former = list(seats.past().prefetch_related(posts))
    rows = in_council(Attendance.objects.filter(person__in=seats.values("person")), council)
    summary = attendance_stats.seats_summary(rows, user)
    listing: dict[Body, dict[str, list]] = {}
    for kind, group in (("current", current), ("former", former)):
        for seat in group:
            seat.stats = summary.get((seat.person_id, seat.body_id))
            listing.setdefault(seat.body, {"current": [], "former": []})[kind].append(seat)
    return render(
        request,
        "web/people.html",
        {
            "query": query,
            "bodies": bodies,
            "body": body,
            "errors": errors,
            "listing": sorted(listing.items(), key=lambda pair: pair[0].name),
        },
    )


def person(request, pk):
    user = request.user
    person = get_object_or_404(
        in_council(Person.objects.all(), request.council).prefetch_related(
            "aliases", Prefetch("posts", queryset=Post.objects.select_related("organisation"))
        ),
        pk=pk,
    )
    attendance = attendance_stats.counted(user).filter(person=person)
    latest = attendance.order_by("-meeting__date", "-pk")
    memberships = person.memberships.select_related("body").order_by(
        F("end_date").desc(nulls_first=True), "body__name"
    )
    return render(
        request,
        "web/person.html",
        {
            "person": person,
            "party": latest.exclude(party="").values_list("party", flat=True).first(),
            "ward": latest.exclude(ward="").values_list("ward", flat=True).first(),
            "memberships": memberships,
            "can_merge": access.editable_bodies(user).exists(),
            "by_body": attendance_stats.person_by_body(person, user),
            "by_year": attendance_stats.person_by_year_and_body(person, user),
            "attendance": page_of(
                Paginator(
                    attendance.select_related("meeting__body", "substitute_for").order_by(
                        "-meeting__date", "pk"
                    ),
                    MEETINGS_PER_PAGE,
                ),
                request,
            ),
        },
    )
