"""The `scrutineer` command: demo, parse, ingest, serve, bench, and Django's own commands."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from scrutineer.production import gunicorn_command

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
DEMO_ADDRESS = "127.0.0.1:8000"

USAGE = """usage: scrutineer COMMAND [ARGS]

  demo             set up the database, load the bundled sample data and serve the site
  parse FILE       print the parsed pack (text or PDF) as JSON (no database needed)
  ingest [--council SLUG] FILE...
                   load agenda packs into the database, one transaction per file,
                   each into the council it names (or SLUG)
  ingest --queue FILE...
                   queue one job per file instead (run by `scrutineer worker`)
  worker [CELERY WORKER OPTIONS]
                   run queued jobs: a Celery worker on SCRUTINEER_BROKER_URL (Redis)
  harvest URL --council SLUG [--since DATE] [--until DATE] [--committee ID ...]
          [--documents] [--queue]
                   harvest a council's ModernGov site, in one transaction per run
                   (or one job per meeting with --queue)
  serve [ADDR] [--production] [--workers N]
                   serve the site (default 127.0.0.1:8000): Django's development server,
                   or with --production gunicorn, as a deployment should
  bench [SEEDS] [--scale N] [--skip-scale]
                   measure parse, ingest and page speed on the seed papers (../shared/seeds),
                   then pages, imports and charts on a synthetic dataset of scale N
  bench --assurance [--scale N]
                   the partnership assurance dashboard's p95 on a synthetic dataset
  bench --api [--scale N]
                   the open-data API's list p95 and a full sync, on a synthetic dataset
                   (default scale 1)
  bench --pdf      PDF reading in pages per second beside pdftotext -layout, on PDFs
                   LibreOffice makes from the seeds and samples
  bench --agenda-pack
                   publishing the agenda pack of a meeting with 10 papers of 20 pages each
  bench --annual-report
                   generating the statutory annual report (DOCX, PDF, HTML) of the 2016/17
                   seed and of a partnership with 10 years of records
  synth --scale N  fill the database with a deterministic synthetic dataset (and write
                   the search index)
  search_index     write the full-text search index again from the records
  close_data_calls record missing partner returns once a data call's deadline has passed
  backup FILE [--force]
                   copy the embedded SQLite database to FILE while the site runs
  restore FILE [--force]
                   replace the embedded SQLite database with a backup (PostgreSQL:
                   pg_dump/pg_restore, see docs/operations.md)
  any Django management command, e.g. migrate, createsuperuser, shell
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "parse":
        return parse(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutineer.settings")
    _ensure_var_dir()
    if command in {"demo", "bench"}:
        # The demo serves on this machine only and the benchmarks in throw-away databases:
        # a key made for this run signs their sessions.
        os.environ.setdefault("SCRUTINEER_SECRET_KEY", secrets.token_urlsafe(50))
    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - read the environment now, not mid-command
        if command in {"demo", "serve", "runserver"}:
            from scrutineer.environment import require_secret_key

            require_secret_key()
    except ImproperlyConfigured as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if command == "demo":
        return demo(rest)
    if command == "bench":
        return bench(rest)
    if command == "serve":
        return serve(rest)
    if command == "harvest":
        return harvest(rest)
    if command == "worker":
        return worker(rest)
    return _django([command, *rest])


def serve(args: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="scrutineer serve")
    parser.add_argument("address", nargs="?", default=DEMO_ADDRESS, help="HOST:PORT")
    parser.add_argument("--production", action="store_true", help="serve with gunicorn")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn worker processes (default SCRUTINEER_WEB_WORKERS, or 2 x cores + 1)",
    )
    options = parser.parse_args(args)
    if not options.production:
        return _django(["runserver", options.address])
    os.execv(sys.executable, gunicorn_command(options.address, options.workers))
    return 1  # not reached: the process is now gunicorn


def worker(args: list[str]) -> int:
    """A Celery worker for the jobs queue, with Django set up first. Options after `worker`
    are Celery's own (`--pool solo`, `--concurrency 2`, `--loglevel INFO`...)."""
    import django
    from django.conf import settings

    django.setup()
    if not settings.CELERY_BROKER_URL:
        print(
            "error: SCRUTINEER_BROKER_URL is not set, so jobs run in the process that asks for "
            "them and there is nothing for a worker to do. Set it to the Redis server's "
            "address, such as redis://127.0.0.1:6379/0, here and for the site.",
            file=sys.stderr,
        )
        return 1
    from scrutineer.jobs.celery_app import app

    options = (
        args if any(a.startswith(("-l", "--loglevel")) for a in args) else [*args, "-l", "INFO"]
    )
    app.worker_main(["worker", *options])
    return 0


def parse(args: list[str]) -> int:
    from scrutineer.packs import PackError, parse_file

    if len(args) != 1:
        print("usage: scrutineer parse FILE", file=sys.stderr)
        return 2
    try:
        pack = parse_file(args[0])
    except PackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    json.dump(pack.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def demo(args: list[str]) -> int:
    _django(["migrate", "--no-input", "--verbosity", "0"])
    samples = sorted(str(p) for p in SAMPLE_DIR.glob("*.txt"))
    _django(["ingest", *samples])
    address = args[0] if args else DEMO_ADDRESS
    print(
        f"\nScrutineer demo: open http://{address}/ in your browser (Ctrl+C to stop).\n", flush=True
    )
    return _django(["runserver", "--noreload", address])


def bench(args: list[str]) -> int:
    import django

    from scrutineer import bench as benchmarks

    django.setup()
    default = Path(os.environ.get("SCRUTINEER_SEEDS", Path.cwd().parent / "shared" / "seeds"))
    return benchmarks.main(args, default)


def harvest(args: list[str]) -> int:
    import django

    from scrutineer.harvest.command import main as harvest_main

    django.setup()
    return harvest_main(args)


def _django(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["scrutineer", *argv])
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def _ensure_var_dir() -> None:
    """The embedded SQLite database lives in ./var unless DATABASE_URL says otherwise."""
    if "DATABASE_URL" not in os.environ:
        Path(os.environ.get("SCRUTINEER_VAR_DIR", Path.cwd() / "var")).mkdir(exist_ok=True)


if __name__ == "__main__":
    sys.exit(main())
