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


def test_the_2017_18_priorities_and_plan_with_their_lines(seeded):
    found = list(Priority.objects.filter(period="2017/18").order_by("number"))
    assert [(p.number, p.first_line, p.facts) for p in found] == [
        (n, 765 + n, {"title": [765 + n, 765 + n], "plan_on_a_page": [1013 + n, 1013 + n]})
        for n in range(1, 6)
    ]
    assert all(p.on_plan_on_a_page for p in found)
    assert {p.source.name for p in found} == {"lscb-annual-report-2016-17.txt"}
    assert found[0].outcomes[0].startswith("Children who are looked after have equal")
    assert found[1].why == []


def test_progress_of_the_2015_priorities_keeps_its_printed_headings(seeded):
    voice = Priority.objects.get(period="since April 2015", first_line=337)
    last = voice.progress.last()
    assert (last.heading, last.printed_heading, last.first_line) == ("other", "Conclusion", 383)
    assert last.text.startswith("Previous good progress on this priority has continued.")


def test_subgroups_with_their_chairs_and_workplans(seeded):
    gregg = Subgroup.objects.get(name="Effectiveness and quality")
    assert (gregg.chair, gregg.facts["chair"], gregg.first_line) == ("John Gregg", [917, 917], 707)
    training = Subgroup.objects.get(name="Training Strategy")
    assert len(training.workplan) == 14
    assert training.facts["workplan"] == [3105, 3123]
    assert training.source.name == "hwb-pack-2014-02-24.txt"
    assert Subgroup.objects.get(name="Child Death Review Panel").chair == (
        "John Forde, Consultant, Public Health NHS Coventry"
    )
