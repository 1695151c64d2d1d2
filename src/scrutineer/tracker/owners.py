"""Which body or organisation an owner or addressee label names: one rule for the labels
an officer types and the labels read from papers.

Labels name records of one council (the tracked item's body's): the same "LSCB" in two
councils is two bodies. A label is linked only when what it names is certain: a known alias
or the exact name, or (for a body) an acronym that only one body's initials end with.
Anything less certain stays a label, to be linked once its body is known
(``link_parties_to_new_bodies``).
"""

from __future__ import annotations

import re

from django.db.models import Q

from scrutineer.governance.models import (
    Body,
    BodyAlias,
    Council,
    Organisation,
    OrganisationAlias,
    alias_key,
)

from .models import Party

ACRONYM_LENGTHS = range(2, 9)


def split_labels(text: str) -> list[str]:
    """ "Cabinet Member (Education and Skills), LSCB" -> two labels, as typed, without repeats."""
    labels, seen = [], set()
    for part in re.split(r"[,;\n]", text or ""):
        label = " ".join(part.split())
        if label and label.lower() not in seen:
            seen.add(label.lower())
            labels.append(label)
    return labels


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _is_acronym(label: str) -> bool:
    return len(label) in ACRONYM_LENGTHS and label.isalpha() and label.isupper()


def body_for_label(label: str, council_id: int | None = None) -> Body | None:
    """The body a label names: by alias ("Coventry LSCB"), by its exact name, or by an
    acronym that only one body's initials end with ("LSCB" for "Coventry Local
    Safeguarding Children Board"). Anything less certain stays a label. Without a council: the
    install's only one."""
    council_id = council_id or Council.objects.default().pk
    alias = (
        BodyAlias.objects.filter(council_id=council_id, key=alias_key(label))
        .select_related("body")
        .first()
    )
    if alias:
        return alias.body
    bodies = Body.objects.filter(council_id=council_id)
    named = list(bodies.filter(name__iexact=label.strip())[:2])
    if len(named) == 1:
        return named[0]
    if not _is_acronym(label):
        return None
    matches = [body for body in bodies if _initials(body.name).endswith(label)]
    return matches[0] if len(matches) == 1 else None


def organisation_for_label(label: str, council_id: int | None = None) -> Organisation | None:
    """The one organisation a label names by alias or exact name."""
    council_id = council_id or Council.objects.default().pk
    alias = OrganisationAlias.objects.filter(council_id=council_id, key=alias_key(label)).first()
    if alias:
        return alias.organisation
    organisations = Organisation.objects.filter(council_id=council_id)
    named = list(organisations.filter(name__iexact=label.strip())[:2])
    return named[0] if len(named) == 1 else None


def links_for_label(label: str, council_id: int | None = None) -> dict:
    """The links for a new Party with this label: ``Party(label=label, **links)``."""
    links = {}
    if body := body_for_label(label, council_id):
        links["body"] = body
    if organisation := organisation_for_label(label, council_id):
        links["organisation"] = organisation
    return links


def add_parties(item, parties) -> None:
    """New parties of a new item, (role, label) pairs as an officer typed them, each linked
    to what its label names: the add-item form and "Track this" alike."""
    council_id = item.body.council_id
    unique = dict.fromkeys((role, label[:255]) for role, label in parties)
    Party.objects.bulk_create(
        Party(tracked_item=item, role=role, label=label, **links_for_label(label, council_id))
        for role, label in unique
    )


def link_parties(item) -> None:
    """An item's parties are linked to what their labels name, where not linked already."""
    council_id = item.body.council_id
    for party in item.parties.filter(Q(body=None) | Q(organisation=None)):
        found = {}
        if party.body_id is None and (body := body_for_label(party.label, council_id)):
            found["body"] = body
        if party.organisation_id is None and (
            organisation := organisation_for_label(party.label, council_id)
        ):
            found["organisation"] = organisation
        if found:
            for name, record in found.items():
                setattr(party, name, record)
            party.save(update_fields=list(found))


def link_parties_to_new_bodies(bodies: list[Body]) -> None:
    """Owners named before their body was known ("LSCB" in a 2016 pack, the LSCB's own
    report loaded later) are linked once it is."""
    for body in bodies:
        initials = _initials(body.name)
        labels = {a.alias for a in body.aliases.all()}
        labels |= {initials[i:] for i in range(len(initials) - 1)}
        labels.add(body.name)
        parties = Party.objects.filter(
            body=None, label__in=labels, tracked_item__body__council_id=body.council_id
        )
        for party in parties:
            if body_for_label(party.label, body.council_id) == body:
                party.body = body
                party.save(update_fields=["body"])
