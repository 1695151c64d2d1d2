"""`scrutineer bench`: measure, don't assert. Prints parse, ingest and page figures.

Parse throughput needs no database. Ingest and page timings run against a fresh
throw-away database of whatever backend DATABASE_URL selects (SQLite by default).
The scale section fills another throw-away database with `scrutineer synth --scale N`
(default 5: 100,000 tracked items) and times the tracker pages against it; then, in the same
database, adds the synthetic performance scorecards (1,000 indicators and about a million
observations at scale 5) and times the scorecard page, a 10,000-row partner submission and
an indicator chart.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scrutineer.bench import load as bench_load

from .harvest import MEETINGS, harvest_throughput, report_harvest
from .harvest_queue import report_queued
from .measure import PARSE_RUNS, SCALE, find_seeds, linearity, parse_throughput
from .minutes import minutes_throughput, report_minutes
from .pages import ingest_and_pages, report_scale, scale_pages

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample"


def run(seeds_dir: Path, scale: float | None = SCALE) -> None:
    """All the figures; ``scale=None`` leaves out the scale section."""
    report_harvest(harvest_throughput())
    paths = find_seeds(seeds_dir)
    size = sum(p.stat().st_size for p in paths)
    print(f"Seeds: {len(paths)} files, {size / 1e6:.2f} MB")
    mbps, seconds = parse_throughput(paths)
    print(
        f"parse throughput: {mbps:.1f} MB/s (median of {PARSE_RUNS} runs, {seconds * 1000:.0f} ms"
        " for all four; target >= 5 MB/s)"
    )
    one, ten = linearity(paths)
    print(
        f"parse scaling: 1 MB in {one:.2f} s, 10 MB in {ten:.2f} s, ratio {ten / one:.1f}x "
        "(linear is ~10x)"
    )
    figures = ingest_and_pages(paths)
    print(
        f"ingest of the four seeds into a fresh {figures.pop('backend')} database: "
        f"{figures.pop('ingest_seconds'):.2f} s (target <= 2 s)"
    )
    for label, value in figures.items():
        print(f"{label}: {value:.1f}" + (" (target <= 50 ms)" if "p95" in label else ""))
    if scale is not None:
        report_scale(scale_pages(scale))


def main(args: list[str], default_seeds: Path) -> int:
    parser = argparse.ArgumentParser(
        prog="scrutineer bench",
        description="Measure parse, ingest and page speed; then page speed at scale.",
    )
    parser.add_argument(
        "seeds", nargs="?", type=Path, default=default_seeds, help="folder of seed papers"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=SCALE,
        help=f"synthetic data scale for the page timings (default {SCALE:g}: "
        "100,000 tracked items, 1,000 indicators); fractions allowed",
    )
    parser.add_argument("--skip-scale", action="store_true", help="leave out the scale section")
    parser.add_argument(
        "--assurance",
        action="store_true",
        help="instead: the partnership assurance dashboard's p95 at --scale (default "
        f"{SCALE:g}), for the public and a member, and the figures it shows",
    )
    parser.add_argument(
        "--harvest",
        type=int,
        nargs="?",
        const=MEETINGS,
        default=None,
        metavar="N",
        help=f"instead: harvest N synthetic meetings (default {MEETINGS}) from a local "
        "ModernGov server and report meetings per second",
    )
    parser.add_argument(
        "--minutes",
        action="store_true",
        help="instead: parse throughput of saved Agenda and minutes pages at 1 to 10 MB",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="instead: serve the seeds with the production server and load it with wrk",
    )
    parser.add_argument(
        "--connections", type=int, default=bench_load.CONNECTIONS, help="with --load"
    )
    parser.add_argument(
        "--duration", type=int, default=bench_load.DURATION_S, help="seconds, with --load"
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers, with --load")
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="instead: read PDFs made with LibreOffice from the seeds and samples, in pages per "
        "second, beside pdftotext -layout",
    )
    parser.add_argument(
        "--agenda-pack",
        action="store_true",
        help="instead: publish the agenda pack of a meeting with 10 papers of 20 pages each, "
        "in seconds",
    )
    parser.add_argument(
        "--annual-report",
        action="store_true",
        help="instead: generate the statutory annual report (DOCX, PDF, HTML) of the 2016/17 "
        "seed and of a partnership with 10 years of records",
    )
    parser.add_argument(
        "--api",
        action="store_true",
        help="instead: the open-data API's list p95 and a full sync, at --scale (default 1 "
        "for this bench)",
    )
    options = parser.parse_args(args)
    if options.api:
        from .api import API_SCALE, api_speed, report_api

        given = any(arg.startswith("--scale") for arg in args)
        scale = options.scale if given else API_SCALE
        if not scale > 0:
            parser.error("--scale must be a positive number")
        report_api(api_speed(scale))
        return 0
    if options.annual_report:
        from .annual_report import report_annual_report, seed_report, synthetic_report

        report_annual_report([seed_report(options.seeds), synthetic_report()])
        return 0
    if options.agenda_pack:
        from .agenda_pack import agenda_pack_speed, report_agenda_pack

        report_agenda_pack(agenda_pack_speed())
        return 0
    if options.pdf:
        from .papers import pdf_speed, report_pdf

        samples = sorted(SAMPLE_DIR.glob("*.txt"))
        report_pdf(pdf_speed(find_seeds(options.seeds), samples))
        return 0
    if options.harvest is not None:
        if options.harvest < 1:
            parser.error("--harvest needs at least 1 meeting")
        report_harvest(harvest_throughput(options.harvest))
        report_queued(options.harvest)
        return 0
    if options.minutes:
        report_minutes(minutes_throughput())
        return 0
    if options.load:
        if options.connections < 1 or options.duration < 1:
            parser.error("--connections and --duration must be at least 1")
        figures = bench_load.run_load(
            find_seeds(options.seeds),
            connections=options.connections,
            duration=options.duration,
            workers=options.workers,
        )
        bench_load.report_load(figures, options.connections)
        return 0
    if options.assurance:
        from .assurance import assurance_speed, report_assurance

        if not options.scale > 0:
            parser.error("--scale must be a positive number")
        report_assurance(assurance_speed(options.scale))
        return 0
    if not options.skip_scale and not options.scale > 0:
        parser.error("--scale must be a positive number")
    run(options.seeds, None if options.skip_scale else options.scale)
    return 0
