"""Councils on a single-council install (issue 9, section 1): today's short addresses stay,
and a paper that names no council joins the only one. Apart from test_councils.py, whose
module holds two councils."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from scrutineer.cli import SAMPLE_DIR
from scrutineer.governance.models import Body, Council
from scrutineer.ingest.loader import ingest_bytes, ingest_file

SAMPLES = sorted(SAMPLE_DIR.glob("*.txt"))
NOVEMBER = SAMPLE_DIR / "exampleshire-children-scrutiny-2025-11-20.txt"


def _without_a_council() -> bytes:
    """The November sample with its council named nowhere."""
    return NOVEMBER.read_bytes().replace(b"Exampleshire County Council", b"Children's Services")


def test_a_paper_naming_no_council_joins_the_only_council(db):
    ingest_file(SAMPLES[0])
    result = ingest_bytes(_without_a_council(), "unnamed.txt")
    assert result.document.council.slug == "exampleshire"
    assert Council.objects.count() == 1


def test_a_single_council_install_keeps_todays_addresses(client, db):
    for path in SAMPLES:
        ingest_file(path)
    assert Council.objects.count() == 1
    board = Body.objects.get(name="Children and Young People Scrutiny Board")
    assert board.get_absolute_url() == "/bodies/children-and-young-people-scrutiny-board/"
    assert reverse("tracker") == "/tracker/"
    html = client.get("/").content.decode()
    assert "Bodies and meetings" in html and board.get_absolute_url() in html
    assert "All councils" not in html
    for url in [board.get_absolute_url(), "/tracker/", "/warnings/", "/reports/tracker.csv"]:
        assert client.get(url).status_code == 200, url
    # Its prefix works too, and links made while answering keep it.
    prefixed = client.get("/exampleshire/").content.decode()
    assert "/exampleshire/bodies/children-and-young-people-scrutiny-board/" in prefixed
    # After the request, addresses are unprefixed again.
    assert board.get_absolute_url() == "/bodies/children-and-young-people-scrutiny-board/"


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_an_existing_install_the_council_its_papers_name():
    """A database made before councils: its rows join one council, the one its papers name
    on a line of their own; a fresh database gets none."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("governance", "0002_body_officers")],
        [("governance", "0004_council_required")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    assert not any(f.name == "council" for f in old.get_model("governance", "Body")._meta.fields)
    old.get_model("governance", "Body").objects.create(name="Audit Committee", slug="audit")
    old.get_model("governance", "Document").objects.create(
        name="a.txt",
        title="Minutes",
        kind="minutes",
        sha256="0" * 64,
        text="Agenda\n\nWestvale District Council\nMinutes of the Meeting of the Audit Committee\n",
        size_bytes=80,
        line_count=4,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    councils = list(new.get_model("governance", "Council").objects.values_list("slug", "name"))
    assert councils == [("westvale", "Westvale District Council")]
    body = new.get_model("governance", "Body").objects.get()
    assert body.council.slug == "westvale"
    assert new.get_model("governance", "Document").objects.get().council_id == body.council_id
    call_command("migrate", verbosity=0)


@pytest.mark.django_db
def test_a_fresh_database_has_no_council_until_a_record_needs_one(settings):
    assert Council.objects.count() == 0
    settings.SCRUTINEER_COUNCIL = "Northmoor Borough Council"
    body = Body.objects.create(name="Audit Committee")
    assert (body.council.slug, body.council.name) == ("northmoor", "Northmoor Borough Council")
