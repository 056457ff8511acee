"""Tag the dates in every stored sentence again, after the date tagger has changed.

Pages never run the tagger: each sentence stores the date expressions found
when it was cut (Sentence.mentions). When timeline/temporal.py learns new
rules, the stored values are stale until this command has run; it reports how
many sentences of each source changed, and `--dry-run` shows that without
writing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from timeline.models import Source


class Command(BaseCommand):
    help = "Run the date tagger again on every sentence and store what it finds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report how many sentences would change, without writing anything.",
        )

    def handle(self, *args, dry_run, **options):
        verbosity = options["verbosity"]
        sources = Source.objects.order_by("pk")
        total_sources, total_changed = sources.count(), 0
        with transaction.atomic():
            for number, source in enumerate(sources.iterator(), start=1):
                changed = source.retag()
                total_changed += changed
                if verbosity >= 2 or (verbosity >= 1 and changed):
                    self.stdout.write(
                        f"[{number}/{total_sources}] {source.slug}: "
                        f"{changed} sentence(s) with new dates"
                    )
            if dry_run:
                transaction.set_rollback(True)
        summary = f"{total_changed} sentence(s) in {total_sources} source(s) have new dates."
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Dry run: {summary} Nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(summary))
