"""When a record last changed: the one rule the open-data API's incremental sync reads.

Every record the API lists has ``updated_at`` (``updated_field``), set by ``save()`` and by
``bulk``'s writers alike. A record shown with its parts (a meeting with its agenda, a minute
with its resolutions) must also look changed when a part changes, so a part's model names
the record it is shown in, in ``touches`` ("meeting" for an agenda item): saving or deleting
a part moves its owner's ``updated_at`` to now, and its owner's owner's. Writers that change
rows without ``save()`` (``QuerySet.update``, ``bulk_update``) call ``touch`` themselves.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

BATCH = 500  # ids in one statement, well inside SQLite's parameter limit


def updated_field():
    return models.DateTimeField(
        auto_now=True, db_index=True, help_text="When the record, or a part shown with it, changed."
    )


def touch(model, pks) -> None:
    """Mark the rows ``pks`` of ``model`` changed now, and what they are shown in."""
    pks = sorted({pk for pk in pks if pk is not None})
    owner = getattr(model, "touches", None)
    owners = set()
    for start in range(0, len(pks), BATCH):
        rows = model._base_manager.filter(pk__in=pks[start : start + BATCH])
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            rows.update(updated_at=timezone.now())
        if owner:
            owners |= set(rows.values_list(f"{owner}_id", flat=True))
    if owners:
        touch(model._meta.get_field(owner).related_model, owners)


def _touch_owner(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading a fixture or restoring a backup changes nothing
        return
    owner = sender.touches
    touch(sender._meta.get_field(owner).related_model, [getattr(instance, f"{owner}_id")])


def _touch_partial_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """A save of named fields only (``update_fields=["status"]``) leaves ``auto_now`` alone:
    the change is marked here, so that no writer has to remember it."""
    if raw or not update_fields or "updated_at" in update_fields:
        return
    touch(sender, [instance.pk])


def connect() -> None:
    """Listen for saves and deletions of every part that ``touches`` an owner, and for saves
    of named fields of every record that says when it changed."""
    for model in apps.get_models():
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            post_save.connect(
                _touch_partial_save, sender=model, dispatch_uid=f"partial-{model._meta.label}"
            )
        if getattr(model, "touches", None):
            post_save.connect(_touch_owner, sender=model, dispatch_uid=f"touch-{model._meta.label}")
            post_delete.connect(
                _touch_owner, sender=model, dispatch_uid=f"untouch-{model._meta.label}"
            )
