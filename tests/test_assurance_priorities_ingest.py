"""Priorities, progress statements and subgroups from the seeds, as rows: exact values,
their source lines, and a second ingest that changes nothing."""

import pytest

from scrutineer.assurance.models import Priority, ProgressStatement, Subgroup
from scrutineer.ingest.loader import ingest_file
from tests.seeds import seed_path

pytestmark = pytest.mark.django_db


def test_2022_priorities_loaded_for_the_partnership(seeded):
    found = Priority.objects.filter(period="2020–2022").order_by("first_line")
    assert [(p.title, p.body.name, p.first_line) for p in found] == [
        ("Neglect", "Coventry Safeguarding Children's Partnership", 431),
        (
            "Extra familial harm including a contextual safeguarding approach",
            "Coventry Safeguarding Children's Partnership",
            433,
        ),
        ("Making the system work", "Coventry Safeguarding Children's Partnership", 435),
    ]
    neglect = found[0]
    headings = list(neglect.progress.values_list("heading", flat=True))
    assert headings.count("working-well") == 18
    assert headings.count("worried") == 6
    assert headings.count("needs-to-happen") == 7
    first = neglect.progress.first()
    assert (first.first_line, first.printed_heading) == (441, "What's working well?")
    assert neglect.indicators.filter(name="Early Help (Neglect)").exists()


def test_ingesting_again_changes_nothing(seeded):
    before = (
        Priority.objects.count(),
        ProgressStatement.objects.count(),
        Subgroup.objects.count(),
        list(Priority.objects.values_list("title", "why", "metrics", "facts", "first_line")),
        list(Subgroup.objects.values_list("name", "chair", "workplan", "facts")),
    )
    for name in ("scrutiny-pack-2022-03-17.txt", "lscb-annual-report-2016-17.txt"):
        ingest_file(seed_path(name))
    after = (
        Priority.objects.count(),
        ProgressStatement.objects.count(),
        Subgroup.objects.count(),
        list(Priority.objects.values_list("title", "why", "metrics", "facts", "first_line")),
        list(Subgroup.objects.values_list("name", "chair", "workplan", "facts")),
    )
    assert after == before
