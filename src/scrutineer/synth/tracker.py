"""The recommendations tracker: tracked items from resolutions, reviews, audits and action
plans, with their parties, status histories and responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scrutineer.governance.models import Body, Visibility
from scrutineer.packs.due import derive_due_date
from scrutineer.periods import MunicipalYear, add_months
from scrutineer.tracker.models import Party, Response, StatusChange, TrackedItem

from .records import BodyInfo, MeetingInfo
from .vocabulary import (
    ACTIONS,
    DUE_MONTHS,
    LABEL_OWNERS,
    METRICS,
    PORTFOLIOS,
    REVIEW_NAMES,
    TOPICS,
    lower,
)

BATCH = 5_000  # items generated before they and the rows that point to them are written
RESTRICTED_SHARE = 0.03
# Of the items past "sent" (about nine in ten), the share with a recorded response.
RESPONSE_SHARE = 0.54
UTC = dt.UTC

STATUS_NOTES = {
    "open": ["Recorded at the meeting.", "Entered from the minutes."],
    "sent": ["Sent to the Cabinet Member and officer.", "Circulated to the owners."],
    "response-received": ["Response received.", "Written response received from the owner."],
    "accepted": ["Recommendation accepted.", "Accepted by the Cabinet Member."],
    "partially-accepted": ["Accepted in part; see the response."],
    "rejected": ["Not accepted; reasons given in the response."],
    "in-progress": ["Work under way.", "Included in the service plan."],
    "complete": ["Completed; evidence received.", "Reported complete at the meeting."],
    "impact-reviewed": ["Impact reviewed by the board.", "Dip sample confirmed the change."],
}
RESPONSE_TEXTS = [
    "The service has reviewed {topic} and a revised approach was agreed in {month}.",
    "An update on {topic} was circulated to members; the figures are in the appendix.",
    "Partners have agreed a joint protocol for {topic}, which takes effect from {month}.",
    "Training on {topic} has been delivered to {n} practitioners across agencies.",
    "The recommendation is accepted. Funding for {topic} has been identified for {month}.",
    "Audit of {n} cases found improved practice in {topic}; a further audit is planned.",
]  # fmt: skip

# Status histories that end in each status: 1 to 5 entries, each a plausible workflow.
HISTORIES = {
    "open": [("open",)],
    "sent": [("open", "sent")],
    "response-received": [("open", "sent", "response-received")],
    "accepted": [("open", "sent", "response-received", "accepted"), ("open", "accepted")],
    "partially-accepted": [("open", "sent", "response-received", "partially-accepted")],
    "rejected": [("open", "sent", "response-received", "rejected"), ("open", "rejected")],
    "in-progress": [
        ("open", "in-progress"),
        ("open", "sent", "accepted", "in-progress"),
        ("open", "sent", "response-received", "accepted", "in-progress"),
    ],
    "complete": [
        ("open", "complete"),
        ("open", "in-progress", "complete"),
        ("open", "sent", "response-received", "complete"),
        ("open", "sent", "response-received", "accepted", "complete"),
        ("open", "sent", "accepted", "in-progress", "complete"),
    ],
    "impact-reviewed": [
        ("open", "in-progress", "complete", "impact-reviewed"),
        ("open", "sent", "accepted", "complete", "impact-reviewed"),
        ("open", "sent", "response-received", "complete", "impact-reviewed"),
    ],
}
OPEN_STATUSES = (
    ["open"] * 12 + ["sent"] * 18 + ["response-received"] * 15 + ["accepted"] * 12
    + ["partially-accepted"] * 5 + ["in-progress"] * 38
)  # fmt: skip
CLOSED_CHOICES = ["complete"] * 76 + ["impact-reviewed"] * 12 + ["rejected"] * 12
ANSWERED = frozenset(HISTORIES) - {"open", "sent"}

# Which kinds of source each kind of body produces, with weights; and group sizes.
SOURCE_MIX = {
    Body.Kind.SCRUTINY_BOARD: [
        ("briefing-note", 4), ("outstanding-issues", 3), ("peer-review", 1),
        ("action-plan", 3), ("manual", 1),
    ],
    Body.Kind.SAFEGUARDING_PARTNERSHIP: [
        ("case-review", 4), ("audit", 3), ("action-plan", 3), ("peer-review", 1), ("manual", 1),
    ],
    Body.Kind.SUBGROUP: [("case-review", 4), ("audit", 4), ("action-plan", 2)],
    Body.Kind.HEALTH_WELLBEING_BOARD: [
        ("action-plan", 4), ("briefing-note", 2), ("audit", 1), ("peer-review", 1),
        ("manual", 1),
    ],
    Body.Kind.TASK_AND_FINISH: [("briefing-note", 3), ("action-plan", 2), ("manual", 1)],
}  # fmt: skip
GROUP_SIZES = {
    "briefing-note": (2, 5),
    "outstanding-issues": (3, 8),
    "peer-review": (4, 10),
    "action-plan": (8, 25),
    "case-review": (4, 8),
    "audit": (3, 8),
    "manual": (1, 3),
}


@dataclass
class _Batch:
    """Rows waiting to be written. Items come with their meeting's date; the rows that
    point to items are tuples until the items have pks."""

    items: list[tuple[TrackedItem, dt.date]] = field(default_factory=list)
    subitems: list[TrackedItem] = field(default_factory=list)
    parties: list[tuple] = field(default_factory=list)
    changes: list[tuple] = field(default_factory=list)
    responses: list[tuple] = field(default_factory=list)


class TrackedItems:
    """The tracker phase of a run (a mixin of ``governance.Synthesiser``)."""

    def tracked_items(self) -> None:
        held = [
            (info, record)
            for info in self.bodies
            for record in info.meetings
            if record.meeting.status == "held"
        ]
        target = self.plan.tracked_items
        if not held:
            raise RuntimeError("No meetings were held, so there is nothing to track.")
        quotas = [target // len(held)] * len(held)
        for i in self.rng.sample(range(len(held)), target % len(held)):
            quotas[i] += 1
        batch = _Batch()
        made = 0
        for (info, record), quota in zip(held, quotas, strict=True):
            made += self.items_for_meeting(info, record, quota, batch)
            if len(batch.items) >= BATCH:
                self.flush(batch)
                batch = _Batch()
                self.progress("Tracked items", made, target)
        self.flush(batch)
        self.progress("Tracked items", made, target)

    def items_for_meeting(self, info: BodyInfo, record: MeetingInfo, quota: int, batch) -> int:
        rng = self.rng
        made = 0
        for request in record.requests:
            if made >= quota:
                return made
            self.item(
                batch, info, record, "resolution", request.item_type, request.text,
                request.topic, request.due_months, resolution=request.resolution,
            )  # fmt: skip
            made += 1
        kinds, weights = zip(*SOURCE_MIX[info.body.kind], strict=True)
        topics = [topic for _, topic in record.topics] or [rng.choice(TOPICS)]
        while made < quota:
            kind = rng.choices(kinds, weights)[0]
            low, high = GROUP_SIZES[kind]
            size = rng.randint(low, high)
            made += self.group(batch, info, record, kind, rng.choice(topics), size, quota - made)
        return made

    def group(self, batch, info, record, kind, topic, size, room) -> int:
        """A set of items from one source: a review's recommendations, an action plan..."""
        rng, made = self.rng, 0
        months = rng.choice(DUE_MONTHS)
        phrase = lower(topic)
        if kind == "case-review":
            label = rng.choice(
                [
                    "Serious Case Review",
                    "Child Safeguarding Practice Review",
                    "Safeguarding Adults Review",
                    "Rapid Review",
                ]
            )
            reference = f"{label} – {rng.choice(REVIEW_NAMES)}"
        else:
            reference = {
                "briefing-note": f"Briefing note: {topic}",
                "outstanding-issues": "Outstanding Issues report",
                "peer-review": f"Peer review of {phrase}",
                "action-plan": f"{topic} action plan",
                "audit": f"Multi-agency audit: {phrase}",
                "manual": "",
            }[kind]
        for n in range(1, size + 1):
            if made >= room:
                break
            item_type, text = self.group_text(kind, phrase)
            number = {"audit": f"F{n}", "peer-review": f"R{n}"}.get(kind, str(n))
            parent = self.item(
                batch, info, record, kind, item_type, text, topic, months,
                number=number, reference=reference,
            )  # fmt: skip
            made += 1
            if kind == "case-review" and rng.random() < 0.45:
                for letter in "abcd"[: rng.randint(2, 4)]:
                    if made >= room:
                        break
                    _, sub_text = self.group_text(kind, phrase)
                    self.item(
                        batch, info, record, kind, item_type, sub_text, topic, months,
                        number=f"{n}{letter}", reference=reference, parent=parent,
                    )  # fmt: skip
                    made += 1
            if kind == "action-plan" and rng.random() < 0.3:
                months = rng.choice(DUE_MONTHS)  # plans stagger their timescales
        return made

    def group_text(self, kind: str, topic: str) -> tuple[str, str]:
        rng = self.rng
        action = rng.choice(ACTIONS)
        if kind == "case-review":
            return "R", rng.choice(
                [
                    f"The Partnership should seek assurance that agencies {action} {topic}.",
                    f"All agencies should {action} {topic} and report to the Board.",
                    f"Practitioners should be reminded of the guidance on {topic}.",
                    f"The Board should {action} {topic} within six months.",
                ]
            )
        if kind == "audit":
            return rng.choice("AR"), rng.choice(
                [
                    f"Case records did not consistently show the voice of the child in {topic}.",
                    f"Agencies to {action} {topic}.",
                    f"Supervision records should evidence management oversight of {topic}.",
                ]
            )
        if kind == "action-plan":
            return "A", rng.choice(
                [
                    f"{action.capitalize()} {topic}.",
                    f"Deliver multi-agency training on {topic}.",
                    f"Publish guidance for practitioners on {topic}.",
                    f"Establish a task group to {action} {topic}.",
                ]
            )
        if kind == "peer-review":
            return "R", f"The council should {action} {topic}."
        if kind == "outstanding-issues":
            item_type = rng.choice("RAI")
            if item_type == "I":
                return (
                    item_type,
                    f"Request an update on {topic} in {rng.choice([3, 6, 12])} months.",
                )
            return item_type, f"Officers to {action} {topic}."
        if kind == "briefing-note":
            return "R", f"Members are recommended to ask officers to {action} {topic}."
        return rng.choice("RAI"), f"Follow up {topic}: {rng.choice(METRICS)}."

    def item(
        self, batch, info, record, kind, item_type, text, topic, due_months, *,
        number="", reference="", resolution=None, parent=None,
    ) -> TrackedItem:  # fmt: skip
        rng, today = self.rng, self.today
        authority = info.authority
        day = record.meeting.date
        officer, officer_title, _ = rng.choice(authority.officers)
        derived = derive_due_date(text, day) if item_type == "I" else None
        if derived:
            due, basis = derived.date, derived.basis
        elif rng.random() < 0.08:
            due, basis = None, ""
        else:
            due = add_months(day, due_months)
            basis = f"Timescale stated: {due:%B %Y}"
        reference_day = due or add_months(day, 6)
        overdue_days = (today - reference_day).days
        if overdue_days > 730:
            p_closed = 0.93
        elif overdue_days > 365:
            p_closed = 0.85
        elif overdue_days > 0:
            p_closed = 0.6
        elif overdue_days > -90:
            p_closed = 0.2
        else:
            p_closed = 0.05
        if (today - day).days < 30:
            status = rng.choice(["open", "open", "sent"])
        elif rng.random() < p_closed:
            status = rng.choice(CLOSED_CHOICES)
        else:
            status = rng.choice(OPEN_STATUSES)
        history = rng.choice(HISTORIES[status])
        restricted = record.meeting.private_business and rng.random() < 0.2
        restricted = restricted or rng.random() < RESTRICTED_SHARE
        item = TrackedItem(
            item_type=item_type,
            text=text,
            number=number,
            source_kind=kind,
            source_reference=reference,
            topic=topic,
            body_id=info.body.pk,
            meeting_id=record.meeting.pk,
            resolution_id=resolution.pk if resolution else None,
            parent=parent,
            officer_contact_id=officer.pk,
            officer_contact_text=f"{officer.name}, {officer_title}",
            due_date=due,
            due_basis=basis,
            status=status,
            visibility=Visibility.RESTRICTED if restricted else Visibility.PUBLIC,
            version=len(history),
        )
        if parent is None:
            batch.items.append((item, day))
        else:
            batch.subitems.append(item)
        self.parties(batch, item, info, kind, item_type)
        self.history(batch, item, history, day, reference_day)
        return item

    def parties(self, batch, item, info: BodyInfo, kind: str, item_type: str) -> None:
        rng, authority = self.rng, info.authority
        rows: list[tuple] = []

        def add(role, label, person=None, organisation=None, body=None):
            if all(row[2] != label or row[1] != role for row in rows):
                rows.append((item, role, label, person, organisation, body))

        portfolio, member = rng.choice(authority.cabinet)
        officer, title, directorate = rng.choice(authority.officers)
        if kind in {"resolution", "briefing-note", "outstanding-issues"}:
            if item_type == "R":
                add("addressee", f"Cabinet Member ({portfolio})", person=member)
                if rng.random() < 0.15:
                    _, other = rng.choice(authority.cabinet)
                    add("addressee", f"Cabinet Member ({rng.choice(PORTFOLIOS)})", person=other)
            else:
                add("owner", f"Cabinet Member ({portfolio})", person=member)
            add("owner", officer.name, person=officer)
        elif kind in {"case-review", "audit"}:
            roll = rng.random()
            board = info.body.parent or info.body
            if roll < 0.4:
                add("owner", board.name, body=board)
            elif roll < 0.75:
                org = rng.choice(authority.partners + [authority.council])
                add("owner", org.name, organisation=org)
            else:
                add("owner", rng.choice(LABEL_OWNERS))
            if rng.random() < 0.3:
                org = rng.choice(authority.partners)
                add("owner", org.name, organisation=org)
        elif kind == "peer-review":
            add("addressee", authority.council.name, organisation=authority.council)
            add("owner", officer.name, person=officer)
        elif kind == "action-plan":
            if rng.random() < 0.6:
                add("owner", officer.name, person=officer)
            else:
                org = rng.choice(authority.partners)
                add("owner", org.name, organisation=org)
            if rng.random() < 0.25:
                add("owner", directorate)
        else:
            add("owner", officer.name, person=officer)
        batch.parties.extend(rows)

    def history(self, batch, item, history, day: dt.date, reference_day: dt.date) -> None:
        rng = self.rng
        start = dt.datetime.combine(day, dt.time(17), tzinfo=UTC)
        last_day = min(self.today - dt.timedelta(days=1), reference_day + dt.timedelta(days=120))
        end = dt.datetime.combine(max(last_day, day + dt.timedelta(days=2)), dt.time(12), UTC)
        span = (end - start).total_seconds()
        offsets = sorted(rng.random() for _ in history[1:])
        moments = [start] + [
            start + dt.timedelta(seconds=int(span * f) + i + 1) for i, f in enumerate(offsets)
        ]
        previous = ""
        for status, moment in zip(history, moments, strict=True):
            batch.changes.append((item, previous, status, moment, rng.choice(STATUS_NOTES[status])))
            previous = status
        if item.status in ANSWERED and rng.random() < RESPONSE_SHARE:
            answered = moments[min(2, len(moments) - 1)]
            for k in range(rng.choices([1, 2], [3, 1])[0]):
                when = (answered + dt.timedelta(days=30 * k)).date()
                text = rng.choice(RESPONSE_TEXTS).format(
                    topic=lower(item.topic), month=f"{when:%B %Y}", n=rng.randint(12, 400)
                )
                links = "" if rng.random() < 0.7 else "https://example.org/evidence"
                batch.responses.append(
                    (item, min(when, self.today), item.officer_contact_text, text, links)
                )

    def flush(self, batch: _Batch) -> None:
        # Parents first: bulk_create gives them pks, which the rows that point to them
        # (sub-items, parties, history, responses) pick up when they are inserted.
        # Parents first: bulk_create gives them pks, which sub-items pick up from the parent
        # object; the rows that point to items are written once the items have pks.
        self.insert(TrackedItem, [item for item, _ in batch.items])
        self.insert(TrackedItem, batch.subitems)
        self.insert_rows(
            Party,
            [
                {
                    "tracked_item_id": item.pk,
                    "role": role,
                    "label": label,
                    "person_id": person.pk if person else None,
                    "organisation_id": organisation.pk if organisation else None,
                    "body_id": body.pk if body else None,
                }
                for item, role, label, person, organisation, body in batch.parties
            ],
        )
        self.insert_rows(
            StatusChange,
            [
                {
                    "tracked_item_id": item.pk,
                    "from_status": from_status,
                    "to_status": to_status,
                    "changed_at": when,
                    "note": note,
                }
                for item, from_status, to_status, when, note in batch.changes
            ],
        )
        self.insert_rows(
            Response,
            [
                {
                    "tracked_item_id": item.pk,
                    "date": day,
                    "responder": responder,
                    "text": text,
                    "links": links,
                }
                for item, day, responder, text, links in batch.responses
            ],
        )
        for item, day in batch.items:
            key = (item.body_id, MunicipalYear.of(day).label)
            kept = self.origins.setdefault(key, [])
            if len(kept) < 6 and item.visibility == Visibility.PUBLIC:
                kept.append((item, day))
