"""Harvesting a ModernGov site, from a real HTTP server on 127.0.0.1.

The server answers from the four real Manchester answers in ../shared/moderngov/manchester/
(read from there, never copied into the repository), plus error cases written here. The
harvester talks HTTP to it as to any site: nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from scrutineer.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BriefingNote,
    Council,
    Document,
    LinkedDocument,
    Meeting,
    Minute,
    Visibility,
)
from scrutineer.harvest import HarvestError, HarvestOptions, ModernGovClient, harvest
from scrutineer.harvest.command import main as harvest_command
from scrutineer.harvest.localsite import EMPTY_MEETINGS, LocalSite, Reply, method_of
from scrutineer.packs import parse_file
from scrutineer.packs.moderngov import display_html, html_lines, unescape_fully

MODERNGOV = Path(
    os.environ.get(
        "SCRUTINEER_MODERNGOV", Path(__file__).resolve().parents[2] / "shared" / "moderngov"
    )
)
MANCHESTER = MODERNGOV / "manchester"
ANSWERS = {
    "GetCommittees": "committees.xml",
    "GetMeetings": "meetings.xml",
    4967: "meeting_with_minutes.xml",
    4966: "meeting_no_minutes.xml",
}
JAN, MAR = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
MODELS = [Council, Body, Meeting, AgendaItem, Attendance, Minute, LinkedDocument, Document]


def answer(key) -> bytes:
    path = MANCHESTER / ANSWERS[key]
    if not path.is_file():
        message = f"{path} not found: these tests need ../shared/moderngov/manchester"
        if os.environ.get("SCRUTINEER_REQUIRE_SEEDS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_bytes()


class Manchester:
    """The site as Manchester's answers show it: committee 144 has the two meetings.
    ``overrides[(method, meeting id or "")]`` answers instead: a Reply, or a list of
    Replies given one per request (the last one from then on)."""

    def __init__(self):
        self.overrides: dict[tuple[str, str], Reply | list[Reply]] = {}

    def __call__(self, path: str, params: dict[str, str]) -> Reply:
        method = method_of(path)
        ident = params.get("lMeetingId") or params.get("ID") or ""
        override = self.overrides.get((method, ident))
        if override is None:
            override = self.overrides.get((method, ""))
        if isinstance(override, list):
            return override.pop(0) if len(override) > 1 else override[0]
        if override is not None:
            return override
        return manchester(method, params)


def manchester(method: str | None, params: dict[str, str]) -> Reply:
    if method == "GetCommittees":
        return Reply(answer("GetCommittees"))
    if method == "GetMeetings":
        for needed in ("lCommitteeId", "sFromDate", "sToDate"):
            if not params.get(needed):
                return Reply(b"missing parameter", status=500, content_type="text/plain")
        if params["lCommitteeId"] == "144":
            return Reply(answer("GetMeetings"))
        return Reply(EMPTY_MEETINGS)
    if method == "GetMeeting" and params.get("lMeetingId", "").isdigit():
        key = int(params["lMeetingId"])
        if key in ANSWERS:
            return Reply(answer(key))
    return Reply(b"<html><body>Not found</body></html>", 404, "text/html")


def site_client(site: LocalSite, **limits) -> ModernGovClient:
    return ModernGovClient(site.url, min_interval=0, backoff=0, **limits)


def run(site: LocalSite, **options) -> object:
    options = {"since": JAN, "until": MAR, "council": "manchester", **options}
    with site_client(site, **options.pop("limits", {})) as c:
        return harvest(HarvestOptions(site=site.url, **options), c)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def site():
    answer("GetCommittees")  # skip (or fail under CI) before serving without the answers
    with LocalSite(Manchester()) as served:
        yield served


# The check ------------------------------------------------------------------------


@pytest.mark.django_db
def test_harvest_of_the_manchester_answers(site):
    result = run(site)
    assert result.committees == 3 and result.meetings == 2

    council = Council.objects.get(slug="manchester")
    assert council.moderngov_url == site.url
    assert Body.objects.count() == 3 and council.bodies.count() == 3
    assert set(Document.objects.values_list("council__slug", flat=True)) == {"manchester"}
    names = set(Body.objects.values_list("name", flat=True))
    assert {"Audit Committee", "Art Galleries Committee"} <= names
    expired = Body.objects.get(
        name="Appointment Sub Committee for Director of Adult Social Services"
    )
    assert expired.expired is True and expired.deleted is False
    audit = Body.objects.get(name="Audit Committee")
    assert not audit.expired
    assert audit.category == "Governance and Decision Making Committees"
    assert audit.moderngov_id == 144

    january, february = audit.meetings.order_by("date")
    assert audit.meetings.count() == 2
    assert january.date == dt.date(2026, 1, 13)
    assert january.status == Meeting.Status.CANCELLED and january.called_off
    assert february.date == dt.date(2026, 2, 10)
    assert f"{february.start.astimezone():%H:%M}" == "10:00"
    assert february.venue == "Council Antechamber, Level 2, Town Hall Extension"

    items = list(february.agenda_items.order_by("order"))
    assert [(i.number, i.title) for i in items] == [("1", "Minutes"), ("9", "Work Programme")]
    for item in items:
        (linked,) = item.linked_documents.all()
        assert linked.published == dt.date(2026, 2, 2)
        assert linked.url.startswith("https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=")
        assert linked.visibility == Visibility.PUBLIC
    assert items[1].linked_documents.get().title == "DRAFT WP  FEBRUARY 2026"

    curley = february.attendance.get()
    assert curley.name_as_written == "Basil Curley"
    assert curley.person.display_name.endswith("Basil Curley")
    assert curley.status == Attendance.Status.EXPECTED
    assert (curley.party, curley.ward, curley.role) == ("LAB", "Charlestown", "Committee Member")

    minutes = {m.number: m for m in february.minutes.all()}
    assert sorted(minutes) == [1, 9]
    assert minutes[9].agenda_item == items[1]
    assert minutes[9].municipal_year == "2025/26"
    assert minutes[9].html.startswith("<p>The Committee considered a report")
    assert "class=" not in minutes[9].html


@pytest.mark.django_db
def test_every_answer_is_a_source_document_and_every_fact_points_into_it(site):
    run(site)
    answers = Document.objects.filter(kind=Document.Kind.MODERNGOV_ANSWER)
    # committees, committee 144's meetings, the two meetings, and the empty meetings list
    # the two other committees answered alike: one text, one sha256, stored once
    assert answers.count() == 5
    meeting_answer = answers.get(name__endswith="GetMeeting?lMeetingId=4967")
    assert meeting_answer.text == answer(4967).decode("utf-8")
    import hashlib

    assert meeting_answer.sha256 == hashlib.sha256(answer(4967)).hexdigest()
    lines = meeting_answer.lines()
    february = Meeting.objects.get(date=dt.date(2026, 2, 10))
    assert february.source == meeting_answer
    work = february.agenda_items.get(number="9")
    assert work.source == meeting_answer
    assert "<agendaitemtitle>Work Programme</agendaitemtitle>" in "\n".join(
        lines[work.first_line - 1 : work.last_line]
    )
    linked = work.linked_documents.get()
    assert "60909" in "\n".join(lines[linked.first_line - 1 : linked.last_line])
    curley = february.attendance.get()
    assert 'name="Councillor Basil Curley"' in lines[curley.first_line - 1]
    minute = february.minutes.get(number=9)
    assert lines[minute.first_line - 1].strip().startswith("<minutesnonemptyhtmlbody>")


@pytest.mark.django_db
def test_a_second_harvest_changes_no_row_count(site):
    run(site)
    before = counts()
    requests = len(site.requests)
    result = run(site)
    assert counts() == before
    assert result.unchanged == 2 and result.answers_stored == 0
    assert len(site.requests) == 2 * requests  # asked again, then skipped by sha256


@pytest.mark.django_db
def test_a_changed_answer_supersedes_the_old_one_and_keeps_it(site):
    run(site)
    old = Document.objects.get(name__endswith="lMeetingId=4967")
    changed = answer(4967).replace(
        b"Work Programme</agendaitemtitle>", b"Work Plan</agendaitemtitle>"
    )
    site.route.overrides[("GetMeeting", "4967")] = Reply(changed)
    result = run(site)
    assert result.unchanged == 1 and result.answers_stored == 1
    new = Document.objects.get(supersedes=old)
    assert new.name == old.name and Document.objects.filter(pk=old.pk).exists()
    assert Meeting.objects.get(date=dt.date(2026, 2, 10)).source == new
    assert AgendaItem.objects.get(number="9").title == "Work Plan"


@pytest.mark.django_db
def test_only_the_committees_asked_for(site):
    run(site, committees=["144"])
    asked = [r for r in site.requests if "GetMeetings" in r]
    assert len(asked) == 1 and "lCommitteeId=144" in asked[0]
    assert "sFromDate=01%2F01%2F2026" in asked[0] and "sToDate=31%2F03%2F2026" in asked[0]
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_get_meetings_is_asked_a_year_at_a_time(site):
    run(site, committees=["163"], since=dt.date(2024, 1, 1), until=dt.date(2026, 3, 31))
    windows = [
        re.search(r"sFromDate=([^&]+)&sToDate=(.+)", r).groups()
        for r in site.requests
        if "GetMeetings" in r
    ]
    assert windows == [
        ("01%2F01%2F2024", "30%2F12%2F2024"),
        ("31%2F12%2F2024", "30%2F12%2F2025"),
        ("31%2F12%2F2025", "31%2F03%2F2026"),
    ]


# The command and its errors ---------------------------------------------------------------


def _command(site_url: str, *extra: str) -> list[str]:
    return [
        site_url,
        "--council",
        "manchester",
        "--since",
        "2026-01-01",
        "--until",
        "2026-03-31",
        "--interval",
        "0",
        "--backoff",
        "0",
        *extra,
    ]


@pytest.mark.django_db
def test_the_command_harvests_and_says_what_it_did(site, capsys):
    assert harvest_command(_command(site.url)) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Harvested {site.url}/: 3 committees, 2 meetings (0 unchanged")
    assert Meeting.objects.count() == 2


SERVER_ERROR = Reply(b"<html>Server Error</html>", 500, "text/html")
HTML_PAGE = Reply(
    b"<!DOCTYPE html><html><head><title>Council</title></head></html>",
    200,
    "text/html; charset=utf-8",
)


def _truncated() -> Reply:
    data = answer(4967)
    return Reply(data[: len(data) // 2])


ERRORS = {
    "an HTML page instead of XML": (
        "GetCommittees",
        lambda: HTML_PAGE,
        "GetCommittees",
        "HTML page, not XML",
    ),
    "an HTML page served as XML": (
        "GetCommittees",
        lambda: Reply(HTML_PAGE.body),
        "GetCommittees",
        "HTML page",
    ),
    "a 404 method": (
        "GetMeetings",
        lambda: Reply(b"<html>Not found</html>", 404, "text/html"),
        "GetMeetings?lCommitteeId=",
        "not found (HTTP 404)",
    ),
    "truncated XML": ("GetMeeting", _truncated, "GetMeeting?lMeetingId=", "not well-formed XML"),
    "malformed XML": (
        "GetMeetings",
        lambda: Reply(b"<?xml version='1.0'?><getmeetings><a></b></getmeetings>"),
        "GetMeetings",
        "not well-formed XML",
    ),
    "an entity bomb": (
        "GetCommittees",
        lambda: Reply(b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]><c>&a;</c>'),
        "GetCommittees",
        "unsafe XML",
    ),
    "a site that keeps failing": (
        "GetMeeting",
        lambda: SERVER_ERROR,
        "GetMeeting?lMeetingId=",
        "kept failing: 4 attempts",
    ),
    "an answer over the size limit": (
        "GetMeeting",
        lambda: Reply(answer(4967) + b" " * 30000),
        "GetMeeting?lMeetingId=",
        "too large",
    ),
    "a redirect to another host": (
        "GetMeeting",
        lambda: Reply(
            b"", 302, "text/plain", {"Location": "http://elsewhere.example/mgWebService.asmx/"}
        ),
        "GetMeeting?lMeetingId=",
        "redirects to another host (http://elsewhere.example/",
    ),
    "the wrong answer": (
        "GetMeetings",
        lambda: Reply(answer("GetCommittees")),
        "GetMeetings",
        "<committees> answer, not the expected <getmeetings>",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(ERRORS))
def test_each_error_exits_non_zero_naming_the_address_and_writes_nothing(case, capsys):
    method, reply, address, problem = ERRORS[case]
    answer("GetCommittees")
    before = counts()
    broken_site = Manchester()
    broken_site.overrides[(method, "")] = reply()
    with LocalSite(broken_site) as broken:
        code = harvest_command(_command(broken.url, "--max-bytes", "12000"))
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: {broken.url}/mgWebService.asmx/{address}"), err
    assert problem in err, err
    assert err.rstrip().endswith("nothing was written")
    assert counts() == before


@pytest.mark.django_db
def test_a_server_error_then_success_is_retried(site):
    site.route.overrides[("GetMeeting", "4967")] = [SERVER_ERROR, SERVER_ERROR, Reply(answer(4967))]
    result = run(site, committees=["144"])
    assert result.meetings == 2
    assert Meeting.objects.get(date=dt.date(2026, 2, 10)).agenda_items.count() == 2
    assert sum("lMeetingId=4967" in r for r in site.requests) == 3


@pytest.mark.django_db
def test_a_failure_after_some_meetings_were_read_writes_nothing(site):
    site.route.overrides[("GetMeeting", "4967")] = SERVER_ERROR
    with pytest.raises(HarvestError, match="kept failing"):
        run(site)
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.django_db
def test_the_size_limit_is_checked_while_streaming():
    big = b"<?xml version='1.0'?><committees>" + b" " * 50_000 + b"</committees>"
    with LocalSite(lambda path, params: Reply(big, headers={"Content-Length": ""})) as site:
        with site_client(site, max_bytes=10_000) as c, pytest.raises(HarvestError) as caught:
            c.call("GetCommittees")
    assert "too large: more than 10,000 bytes" in str(caught.value)


def test_the_client_identifies_itself_and_waits_between_requests():
    seen = []

    def route(path, params):
        return Reply(b"<?xml version='1.0'?><committees/>")

    with LocalSite(route) as site:
        import time

        with ModernGovClient(site.url, min_interval=0.2) as c:
            start = time.monotonic()
            for _ in range(3):
                seen.append(c.call("GetCommittees").data)
            elapsed = time.monotonic() - start
        assert c.http.headers["User-Agent"].startswith("Scrutineer/")
    assert elapsed >= 0.39


# Restricted items ------------------------------------------------------------------------


def _restricted_answer() -> bytes:
    data = answer(4967).decode("utf-8")
    first = data.index("<isrestricted>False</isrestricted>")  # the first item's own flag
    data = data[:first] + "<isrestricted>True</isrestricted>" + data[first + 34 :]
    last = data.rindex("<isrestricted>False</isrestricted>")  # the last linked document's
    data = data[:last] + "<isrestricted>True</isrestricted>" + data[last + 34 :]
    return data.encode("utf-8")


@pytest.mark.django_db
def test_restricted_items_and_documents_are_restricted_records(site):
    site.route.overrides[("GetMeeting", "4967")] = Reply(_restricted_answer())
    run(site, committees=["144"])
    meeting = Meeting.objects.get(date=dt.date(2026, 2, 10))
    minutes_item = meeting.agenda_items.get(number="1")
    work = meeting.agenda_items.get(number="9")
    assert minutes_item.visibility == Visibility.RESTRICTED
    assert minutes_item.linked_documents.get().visibility == Visibility.RESTRICTED
    assert work.visibility == Visibility.PUBLIC
    assert work.linked_documents.get().visibility == Visibility.RESTRICTED
    assert meeting.private_business
    assert list(LinkedDocument.objects.public().values_list("title", flat=True)) == []


# Documents --------------------------------------------------------------------------------

PAPER = """Manchester City Council

Briefing note

To: Audit Committee

Date: 10th February 2026

Subject: Internal Audit Progress to January 2026

1 Purpose of the Note

- 1.1 This note reports progress against the internal audit plan for 2025-26.

2 Recommendations

- 2.1 The Audit Committee is recommended to:
- 1) Note the progress made against the plan.
 - 2) Ask for a further update at its July meeting.

Noor Halden

Job Title: Head of Audit and Risk
"""


@pytest.mark.django_db
def test_with_documents_each_linked_paper_is_downloaded_and_read(site):
    """A paper is read by the same ingest as a file (text here; PDF in test_pdf_harvest),
    and what it holds belongs to the meeting that published it."""
    meeting = answer(4967).decode("utf-8").replace("https://democracy.manchester.gov.uk", site.url)
    site.route.overrides[("GetMeeting", "4967")] = Reply(meeting.encode("utf-8"))
    # mgConvert2PDF.aspx?ID=... is no web-service method: its method is None
    site.route.overrides[(None, "60860")] = Reply(PAPER.encode("utf-8"), content_type="text/plain")
    site.route.overrides[(None, "60909")] = Reply(b"\x00\x01 not a paper", content_type="x/y")
    served = site
    result = run(served, committees=["144"], documents=True)
    assert result.papers == 1 and len(result.warnings) == 1
    assert "could not be read" in result.warnings[0]
    read = LinkedDocument.objects.get(moderngov_id=60860)
    assert read.document is not None and read.document.text == PAPER
    (note,) = BriefingNote.objects.filter(document=read.document)
    assert note.meeting == read.agenda_item.meeting
    assert (note.subject, note.meeting.body.name) == (
        "Internal Audit Progress to January 2026",
        "Audit Committee",
    )
    assert [r["number"] for r in note.recommendations] == ["1", "2"]
    assert LinkedDocument.objects.get(moderngov_id=60909).document is None
    papers = sum("mgConvert2PDF" in r for r in served.requests)
    before = counts()
    run(served, committees=["144"], documents=True)
    assert counts() == before
    # the paper read is not fetched again; the unreadable one is tried again
    assert sum("mgConvert2PDF" in r for r in served.requests) == papers + 1


# The reader -------------------------------------------------------------------------------


def test_parse_recognises_a_getmeeting_answer_by_content(tmp_path):
    path = tmp_path / "no-extension"
    path.write_bytes(answer(4967))
    pack = parse_file(path)
    assert pack.source.format == "moderngov-getmeeting-xml"
    assert pack.meeting.body == "Audit Committee"
    assert pack.meeting.start == "2026-02-10T10:00"
    assert [(i.number, i.title) for i in pack.meeting.agenda] == [
        ("1", "Minutes"),
        ("9", "Work Programme"),
    ]
    assert pack.meeting.agenda[0].description == (
        "To approve as a correct record the minutes of the meeting held on 25 November 2025."
    )
    cancelled = parse_file(MANCHESTER / ANSWERS[4966])
    assert cancelled.meeting.status == "cancelled" and cancelled.meeting.agenda == []


def test_text_escaped_twice_is_unescaped_twice_then_sanitised():
    once = '<p class="MsoNormal">Fish &amp; chips <script>alert(1)</script></p>'
    twice = once.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert unescape_fully(twice) == unescape_fully(once) == once
    assert display_html(twice) == display_html(once) == "<p>Fish &amp; chips </p>"
    assert html_lines(twice) == ["Fish & chips"]


def test_minutes_escaped_twice_are_read_like_minutes_escaped_once(tmp_path):
    data = answer(4967).decode("utf-8")
    resolved = "&lt;p&gt;RESOLVED that the report be noted.&lt;/p&gt;"
    data = data.replace(
        "&lt;/div&gt;\n</minutesnonemptyhtmlbody>",
        resolved.replace("&", "&amp;") + "\n</minutesnonemptyhtmlbody>",
        1,
    )
    path = tmp_path / "twice.xml"
    path.write_text(data, encoding="utf-8")
    pack = parse_file(path)
    (first, _) = pack.minutes[0].items
    assert [r.text for r in first.resolutions] == ["RESOLVED that the report be noted."]
    assert first.resolutions[0].lines == first.lines


# Pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_show_what_the_harvest_stored(site, client):
    run(site)
    expired = Body.objects.get(name__startswith="Appointment Sub Committee")
    page = client.get(expired.get_absolute_url()).content.decode()
    assert "No longer meets" in page
    assert "Category: Governance and Decision Making Committees" in page
    february = Meeting.objects.get(date=dt.date(2026, 2, 10))
    page = client.get(february.get_absolute_url()).content.decode()
    assert "Expected to attend" in page
    row = re.search(r"Basil Curley.*?</tr>", page, re.S).group(0)
    assert "<td>Committee Member</td>" in row and "<td>LAB</td>" in row
    assert "<td>Charlestown</td>" in row
    assert 'href="https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60909"' in page
    assert "DRAFT WP  FEBRUARY 2026" in page and "Published 2 February 2026" in page
    assert "<p>The Committee considered a report of the" in page


@pytest.mark.django_db
def test_restricted_papers_are_not_on_the_public_page(site, client):
    site.route.overrides[("GetMeeting", "4967")] = Reply(_restricted_answer())
    run(site, committees=["144"])
    february = Meeting.objects.get(date=dt.date(2026, 2, 10))
    page = client.get(february.get_absolute_url()).content.decode()
    assert "Work Programme" in page
    assert "DRAFT WP" not in page and "CHAIR APPROVED" not in page


@pytest.mark.django_db
def test_two_councils_on_one_install_keep_their_own_committees(site):
    run(site)
    run(site, council="othertown")
    assert Council.objects.count() == 2
    assert Body.objects.filter(name="Audit Committee").count() == 2
    other = Council.objects.get(slug="othertown")
    assert other.bodies.get(name="Audit Committee").meetings.count() == 2


# The job queue ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_runs_one_job_per_meeting_with_the_same_result(site, capsys):
    from scrutineer.jobs.models import Job

    assert harvest_command(_command(site.url, "--queue")) == 0
    assert capsys.readouterr().out.startswith(f"Queued 2 meeting jobs from {site.url}/ (2 done")
    jobs = Job.objects.filter(kind="harvest-meeting").order_by("pk")
    assert [job.state for job in jobs] == ["done", "done"]
    assert jobs[1].result["meeting"]["title"] == "Audit Committee – 10 February 2026"
    february = Meeting.objects.get(date=dt.date(2026, 2, 10))
    assert february.agenda_items.count() == 2 and february.attendance.get().party == "LAB"
    assert Meeting.objects.get(date=dt.date(2026, 1, 13)).status == Meeting.Status.CANCELLED
    before = counts()
    assert harvest_command(_command(site.url, "--queue")) == 0
    assert counts() == before
    assert [job.result["unchanged"] for job in Job.objects.order_by("pk")[2:]] == [True, True]


@pytest.mark.django_db
def test_a_queued_meeting_that_fails_writes_nothing_and_keeps_its_error(site, capsys):
    from scrutineer.jobs.models import Job

    site.route.overrides[("GetMeeting", "4967")] = _truncated()
    assert harvest_command(_command(site.url, "--queue")) == 1
    failed = Job.objects.get(state="failed")
    assert "lMeetingId=4967" in failed.error and "not well-formed XML" in failed.error
    assert "lMeetingId=4967" in capsys.readouterr().err
    assert not Meeting.objects.filter(date=dt.date(2026, 2, 10)).exists()
    assert Meeting.objects.filter(date=dt.date(2026, 1, 13)).exists()
