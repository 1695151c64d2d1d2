"""Councils: many on one install (issue 9, section 1).

Coventry's four seeds and Exampleshire's two sample packs make two councils; a name in one
never resolves to a person in the other; every page, list and export shows one council's
records; a single-council install keeps its short addresses.
"""

import pytest
from django.core.management import CommandError, call_command

from scrutineer.cli import SAMPLE_DIR
from scrutineer.governance.models import Body, Council, Document, Organisation, Person
from scrutineer.governance.models.councils import slug_for
from scrutineer.ingest.loader import ingest_bytes
from scrutineer.packs import PackError, parse_bytes
from scrutineer.packs.councils import read_council
from scrutineer.tracker.models import TrackedItem
from scrutineer.web.councils import council_addresses
from tests.helpers import row_counts
from tests.seeds import SEED_NAMES, seed_path

SAMPLES = sorted(SAMPLE_DIR.glob("*.txt"))
NOVEMBER = SAMPLE_DIR / "exampleshire-children-scrutiny-2025-11-20.txt"
BOARD = "Children and Young People Scrutiny Board"


def _as_if_printed_by(council_name: str) -> bytes:
    """The November sample pack, as another council would have printed it: its heading names
    that council. Its board, members and councillors keep their (invented) names."""
    return NOVEMBER.read_bytes().replace(b"Exampleshire County Council", council_name.encode())


def _without_a_council() -> bytes:
    """The November sample with its council named nowhere."""
    return NOVEMBER.read_bytes().replace(b"Exampleshire County Council", b"Children's Services")


@pytest.fixture(scope="module")
def two_councils(django_db_setup, django_db_blocker):
    """The four seeds (Coventry) and the two samples (Exampleshire), ingested once."""
    from tests.conftest import _ingested_for_the_module

    paths = [seed_path(name) for name in SEED_NAMES] + SAMPLES
    with _ingested_for_the_module(django_db_blocker, paths):
        yield


@pytest.fixture
def archive(two_councils, db):
    return {c.slug: c for c in Council.objects.all()}


# Reading the council a paper names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "council", "line"),
    [
        ("scrutiny-pack-2016-07-21.txt", "Coventry City Council", 71),  # above its minutes
        ("scrutiny-pack-2022-03-17.txt", "Coventry City Council", 73),
        ("hwb-pack-2014-02-24.txt", "Coventry City Council", 713),  # above a briefing note
        ("lscb-annual-report-2016-17.txt", "Coventry City Council", 417),  # named in the text
    ],
)
def test_each_seed_names_coventry(parsed_seeds, name, council, line):
    found = parsed_seeds(name).council
    assert (found.name, found.lines) == (council, (line, line))


def test_each_sample_names_exampleshire():
    for path, line in zip(SAMPLES, [67, 73], strict=True):
        found = parse_bytes(path.read_bytes(), path.name).council
        assert (found.name, found.lines) == ("Exampleshire County Council", (line, line))


def test_a_heading_above_minutes_wins_over_a_partner_named_alone_earlier():
    lines = [
        "Partners",
        "Northmoor Borough Council",
        "",
        "Westvale District Council",
        "Minutes of the Meeting of the Audit Committee",
        "Westvale District Council has adopted ...",
    ]
    assert read_council(lines).name == "Westvale District Council"
    assert read_council(lines).lines == (4, 4)


def test_prose_names_the_council_named_most_often_and_not_a_role_or_a_lone_kind():
    lines = [
        "The City Council guidelines apply. The Leader of Eastbury City Council spoke.",
        "Eastbury City Council and Northmoor Borough Council agreed; Eastbury City Council paid.",
        "The Voices of Care Council met.",
    ]
    assert read_council(lines).name == "Eastbury City Council"
    assert read_council(["The Council agreed.", "The City Council agreed."]) is None


def test_a_council_slug_drops_the_kind_of_council():
    assert slug_for("Coventry City Council") == "coventry"
    assert slug_for("Exampleshire County Council") == "exampleshire"
    assert slug_for("Westvale Metropolitan Borough Council") == "westvale"
    assert slug_for("Tracker Town Council") == "tracker-council"  # never a site address


# Ingest ---------------------------------------------------------------------------------


def test_seeds_and_samples_are_exactly_two_councils(archive):
    assert sorted(archive) == ["coventry", "exampleshire"]
    assert archive["coventry"].name == "Coventry City Council"
    assert archive["exampleshire"].name == "Exampleshire County Council"
    by_council = {
        slug: sorted(Document.objects.filter(council__slug=slug).values_list("name", flat=True))
        for slug in archive
    }
    assert by_council == {"coventry": sorted(SEED_NAMES), "exampleshire": [p.name for p in SAMPLES]}
    assert sorted(
        Body.objects.filter(council__slug="exampleshire").values_list("name", flat=True)
    ) == [BOARD, "Exampleshire Safeguarding Children Partnership"]
    # Every record hangs off a council the papers named: none fell into a default one.
    for model in (Body, Person, Organisation):
        assert not model.objects.exclude(council__in=archive.values()).exists()


def test_the_same_councillor_in_two_councils_is_two_people(archive):
    """A paper of another council naming the same councillors makes new people, never
    matches Exampleshire's, and a body of the same name is that council's own."""
    before = Person.objects.filter(council=archive["exampleshire"]).count()
    assert not Person.objects.filter(council=archive["coventry"], surname_key="fenwick").exists()
    result = ingest_bytes(_as_if_printed_by("Coventry City Council"), "coventry-cyp.txt")
    assert result.document.council == archive["coventry"]
    assert Council.objects.count() == 2
    assert Person.objects.filter(council=archive["exampleshire"]).count() == before
    fenwicks = Person.objects.filter(surname_key="fenwick").order_by("council__slug")
    assert [(p.council.slug, p.name) for p in fenwicks] == [
        ("coventry", "J Fenwick"),
        ("exampleshire", "J Fenwick"),
    ]
    # And a third council's paper naming them makes a third J Fenwick.
    result = ingest_bytes(_as_if_printed_by("Westvale District Council"), "westvale.txt")
    westvale = Council.objects.get(slug="westvale")
    assert result.document.council == westvale
    assert Person.objects.filter(surname_key="fenwick").count() == 3
    boards = Body.objects.filter(name=BOARD).order_by("council__slug")
    assert [(b.council.slug, b.slug) for b in boards] == [
        ("coventry", "children-and-young-people-scrutiny-board"),
        ("exampleshire", "children-and-young-people-scrutiny-board"),
        ("westvale", "children-and-young-people-scrutiny-board"),
    ]
    # Westvale's board's members are Westvale's people only.
    members = Person.objects.filter(memberships__body=boards[2]).distinct()
    assert members.count() > 10
    assert not members.exclude(council=westvale).exists()
    # Organisations and tracked items stay in their council too.
    assert (
        not TrackedItem.objects.filter(body__council=westvale)
        .exclude(parties__organisation=None)
        .exclude(parties__organisation__council=westvale)
        .exists()
    )


def test_ingest_council_option_overrides_what_the_paper_names(archive, capsys):
    call_command("ingest", "--council", "testshire", str(NOVEMBER))
    testshire = Council.objects.get(slug="testshire")
    assert testshire.name == "Testshire"  # the paper's own council name is taken already
    document = Document.objects.get(council=testshire)
    assert document.name == NOVEMBER.name
    assert Body.objects.filter(council=testshire).get().name == BOARD
    assert "of Testshire" in capsys.readouterr().out
    # The same file again for the same council is a no-op; Exampleshire's copy is untouched.
    call_command("ingest", "--council", "testshire", str(NOVEMBER))
    assert Document.objects.filter(name=NOVEMBER.name).count() == 2


@pytest.mark.parametrize(
    ("slug", "problem"),
    [("tracker", "one of the site's own addresses"), ("Coventry City", "is not a slug")],
)
def test_a_council_slug_that_would_hide_a_page_is_refused(archive, slug, problem):
    before = row_counts()
    with pytest.raises(CommandError, match=f"--council '{slug}' .*{problem}.*nothing was written"):
        call_command("ingest", "--council", slug, str(NOVEMBER))
    assert row_counts() == before
    with pytest.raises(ValueError, match=problem):
        Council.objects.for_slug(slug)


def test_a_new_council_slug_takes_the_name_the_paper_prints(archive):
    result = ingest_bytes(_as_if_printed_by("Northmoor Borough Council"), "n.txt", "northmoor")
    assert (result.document.council.slug, result.document.council.name) == (
        "northmoor",
        "Northmoor Borough Council",
    )


def test_a_paper_naming_no_council_is_refused_when_there_are_several(archive, tmp_path, capsys):
    assert parse_bytes(_without_a_council(), "unnamed.txt").council is None
    before = row_counts()
    with pytest.raises(PackError, match=r"unnamed\.txt: names no council.*coventry, exampleshire"):
        ingest_bytes(_without_a_council(), "unnamed.txt")
    assert row_counts() == before
    path = tmp_path / "unnamed.txt"
    path.write_bytes(_without_a_council())
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("ingest", str(path))
    assert "say which with --council SLUG; nothing was written" in capsys.readouterr().err
    assert row_counts() == before


# Pages ----------------------------------------------------------------------------------


def test_the_home_page_lists_both_councils(client, archive):
    html = client.get("/").content.decode()
    assert '<a class="govuk-link" href="/coventry/">Coventry City Council</a>' in html
    assert '<a class="govuk-link" href="/exampleshire/">Exampleshire County Council</a>' in html
    assert "Upcoming meetings" not in html
    coventry = client.get("/coventry/").content.decode()
    assert "Education and Children&#x27;s Services Scrutiny Board (2)" in coventry
    assert BOARD not in coventry


def test_static_files_keep_their_address_on_a_councils_pages(client, archive):
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.functional import empty

    # As in a new process whose first page is a council's: nothing has read STATIC_URL yet.
    settings.__dict__.pop("STATIC_URL", None)
    saved, staticfiles_storage._wrapped = staticfiles_storage._wrapped, empty
    try:
        html = client.get("/coventry/").content.decode()
    finally:
        staticfiles_storage._wrapped = saved
        settings.__dict__.pop("STATIC_URL", None)
    assert 'href="/static/' in html and "/coventry/static/" not in html


def test_a_council_page_without_its_prefix_is_not_found_when_there_are_several(client, archive):
    for url in ["/tracker/", "/warnings/", "/bodies/children-and-young-people-scrutiny-board/"]:
        assert client.get(url).status_code == 404, url


def test_a_body_page_shows_only_its_councils_records(client, archive):
    ingest_bytes(_as_if_printed_by("Westvale District Council"), "westvale.txt")
    board = Body.objects.get(council__slug="westvale", name=BOARD)
    other = Body.objects.get(council__slug="exampleshire", name=BOARD)
    with council_addresses(board.council):
        url = board.get_absolute_url()
        people = [p.get_absolute_url() for p in Person.objects.filter(council=board.council)]
    assert url == "/westvale/bodies/children-and-young-people-scrutiny-board/"
    html = client.get(url).content.decode()
    assert "J Fenwick" in html
    theirs = [f"/people/{p.pk}/" for p in Person.objects.filter(memberships__body=other).distinct()]
    assert theirs and not any(f'"{link}"' in html or f"/westvale{link}" in html for link in theirs)
    assert any(link in html for link in people)
    # And Exampleshire's board page, under its own prefix, names none of Westvale's people.
    html = client.get(f"/exampleshire/bodies/{other.slug}/").content.decode()
    assert "/westvale/" not in html
    westvale_people = Person.objects.filter(council=board.council).values_list("pk", flat=True)
    assert not any(f"/exampleshire/people/{pk}/" in html for pk in westvale_people)


def test_the_tracker_and_its_export_show_one_councils_items(client, archive):
    coventry = TrackedItem.objects.filter(body__council=archive["coventry"])
    exampleshire = TrackedItem.objects.filter(body__council=archive["exampleshire"])
    assert coventry.count() > 50 and exampleshire.count() > 0
    only_coventry = coventry.exclude(body__name=BOARD).first()
    html = client.get("/exampleshire/tracker/").content.decode()
    assert f"{exampleshire.count()} " in html
    assert f'href="/exampleshire/tracker/{exampleshire.first().pk}/"' in html
    assert f"/tracker/{only_coventry.pk}/" not in html
    # An item of one council is not found under the other's prefix.
    assert client.get(f"/exampleshire/tracker/{only_coventry.pk}/").status_code == 404
    assert client.get(f"/coventry/tracker/{only_coventry.pk}/").status_code == 200
    response = client.get("/exampleshire/reports/tracker.csv")
    csv = b"".join(response.streaming_content).decode()
    assert csv.count("\n") == exampleshire.filter(visibility="public").count() + 1
    # Coventry's body slug means nothing in Exampleshire's export.
    slug = only_coventry.body.slug
    assert client.get(f"/exampleshire/reports/tracker.csv?body={slug}").status_code == 400
    assert client.get(f"/coventry/reports/tracker.csv?body={slug}").status_code == 200


def test_reports_and_scorecards_are_their_councils_only(client, archive):
    from scrutineer.performance.models import Indicator

    board = Body.objects.get(
        council=archive["coventry"], name="Education and Children's Services Scrutiny Board (2)"
    )
    outstanding = f"bodies/{board.slug}/outstanding-issues/"
    assert client.get(f"/coventry/reports/{outstanding}").status_code == 200
    assert client.get(f"/exampleshire/reports/{outstanding}").status_code == 404
    programme = f"bodies/{board.slug}/work-programme/2016-17/"
    assert client.get(f"/coventry/{programme}").status_code == 200
    assert client.get(f"/exampleshire/{programme}").status_code == 404
    indicator = Indicator.objects.filter(body__council=archive["coventry"]).first()
    assert indicator is not None
    coventry = client.get("/coventry/scorecard/").content.decode()
    assert indicator.body.name.replace("'", "&#x27;") in coventry
    exampleshire = client.get("/exampleshire/scorecard/").content.decode()
    assert indicator.body.name.replace("'", "&#x27;") not in exampleshire
    assert client.get(f"/coventry/scorecard/indicators/{indicator.slug}/").status_code == 200
    assert client.get(f"/exampleshire/scorecard/indicators/{indicator.slug}/").status_code == 404


def test_the_person_and_document_pages_are_their_councils_only(client, archive):
    person = Person.objects.filter(council=archive["coventry"]).first()
    document = Document.objects.filter(council=archive["coventry"]).first()
    assert client.get(f"/coventry/people/{person.pk}/").status_code == 200
    assert client.get(f"/exampleshire/people/{person.pk}/").status_code == 404
    assert client.get(f"/coventry/documents/{document.pk}/").status_code == 200
    assert client.get(f"/exampleshire/documents/{document.pk}/").status_code == 404
