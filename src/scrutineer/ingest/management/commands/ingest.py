"""`scrutineer ingest [--council SLUG] FILE...`: load agenda packs, one transaction per file,
each into the council it names (or the one ``--council`` names: ``ingest.councils``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from rich.console import Console

from scrutineer.console import progress_bar
from scrutineer.governance.models.councils import slug_problem
from scrutineer.ingest.loader import ingest_file
from scrutineer.packs import PackError


class Command(BaseCommand):
    help = "Ingest agenda packs and reports. Each file loads in one transaction."
    # The URL and admin checks import every page's module (openpyxl, reportlab, python-docx):
    # a second's start-up and double the memory for a command that serves no pages and is
    # often run several at once from scripts. `scrutineer check` runs them all.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="text agenda packs or reports")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue one job per file for `scrutineer worker` (SCRUTINEER_BROKER_URL)",
        )
        parser.add_argument(
            "--council",
            metavar="SLUG",
            help="the council the files belong to (created if new), whatever they name",
        )

    def handle(self, *args, files, queue=False, council=None, **options):
        if council is not None and (problem := slug_problem(council)):
            raise CommandError(f"--council {problem}; nothing was written")
        if queue and council:
            raise CommandError(
                "--council cannot be given with --queue yet: queued jobs "
                "assign each paper to the council it names"
            )
        if queue:
            return self.queue(files)
        console = Console(file=self.stdout._out, stderr=False)
        errors = Console(file=self.stderr._out, stderr=True)
        failed = 0
        with progress_bar(console) as progress:
            task = progress.add_task("Ingesting", total=len(files))
            for path in files:
                progress.update(task, description=f"Ingesting {path}")
                try:
                    result = ingest_file(path, council=council)
                except PackError as error:
                    failed += 1
                    errors.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
                except DatabaseError as error:  # e.g. not migrated, or the server went away
                    failed += 1
                    errors.print(
                        f"error: {path}: the database refused it ({str(error).strip()})",
                        markup=False,
                        highlight=False,
                        soft_wrap=True,
                    )
                else:
                    if result.created:
                        summary = ", ".join(f"{n} {what}" for what, n in result.counts.items() if n)
                        console.print(
                            f"{path}: ingested as document {result.document.pk}"
                            f" of {result.document.council}"
                            f" ({summary or 'no new records'}; {result.warnings} warnings)",
                            markup=False,
                            highlight=False,
                            soft_wrap=True,
                        )
                    else:
                        console.print(
                            f"{path}: unchanged (already ingested as document "
                            f"{result.document.pk})",
                            markup=False,
                            highlight=False,
                            soft_wrap=True,
                        )
                progress.advance(task)
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} files failed; nothing was written for them"
            )

    def queue(self, files):
        """One ingest job per file; the file's bytes are stored for the worker to read."""
        from scrutineer.jobs.tasks import enqueue, store_file
        from scrutineer.packs import read_file

        failed = 0
        for path in files:
            try:
                data = read_file(path)
            except PackError as error:
                failed += 1
                self.stderr.write(f"error: {error}")
                continue
            stored = store_file(data, Path(path).name)
            job = enqueue("ingest", {"file": stored.pk}, title=f"Read {stored.name}")
            if job.state == job.State.FAILED:  # run at once, without a broker
                failed += 1
                self.stderr.write(f"error: job {job.pk} failed: {job.error}")
            else:
                self.stdout.write(f"{path}: job {job.pk} {job.get_state_display().lower()}")
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} files failed; nothing was written for them"
            )
