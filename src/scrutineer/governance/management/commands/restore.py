"""`scrutineer restore FILE`: replace the embedded SQLite database with a backup, after
checking that the file is an intact Scrutineer database this version can read."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scrutineer.backup import BackupError, code_migrations, restore


class Command(BaseCommand):
    help = (
        "Restore the embedded SQLite database from a backup made by `scrutineer backup`. "
        "For PostgreSQL use pg_restore (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file to restore")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the configured database even if it already holds records",
        )

    def handle(self, *args, file, force, **options):
        try:
            summary = restore(settings.DATABASES["default"], file, code_migrations(), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file} into {summary.describe()}.")
        if options["verbosity"] > 1:
            for table, count in summary.rows.items():
                self.stdout.write(f"  {table}: {count:,}")
        for note in summary.notes:
            self.stdout.write(note)
