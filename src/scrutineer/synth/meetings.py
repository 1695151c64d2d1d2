"""Meetings with their agendas, minutes, resolutions, declarations and attendance."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Minute,
    Resolution,
    Visibility,
)
from scrutineer.periods import MunicipalYear

from .records import Authority, BodyInfo, MeetingInfo, Request
from .vocabulary import ACTIONS, DOCUMENTS, DUE_MONTHS, METRICS, PORTFOLIOS, TOPICS, lower

LONDON = ZoneInfo("Europe/London")


class Meetings:
    """The meetings phase of a run (a mixin of ``governance.Synthesiser``)."""

    # -- meetings, agendas, minutes, attendance --

    def meeting_dates(self, count: int) -> list[dt.date]:
        span = (self.period_end - self.period_start).days
        dates: list[dt.date] = []
        used: set[dt.date] = set()
        for j in range(count):
            day = self.period_start + dt.timedelta(
                days=int((j + 0.5) * span / count) + self.rng.randint(-6, 6)
            )
            while day.weekday() >= 4 or day in used:  # Monday to Thursday
                day += dt.timedelta(days=1)
            used.add(day)
            dates.append(day)
        return dates

    def meetings(self) -> None:
        rng, today = self.rng, self.today
        total = self.plan.meetings
        per_body = [total // len(self.bodies)] * len(self.bodies)
        for i in range(total % len(self.bodies)):
            per_body[i] += 1
        meetings: list[MeetingInfo] = []
        for info, count in zip(self.bodies, per_body, strict=True):
            venues = [
                f"Committee Room {n}, Council House, {info.authority.place}" for n in (1, 2, 3)
            ] + [f"Diamond Room, Council House, {info.authority.place}", "Online (Microsoft Teams)"]
            for day in self.meeting_dates(count):
                if day > today:
                    status = "postponed" if rng.random() < 0.05 else "scheduled"
                else:
                    roll = rng.random()
                    status = "cancelled" if roll < 0.03 else "postponed" if roll < 0.06 else "held"
                hour = rng.choice([10, 10, 14, 14, 16])
                meeting = Meeting(
                    body=info.body,
                    date=day,
                    start=dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON),
                    closed_at=dt.time(hour + 2, rng.choice([0, 15, 30, 45]))
                    if status == "held"
                    else None,
                    venue=rng.choice(venues),
                    status=status,
                    published=day - dt.timedelta(days=7),
                    issued_by=f"Governance Services, {info.authority.place} City Council",
                    private_business=rng.random() < 0.1,
                )
                record = MeetingInfo(meeting, MunicipalYear.of(day).label)
                info.meetings.append(record)
                meetings.append(record)
        self.insert(Meeting, [m.meeting for m in meetings])

        done = 0
        chunk: list[tuple[BodyInfo, MeetingInfo]] = []
        for info in self.bodies:
            for record in info.meetings:
                chunk.append((info, record))
                if len(chunk) >= 200:
                    done += len(chunk)
                    self.meeting_records(chunk)
                    self.progress("Meetings, agendas and minutes", done, total)
                    chunk = []
        done += len(chunk)
        self.meeting_records(chunk)
        self.progress("Meetings, agendas and minutes", done, total)

    def agenda(self, info: BodyInfo, record: MeetingInfo, sub: list[AgendaItem]):
        """A meeting's agenda as (item, role) pairs; sub-items are added to ``sub``."""
        rng, meeting, authority = self.rng, record.meeting, info.authority
        items: list[tuple[AgendaItem, str]] = []
        page = 1

        def add(title, role, presenter="", visibility=Visibility.PUBLIC, pages=0, desc=""):
            nonlocal page
            item = AgendaItem(
                meeting=meeting,
                number=str(len(items) + 1),
                order=len(items) + 1,
                title=title,
                presenter=presenter,
                description=desc,
                visibility=visibility,
                first_page=page if pages else None,
                last_page=page + pages - 1 if pages else None,
            )
            page += pages
            items.append((item, role))
            return item

        add("Apologies and Substitutions", "apologies")
        add("Declarations of Interest", "declarations")
        minutes_item = add("Minutes", "minutes", pages=rng.randint(4, 10))
        for order, (letter, title) in enumerate(
            [("(a)", "To agree the minutes of the previous meeting"), ("(b)", "Matters arising")],
            start=1,
        ):
            sub.append(
                AgendaItem(
                    meeting=meeting, parent=minutes_item, number=letter, order=order, title=title
                )
            )
        for topic in rng.sample(TOPICS, rng.randint(3, 5)):
            officer, title, _ = rng.choice(authority.officers)
            item = add(
                topic,
                "topic",
                presenter=f"{title} ({officer.name})",
                pages=rng.randint(6, 40),
                desc=f"Briefing note of the {title}.",
            )
            record.topics.append((item, topic))
        if info.body.kind == Body.Kind.SCRUTINY_BOARD:
            add("Outstanding Issues", "standing", pages=rng.randint(2, 6))
        add(f"Work Programme {record.year}", "standing", pages=rng.randint(3, 8))
        add("Any other items of public business", "aob")
        if meeting.private_business:
            topic = rng.choice(TOPICS)
            add(
                f"Private business: {topic}",
                "private",
                visibility=Visibility.RESTRICTED,
                desc="Exempt information under paragraph 2 of Schedule 12A.",
            )
        return items

    def meeting_records(self, chunk: list[tuple[BodyInfo, MeetingInfo]]) -> None:
        """Agenda items, minutes, resolutions, declarations and attendance for some meetings."""
        rng = self.rng
        top, sub = [], []
        plans = []
        for info, record in chunk:
            if record.meeting.status == "cancelled":
                continue
            items = self.agenda(info, record, sub)
            top.extend(item for item, _ in items)
            plans.append((info, record, items))
        self.insert(AgendaItem, top)
        self.insert(AgendaItem, sub)  # bulk_create picks up their parents' new pks

        minutes, held = [], []
        numbers = self.minute_numbers
        for info, record, items in plans:
            if record.meeting.status != "held":
                continue
            held.append((info, record, items))
            for item, _role in items:
                key = (info.body.pk, record.year)
                numbers[key] = numbers.get(key, 0) + 1
                minute = Minute(
                    meeting=record.meeting,
                    number=numbers[key],
                    municipal_year=record.year,
                    title=item.title,
                    agenda_item=item,
                    visibility=item.visibility,
                )
                record.minutes[id(item)] = minute
                minutes.append(minute)
        self.insert(Minute, minutes)

        resolutions, declarations, attendance = [], [], []
        for info, record, items in held:
            authority = info.authority
            meeting = record.meeting
            for item, role in items:
                minute = record.minutes[id(item)]
                if role == "minutes":
                    resolutions.append(
                        Resolution(
                            minute=minute,
                            order=1,
                            text="That the minutes of the previous meeting be agreed and "
                            "signed as a true record.",
                        )
                    )
                elif role == "declarations":
                    declarations.append(
                        Declaration(
                            meeting=meeting,
                            minute=minute,
                            order=1,
                            text="There were no disclosable pecuniary interests.",
                            none_declared=True,
                        )
                    )
                    if rng.random() < 0.12:
                        who = rng.choice([s.person for s in info.seats if s.person])
                        declarations.append(
                            Declaration(
                                meeting=meeting,
                                minute=minute,
                                order=2,
                                person=who,
                                text=f"{who.name} declared an other interest as a foster carer "
                                "in the matter referred to in the report.",
                            )
                        )
                elif role == "topic":
                    resolutions.append(
                        Resolution(
                            minute=minute,
                            order=1,
                            part="1)",
                            text=f"That the Board notes the report on {item.title}.",
                        )
                    )
                    for order in range(2, 2 + rng.choices([0, 1, 2, 3], [2, 4, 3, 1])[0]):
                        request = self.request(authority, item.title)
                        resolution = Resolution(
                            minute=minute, order=order, part=f"{order})", text=request.text
                        )
                        request.resolution = resolution
                        resolutions.append(resolution)
                        record.requests.append(request)
            attendance.extend(self.attendance(info, record))
        self.insert(Resolution, resolutions)
        self.insert(Declaration, declarations)
        self.insert(Attendance, attendance)

    def request(self, authority: Authority, topic: str) -> Request:
        """What a resolution asks for, worded as boards word it."""
        rng = self.rng
        portfolio = rng.choice(PORTFOLIOS)
        roll = rng.random()
        months = rng.choice(DUE_MONTHS)
        if roll < 0.35:
            return Request(
                None,
                "R",
                f"That the Cabinet Member ({portfolio}) be recommended to "
                f"{rng.choice(ACTIONS)} {lower(topic)}.",
                topic,
                months,
            )
        if roll < 0.7:
            period = f"{months} month{'s' if months != 1 else ''}"
            text = rng.choice(
                [
                    f"Request an update on {lower(topic)} in {period}.",
                    f"That a progress report on {lower(topic)} be brought back in {period}.",
                    f"Request further information on {rng.choice(METRICS)} for {lower(topic)}.",
                ]
            )
            return Request(None, "I", text, topic, months)
        return Request(
            None,
            "A",
            rng.choice(
                [
                    f"Officers to circulate the {rng.choice(DOCUMENTS)} on {lower(topic)} "
                    "to members of the Board.",
                    f"Arrange a visit for members to see {lower(topic)} in practice.",
                    f"Officers to provide a briefing note on {lower(topic)} before the "
                    "next meeting.",
                ]
            ),
            topic,
            months,
        )

    def attendance(self, info: BodyInfo, record: MeetingInfo) -> list[Attendance]:
        rng, meeting = self.rng, record.meeting
        rows, used = [], set()
        authority = info.authority
        for seat in info.seats:
            if seat.start > meeting.date or (seat.end and seat.end <= meeting.date):
                continue
            person = seat.person
            capacity = (
                "officer"
                if seat.capacity == "officer"
                else "co-opted"
                if seat.capacity == "co-opted"
                else "member"
            )
            roll = rng.random()
            status = (
                "in-attendance"
                if capacity == "officer"
                else "present"
                if roll < 0.8
                else "apology"
                if roll < 0.93
                else "absent"
            )
            name = f"{person.honorific} {person.name}".strip()
            if (name, status) in used:
                continue
            used.add((name, status))
            rows.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    name_as_written=name,
                    status=status,
                    capacity=capacity,
                    chair=seat.chair and status == "present",
                    organisation=seat.organisation,
                )
            )
            if status == "apology" and person.honorific == "Councillor" and rng.random() < 0.4:
                substitute = rng.choice(authority.councillors[8:])
                sub_name = f"Councillor {substitute.name}"
                if (sub_name, "substitute") not in used:
                    used.add((sub_name, "substitute"))
                    rows.append(
                        Attendance(
                            meeting=meeting,
                            person=substitute,
                            name_as_written=sub_name,
                            status="substitute",
                            capacity="member",
                            substitute_for=person,
                        )
                    )
        for officer, title, directorate in rng.sample(authority.officers[:16], 2):
            if (officer.name, "in-attendance") not in used:
                used.add((officer.name, "in-attendance"))
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=officer,
                        name_as_written=officer.name,
                        status="in-attendance",
                        capacity="officer",
                        role=title,
                        organisation=authority.council,
                        directorate=directorate,
                    )
                )
        if info.body.kind == Body.Kind.SCRUTINY_BOARD:
            portfolio, member = rng.choice(authority.cabinet)
            name = f"Councillor {member.name}"
            if (name, "in-attendance") not in used:
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=member,
                        name_as_written=name,
                        status="in-attendance",
                        capacity="cabinet-member",
                        role=f"Cabinet Member for {portfolio}",
                    )
                )
        return rows
