"""Who changed a record, when, and what they changed: the one history of edits.

Every edit made on Scrutineer's pages is written here, in Django's own admin log
(``LogEntry``), so an edit made in the admin and one made on a page read as one history.
An edit of a record that belongs to a meeting (an agenda item, its attachments, attendance,
a minute and its resolutions) is written against the meeting, naming the part, so the
meeting's history is the whole story of its papers.
"""

from __future__ import annotations

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

ADDED, CHANGED, DELETED = ADDITION, CHANGE, DELETION


def record_edit(user, record, action: int, message: str) -> LogEntry:
    """Write one edit of ``record`` by ``user``: ``action`` is ADDED, CHANGED or DELETED,
    ``message`` what was done, in words ("Postponed the meeting", "Changed title")."""
    return LogEntry.objects.create(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(type(record), for_concrete_model=False),
        object_id=str(record.pk),
        object_repr=str(record)[:200],
        action_flag=action,
        change_message=message,
    )


def changed_fields_message(form) -> str:
    """What a model form changed, in words: "Changed date and venue"."""
    if not form.changed_data:
        return "Saved with no change"
    labels = [str(form.fields[name].label or name).lower() for name in form.changed_data]
    if len(labels) == 1:
        return f"Changed {labels[0]}"
    return f"Changed {', '.join(labels[:-1])} and {labels[-1]}"


def history_of(record):
    """The edits of ``record``, newest first, with who made them."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record), for_concrete_model=False),
            object_id=str(record.pk),
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
