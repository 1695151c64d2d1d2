"""Merging two records the papers name differently, and undoing it.

A merge moves every row that points at the merged record (aliases, attendance, roster
entries, tracked-item parties, meetings, …) to the kept one, found through Django's own
relation metadata so that a new kind of record is covered without a change here, then
deletes the merged record. The ``Merge`` row keeps the merged record as it was and the rows
moved, so an undo puts both back; rows made since the merge stay with the kept record.
A move that would break a uniqueness rule (two meetings of one body on one day) refuses the
whole merge, and nothing is written.
"""

from __future__ import annotations

from django.apps import apps
from django.core import serializers
from django.db import IntegrityError, transaction
from django.utils import timezone

from .changes import touch
from .models import Body, Merge, Organisation, Person
from .tenure import rederive_memberships

KINDS = {Merge.Kind.PERSON: Person, Merge.Kind.ORGANISATION: Organisation, Merge.Kind.BODY: Body}


class MergeRefused(Exception):
    """A merge or undo that cannot be made; the message says why. Nothing was written."""


def kind_of(record) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(record, model))


def _name(record) -> str:
    return str(getattr(record, "name", record))[:255]


def _pointers(record):
    """(model, field name) of every foreign key and one-to-one that can point at ``record``."""
    for relation in record._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            yield relation.related_model, relation.field.name


@transaction.atomic
def merge(kept, merged, user=None) -> Merge:
    """Merge ``merged`` into ``kept`` (same kind, same council); MergeRefused if not."""
    if type(kept) is not type(merged) or kept.pk == merged.pk:
        raise MergeRefused("Choose two different records of the same kind.")
    if kept.council_id != merged.council_id:
        raise MergeRefused("Records of two councils are never merged.")
    snapshot = serializers.serialize("json", [merged])
    moved = []
    try:
        with transaction.atomic():
            for model, field in _pointers(merged):
                rows = model._base_manager.filter(**{field: merged})
                pks = list(rows.values_list("pk", flat=True))
                if pks:
                    model._base_manager.filter(pk__in=pks).update(**{field: kept})
                    touch(model, pks)
                    moved.append([model._meta.label, field, pks])
            for field in merged._meta.many_to_many:
                added = set(getattr(merged, field.name).values_list("pk", flat=True))
                added -= set(getattr(kept, field.name).values_list("pk", flat=True))
                getattr(kept, field.name).add(*added)
                moved.append(["m2m", field.name, sorted(added)])
            merged_pk, merged_name = merged.pk, _name(merged)
            merged.delete()
    except IntegrityError as error:
        raise MergeRefused(
            f"{_name(merged)} cannot be merged into {_name(kept)}: both have a record the "
            f"other would duplicate ({error}). Nothing was changed."
        ) from None
    record = Merge.objects.create(
        council_id=kept.council_id,
        kind=kind_of(kept),
        kept_id=kept.pk,
        kept_name=_name(kept),
        merged_id=merged_pk,
        merged_name=merged_name,
        snapshot=snapshot,
        moved=moved,
        merged_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _rederive(kept)
    return record


@transaction.atomic
def undo(record: Merge, user=None) -> None:
    """Put the merged record and the rows moved back; MergeRefused if already undone or if
    the kept record has gone."""
    if record.undone_at is not None:
        raise MergeRefused("This merge has already been undone.")
    model = KINDS[record.kind]
    kept = model.objects.filter(pk=record.kept_id).first()
    if kept is None:
        raise MergeRefused(f"{record.kept_name} no longer exists, so the merge cannot be undone.")
    try:
        with transaction.atomic():
            for restored in serializers.deserialize("json", record.snapshot):
                restored.save()
            merged = model.objects.get(pk=record.merged_id)
            for label, field, pks in record.moved:
                if label == "m2m":
                    getattr(kept, field).remove(*pks)
                    getattr(merged, field).add(*pks)
                    continue
                apps.get_model(label)._base_manager.filter(pk__in=pks, **{field: kept}).update(
                    **{field: merged}
                )
                touch(apps.get_model(label), pks)
    except IntegrityError as error:
        raise MergeRefused(f"The merge cannot be undone: {error}. Nothing was changed.") from None
    record.undone_at, record.undone_by = timezone.now(), user
    record.save(update_fields=["undone_at", "undone_by"])
    _rederive(kept, merged)


def _rederive(*records) -> None:
    """Memberships are derived from who is named where: derive those of every body the
    records sit on (or are) again."""
    bodies = set()
    for record in records:
        if isinstance(record, Body):
            bodies.add(record)
        elif isinstance(record, Person):
            bodies |= set(Body.objects.filter(rosters__entries__person=record))
            bodies |= set(Body.objects.filter(meetings__attendance__person=record))
    for body in bodies:
        rederive_memberships(body)
