"""`scrutineer search_index`: write the whole search index again, in one transaction.

The index follows every record saved through the site or ingest; a bulk load that bypasses
them (`scrutineer synth`, which runs this itself, or rows loaded by hand) needs it written
anew. Searches go on meanwhile and see the old index until the new one commits."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from scrutineer.search import index


class Command(BaseCommand):
    help = "Write the full-text search index again from the records."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            entries = index.reindex_all()
        self.stdout.write(
            f"Search index: {entries:,} entries written in {time.perf_counter() - started:.1f} s"
        )
