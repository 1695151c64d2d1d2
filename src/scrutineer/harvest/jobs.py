"""Harvesting on the job queue: ``scrutineer harvest --queue`` writes the committees and the
answers that list the meetings, then queues one ``harvest-meeting`` job per meeting. Each
job fetches its meeting's answer (and papers), and writes it in the job's one transaction:
a job that fails writes nothing, and one whose site kept failing is tried again later."""

from __future__ import annotations

from scrutineer.jobs.tasks import enqueue, job_kind

from .client import ModernGovClient, SiteFailing
from .run import (
    HarvestOptions,
    HarvestResult,
    fetch_index,
    fetch_meeting,
    run_atomic,
    stored_checks,
    write_index,
)

HARVEST_MEETING = "harvest-meeting"


def queue_harvest(options: HarvestOptions, client: ModernGovClient, *, interval: float = 1.0):
    """Write the index now, in one transaction; queue a job per meeting. The jobs."""
    index = fetch_index(client, options)
    result = HarvestResult(committees=len(index.committees), meetings=len(index.entries))
    run_atomic(
        lambda: write_index(options, index.committees_answer, index.committees, index.lists, result)
    )
    return [
        enqueue(
            HARVEST_MEETING,
            {
                "site": options.site,
                "council": options.council,
                "committee": committee.external_id,
                "committee_title": committee.title,
                "meeting": entry.external_id,
                "date": entry.date,
                "documents": options.documents,
                "interval": interval,
            },
            title=f"Harvest {committee.title}, {entry.date} (meeting {entry.external_id})",
        )
        for committee, entry in index.entries
    ]


@job_kind(HARVEST_MEETING, transient=(SiteFailing,))
def harvest_meeting(
    job,
    progress,
    *,
    site: str,
    council: str,
    committee: str,
    committee_title: str,
    meeting: str,
    date: str,
    documents: bool = False,
    interval: float = 1.0,
) -> dict:
    from scrutineer.governance.models import Body
    from scrutineer.ingest.names import NameResolver
    from scrutineer.packs.moderngov import ParsedCommittee, ParsedMeetingEntry

    from .run import write_meeting

    progress(0, 2, f"Asking {site} for meeting {meeting}")
    parsed_committee = ParsedCommittee(committee, committee_title, (1, 1))
    entry = ParsedMeetingEntry(meeting, committee, date, (1, 1))
    known_sha, have_paper = stored_checks(council)
    with ModernGovClient(site, min_interval=interval) as client:
        fetched = fetch_meeting(
            client, parsed_committee, entry, known_sha, have_paper if documents else None
        )
    progress(1, 2, f"Writing meeting {meeting}")
    body = Body.objects.select_related("council").get(
        council__slug=council, moderngov_id=int(committee)
    )
    result = HarvestResult(meetings=1)
    if fetched.known and not fetched.papers:
        record = body.meetings.get(moderngov_id=int(meeting))
        result.unchanged = 1
    else:
        record = write_meeting(fetched, body, body.council, NameResolver(body.council), result)
    progress(2, 2, f"Meeting {meeting} written")
    return {
        "meeting": {"title": str(record), "url": record.get_absolute_url()},
        "unchanged": bool(result.unchanged),
        "counts": {what: n for what, n in result.counts.items() if n},
        "warnings": result.warnings,
    }
