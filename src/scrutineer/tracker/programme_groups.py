"""How a work programme is laid out: grouped by meeting, then by bucket. One rule for the
work programme page and the Work Programme document."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutineer.governance.models import Meeting
from scrutineer.governance.restriction import if_readable

from .models import WorkProgrammeItem

UNPLACED = "Not yet placed"


@dataclass
class ProgrammeGroup:
    """The items planned for one meeting, or put in one bucket, or not yet placed."""

    heading: str
    meeting: Meeting | None = None
    bucket: str = ""
    items: list = field(default_factory=list)

    @property
    def called_off(self) -> bool:
        """The meeting was postponed or cancelled; its status says which."""
        return self.meeting is not None and self.meeting.called_off

    @property
    def anchor(self) -> str:
        if self.meeting is not None:
            return f"meeting-{self.meeting.date.isoformat()}"
        return f"bucket-{self.bucket or 'unplaced'}"


def group_programme(items, meetings=(), can_read: bool = False) -> list[ProgrammeGroup]:
    """Meetings in date order, then the buckets in their usual order, then anything unplaced;
    within a group, items keep the order they are given in.

    ``meetings`` are the body's meetings in the year: each gets a group even with nothing
    planned for it, so that a postponed or cancelled meeting still shows. An item planned
    for a meeting this reader may not see is grouped as if it had no meeting.
    """
    items = list(items)
    by_meeting = {meeting.pk: (meeting, []) for meeting in meetings}
    unmet = []
    for item in items:
        if meeting := if_readable(item.meeting, can_read):
            by_meeting.setdefault(meeting.pk, (meeting, []))[1].append(item)
        else:
            unmet.append(item)
    groups = [
        ProgrammeGroup(f"{meeting.date:%-d %B %Y}", meeting=meeting, items=rows)
        for meeting, rows in sorted(
            by_meeting.values(), key=lambda pair: (pair[0].date, pair[0].pk)
        )
    ]
    buckets = WorkProgrammeItem.Bucket
    for bucket in buckets.values:
        rows = [i for i in unmet if i.bucket == bucket]
        if rows:
            # The heading as the paper printed it, where it did.
            label = next((i.bucket_label for i in rows if i.bucket_label), buckets(bucket).label)
            groups.append(ProgrammeGroup(label, bucket=bucket, items=rows))
    unplaced = [i for i in unmet if i.bucket not in buckets.values]
    if unplaced:
        label = next((i.bucket_label for i in unplaced if i.bucket_label), UNPLACED)
        groups.append(ProgrammeGroup(label, items=unplaced))
    return groups
