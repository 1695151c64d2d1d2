"""Who may read and edit what. Roles are Django groups.

- anonymous (``public``): public records only;
- ``member``: may also read restricted records;
- ``officer``: may edit the records of the bodies they are officer to;
- ``admin`` (or a superuser): may edit everything.
"""

from __future__ import annotations

MEMBER, OFFICER, ADMIN = "member", "officer", "admin"
ROLE_GROUPS = (MEMBER, OFFICER, ADMIN)


def _groups(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_scrutineer_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._scrutineer_groups = cached
    return cached


def is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or ADMIN in _groups(user)


def can_read_restricted(user) -> bool:
    """Members, officers, admins and staff (who can reach the admin site anyway)."""
    if getattr(user, "is_staff", False) or is_admin(user):
        return True
    return bool(_groups(user) & {MEMBER, OFFICER})


def can_load_papers(user) -> bool:
    """Officers and admins may upload papers to be read into the records (as jobs)."""
    return is_admin(user) or OFFICER in _groups(user)


def can_edit_body(user, body) -> bool:
    if is_admin(user):
        return True
    if OFFICER not in _groups(user):
        return False
    return body.officers.filter(pk=user.pk).exists()


def editable_bodies(user):
    """The bodies whose records ``user`` may edit: ``can_edit_body`` as one query."""
    from .models import Body

    if not getattr(user, "is_authenticated", False):
        return Body.objects.none()
    if is_admin(user):
        return Body.objects.all()
    # One filter() call, so both conditions are on the same officer row.
    return Body.objects.filter(officers=user, officers__groups__name=OFFICER)
