"""Issue 13 §3: the open-data API's meetings, and the rules every list follows (cursor
pages, filters, incremental sync, ETag and Last-Modified, CSV, bad parameters), on the
four seeds."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from scrutineer.api.listing import csv_rows
from scrutineer.governance.models import AgendaItem, Body, Meeting, Minute, Visibility
from tests.helpers import signed_in, user_in

MEETINGS = "/api/v1/meetings"
JULY_2016 = dt.date(2016, 7, 21)
BOARD = "education-and-childrens-services-scrutiny-board-2"


def every_page(client, address):
    """Every row of a list, following ``next``; and the number of pages."""
    rows, pages = [], 0
    while address:
        response = client.get(address)
        assert response.status_code == 200, response.content
        answer = response.json()
        rows += answer["results"]
        address, pages = answer["next"], pages + 1
    return rows, pages


def test_the_schema_is_openapi_3(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/meetings", "/api/v1/meetings/{pk}"} <= set(schema["paths"])


def test_paging_with_updated_since_gives_the_meetings_the_pages_show(seeded):
    client = Client()
    rows, pages = every_page(client, f"{MEETINGS}?limit=4&updated_since=2000-01-01T00:00:00Z")
    assert len(rows) == len({row["id"] for row in rows}) == 26
    assert pages == 7
    shown = set()
    for body in Body.objects.all():
        html = client.get(reverse("body", args=[body.slug])).content.decode()
        shown |= set(
            re.findall(rf'href="/bodies/({body.slug})/meetings/(\d{{4}}-\d\d-\d\d)/"', html)
        )
    assert {(row["body"]["slug"], row["date"]) for row in rows} == shown
    # Oldest change first, every page after the last.
    keys = [row["updated_at"] for row in rows]
    assert keys == sorted(keys)


def test_a_meeting_with_its_agenda_and_sources(seeded):
    meeting = Meeting.objects.get(date=JULY_2016)
    answer = Client().get(f"{MEETINGS}/{meeting.pk}").json()
    assert answer["name"] == "Education and Children's Services Scrutiny Board (2) – 21 July 2016"
    assert answer["body"]["slug"] == BOARD and answer["council"]["slug"] == "coventry"
    assert answer["location"] == "Committee Rooms 2 and 3 - Council House"
    assert answer["url"].endswith(f"/bodies/{BOARD}/meetings/2016-07-21/")
    numbers = [(item["number"], item["title"]) for item in answer["agenda"]][:5]
    assert numbers == [
        ("1", "Apologies and Substitutions"),
        ("2", "Declarations of Interests"),
        ("3", "Minutes"),
        ("a", "To agree the minutes of the meeting held on 16th June, 2016"),
        ("b", "Matters Arising"),
    ]
    minutes = answer["agenda"][2]
    assert minutes["sources"] == [
        {
            "document": meeting.source_id,
            "url": f"http://testserver/documents/{meeting.source_id}/#L19",
            "lines": "lines 19–21",
            "first_line": 19,
            "last_line": 21,
        }
    ]


def test_filters_by_body_date_and_council(seeded):
    client = Client()
    rows, _ = every_page(client, f"{MEETINGS}?body={BOARD}&since=2016-07-01&until=2016-12-31")
    expected = Meeting.objects.filter(
        body__slug=BOARD, date__range=(dt.date(2016, 7, 1), dt.date(2016, 12, 31))
    )
    assert sorted(row["date"] for row in rows) == sorted(
        d.isoformat() for d in expected.values_list("date", flat=True)
    )
    assert len(rows) == expected.count() > 0
    assert client.get(f"{MEETINGS}?council=coventry").json()["count"] == 26
    # Any offset ISO 8601 allows, though PostgreSQL takes none beyond 15:59.
    assert (
        client.get(MEETINGS, {"updated_since": "2000-01-01T00:00:00+17:46"}).json()["count"] == 26
    )


@pytest.mark.parametrize(
    "query, status, words",
    [
        ("cursor=bm90IGEgY3Vyc29y", 400, "cursor"),
        ("cursor=not+a+cursor", 422, "cursor"),
        ("body=nul%00", 422, "body"),
        ("council=atlantis", 400, "atlantis"),
        ("body=no-such-board", 400, "no-such-board"),
        ("limit=0", 422, "limit"),
        ("limit=501", 422, "limit"),
        ("since=yesterday", 422, "since"),
        ("updated_since=soon", 422, "updated_since"),
        ("format=xml", 422, "format"),
        ("updated_since=0001-01-01T00:00:00%2B05:00", 400, "updated_since"),
    ],
)
def test_bad_parameters_are_told_why(db, query, status, words):
    response = Client().get(f"{MEETINGS}?{query}")
    assert response.status_code == status
    assert words in json.dumps(response.json()["detail"])


def test_an_unreadable_or_missing_meeting_is_not_found(seeded):
    response = Client().get(f"{MEETINGS}/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No meetings record 999999."}


def test_restricted_meetings_and_items_only_for_their_readers(seeded, django_user_model):
    hidden = Meeting.objects.get(date=JULY_2016)
    hidden.visibility = Visibility.RESTRICTED
    hidden.save()
    shown = Meeting.objects.exclude(pk=hidden.pk).filter(agenda_items__isnull=False).first()
    item = shown.agenda_items.filter(parent=None).first()
    item.visibility = Visibility.RESTRICTED
    item.save()
    member = user_in(django_user_model, "reader", "member", reads=[hidden.body, shown.body])
    outsider = user_in(django_user_model, "outsider", "member", reads=[])

    for client, sees in (
        (Client(), False),
        (signed_in(outsider), False),
        (signed_in(member), True),
    ):
        answer = client.get(f"{MEETINGS}?limit=500").json()
        assert answer["count"] == (26 if sees else 25)
        assert (hidden.pk in {row["id"] for row in answer["results"]}) is sees
        assert client.get(f"{MEETINGS}/{hidden.pk}").status_code == (200 if sees else 404)
        agenda = client.get(f"{MEETINGS}/{shown.pk}").json()["agenda"]
        ids = {entry["id"] for entry in agenda}
        assert (item.pk in ids) is sees
        # Its sub-items go with it.
        for sub in item.subitems.all():
            assert (sub.pk in ids) is sees
        csv_text = client.get(f"{MEETINGS}?format=csv&limit=500").content.decode()
        assert (f"/meetings/{hidden.date.isoformat()}/" in csv_text) is sees


def test_etag_and_last_modified_answer_304(seeded):
    client = Client()
    first = client.get(f"{MEETINGS}?limit=5")
    etag, modified = first["ETag"], first["Last-Modified"]
    newest = max(
        Meeting.objects.order_by("updated_at", "pk")[:5].values_list("updated_at", flat=True)
    )
    assert modified == newest.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert client.get(f"{MEETINGS}?limit=5", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(f"{MEETINGS}?limit=5", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(f"{MEETINGS}?limit=6", HTTP_IF_NONE_MATCH=etag).status_code == 200
    # A change gives a new ETag.
    meeting = Meeting.objects.order_by("updated_at", "pk").first()
    meeting.venue = "Room 101"
    meeting.save()
    assert client.get(f"{MEETINGS}?limit=5", HTTP_IF_NONE_MATCH=etag).status_code == 200
    detail = client.get(f"{MEETINGS}/{meeting.pk}")
    assert (
        client.get(f"{MEETINGS}/{meeting.pk}", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    )


def test_csv_rows_are_the_json_rows(seeded):
    client = Client()
    rows, _ = every_page(client, f"{MEETINGS}?limit=500")
    response = client.get(f"{MEETINGS}?limit=500&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meetings.csv"'
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(table) == len(rows) == 26
    for line, row in zip(table, rows, strict=True):
        assert line["id"] == str(row["id"])
        assert line["body_slug"] == row["body"]["slug"]
        assert line["date"] == row["date"] and line["location"] == row["location"]
        assert line["updated_at"] == row["updated_at"]
        assert line["private_business"] == "false"
    # CSV pages as JSON does, with the next page in a Link header.
    paged = client.get(f"{MEETINGS}?limit=10&format=csv")
    assert re.fullmatch(
        r'<http://testserver/api/v1/meetings\?.*cursor=[\w-]+>; rel="next"', paged["Link"]
    )


def test_csv_cells_never_become_formulas():
    text = csv_rows([{"id": 1, "title": "=HYPERLINK(1)", "body": {"name": "+sum"}, "agenda": []}])
    assert text.splitlines() == ["id,title,body_name", "1,'=HYPERLINK(1),'+sum"]


def test_updated_since_finds_the_meeting_of_an_edited_agenda_item(seeded):
    client = Client()
    mark = timezone.now()
    assert (
        client.get(f"{MEETINGS}?updated_since={mark.isoformat()}".replace("+", "%2B")).json()[
            "count"
        ]
        == 0
    )
    item = AgendaItem.objects.get(meeting__date=JULY_2016, number="1", parent=None)
    item.title = "Apologies"
    item.save()
    answer = client.get(MEETINGS, {"updated_since": mark.isoformat()}).json()
    assert [row["id"] for row in answer["results"]] == [item.meeting_id]
    assert answer["results"][0]["agenda"][0]["title"] == "Apologies"
    # A minute's resolution, two steps down, moves the meeting too.
    mark = timezone.now()
    resolution = Minute.objects.filter(resolutions__isnull=False).first().resolutions.first()
    resolution.text += " (corrected)"
    resolution.save()
    answer = client.get(MEETINGS, {"updated_since": mark.isoformat()}).json()
    assert [row["id"] for row in answer["results"]] == [resolution.minute.meeting_id]


def test_updated_since_finds_a_meeting_saved_by_named_fields(seeded):
    """Ingest and the officers' status page save a meeting's status alone
    (``update_fields``), which ``auto_now`` does not see; the change is still marked."""
    mark = timezone.now()
    meeting = Meeting.objects.get(date=JULY_2016)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    answer = Client().get(MEETINGS, {"updated_since": mark.isoformat()}).json()
    assert [row["id"] for row in answer["results"]] == [meeting.pk]


def test_a_sync_misses_nothing_changed_while_it_pages(seeded):
    client = Client()
    first = client.get(f"{MEETINGS}?limit=5").json()
    early = first["results"][0]["id"]
    meeting = Meeting.objects.get(pk=early)
    meeting.venue = "Moved while paging"
    meeting.save()
    rows, _ = every_page(client, first["next"])
    assert [row["location"] for row in rows if row["id"] == early] == ["Moved while paging"]
