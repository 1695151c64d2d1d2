"""The attendance and declarations an officer records for a meeting: what each form asks,
and the checks that keep the record true to the body's membership."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from scrutineer.governance.models import (
    Attendance,
    Declaration,
    Meeting,
    Organisation,
    Person,
)
from scrutineer.ingest.names import NameResolver
from scrutineer.packs.attendance import attendance_entry
from scrutineer.packs.model import ParsedAttendance
from scrutineer.web.forms import GovukMixin

Status = Attendance.Status
Capacity = Attendance.Capacity
SPARE_SUBSTITUTES = 2  # blank substitute rows under those already recorded
SPARE_OTHERS = 3  # blank rows for officers and others in attendance
ATTENDED = [
    (Status.PRESENT, "Present"),
    (Status.APOLOGY, "Apologies"),
    (Status.ABSENT, "Absent"),
]
OTHER_CAPACITIES = [(Capacity.OFFICER, "Officer"), (Capacity.OTHER, "Other")]


@dataclass(frozen=True)
class Seat:
    """One member of the body, a row of the attendance form."""

    key: str  # "p12" for a person, "o3" for an organisation holding a seat
    name: str  # the name as written on the attendance row
    label: str  # "Councillor Jane Moore"
    capacity: str
    person: Person | None = None
    organisation: Organisation | None = None
    honorific: str = ""


def seats_of(meeting: Meeting) -> list[Seat]:
    """The body's current members, then anyone recorded here as a member who no longer
    holds a seat (so that saving the form never drops them)."""
    seats: dict[str, Seat] = {}
    current = meeting.body.memberships.current().filter(vacant=False)
    for seat in current.select_related("person", "organisation"):
        capacity = Capacity.CO_OPTED if seat.role == "co-opted" else Capacity.MEMBER
        if seat.person:
            _add_person(seats, seat.person, capacity)
        elif seat.organisation:
            key = f"o{seat.organisation_id}"
            name = seat.organisation.name
            seats.setdefault(key, Seat(key, name, name, capacity, organisation=seat.organisation))
    recorded = meeting.attendance.filter(
        person__isnull=False,
        capacity__in=[Capacity.MEMBER, Capacity.CO_OPTED],
        status__in=[Status.PRESENT, Status.APOLOGY, Status.ABSENT],
    ).select_related("person")
    for row in recorded:
        _add_person(seats, row.person, row.capacity)
    return list(seats.values())


def _add_person(seats: dict[str, Seat], person: Person, capacity: str) -> None:
    key = f"p{person.pk}"
    seats.setdefault(
        key,
        Seat(key, person.name, person.display_name, capacity, person, None, person.honorific),
    )


class AttendanceForm(GovukMixin, forms.Form):
    """Each member present, sending apologies or absent (and who chaired); substitutes and
    whom they stood in for; officers and others in attendance."""

    def __init__(self, *args, meeting: Meeting, seats: list[Seat], **kwargs):
        self.meeting = meeting
        self.seats = {seat.key: seat for seat in seats}
        rows = list(meeting.attendance.select_related("organisation", "substitute_for"))
        substitutes = [row for row in rows if row.status == Status.SUBSTITUTE]
        others = [row for row in rows if row.capacity in {Capacity.OFFICER, Capacity.OTHER}]
        others = [row for row in others if row.status in {Status.PRESENT, Status.IN_ATTENDANCE}]
        self.substitute_rows = range(len(substitutes) + SPARE_SUBSTITUTES)
        self.other_rows = range(len(others) + SPARE_OTHERS)
        seat_rows = _seat_rows(rows, seats)
        # The rows this form shows, so saving it changes those and keeps the others.
        self.shown = list(seat_rows.values()) + substitutes + others
        kwargs.setdefault("initial", _initial(seat_rows, seats, substitutes, others))
        super().__init__(*args, **kwargs)
        for seat in seats:
            self.fields[f"status_{seat.key}"] = forms.ChoiceField(
                label=seat.label,
                choices=ATTENDED,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
                error_messages={
                    "required": f"Select whether {seat.label} was present, sent apologies "
                    "or was absent"
                },
            )
            self.fields[f"chair_{seat.key}"] = forms.BooleanField(
                label=f"{seat.label} chaired the meeting", required=False
            )
        members = [("", "Choose the member")] + [
            (seat.key, seat.label) for seat in seats if seat.person
        ]
        for n in self.substitute_rows:
            self.fields[f"sub_name_{n}"] = forms.CharField(
                label=f"Substitute {n + 1}: name",
                required=False,
                max_length=200,
                help_text="With their title, for example Councillor Sam Patel",
            )
            self.fields[f"sub_for_{n}"] = forms.ChoiceField(
                label=f"Substitute {n + 1}: substituting for",
                choices=members,
                required=False,
                error_messages={"invalid_choice": "Select one of the body's members listed"},
            )
        for n in self.other_rows:
            self.fields[f"other_name_{n}"] = forms.CharField(
                label=f"Person {n + 1}: name", required=False, max_length=200
            )
            self.fields[f"other_role_{n}"] = forms.CharField(
                label=f"Person {n + 1}: role", required=False, max_length=200
            )
            self.fields[f"other_org_{n}"] = forms.CharField(
                label=f"Person {n + 1}: organisation", required=False, max_length=200
            )
            self.fields[f"other_capacity_{n}"] = forms.ChoiceField(
                label=f"Person {n + 1}: attending as",
                choices=OTHER_CAPACITIES,
                initial=Capacity.OFFICER,
                required=False,
            )

    # Groups of bound fields, for the template.
    def member_rows(self):
        return [(self[f"status_{key}"], self[f"chair_{key}"]) for key in self.seats]

    def substitute_fields(self):
        return [(self[f"sub_name_{n}"], self[f"sub_for_{n}"]) for n in self.substitute_rows]

    def other_fields(self):
        return [
            [self[f"other_{part}_{n}"] for part in ("name", "role", "org", "capacity")]
            for n in self.other_rows
        ]

    def clean(self):
        data = super().clean()
        chairs = [key for key in self.seats if data.get(f"chair_{key}")]
        if len(chairs) > 1:
            self.add_error(f"chair_{chairs[1]}", "Tick only one member as chair of the meeting")
        for key in chairs[:1]:
            if data.get(f"status_{key}") and data[f"status_{key}"] != Status.PRESENT:
                self.add_error(
                    f"chair_{key}",
                    f"{self.seats[key].label} can chair the meeting only if present",
                )
        self._check_substitutes(data)
        for n in self.other_rows:
            role, org = data.get(f"other_role_{n}"), data.get(f"other_org_{n}")
            if (role or org) and not data.get(f"other_name_{n}"):
                self.add_error(f"other_name_{n}", f"Enter the name of person {n + 1}")
        self._check_repeats(data)
        return data

    def _check_substitutes(self, data) -> None:
        body = self.meeting.body
        names = NameResolver(body.council)
        member_people = {seat.person for seat in self.seats.values() if seat.person}
        replaced: set[str] = set()
        for n in self.substitute_rows:
            name, key = data.get(f"sub_name_{n}"), data.get(f"sub_for_{n}")
            if f"sub_for_{n}" in self.errors or (not name and not key):
                continue  # a member not listed is already said
            if not name:
                self.add_error(f"sub_name_{n}", f"Enter the name of substitute {n + 1}")
            if not key:
                self.add_error(f"sub_for_{n}", f"Select the member substitute {n + 1} stood in for")
                continue
            seat = self.seats[key]
            if data.get(f"status_{key}") == Status.PRESENT:
                self.add_error(
                    f"sub_for_{n}",
                    f"{seat.label} is recorded as present: a substitute can stand in only for "
                    "a member who sent apologies or was absent",
                )
            if key in replaced:
                self.add_error(f"sub_for_{n}", f"{seat.label} already has a substitute")
            replaced.add(key)
            if not name:
                continue
            candidates = names.candidates(name, body)
            if members := [p for p in candidates if p in member_people]:
                self.add_error(
                    f"sub_name_{n}",
                    f"{members[0].display_name} is a member of {body.name}: record them in "
                    "the list of members, not as a substitute",
                )
            elif len(candidates) > 1:
                listed = ", ".join(sorted(p.display_name for p in candidates))
                self.add_error(
                    f"sub_name_{n}",
                    f"“{name}” could be any of {listed}: enter their full name",
                )

    def _check_repeats(self, data) -> None:
        """One row per person and status (the minutes never list anyone twice)."""
        seen = {seat.name for seat in self.seats.values()}
        for field in [f"sub_name_{n}" for n in self.substitute_rows] + [
            f"other_name_{n}" for n in self.other_rows
        ]:
            written = data.get(field)
            if not written:
                continue
            name = attendance_entry(written, Status.PRESENT, 0).name
            if name in seen:
                self.add_error(field, f"{written} is listed twice: list each person once")
            seen.add(name)

    def entries(self) -> tuple[list[ParsedAttendance], dict[str, Person]]:
        """The attendance as the minutes reader would give it, and the people already known
        by the names written (the body's members)."""
        data = self.cleaned_data
        entries, known = [], {}
        for key, seat in self.seats.items():
            entries.append(
                ParsedAttendance(
                    name=seat.name,
                    status=data[f"status_{key}"],
                    capacity=seat.capacity,
                    lines=(0, 0),
                    chair=bool(data.get(f"chair_{key}")),
                    honorific=seat.honorific or None,
                    organisation=seat.organisation.name if seat.organisation else None,
                )
            )
            if seat.person:
                known[seat.name] = seat.person
        for n in self.substitute_rows:
            if name := data.get(f"sub_name_{n}"):
                principal = self.seats[data[f"sub_for_{n}"]]
                entries.append(attendance_entry(name, Status.SUBSTITUTE, 0, principal.name))
        for n in self.other_rows:
            if name := data.get(f"other_name_{n}"):
                entry = attendance_entry(name, Status.PRESENT, 0)
                entry.capacity = data.get(f"other_capacity_{n}") or Capacity.OFFICER
                entry.role = data.get(f"other_role_{n}") or None
                entry.organisation = data.get(f"other_org_{n}") or None
                entries.append(entry)
        return entries, known


def _seat_rows(rows, seats) -> dict[str, Attendance]:
    """Each seat's row saying whether its member was present, sent apologies or was absent."""
    said = [row for row in rows if row.status in {Status.PRESENT, Status.APOLOGY, Status.ABSENT}]
    said = [row for row in said if row.capacity in {Capacity.MEMBER, Capacity.CO_OPTED}]
    by_person = {row.person_id: row for row in said if row.person_id}
    by_name = {row.name_as_written: row for row in said}
    found = {}
    for seat in seats:
        row = by_person.get(seat.person.pk) if seat.person else by_name.get(seat.name)
        if row is not None:
            found[seat.key] = row
    return found


def _initial(seat_rows, seats, substitutes, others) -> dict:
    initial = {}
    for key, row in seat_rows.items():
        initial[f"status_{key}"] = row.status
        initial[f"chair_{key}"] = row.chair
    keys = {seat.person.pk: seat.key for seat in seats if seat.person}
    for n, row in enumerate(substitutes):
        written = row.person.display_name if row.person else row.name_as_written
        initial[f"sub_name_{n}"] = written
        initial[f"sub_for_{n}"] = keys.get(row.substitute_for_id, "")
    for n, row in enumerate(others):
        initial[f"other_name_{n}"] = row.person.display_name if row.person else row.name_as_written
        initial[f"other_role_{n}"] = row.role
        initial[f"other_org_{n}"] = row.organisation.name if row.organisation else ""
        initial[f"other_capacity_{n}"] = row.capacity
    return initial


class DeclarationsForm(GovukMixin, forms.Form):
    """Declarations of interest: none at all, or each member's interest, on an item (its
    minute) or for the whole meeting."""

    SPARE = 3

    none_declared = forms.BooleanField(
        label="No interests were declared at this meeting", required=False
    )

    def __init__(self, *args, meeting: Meeting, seats: list[Seat], **kwargs):
        self.meeting = meeting
        self.minutes = {str(m.pk): m for m in meeting.minutes.all()}
        self.people = {seat.key: seat.person for seat in seats if seat.person}
        existing = list(
            meeting.declarations.exclude(none_declared=True)
            .select_related("person")
            .order_by("order")
        )
        self.existing = existing
        # Someone who declared but holds no seat now stays choosable, so a save keeps them.
        for declaration in existing:
            if declaration.person and declaration.person not in self.people.values():
                self.people[f"p{declaration.person_id}"] = declaration.person
        self.rows = range(len(existing) + self.SPARE)
        keys = {person.pk: key for key, person in self.people.items()}
        initial = {"none_declared": meeting.declarations.filter(none_declared=True).exists()}
        for n, declaration in enumerate(existing):
            initial[f"item_{n}"] = str(declaration.minute_id or "")
            initial[f"member_{n}"] = keys.get(declaration.person_id, "")
            initial[f"text_{n}"] = declaration.text
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        items = [("", "The meeting as a whole")] + [
            (pk, f"{m.reference} {m.title}") for pk, m in self.minutes.items()
        ]
        members = [("", "Choose the member")] + [
            (key, person.display_name) for key, person in self.people.items()
        ]
        for n in self.rows:
            self.fields[f"item_{n}"] = forms.ChoiceField(
                label=f"Declaration {n + 1}: item", choices=items, required=False
            )
            self.fields[f"member_{n}"] = forms.ChoiceField(
                label=f"Declaration {n + 1}: member", choices=members, required=False
            )
            self.fields[f"text_{n}"] = forms.CharField(
                label=f"Declaration {n + 1}: the interest declared",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def declaration_fields(self):
        return [[self[f"{part}_{n}"] for part in ("item", "member", "text")] for n in self.rows]

    def clean(self):
        data = super().clean()
        filled = []
        for n in self.rows:
            if data.get(f"member_{n}") and not data.get(f"text_{n}"):
                self.add_error(f"text_{n}", f"Enter the interest declaration {n + 1} declares")
            if data.get(f"text_{n}"):
                filled.append(n)
        if filled and data.get("none_declared"):
            self.add_error(
                "none_declared",
                "Either untick “No interests were declared” or remove the declarations below",
            )
        return data

    def _planned(self) -> list[tuple[Declaration | None, dict]]:
        """Each declaration's values, in order, with the stored row it changes (None: a new
        one); one "none declared" when so ticked."""
        data = self.cleaned_data
        if data.get("none_declared"):
            none_row = self.meeting.declarations.filter(none_declared=True).first()
            return [(none_row, {"text": "No interests were declared.", "none_declared": True})]
        return [
            (
                self.existing[n] if n < len(self.existing) else None,
                {
                    "minute": self.minutes.get(data.get(f"item_{n}") or ""),
                    "person": self.people.get(data.get(f"member_{n}") or ""),
                    "text": data[f"text_{n}"],
                    "none_declared": False,
                },
            )
            for n in self.rows
            if data.get(f"text_{n}")
        ]

    def save(self) -> list[Declaration]:
        """The declarations as recorded. Each row the form showed is changed in place, so
        one read from the papers keeps where it was read from; a row emptied is removed.
        Call inside a transaction."""
        planned = self._planned()
        kept = [row for row, _ in planned if row is not None]
        self.meeting.declarations.exclude(pk__in=[row.pk for row in kept]).delete()
        # Out of the way first: (meeting, order) is unique and rows may change places.
        offset = len(planned) + max((row.order for row in kept), default=0) + 1
        for row in kept:
            row.order += offset
            row.save(update_fields=["order"])
        saved = []
        for order, (row, values) in enumerate(planned):
            row = row or Declaration(meeting=self.meeting)
            row.order = order
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            saved.append(row)
        return saved
