"""Regression tests for private business reaching public pages (issue 7, items 1 and 2)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from scrutineer.governance.models import AgendaItem, Document, Visibility

PRIVATE_TITLE = "Placement Commissioning Contract Award"
PRIVATE_DESCRIPTION = "(Listing Officer: R Vickery, Tel: 01632 960210)"


@pytest.fixture
def demo(demo_records):
    """The private item of the bundled sample packs."""
    return AgendaItem.objects.get(title=PRIVATE_TITLE)


@pytest.fixture
def member(django_user_model, demo):
    """A member of the body whose private item the sample pack lists."""
    user = django_user_model.objects.create_user("member", password="unused")
    user.groups.add(Group.objects.get(name="member"))
    demo.meeting.body.readers.add(user)
    client = Client()
    client.force_login(user)
    return client


def test_demo_document_page_withholds_the_private_item_from_the_public(client, member, demo):
    assert demo.visibility == Visibility.RESTRICTED
    assert (demo.first_line, demo.last_line) == (45, 49)
    url = demo.source.get_absolute_url()

    public = client.get(url).content.decode()
    assert PRIVATE_TITLE not in public
    assert "960210" not in public.split('id="L45"')[1].split('id="L50"')[0]
    for number in range(45, 50):
        line = public.split(f'id="L{number}"')[1].split("</li>")[0]
        assert "Withheld: not public" in line
    # Lines either side are the paper's own public words, unchanged.
    assert "Private Business" in public.split('id="L43"')[1].split("</li>")[0]
    assert "Ann Example, Director of Law and Governance" in public

    signed_in = member.get(url).content.decode()
    assert PRIVATE_TITLE in signed_in
    assert PRIVATE_DESCRIPTION in signed_in
    assert "Withheld: not public" not in signed_in


def test_withheld_lines_are_not_quoted_by_a_public_items_source_excerpt(client, demo):
    """A public record whose span covers a private one's lines shows them withheld."""
    from scrutineer.tracker.models import TrackedItem

    item = TrackedItem.objects.create(
        item_type=TrackedItem.Type.INFORMATION,
        text="Circulate the agenda",
        source_kind=TrackedItem.SourceKind.MANUAL,
        body=demo.meeting.body,
        source=demo.source,
        first_line=43,
        last_line=46,
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Private Business" in page
    assert PRIVATE_TITLE not in page
    assert page.count("Withheld: not public") == 2  # lines 45 and 46


def test_document_list_of_warnings_hides_those_on_withheld_lines(client, member, demo):
    from scrutineer.governance.models import Warning

    Warning.objects.create(
        document=demo.source,
        code="private-words",
        message="Quoted from the private item",
        first_line=46,
        last_line=46,
    )
    document: Document = demo.source
    assert "Quoted from the private item" not in client.get("/warnings/").content.decode()
    assert (
        "Quoted from the private item"
        not in client.get(document.get_absolute_url()).content.decode()
    )
    assert "Quoted from the private item" in member.get("/warnings/").content.decode()


@pytest.mark.parametrize("listed_limit", [200, 0])
def test_warnings_and_sections_on_withheld_lines_are_hidden_either_way(
    client, member, demo, monkeypatch, listed_limit
):
    """Listed in the query, or (past SPANS_LISTED_LIMIT) found by subqueries: one answer."""
    from scrutineer.governance import restriction
    from scrutineer.governance.models import Section, Warning

    monkeypatch.setattr(restriction, "SPANS_LISTED_LIMIT", listed_limit)
    document = demo.source
    Warning.objects.create(
        document=document,
        code="late",
        message="About lines 44 to 46",
        first_line=44,
        last_line=46,
    )
    Warning.objects.create(
        document=document, code="late", message="About line 43", first_line=43, last_line=43
    )
    Section.objects.create(
        document=document,
        kind="report",
        title="The private report",
        first_line=46,
        last_line=48,
    )
    Section.objects.create(
        document=document,
        kind="report",
        title="Business around it",
        first_line=40,
        last_line=52,
    )
    public = client.get(document.get_absolute_url()).content.decode()
    assert "About lines 44 to 46" not in public  # overlaps the private item's lines
    assert "About line 43" in public
    assert "The private report" not in public  # wholly inside them
    assert "Business around it" in public
    signed_in = member.get(document.get_absolute_url()).content.decode()
    assert "About lines 44 to 46" in signed_in and "The private report" in signed_in
