"""Load a file written by `backup` into an empty database, history included.

Restoring is for a new or broken site: run `manage.py migrate` on an empty
database, then this. It refuses a database that holds content already, since
loading over it would mix two sites' rows; `--force` deletes everything in the
database first (`manage.py flush`) and then loads the backup, all in one
transaction, so a backup that fails to load leaves the database as it was.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from timeline.history import unrecorded
from timeline.management.commands._backup import OPENERS, opener, row_counts


def listed(counts):
    """'18 timeline.Event rows, 2 auth.User rows…' for an error message."""
    return ", ".join(f"{count} {label} rows" for label, count in counts.items())


class Command(BaseCommand):
    help = (
        "Load a file written by `manage.py backup` into an empty database (run migrate first). "
        "Refuses a database that holds content unless --force, which deletes everything in it "
        "first. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file, e.g. backup.json.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete everything in the database first (manage.py flush), then load.",
        )

    def handle(self, *args, path, force, **options):
        verbosity = options["verbosity"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        if opener(path) is None:
            raise CommandError(f"{path} is not a backup: its name ends in none of {list(OPENERS)}.")
        held = row_counts()
        if held and not force:
            raise CommandError(
                f"The database is not empty: it holds {listed(held)}. Restore into an empty "
                "database (create it and run `manage.py migrate`), or pass --force to delete "
                "everything in this one first."
            )
        try:
            with transaction.atomic():
                if held:
                    if verbosity >= 1:
                        self.stdout.write("Deleting everything in the database first (--force)…")
                    # Checked now, not at commit: PostgreSQL cannot empty a table whose
                    # deferred checks are pending in the transaction this may run in.
                    connection.check_constraints()
                    call_command("flush", interactive=False, verbosity=0)
                if verbosity >= 1:
                    self.stdout.write(f"Loading {path}…")
                # The backup holds the history records: loading writes no new ones.
                with unrecorded():
                    call_command("loaddata", str(path), verbosity=0)
                counts = row_counts()
        except (CommandError, DatabaseError, DeserializationError, ValueError) as error:
            cause = error.__cause__ or error
            raise CommandError(
                f"{path} could not be restored, and the database is as it was: {cause}"
            ) from error
        if verbosity >= 2:
            for label, count in counts.items():
                self.stdout.write(f"  {label}: {count}")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {sum(counts.values())} rows of {len(counts)} tables from {path}."
                )
            )
