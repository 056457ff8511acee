"""Importing an article: the pipeline behind the admin's import page and `manage.py import_source`.

Validation happens once, before this module: `timeline.forms.SourceImportForm`
checks every field for the admin and the command alike and leaves a valid,
unsaved Source. `import_source` then writes it in one transaction: text
already imported is not imported again, and the source is cut into sentences
once, by `Source.resegment`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from timeline import sentences
from timeline.models import Source


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the source, whether it is new, and how it was segmented.

    `created` is False when the same text had been imported before: `source` is
    that earlier source and nothing changed. After a dry run nothing is saved.
    """

    source: Source
    created: bool
    sentences: int = 0
    boilerplate: list = field(default_factory=list)


def import_source(source, *, progress=None, dry_run=False):
    """Save the validated, unsaved `source` and cut it into sentences, atomically.

    Text whose checksum an existing source has is not imported again: the
    result names that source with `created=False`. `progress`, if given, is
    called with a line of text at each step; `dry_run` does everything and
    then rolls it back. A slug taken meanwhile by another import raises
    ValidationError on the `slug` field.
    """
    report = progress or (lambda line: None)
    with transaction.atomic():
        existing = Source.objects.filter(checksum=sentences.checksum(source.body)).first()
        if existing is not None:
            return ImportResult(existing, created=False)
        report(f"Cutting {len(source.body):,} characters into sentences ({source.language})…")
        try:
            # A savepoint, so that a clash leaves the outer transaction usable.
            with transaction.atomic():
                segmentation = source.resegment()
        except IntegrityError as error:
            if Source.objects.filter(slug=source.slug).exists():
                raise ValidationError(
                    {"slug": f"A source with the slug “{source.slug}” already exists."}
                ) from error
            raise
        report(
            f"{segmentation.sentences} sentences, "
            f"{len(segmentation.boilerplate)} marked as boilerplate."
        )
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        source.pk = None  # rolled back: nothing of it is in the database
    return ImportResult(source, True, segmentation.sentences, segmentation.boilerplate)
