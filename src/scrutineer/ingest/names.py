"""Resolve names as written in papers to Person, Organisation and Body records.

One thing, many names: "Councillor M Mutton", "M Mutton" and "Councillor Mutton (Chair)"
are one person. A name that could match more than one person is not merged; the caller
records a warning instead.

Names resolve within one council, the pack's: "Councillor Smith" of Coventry and
"Councillor Smith" of Exampleshire are two people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutineer.governance.models import (
    Body,
    BodyAlias,
    Council,
    Organisation,
    OrganisationAlias,
    Person,
    PersonAlias,
    alias_key,
)
from scrutineer.packs.bodies import kind_of_body
from scrutineer.packs.bodynames import loose_body_key
from scrutineer.packs.text import councillor_title, name_key, split_honorifics

from .records import fetch_or_create


@dataclass
class Ambiguity:
    name: str
    candidates: list[Person]


@dataclass
class NameResolver:
    """Caches lookups for the length of one ingest, which runs in one transaction. Every
    lookup and every record it creates is in ``council``."""

    council: Council
    people: dict[tuple[str, int | None], Person | Ambiguity] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    created_bodies: list[Body] = field(default_factory=list)  # new, or known by a new name
    ambiguous_bodies: list[str] = field(default_factory=list)

    def body(self, name: str, aliases: tuple[str, ...] = ()) -> Body:
        key = alias_key(name)
        if key in self.bodies:
            return self.bodies[key]
        found = None
        for candidate in (name, *aliases):
            alias = (
                BodyAlias.objects.select_related("body")
                .filter(council=self.council, key=alias_key(candidate))
                .first()
            )
            if alias:
                found = alias.body
                break
        if found is None:
            found = self._loosely_named_body(name, aliases)
        if found is None:
            found = Body.objects.create(council=self.council, name=name, kind=kind_of_body(name))
        for candidate in (name, *aliases):
            _, new_name = fetch_or_create(
                BodyAlias,
                council=self.council,
                key=alias_key(candidate),
                defaults={"body": found, "alias": candidate},
            )
            if new_name and found not in self.created_bodies:
                self.created_bodies.append(found)
        self.bodies[key] = found
        return found

    def _loosely_named_body(self, name: str, aliases: tuple[str, ...]) -> Body | None:
        """The one body of this council whose names differ from ``name`` only in what house
        styles vary (``packs.bodynames``). Two such bodies are an ambiguity: noted for the
        loader to warn about, and neither is chosen."""
        keys = {loose_body_key(candidate) for candidate in (name, *aliases)}
        matches = {
            alias.body
            for alias in BodyAlias.objects.filter(council=self.council).select_related("body")
            if loose_body_key(alias.alias) in keys
        }
        if len(matches) > 1:
            names = ", ".join(sorted(body.name for body in matches))
            self.ambiguous_bodies.append(f'"{name}" could be any of {names}')
            return None
        return matches.pop() if matches else None

    def add_body_alias(self, body: Body, alias: str) -> None:
        """Record another name for ``body``, unless that name already belongs to another."""
        fetch_or_create(
            BodyAlias,
            council=self.council,
            key=alias_key(alias),
            defaults={"body": body, "alias": alias},
        )
        self.bodies.setdefault(alias_key(alias), body)

    def organisation(self, name: str) -> Organisation:
        key = alias_key(name)
        if key not in self.organisations:
            alias = (
                OrganisationAlias.objects.select_related("organisation")
                .filter(council=self.council, key=key)
                .first()
            )
            if alias:
                organisation = alias.organisation
            else:
                organisation, _ = fetch_or_create(
                    Organisation, council=self.council, name=name.strip()
                )
                OrganisationAlias.objects.create(
                    council=self.council, organisation=organisation, alias=name, key=key
                )
            self.organisations[key] = organisation
        return self.organisations[key]

    def person(self, written: str, body: Body | None = None) -> Person | Ambiguity:
        """The Person for a name as written, creating one when nobody could match."""
        cache_key = (written, body.pk if body else None)
        if cache_key in self.people:
            return self.people[cache_key]
        honorific, name = split_honorifics(written)
        initial, surname = name_key(name)
        candidates = self.candidates(written, body)
        if len(candidates) > 1:
            result: Person | Ambiguity = Ambiguity(written, candidates)
        elif candidates:
            result = self._enrich(candidates[0], name, honorific, initial)
        else:
            result = Person.objects.create(
                council=self.council,
                name=name,
                honorific=councillor_title(honorific),
                surname_key=surname,
                initial=initial or "",
            )
            PersonAlias.objects.create(person=result, alias=name)
        self.people[cache_key] = result
        return result

    def candidates(self, written: str, body: Body | None = None) -> list[Person]:
        """The people a name as written could be, creating nobody: those of the same
        surname whose initial does not disagree; when that is several, those who have sat
        on ``body``, if any have."""
        initial, surname = name_key(split_honorifics(written)[1])
        candidates = [
            p
            for p in Person.objects.filter(council=self.council, surname_key=surname)
            if initial is None or not p.initial or p.initial == initial
        ]
        if len(candidates) > 1 and body is not None:
            on_body = [
                p
                for p in candidates
                if p.memberships.filter(body=body).exists()
                or p.roster_entries.filter(roster__body=body).exists()
            ]
            candidates = on_body or candidates
        return candidates

    @staticmethod
    def _enrich(person: Person, name: str, honorific: str | None, initial: str | None) -> Person:
        """Keep the fullest form of a name: "Jane Moore" over "J Moore" over "Moore"."""
        changed = False
        if len(name) > len(person.name):
            person.name, changed = name, True
        if initial and not person.initial:
            person.initial, changed = initial, True
        if honorific and not person.honorific:
            person.honorific, changed = councillor_title(honorific), True
        if changed:
            person.save()
        fetch_or_create(PersonAlias, person=person, alias=name)
        return person
