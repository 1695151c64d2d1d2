"""``scrutineer harvest URL --council SLUG [--since DATE] [--until DATE] [--committee ID ...]
[--documents]``: exit 0 with a summary, or 1 with the address and the problem."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from .client import MAX_BYTES, HarvestError, ModernGovClient
from .run import HarvestOptions, harvest


def _date(text: str) -> dt.date:
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD or dd/mm/yyyy)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scrutineer harvest",
        description="Harvest committees, meetings, agendas, attendees and minutes from a "
        "council's ModernGov site (its public web service, mgWebService.asmx).",
    )
    p.add_argument("url", help="the site's address, e.g. https://democracy.example.gov.uk")
    p.add_argument("--council", required=True, help="the council's slug, e.g. manchester")
    p.add_argument("--since", type=_date, help="first meeting day (default: a year ago)")
    p.add_argument("--until", type=_date, help="last meeting day (default: today)")
    p.add_argument(
        "--committee", action="append", default=[], metavar="ID", help="only this committee id"
    )
    p.add_argument("--documents", action="store_true", help="download and read linked papers")
    p.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds between requests to the site (default 1)",
    )
    p.add_argument(
        "--queue",
        action="store_true",
        help="write the committees now and queue one job per meeting (run by `scrutineer "
        "worker`; without a broker they run here, one by one)",
    )
    p.add_argument("--backoff", type=float, default=1.0, help=argparse.SUPPRESS)
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="largest answer accepted")
    return p


def main(args: list[str]) -> int:
    options = parser().parse_args(args)
    run = HarvestOptions(
        site=options.url,
        council=options.council,
        since=options.since,
        until=options.until,
        committees=options.committee,
        documents=options.documents,
    )
    if run.since and run.until and run.since > run.until:
        print("error: --since is after --until", file=sys.stderr)
        return 2
    try:
        with ModernGovClient(
            options.url,
            min_interval=options.interval,
            backoff=options.backoff,
            max_bytes=options.max_bytes,
        ) as client:
            if options.queue:
                return _queue(run, client, options.interval)
            result = harvest(run, client)
    except HarvestError as error:
        print(f"error: {error}; nothing was written", file=sys.stderr)
        return 1
    print(result.summary(client.site))
    for warning in result.warnings:
        print(f"warning: {warning}")
    return 0


def _queue(run: HarvestOptions, client: ModernGovClient, interval: float) -> int:
    from .jobs import queue_harvest

    jobs = queue_harvest(run, client, interval=interval)
    failed = [job for job in jobs if job.state == job.State.FAILED]
    done = sum(job.state == job.State.DONE for job in jobs)
    print(
        f"Queued {len(jobs)} meeting jobs from {client.site}"
        + (f" ({done} done here, {len(failed)} failed)" if done or failed else "")
    )
    for job in failed:
        print(f"error: job {job.pk} {job.title}: {job.error}", file=sys.stderr)
    return 1 if failed else 0
