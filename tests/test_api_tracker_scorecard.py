"""Issue 13 §3: tracked items with their history, indicators with their observations and
documents through the open-data API, on the four seeds; and API tokens reading what their
member reads: restricted records for the readers of their body, absent for everyone else."""

import csv
import hashlib
import io

import pytest
from django.test import Client

from scrutineer.api.listing import csv_rows
from scrutineer.api.models import ApiToken
from scrutineer.governance.models import Body, Document, Meeting, Original, Visibility
from scrutineer.tracker.models import TrackedItem, WorkProgrammeItem
from scrutineer.tracker.workflow import bump_version
from tests.helpers import user_in
from tests.seeds import seed_path

ITEMS, INDICATORS, DOCUMENTS = "/api/v1/tracked-items", "/api/v1/indicators", "/api/v1/documents"
BOARD = "education-and-childrens-services-scrutiny-board-2"
PARTNERSHIP = "coventry-safeguarding-childrens-partnership"
# An unpublished case review's recommendation: restricted, of the partnership.
MATT = "The Coventry Safeguarding Children Partnership should review the neglect strategy"
PACK_2016, PACK_2022 = "scrutiny-pack-2016-07-21.txt", "scrutiny-pack-2022-03-17.txt"


def every_row(client, address) -> list[dict]:
    rows = []
    while address:
        response = client.get(address)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        address = response.json()["next"]
    return rows


def with_token(user) -> Client:
    _token, secret = ApiToken.issue(user, "A test program")
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def readers(seeded, django_user_model):
    """Token clients of a member of the partnership, of a member of the scrutiny board,
    and an anonymous client."""
    partnership, board = Body.objects.get(slug=PARTNERSHIP), Body.objects.get(slug=BOARD)
    member = user_in(django_user_model, "member", "member", reads=[partnership])
    outsider = user_in(django_user_model, "outsider", "member", reads=[board])
    return {"member": with_token(member), "outsider": with_token(outsider), "anonymous": Client()}


def test_a_members_token_reads_the_restricted_items_of_their_body(readers):
    restricted = set(
        TrackedItem.objects.filter(visibility=Visibility.RESTRICTED).values_list("pk", flat=True)
    )
    assert len(restricted) == 19
    matt = TrackedItem.objects.get(text__startswith=MATT)
    for reader, sees in (("member", True), ("outsider", False), ("anonymous", False)):
        client = readers[reader]
        ids = {row["id"] for row in every_row(client, f"{ITEMS}?limit=50")}
        assert len(ids) == (64 if sees else 45), reader
        assert (restricted <= ids) is sees and (not restricted & ids) is not sees
        detail = client.get(f"{ITEMS}/{matt.pk}")
        assert detail.status_code == (200 if sees else 404), reader
        body_rows = every_row(client, f"{ITEMS}?body={PARTNERSHIP}&limit=50")
        assert len(body_rows) == (31 if sees else 12), reader
        csv_text = client.get(f"{ITEMS}?format=csv&limit=500").content.decode()
        assert ("review the neglect strategy" in csv_text) is sees, reader
    answer = readers["member"].get(f"{ITEMS}/{matt.pk}").json()
    assert answer["text"].startswith(MATT)
    assert (answer["source_reference"], answer["status"]) == (
        "Serious Case Review – Matt",
        "in-progress",
    )
    assert answer["parties"] == [
        {"role": "owner", "label": "Coventry Safeguarding Children Partnership"}
    ]
    (source,) = answer["sources"]
    assert (source["first_line"], source["lines"]) == (798, "lines 798–801")
    assert source["document"] == Document.objects.get(name=PACK_2022).pk


def test_a_board_members_token_reads_a_restricted_meeting_of_the_board(readers):
    meeting = Meeting.objects.get(body__slug=BOARD, date="2016-07-21")
    meeting.visibility = Visibility.RESTRICTED
    meeting.save()
    # The "outsider" reads the scrutiny board's restricted records, the "member" does not.
    for reader, sees in (("outsider", True), ("member", False), ("anonymous", False)):
        client = readers[reader]
        assert client.get(f"/api/v1/meetings/{meeting.pk}").status_code == (200 if sees else 404)
        ids = {row["id"] for row in every_row(client, "/api/v1/meetings?limit=100")}
        assert (meeting.pk in ids) is sees, reader


def test_a_revoked_token_reads_nothing(readers, django_user_model):
    member = django_user_model.objects.get(username="member")
    token = member.api_tokens.get()
    token.revoke()
    response = readers["member"].get(ITEMS)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This token is not known or has been revoked: make a new one."
    }


def test_a_tracked_item_with_its_history_responses_and_owners(seeded):
    item = TrackedItem.objects.get(text__startswith="Implement Strengthening Families Phase 2")
    answer = Client().get(f"{ITEMS}/{item.pk}").json()
    assert (answer["type"], answer["number"], answer["status"]) == ("Action", "1", "in-progress")
    assert (answer["source_kind"], answer["source_reference"]) == (
        "action-plan",
        "SERVICE DELIVERY",
    )
    assert answer["body"]["slug"] == BOARD and answer["progress_level"] == 3
    assert answer["action_plan"] == item.plan_id is not None
    assert answer["parties"] == [
        {"role": "owner", "label": "Louison Ricketts – Service Manager"},
        {"role": "owner", "label": "Stuart Hunter – Perf Manager"},
    ]
    (change,) = answer["history"]
    assert (change["from_status"], change["to_status"]) == ("", "in-progress")
    assert change["changed_at"] == "2016-07-21T11:00:00Z"
    assert change["note"] == "As recorded in scrutiny-pack-2016-07-21.txt."
    (response,) = answer["responses"]
    assert response["date"] == "2016-07-21"
    assert response["text"].startswith(
        "The Intensive Family Support Team is a small team which is part of the Children and "
        "Families First Team. There are 14 keyworkers working with 203 children over 82 families"
    )
    pack = Document.objects.get(name=PACK_2016).pk
    for part in (answer, change, response):
        (source,) = part["sources"]
        assert (source["document"], source["first_line"], source["lines"]) == (
            pack,
            1085,
            "line 1085",
        )
        assert source["url"] == f"http://testserver/documents/{pack}/#L1085"
    assert answer["url"] == f"http://testserver/tracker/{item.pk}/"


def test_the_csv_of_tracked_items_is_the_json_rows(seeded):
    client = Client()
    rows = client.get(f"{ITEMS}?limit=500").json()["results"]
    response = client.get(f"{ITEMS}?limit=500&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tracked-items.csv"'
    text = response.content.decode()
    assert text == csv_rows(rows)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == len(rows) == 45
    for line, row in zip(parsed, rows, strict=True):
        assert line["id"] == str(row["id"])
        assert line["body_slug"] == row["body"]["slug"]
        assert line["status"] == row["status"]
        assert line["due_date"] == (row["due_date"] or "")
        assert "history" not in line and "parties" not in line  # lists stay in the JSON


def test_an_indicators_observations_are_the_scorecards_figures(seeded):
    rows = every_row(Client(), f"{INDICATORS}?body={BOARD}&limit=100")
    (listed,) = [row for row in rows if row["name"] == "CIN (Abuse or Neglect)"]
    assert "observations" not in listed  # a scorecard's indicator may hold a thousand
    cin = Client().get(f"{INDICATORS}/{listed['id']}").json()
    assert (cin["slug"], cin["body"]["slug"]) == ("cin-abuse-or-neglect", BOARD)
    assert cin["priority"].startswith("Priority 1")
    figures = [
        (o["area"]["name"], o["period"]["label"], o["raw"], o["value"], o["value2"], o["status"])
        for o in cin["observations"]
    ]
    expected = [
        ("Coventry", "Last Q4", "1345 (88.2%)", 1345.0, 88.2, "reported"),
        ("Coventry", "Q1", "1277 (88.5%)", 1277.0, 88.5, "reported"),
        ("Coventry", "Q2", "1696 (90.7)", 1696.0, 90.7, "reported"),
        ("Coventry", "Q3", "1673 (91.3%)", 1673.0, 91.3, "reported"),
        ("Coventry", "Q4", "1532 (90.8%)", 1532.0, 90.8, "reported"),
    ]
    assert figures == expected
    q2 = cin["observations"][2]
    assert (q2["period"]["start"], q2["period"]["end"]) == ("2020-07-01", "2020-09-30")
    (source,) = q2["sources"]
    assert (source["document"], source["first_line"]) == (
        Document.objects.get(name=PACK_2022).pk,
        966,
    )
    assert len(every_row(Client(), f"{INDICATORS}?limit=100")) == 62
    # The same figures in the list of every observation, each naming its indicator.
    figures = every_row(Client(), f"/api/v1/observations?body={BOARD}&limit=500")
    of_cin = [o for o in figures if o["indicator"]["id"] == cin["id"]]
    assert [o["raw"] for o in sorted(of_cin, key=lambda o: o["period"]["end"])] == [
        f[2] for f in expected
    ]
    assert of_cin[0]["indicator"]["slug"] == "cin-abuse-or-neglect"
    assert len(every_row(Client(), "/api/v1/observations?limit=500")) == 507


def test_a_restricted_figure_is_absent_and_its_reader_sees_it(readers):
    board = Body.objects.get(slug=BOARD)
    figure = board.indicators.get(name="CIN (Abuse or Neglect)").observations.get(raw="1696 (90.7)")
    figure.visibility = Visibility.RESTRICTED
    figure.save()
    # The "outsider" reads the scrutiny board's restricted records, the "member" does not.
    for reader, sees in (("outsider", True), ("member", False), ("anonymous", False)):
        answer = readers[reader].get(f"{INDICATORS}/{figure.indicator_id}").json()
        assert ("1696 (90.7)" in [o["raw"] for o in answer["observations"]]) is sees


def test_documents_give_their_sha256_and_the_original_to_download(readers, settings):
    client = readers["anonymous"]
    rows = every_row(client, f"{DOCUMENTS}?limit=10")
    by_name = {row["name"]: row for row in rows}
    assert sorted(by_name) == sorted(
        ["hwb-pack-2014-02-24.txt", "lscb-annual-report-2016-17.txt", PACK_2016, PACK_2022]
    )
    for name, row in by_name.items():
        data = seed_path(name).read_bytes()
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["size_bytes"] == len(data)
    assert (by_name[PACK_2022]["kind"], by_name[PACK_2022]["line_count"]) == ("agenda-pack", 1847)
    # Kept originals are offered, unless the paper holds lines the reader may not see.
    for name in (PACK_2016, PACK_2022):
        document = Document.objects.get(name=name)
        Original.objects.update_or_create(
            document=document,
            defaults={"content_type": "text/plain", "data": seed_path(name).read_bytes()},
        )
    offered = {row["name"]: row["original"] for row in every_row(client, f"{DOCUMENTS}?limit=10")}
    pack_2016 = Document.objects.get(name=PACK_2016)
    assert offered[PACK_2016] == f"http://testserver/documents/{pack_2016.pk}/original/"
    assert offered[PACK_2022] is None  # it quotes the partnership's restricted recommendations
    member = readers["member"].get(f"{DOCUMENTS}/{Document.objects.get(name=PACK_2022).pk}")
    assert member.json()["original"].endswith("/original/")
    download = client.get(offered[PACK_2016])
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert hashlib.sha256(body).hexdigest() == by_name[PACK_2016]["sha256"]


def test_a_restricted_document_is_absent_for_those_who_may_not_read_it(readers):
    document = Document.objects.get(name="hwb-pack-2014-02-24.txt")
    document.visibility = Visibility.RESTRICTED
    document.save()
    for reader in ("member", "outsider", "anonymous"):
        ids = {row["id"] for row in every_row(readers[reader], f"{DOCUMENTS}?limit=10")}
        assert document.pk not in ids and len(ids) == 3, reader
        assert readers[reader].get(f"{DOCUMENTS}/{document.pk}").status_code == 404


def test_the_schema_lists_these_resources(db):
    paths = set(Client().get("/api/v1/openapi.json").json()["paths"])
    for resource in (ITEMS, INDICATORS, DOCUMENTS, "/api/v1/work-programme"):
        assert {resource, f"{resource}/{{pk}}"} <= paths
    assert "/api/v1/observations" in paths


def test_work_programme_items_and_their_sync(readers):
    programme = "/api/v1/work-programme"
    rows = every_row(readers["anonymous"], f"{programme}?body={BOARD}&limit=100")
    assert len(rows) == 56
    (adoption,) = [r for r in rows if r["title"] == "Changes to adoption agency – progress report"]
    assert (adoption["municipal_year"], adoption["bucket"], adoption["status"]) == (
        "2016/17",
        "progress-reports",
        "scheduled",
    )
    assert (adoption["lead_officers"], adoption["cabinet_members"]) == (
        ["John Gregg"],
        ["Cllr Ruane"],
    )
    assert adoption["url"] == f"http://testserver/bodies/{BOARD}/work-programme/2016-17/"
    (source,) = adoption["sources"]
    assert (source["document"], source["lines"]) == (
        Document.objects.get(name=PACK_2016).pk,
        "line 1406",
    )

    item = WorkProgrammeItem.objects.get(pk=adoption["id"])
    before = item.updated_at
    bump_version(item, item.version, bucket=WorkProgrammeItem.Bucket.DATE_TO_BE_DECIDED)
    item.refresh_from_db()
    assert item.updated_at > before  # a move is a change a sync must meet
    since = every_row(
        readers["anonymous"],
        f"{programme}?updated_since={item.updated_at.isoformat().replace('+00:00', 'Z')}",
    )
    assert [r["id"] for r in since] == [item.pk] and since[0]["bucket"] == "date-to-be-decided"

    item.visibility = Visibility.RESTRICTED
    item.save()
    # The "outsider" reads the scrutiny board's restricted records, the "member" does not.
    for reader, sees in (("outsider", True), ("member", False), ("anonymous", False)):
        assert readers[reader].get(f"{programme}/{item.pk}").status_code == (200 if sees else 404)
