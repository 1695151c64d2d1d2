"""The body an assurance record belongs to: the one the paper names for it, else the body
the paper is about."""

from __future__ import annotations

from scrutineer.governance.models import Body


def owning_body(loader, printed: str | None, lines, home_body: Body | None) -> Body | None:
    if printed:
        return loader.names.body(loader._name(printed, lines))
    if home_body is not None:
        return home_body
    if loader.pack.bodies:
        first = loader.pack.bodies[0]
        return loader.names.body(first.name, tuple(first.aliases))
    return None


def item_body(loader, item, home_body: Body | None) -> Body | None:
    """A review's or an audit's recommendation is chased by the body that owns the review
    or audit (the partnership), not by the board whose paper printed it; any other item is
    the paper's body's."""
    assurance = loader.pack.assurance
    for records, name in ((assurance.reviews, item.review), (assurance.audits, item.audit)):
        for record in records:
            if name and record.title == name:
                return owning_body(loader, record.body, record.lines, home_body)
    return home_body
