"""Harvest throughput: meetings per second from a ModernGov site served on 127.0.0.1.

The site serves one committee with N synthetic meetings (invented names, dates and items,
in the shape of a real ``GetMeeting`` answer), with no pause between requests, into a fresh
throw-away database. The figure is for one harvest process; the fetch phase and the write
phase are timed apart, since the write phase is one transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from scrutineer.harvest.localsite import EMPTY_MEETINGS, LocalSite, Reply, method_of

from .measure import throwaway_database

MEETINGS = 200
FIRST_DAY = dt.date(2020, 1, 6)

COMMITTEES = """<?xml version="1.0" encoding="utf-8"?>
<committees>
  <committee>
    <committeeid>7</committeeid>
    <committeetitle>Exampleshire Overview Panel</committeetitle>
    <committeedeleted>False</committeedeleted>
    <committeeexpired>False</committeeexpired>
    <committeecategory>Scrutiny</committeecategory>
  </committee>
</committees>
"""

ITEM = """    <agendaitem>
      <agendaitemid>{ident}</agendaitemid>
      <agendaitemtitle>{title}</agendaitemtitle>
      <agendatext>&lt;p&gt;The panel will consider {title_lower}.&lt;/p&gt;</agendatext>
      <fulldisplaynumberformat>{number}.</fulldisplaynumberformat>
      <minutesnonemptyhtmlbody>&lt;p&gt;The panel considered {title_lower}.&lt;/p&gt;
&lt;p&gt;RESOLVED that the report be noted.&lt;/p&gt;</minutesnonemptyhtmlbody>
      <isrestricted>False</isrestricted>
      <minutesitemnumber>{number}</minutesitemnumber>
      <linkeddocuments>
        <linkeddoc>
          <attachmentid>{ident}</attachmentid>
          <title>{title} report</title>
          <url>{site}/mgConvert2PDF.aspx?ID={ident}</url>
          <isrestricted>False</isrestricted>
          <publicationdate>{published}</publicationdate>
        </linkeddoc>
      </linkeddocuments>
    </agendaitem>
"""

TITLES = [
    "Apologies",
    "Minutes of the last meeting",
    "Road safety review",
    "Library hours",
    "Budget monitoring",
    "Work programme",
]
MEMBERS = [
    ("Councillor Iris Venn", "Chair", "IND", "Northgate"),
    ("Councillor Tomas Reddle", "Committee Member", "GRN", "Millbank"),
    ("Councillor Uma Keswick", "Committee Member", "LAB", "Eastfold"),
]


def meeting_answer(ident: int, site: str) -> str:
    day = FIRST_DAY + dt.timedelta(days=7 * ident)
    published = (day - dt.timedelta(days=8)).strftime("%d/%m/%Y")
    items = "".join(
        ITEM.format(
            ident=ident * 10 + n,
            title=title,
            title_lower=title.lower(),
            number=n + 1,
            site=site,
            published=published,
        )
        for n, title in enumerate(TITLES)
    )
    attendees = "".join(
        f'    <attendee name="{name}" roledescription="{role}" attendance="Expected" '
        f'politicalparty="{party}" ward="{ward}"/>\n'
        for name, role, party, ward in MEMBERS
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<meeting>\n'
        f"  <meetingid>{ident}</meetingid>\n  <meetingdate>{day:%d/%m/%Y}</meetingdate>\n"
        "  <meetingstatus>Confirmed</meetingstatus>\n  <meetingtime>6.30 pm</meetingtime>\n"
        "  <meetinglocation>Room 4, Civic Offices</meetinglocation>\n"
        "  <minutepublished>True</minutepublished>\n"
        f"  <agendaitems>\n{items}  </agendaitems>\n  <attendees>\n{attendees}  </attendees>\n"
        "</meeting>\n"
    )


def meetings_answer(count: int) -> str:
    rows = "".join(
        f"      <meeting><meetingid>{i}</meetingid><meetingdate>"
        f"{FIRST_DAY + dt.timedelta(days=7 * i):%d/%m/%Y}</meetingdate>"
        "<meetingstatus>Confirmed</meetingstatus></meeting>\n"
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<getmeetings>\n  <committee>\n'
        f"    <committeeid>7</committeeid>\n    <committeemeetings>\n{rows}"
        "    </committeemeetings>\n  </committee>\n</getmeetings>\n"
    )


class SyntheticSite:
    def __init__(self, count: int):
        self.count = count
        self.site = ""
        self.listing = meetings_answer(count).encode("utf-8")

    def __call__(self, path: str, params: dict[str, str]) -> Reply:
        method = method_of(path)
        if method == "GetCommittees":
            return Reply(COMMITTEES.encode("utf-8"))
        if method == "GetMeetings":
            return Reply(self.listing if params.get("lCommitteeId") == "7" else EMPTY_MEETINGS)
        ident = params.get("lMeetingId", "")
        if method == "GetMeeting" and ident.isdigit() and 0 < int(ident) <= self.count:
            return Reply(meeting_answer(int(ident), self.site).encode("utf-8"))
        return Reply(b"not found", 404, "text/plain")


@dataclass
class HarvestFigures:
    backend: str
    meetings: int
    seconds: float
    fetch_seconds: float
    write_seconds: float
    again_seconds: float

    @property
    def per_second(self) -> float:
        return self.meetings / self.seconds


def harvest_throughput(count: int = MEETINGS) -> HarvestFigures:
    from django.db import connection

    from scrutineer.governance.models import Meeting
    from scrutineer.harvest import HarvestOptions, ModernGovClient
    from scrutineer.harvest import run as harvest_run

    synthetic = SyntheticSite(count)
    last = FIRST_DAY + dt.timedelta(days=7 * count)
    with throwaway_database(), LocalSite(synthetic) as site:
        synthetic.site = site.url
        options = HarvestOptions(
            site=site.url, council="bench", since=FIRST_DAY, until=last, window_days=4000
        )
        with ModernGovClient(site.url, min_interval=0) as client:
            start = time.perf_counter()
            fetched = harvest_run.fetch(client, options, lambda sha: False)
            fetched_at = time.perf_counter()
            harvest_run.run_atomic(lambda: harvest_run._write(options, *fetched))
            done = time.perf_counter()
            assert Meeting.objects.count() == count, Meeting.objects.count()
            harvest_run.harvest(options, client)
            again = time.perf_counter() - done
        return HarvestFigures(
            connection.vendor, count, done - start, fetched_at - start, done - fetched_at, again
        )


def report_harvest(figures: HarvestFigures) -> None:
    print(
        f"harvest throughput ({figures.backend}, one process, local ModernGov server, "
        f"{figures.meetings} meetings of 6 items): {figures.per_second:.1f} meetings/s "
        f"({figures.seconds:.2f} s: fetch and read {figures.fetch_seconds:.2f} s, write "
        f"{figures.write_seconds:.2f} s); a second harvest, all unchanged: "
        f"{figures.again_seconds:.2f} s"
    )
