"""Print the date expressions the temporal tagger finds in an article, resolved to EDTF.

Editors date timeline events from what an article says ("am Dienstag", "im
Oktober", "30 Tage lang"), and those words only mean something against the
publication date. This command shows, for any text file and without touching
the database, what `timeline.temporal.find_dates` reads: each expression with
its character offsets, so it can be checked against the text, and its EDTF
value (or ISO 8601 duration), so it can be pasted into an event's date.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline import languages
from timeline.management.commands._arguments import iso_date
from timeline.temporal import find_dates

# Tabs and line breaks inside an expression would break the one-line-per-row format.
TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def read_utf8(path):
    """The text of the file at `path`, or a CommandError saying why it cannot be read."""
    if not path.exists():
        raise CommandError(f"{path} does not exist.")
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    # Decoded from bytes so line endings stay as written and offsets match the file.
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path} is not UTF-8 text (byte {error.start} is {data[error.start]:#04x}). "
            "Convert it first, for example: iconv -f latin1 -t utf-8."
        ) from error


def tsv_field(text):
    return "".join(TSV_ESCAPES.get(character, character) for character in text)


class Command(BaseCommand):
    help = (
        "Find the date expressions in a UTF-8 text file and resolve them against the "
        "publication date. Prints one tab-separated line per expression: start and end "
        "character offsets into the text, the expression as written (tabs and line breaks "
        "escaped as \\t, \\n), and its EDTF value or, for a duration, its ISO 8601 duration. "
        "--format json prints the same as a JSON list."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The article as a UTF-8 text file.")
        parser.add_argument(
            "--language",
            required=True,
            choices=list(languages.LANGUAGES),
            help=f"The article's language: {languages.described()}.",
        )
        parser.add_argument(
            "--published",
            required=True,
            type=iso_date,
            help="The publication date, YYYY-MM-DD; relative dates are resolved against it.",
        )
        parser.add_argument(
            "--format",
            choices=["tsv", "json"],
            default="tsv",
            help="tsv (default): one line per expression; json: a list of objects.",
        )

    def handle(self, *args, **options):
        text = read_utf8(Path(options["path"]))
        mentions = find_dates(text, options["language"], options["published"])
        if options["format"] == "json":
            rows = [
                {"start": m.start, "end": m.end, "text": m.text, "edtf": m.edtf} for m in mentions
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for m in mentions:
            self.stdout.write(f"{m.start}\t{m.end}\t{tsv_field(m.text)}\t{m.edtf}")
