"""Work programmes: what each body took at its meetings, and what it planned to take."""

from __future__ import annotations

import itertools

from scrutineer.governance.models import Body
from scrutineer.periods import MunicipalYear
from scrutineer.tracker.models import FollowUp, WorkProgrammeItem

from .records import BodyInfo, MeetingInfo
from .vocabulary import TOPICS, lower


class WorkProgrammes:
    """The work programme phase of a run (a mixin of ``governance.Synthesiser``)."""

    def work_programmes(self) -> None:
        rows: list[WorkProgrammeItem] = []
        follow_ups: list[FollowUp] = []
        for done, info in enumerate(self.bodies, start=1):
            by_year: dict[str, list[MeetingInfo]] = {}
            for record in info.meetings:
                by_year.setdefault(record.year, []).append(record)
            for start_year in range(self.first_year, MunicipalYear.of(self.today).first + 1):
                meetings = by_year.get(MunicipalYear(start_year).label, [])
                self.programme(info, start_year, meetings, rows, follow_ups)
            self.progress("Work programmes", done, len(self.bodies))
        self.insert(WorkProgrammeItem, rows)
        self.insert(FollowUp, follow_ups)

    def programme(self, info: BodyInfo, start_year: int, meetings, rows, follow_ups) -> None:
        """One body's work programme for one municipal year: what each meeting took (or
        will take), then the buckets, some of them carried from earlier tracked items."""
        rng, authority = self.rng, info.authority
        year = MunicipalYear(start_year).label
        current = start_year == MunicipalYear.of(self.today).first
        order = itertools.count(1)

        def add(title, detail="", **fields):
            officer, _, _ = rng.choice(authority.officers)
            _, member = rng.choice(authority.cabinet)
            row = WorkProgrammeItem(
                body=info.body,
                municipal_year=year,
                order=next(order),
                title=title,
                detail=detail,
                lead_officers=[officer.name],
                cabinet_members=[f"Councillor {member.name}"],
                leads_as_written=f"{officer.name} Cllr {member.name.split()[-1]}",
                **fields,
            )
            rows.append(row)
            return row

        for record in meetings:
            meeting = record.meeting
            if meeting.status == "cancelled":
                continue
            status = {"held": "held", "postponed": "postponed"}.get(meeting.status, "scheduled")
            for agenda_item, topic in record.topics:
                taken = {}
                if status == "held":
                    taken["taken_at"] = agenda_item
                    taken["taken_minute"] = record.minutes.get(id(agenda_item))
                detail = f"To consider the report on {lower(topic)}."
                add(topic, detail, meeting=meeting, status=status, **taken)
            if info.body.kind == Body.Kind.SCRUTINY_BOARD:
                standing = "held" if status == "held" else "scheduled"
                add("Outstanding Issues", meeting=meeting, standing=True, status=standing)
        buckets = [
            ("date-to-be-decided", "Date to be decided", rng.randint(1, 3)),
            ("progress-reports", "Progress reports (by exception)", rng.randint(1, 3)),
            ("proposed-items", "Proposed agenda items", rng.randint(2, 4)),
            ("performance-monitoring", "Performance monitoring", rng.randint(0, 2)),
            ("next-year", f"Items for {MunicipalYear(start_year + 1).label}", rng.randint(0, 2)),
        ]
        origins = self.origins.get((info.body.pk, MunicipalYear(start_year - 1).label), [])
        for bucket, label, count in buckets:
            for topic in rng.sample(TOPICS, count):
                status = "deferred" if rng.random() < 0.1 else "scheduled"
                if bucket == "next-year" or (not current and rng.random() < 0.15):
                    status = "postponed"
                origin, origin_day = (
                    origins.pop() if origins and rng.random() < 0.5 else (None, None)
                )
                row = add(
                    topic,
                    f"Progress on {lower(topic)}.",
                    bucket=bucket,
                    bucket_label=label,
                    status=status,
                    origin_tracked_item=origin,
                    origin_text=f"Recommendation of {origin_day:%-d %B %Y}" if origin else "",
                )
                if origin:
                    follow_ups.append(
                        FollowUp(
                            tracked_item=origin,
                            programme_item=row,
                            note="Added to the work programme.",
                        )
                    )
