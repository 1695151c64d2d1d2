"""Small helpers shared by the tests."""

from django.apps import apps


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"governance"}
    }


def parties(item, role):
    return [p.label for p in item.parties.filter(role=role).order_by("pk")]
