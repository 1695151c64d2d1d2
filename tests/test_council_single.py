"""Councils on a single-council install (issue 9, section 1): today's short addresses stay,
and a paper that names no council joins the only one. Apart from test_councils.py, whose
module holds two councils."""

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
