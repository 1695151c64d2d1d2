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
