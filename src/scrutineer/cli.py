"""The `scrutineer` command: demo, parse, ingest, serve, bench, and Django's own commands."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
DEMO_ADDRESS = "127.0.0.1:8000"

USAGE = """usage: scrutineer COMMAND [ARGS]

  demo             set up the database, load the bundled sample data and serve the site
  parse FILE       print the parsed pack as JSON (no database needed)
  ingest FILE...   load agenda packs into the database, one transaction per file
  serve [ADDR]     serve the site (default 127.0.0.1:8000)
  bench [SEEDS] [--scale N] [--skip-scale]
                   measure parse, ingest and page speed on the seed papers (../shared/seeds),
                   then pages, imports and charts on a synthetic dataset of scale N
  synth --scale N  fill the database with a deterministic synthetic dataset
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
    if command == "demo":
        return demo(rest)
    if command == "bench":
        return bench(rest)
    if command == "serve":
        return _django(["runserver", *(rest or [DEMO_ADDRESS])])
    return _django([command, *rest])


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
