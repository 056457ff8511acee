"""Write the whole database to one JSON file, history included, for `restore` to load.

The site is its editors' work: sources, events, evidence, translations and
actors, every historical version of them (who changed what, when), the
editors' accounts and the admin log. A backup that leaves any of that out
cannot bring the site back, so this writes all of it in Django's fixture
format (what `dumpdata` writes and `loaddata` reads, times kept to the
microsecond): rows keep their ids (permalinks, history and the admin log refer
to them), and references to content types and permissions use natural keys,
since `migrate` makes those afresh with ids of its own. Left out, as not
content: content types, permissions, sessions and sign-in attempts
(django-axes). The file is written beside its final name and renamed when
complete, so a failed backup never looks like a good one.
"""

from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from timeline.management.commands._backup import (
    OPENERS,
    ExactJSONEncoder,
    backed_up_models,
    opener,
)


class Command(BaseCommand):
    help = (
        "Write the whole database (history, editors and admin log included) to a JSON file "
        "that `manage.py restore` loads into an empty database. A name ending in .json.gz, "
        ".json.bz2 or .json.xz writes it compressed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, e.g. backup.json.")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace the file if it exists."
        )

    def handle(self, *args, path, overwrite, **options):
        self.verbosity = options["verbosity"]
        open_backup = opener(path)
        if open_backup is None:
            raise CommandError(f"Name the backup file with one of {', '.join(OPENERS)}: {path}")
        if path.exists() and not overwrite:
            raise CommandError(f"{path} exists already: choose another name, or pass --overwrite.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent} to write {path.name} in.")
        partial = path.with_name(f".{path.name}.partial")
        # Every table read as of one moment, while editors go on working: PostgreSQL needs
        # asking (first thing in a transaction of our own); SQLite's reads in one transaction are.
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        try:
            with transaction.atomic(), open_backup(partial, "wt", encoding="utf-8") as stream:
                if snapshot:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                if self.verbosity >= 1:
                    self.stdout.write(f"Backing up the {connection.vendor} database to {path}…")
                serializers.serialize(
                    "json",
                    self.rows(),
                    stream=stream,
                    use_natural_foreign_keys=True,
                    cls=ExactJSONEncoder,
                )
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        if self.verbosity >= 1:
            size = path.stat().st_size / 1024
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {self.written} rows of {self.tables} tables to {path} "
                    f"({size:,.0f} KiB)."
                )
            )

    def rows(self):
        """Every backed-up row, table by table in id order, counted (and listed at -v 2)."""
        self.written = self.tables = 0
        for model in backed_up_models():
            rows = model._base_manager.order_by(model._meta.pk.name)
            count = rows.count()
            if not count:
                continue
            self.tables += 1
            if self.verbosity >= 2:
                self.stdout.write(f"  {model._meta.label}: {count}")
            for row in rows.iterator():
                self.written += 1
                yield row
