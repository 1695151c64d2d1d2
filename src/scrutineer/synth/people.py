"""People, organisations, bodies and memberships: who the synthetic authorities are and
who sits on which of their boards over the ten years."""

from __future__ import annotations

import datetime as dt

from django.utils.text import slugify

from scrutineer.governance.models import (
    Body,
    BodyAlias,
    Membership,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    Post,
    alias_key,
)

from .records import Authority, BodyInfo, Seat
from .vocabulary import (
    BODY_TEMPLATES,
    FIRST_NAMES,
    OFFICER_TITLES,
    PARTNER_TITLES,
    PORTFOLIOS,
    REMIT,
    SURNAMES,
    SYNTHETIC_NOTE,
    authority_places,
    organisation_specs,
)


class PeopleAndBodies:
    """The first phases of a run (a mixin of ``governance.Synthesiser``)."""

    # -- people and organisations --

    def person(self, first: str, surname: str, honorific: str = "") -> Person:
        return Person(
            name=f"{first} {surname}",
            honorific=honorific,
            surname_key=surname.lower(),
            initial=first[0],
        )

    def people_and_organisations(self) -> None:
        rng = self.rng
        organisations, aliases, people, posts = [], [], [], []
        seen_keys: set[str] = set()

        def alias(org: Organisation, text: str) -> None:
            key = alias_key(text)
            if key not in seen_keys:
                seen_keys.add(key)
                aliases.append(OrganisationAlias(organisation=org, alias=text, key=key))

        places = authority_places(self.plan.authorities)
        for index, (place, county) in enumerate(places):
            authority = Authority(place, county)
            for _, name, others in organisation_specs(place, county):
                org = Organisation(name=name, slug=slugify(name)[:255])
                organisations.append(org)
                alias(org, name)
                for other in others:
                    alias(org, other)
            authority.council, authority.partners = organisations[-9], organisations[-8:]

            names = rng.sample(range(len(FIRST_NAMES) * len(SURNAMES)), 36 + 25 + 24)
            pairs = [
                (FIRST_NAMES[n % len(FIRST_NAMES)], SURNAMES[n // len(FIRST_NAMES)]) for n in names
            ]
            for first, surname in pairs[:36]:
                person = self.person(first, surname, "Councillor")
                authority.councillors.append(person)
            authority.cabinet = list(zip(PORTFOLIOS, authority.councillors[:8], strict=True))
            for (first, surname), (title, directorate) in zip(
                pairs[36:61], OFFICER_TITLES, strict=True
            ):
                person = self.person(first, surname)
                authority.officers.append((person, title, directorate))
                posts.append(
                    Post(
                        person=person,
                        organisation=authority.council,
                        title=title,
                        directorate=directorate,
                    )
                )
            for i, (first, surname) in enumerate(pairs[61:]):
                person = self.person(first, surname, rng.choice(["", "", "Dr"]))
                org = authority.partners[i % len(authority.partners)]
                title = PARTNER_TITLES[i % len(PARTNER_TITLES)]
                authority.partner_people.append((person, org, title))
                posts.append(Post(person=person, organisation=org, title=title))
            group = (
                authority.councillors
                + [p for p, _, _ in authority.officers]
                + [p for p, _, _ in authority.partner_people]
            )
            people.extend(group)
            self.authorities.append(authority)
            self.progress("People and organisations", index + 1, self.plan.authorities)

        self.insert(Organisation, organisations)
        self.insert(OrganisationAlias, aliases)
        self.insert(Person, people)
        person_aliases = []
        for person in people:
            first, surname = person.name.split(" ", 1)
            forms = [person.name, f"{first[0]} {surname}", f"{first[0]}. {surname}"]
            if person.honorific == "Councillor":
                forms += [f"Cllr {person.name}", f"Councillor {surname}"]
            for form in forms[: 2 + rng.randrange(len(forms) - 1)]:
                person_aliases.append(PersonAlias(person=person, alias=form))
        self.insert(PersonAlias, person_aliases)
        self.insert(Post, posts)

    # -- bodies and memberships --

    def bodies_and_memberships(self) -> None:
        rng = self.rng
        infos: list[BodyInfo] = []
        note = SYNTHETIC_NOTE.format(scale=f"{self.plan.scale:g}", seed=self.seed)
        for index in range(self.plan.bodies):
            authority = self.authorities[index // len(BODY_TEMPLATES)]
            pattern, kind, _, _ = BODY_TEMPLATES[index % len(BODY_TEMPLATES)]
            name = pattern.format(place=authority.place)
            body = Body(
                name=name, slug=slugify(name)[:255], kind=kind, remit=f"{REMIT[kind]} {note}"
            )
            infos.append(BodyInfo(body, authority))
        for index, info in enumerate(infos):
            parent = BODY_TEMPLATES[index % len(BODY_TEMPLATES)][2]
            if parent is not None:
                info.body.parent = infos[index - index % len(BODY_TEMPLATES) + parent].body
        self.insert(Body, [i.body for i in infos if i.body.parent is None])
        self.insert(Body, [i.body for i in infos if i.body.parent is not None])
        aliases = []
        for index, info in enumerate(infos):
            for pattern in [info.body.name, *BODY_TEMPLATES[index % len(BODY_TEMPLATES)][3]]:
                text = pattern.format(place=info.authority.place)
                aliases.append(BodyAlias(body=info.body, alias=text, key=alias_key(text)))
        self.insert(BodyAlias, aliases)

        memberships = []
        for index, info in enumerate(infos):
            info.seats = self.seats(info)
            for seat in info.seats:
                role = Membership.Role.MEMBER
                if seat.chair:
                    role = Membership.Role.CHAIR
                elif seat.capacity in {"co-opted", "officer"}:
                    role = seat.capacity
                memberships.append(
                    Membership(
                        body=info.body,
                        person=seat.person,
                        organisation=seat.organisation,
                        role=role,
                        title=seat.organisation.name if seat.organisation else "",
                        start_date=seat.start,
                        end_date=seat.end,
                    )
                )
            if rng.random() < 0.2:
                memberships.append(
                    Membership(body=info.body, vacant=True, title="Vacancy", role="member")
                )
            self.progress("Bodies and memberships", index + 1, len(infos))
        # A Vice Chair for each body: the first plain member seat still held.
        for info in infos:
            for membership in memberships:
                if (
                    membership.body is info.body
                    and membership.role == Membership.Role.MEMBER
                    and membership.person is not None
                    and membership.end_date is None
                ):
                    membership.role = Membership.Role.VICE_CHAIR
                    break
        self.insert(Membership, memberships)
        self.bodies = infos

    def seats(self, info: BodyInfo) -> list[Seat]:
        """Who sits on a body, with some turnover during the ten years."""
        rng, authority, kind = self.rng, info.authority, info.body.kind
        start = self.period_start
        seats: list[Seat] = []
        if kind in {Body.Kind.SCRUTINY_BOARD, Body.Kind.TASK_AND_FINISH}:
            pool = authority.councillors[8:]  # cabinet members do not sit on scrutiny
            size = 9 if kind == Body.Kind.SCRUTINY_BOARD else 5
            chosen = rng.sample(pool, size + 3)
            for i, person in enumerate(chosen[:size]):
                seats.append(Seat(person, None, "member", start, None, chair=i == 0))
            extras = chosen[size:]
            if kind == Body.Kind.SCRUTINY_BOARD:
                for person, _, _ in rng.sample(authority.partner_people[-6:], 2):
                    seats.append(Seat(person, None, "co-opted", start, None))
        elif kind == Body.Kind.HEALTH_WELLBEING_BOARD:
            for i, (_, person) in enumerate(authority.cabinet[:4]):
                seats.append(Seat(person, None, "member", start, None, chair=i == 0))
            for person, _, _ in authority.officers[:3]:
                seats.append(Seat(person, None, "member", start, None))
            for person, org, _ in authority.partner_people[:4]:
                seats.append(Seat(person, org, "member", start, None))
            extras = [p for p, _, _ in authority.partner_people[8:12]]
        else:  # partnerships and subgroups: agencies, represented by people
            partners = authority.partner_people
            chair = rng.choice(partners)
            seats.append(Seat(chair[0], None, "member", start, None, chair=True))
            for person, org, _ in rng.sample(partners, 7):
                if person is not chair[0]:
                    seats.append(Seat(person, org, "member", start, None))
            for person, _, _ in rng.sample(authority.officers[:16], 3):
                seats.append(Seat(person, authority.council, "member", start, None))
            extras = [p for p, _, _ in rng.sample(partners, 4)]
        officer = authority.officers[16 if kind == Body.Kind.SCRUTINY_BOARD else 13][0]
        seats.append(Seat(officer, None, "officer", start, None))
        # Turnover: some members leave part-way and someone else takes the seat.
        span = (self.period_end - self.period_start).days
        for seat in list(seats):
            if seat.capacity == "member" and not seat.chair and extras and rng.random() < 0.3:
                change = self.period_start + dt.timedelta(days=rng.randrange(180, span - 180))
                seat.end = change
                seats.append(Seat(extras.pop(), seat.organisation, "member", change, None))
        return seats
