"""Who may read and edit what. Roles are Django groups.

- anonymous (``public``): public records only;
- ``member``: may also read the restricted records of the bodies they are a reader of
  (``Body.readers``);
- ``officer``: may edit, and read the restricted records of, the bodies they are officer
  to (``Body.officers``);
- ``admin`` (or a superuser), and staff (who reach the admin site anyway): may read
  everything; admins may edit everything.
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


def reads_everything(user) -> bool:
    """Admins and staff (who can reach the admin site anyway) read every restricted record."""
    return bool(getattr(user, "is_staff", False)) or is_admin(user)


def read_body_ids(user) -> frozenset[int]:
    """The ids of the bodies whose restricted records ``user`` reads: those they are a reader
    of, as a member, and those they are officer to, as an officer. Read once per request
    user, as its groups are."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_scrutineer_read_bodies", None)
    if cached is None:
        from .models import Body

        groups, found = _groups(user), set()
        if MEMBER in groups:
            found |= set(Body.objects.filter(readers=user).values_list("pk", flat=True))
        if OFFICER in groups:
            found |= set(Body.objects.filter(officers=user).values_list("pk", flat=True))
        cached = user._scrutineer_read_bodies = frozenset(found)
    return cached


def can_read_restricted(user, body=None) -> bool:
    """With ``body`` (a body or its id): whether ``user`` reads that body's restricted
    records. Without: whether they read every restricted record, of every body and of
    none (a document no meeting refers to)."""
    if reads_everything(user):
        return True
    if body is None:
        return False
    return (body if isinstance(body, int) else body.pk) in read_body_ids(user)


def reads_any_restricted(user) -> bool:
    """Whether ``user`` reads some restricted records: a page can then say what it hides."""
    return reads_everything(user) or bool(read_body_ids(user))


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
