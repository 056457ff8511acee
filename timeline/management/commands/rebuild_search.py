"""Refill the free-text search index of events from their current texts.

Triggers in the database keep the index current on every write, so this is for
when they could not: after restoring a dump taken without the index, after a
change to how migration 0015 builds an event's row, or to check that the index
holds one row per event. Running it twice gives the same index.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from timeline import search


class Command(BaseCommand):
    help = "Rebuild the free-text search index of events (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Events indexed per statement (default 500).",
        )

    def handle(self, *args, batch_size, **options):
        verbosity = options["verbosity"]
        if not search.is_indexed():
            self.stdout.write(
                self.style.WARNING(
                    f"The {connection.vendor} database has no search index: searches scan."
                )
            )
            return

        def progress(done, total):
            if verbosity >= 1:
                self.stdout.write(f"[{done}/{total}] events indexed")

        with transaction.atomic():
            total = search.rebuild(batch_size=max(batch_size, 1), progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {total} event(s) on {connection.vendor}.")
        )
