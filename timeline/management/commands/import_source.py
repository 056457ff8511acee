"""Import one article from a text, Markdown or HTML file as a segmented source.

Editors import articles one at a time in the admin; this command does the same
from a shell, for batches and scripts, through the very same form
(`timeline.forms.SourceImportForm`: the same checks and messages) and the same
pipeline (`timeline.ingest.import_source`: the same segmentation with the
language's rules and the same boilerplate detection). Importing a text that
is already there changes nothing and says where it is; any error leaves the
database as it was.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from timeline import formats, ingest, languages
from timeline.forms import SourceImportForm
from timeline.management.commands._arguments import iso_date
from timeline.models import MAX_BODY_CHARS

# The form's fields as this command's options, for error messages.
OPTIONS = {
    "upload": "path",
    "body": "path",
    "title": "--title",
    "publisher": "--publisher",
    "url": "--url",
    "language": "--language",
    "published_on": "--published",
    "slug": "--slug",
}


class Command(BaseCommand):
    help = (
        "Import an article (.txt, .md or .html, UTF-8) as a source: reduce it to text, cut it "
        "into sentences with the language's rules and mark promotion lines as boilerplate. "
        f"At most {MAX_BODY_CHARS:,} characters. The same text twice is imported once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The article file: .txt, .md or .html.")
        parser.add_argument("--title", required=True, help="The article's title.")
        parser.add_argument(
            "--language",
            required=True,
            choices=list(languages.LANGUAGES),
            help=f"The article's language, which decides the sentence rules: "
            f"{languages.described()}.",
        )
        parser.add_argument(
            "--published", required=True, type=iso_date, help="The publication date, YYYY-MM-DD."
        )
        parser.add_argument(
            "--publisher", default="", help="Who published it (default: the URL's host name)."
        )
        parser.add_argument("--url", default="", help="Where it can be read (http or https).")
        parser.add_argument(
            "--slug", default="", help="The source's slug (default: made from the title)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and segment the article and report, without writing anything.",
        )

    def handle(self, *args, path, dry_run, **options):
        self.verbosity = options["verbosity"]
        self.progress(f"Reading {path}…")
        form = SourceImportForm(
            data={
                "title": options["title"],
                "publisher": options["publisher"],
                "url": options["url"],
                "language": options["language"],
                "published_on": options["published"],
                "slug": options["slug"],
            },
            files={"upload": self.read(path)},
        )
        if not form.is_valid():
            raise CommandError(self.describe(form.errors))
        try:
            result = ingest.import_source(form.instance, progress=self.progress, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError(self.describe(error.message_dict)) from error
        self.report(result, dry_run)

    def read(self, path):
        """The file at `path` as an upload for the form, or a CommandError if it cannot be read."""
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if path.stat().st_size > formats.MAX_UPLOAD_BYTES:
            # The form would say the same, after reading it all into memory.
            raise CommandError(
                f"“{path.name}” has {path.stat().st_size:,} bytes; "
                f"the limit is {formats.MAX_UPLOAD_BYTES:,}."
            )
        return SimpleUploadedFile(path.name, path.read_bytes())

    def describe(self, errors):
        """Form errors as one message, each led by the option it concerns."""
        lines = []
        for field, messages in errors.items():
            option = OPTIONS.get(field)
            lines.extend(f"{option}: {m}" if option else m for m in messages)
        return "\n".join(lines)

    def progress(self, line):
        """Write one step of the import, unless -v 0 asked for silence."""
        if self.verbosity >= 1:
            self.stdout.write(line)

    def report(self, result, dry_run):
        """Say what happened to the source, and list its boilerplate at -v 2."""
        source = result.source
        if not result.created:
            self.progress(
                self.style.WARNING(
                    f"Nothing to do: this text was already imported as “{source.slug}”."
                )
            )
            return
        if self.verbosity >= 2:
            for text in result.boilerplate:
                self.stdout.write(f"  boilerplate: {text}")
        if dry_run:
            self.progress(
                self.style.WARNING(
                    f"Dry run: would create source “{source.slug}”; nothing was written."
                )
            )
        else:
            self.progress(self.style.SUCCESS(f"Created source “{source.slug}”."))
