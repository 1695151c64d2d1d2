"""Membership lists as printed: the evidence that memberships are derived from.

A front sheet's "Membership: Councillors A (Chair), B …" or an annual report's table of
board members says who held which seat on one date. Every list is kept as printed
(``Roster`` and its ``RosterEntry`` rows), beside the attendance minutes record; a body's
``Membership`` periods are derived from both by ``governance.tenure`` and never edited by
hand, so the same papers in any order give the same periods.
"""

from __future__ import annotations

from django.db import models

from .people import Body, Membership, Organisation, Person
from .sources import Document, Sourced


class Roster(Sourced):
    """A list of a body's members as at a date, printed in a paper.

    ``covers`` names the kinds of seat the list is complete for: a person of such a kind
    whom the list leaves out no longer holds that seat (``tenure.SEAT_KINDS``)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="rosters")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="rosters")
    as_at = models.DateField()
    covers = models.JSONField(default=list)

    class Meta:
        ordering = ["body", "as_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "document", "first_line"], name="one_roster_per_list"
            )
        ]

    def __str__(self):
        return f"{self.body} members as at {self.as_at}"


class RosterEntry(Sourced):
    """One seat of a printed list: a person, an organisation, or a vacancy."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="roster_entries"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    title = models.TextField(blank=True)
    vacant = models.BooleanField(default=False)

    class Meta:
        ordering = ["roster", "first_line", "pk"]

    def __str__(self):
        return f"{self.person or self.organisation or 'Vacant'} ({self.role}), {self.roster}"
