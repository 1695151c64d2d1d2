"""`scrutineer backup FILE`: a consistent copy of the embedded SQLite database, taken while
the site may be serving and writing (see scrutineer.backup for how)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scrutineer.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the embedded SQLite database to FILE with SQLite's online backup API. "
        "For PostgreSQL use pg_dump (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to write")
        parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    def handle(self, *args, file, force, **options):
        try:
            summary = backup(settings.DATABASES["default"], file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {summary.describe()}.")
        if options["verbosity"] > 1:
            for table, count in summary.rows.items():
                self.stdout.write(f"  {table}: {count:,}")
