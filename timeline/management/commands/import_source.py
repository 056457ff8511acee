"""Import one article from a text, Markdown or HTML file as a segmented source.

Editors import articles one at a time in the admin; this command does the same
from a shell, for batches and scripts, through the very same pipeline
(`timeline.ingest.import_source`): the same checks, the same segmentation with
the language's rules, the same boilerplate detection. Importing a text that is
already there changes nothing and says where it is; any error leaves the
database as it was.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline import ingest
from timeline.management.commands._arguments import parse_published


def read_article(path):
    """The article text in the file at `path`, or a CommandError saying why it cannot be used."""
    if not path.exists():
        raise CommandError(f"{path} does not exist.")
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    try:
        return ingest.text_from_file(path.name, path.read_bytes())
    except ingest.ImportRefused as error:
        raise CommandError(error.message) from error


class Command(BaseCommand):
    help = (
        "Import an article (.txt, .md or .html, UTF-8) as a source: reduce it to text, cut it "
        "into sentences with the language's rules and mark promotion lines as boilerplate. "
        f"At most {ingest.MAX_SOURCE_CHARS:,} characters. The same text twice is imported once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The article file: .txt, .md or .html.")
        parser.add_argument("--title", required=True, help="The article's title.")
        parser.add_argument(
            "--language",
            required=True,
            help=f"The article's language, which decides the sentence rules: "
            f"{', '.join(ingest.SUPPORTED_LANGUAGES)}.",
        )
        parser.add_argument("--published", required=True, help="The publication date, YYYY-MM-DD.")
        parser.add_argument(
            "--publisher", default="", help="Who published it (default: the URL's host name)."
        )
        parser.add_argument("--url", default="", help="Where it can be read (http or https).")
        parser.add_argument(
            "--slug", default=None, help="The source's slug (default: made from the title)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and segment the article and report, without writing anything.",
        )

    def handle(self, *args, path, dry_run, **options):
        self.verbosity = options["verbosity"]
        published_on = parse_published(options["published"])
        self.progress(f"Reading {path}…")
        text = read_article(path)
        try:
            result = ingest.import_source(
                text=text,
                title=options["title"],
                publisher=options["publisher"],
                language=options["language"],
                published_on=published_on,
                url=options["url"],
                slug=options["slug"],
                progress=self.progress,
                dry_run=dry_run,
            )
        except ingest.ImportRefused as error:
            raise CommandError(error.message) from error
        self.report(result, dry_run)

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
            for sentence in ingest.find_boilerplate(
                source.body, ingest.segment(source.body, source.language), source.language
            ):
                self.stdout.write(f"  boilerplate #{sentence.position}: {sentence.text}")
        if dry_run:
            self.progress(
                self.style.WARNING(
                    f"Dry run: would create source “{source.slug}”; nothing was written."
                )
            )
        else:
            self.progress(self.style.SUCCESS(f"Created source “{source.slug}”."))
