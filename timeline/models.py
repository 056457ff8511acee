"""Sources and their sentences, and the dated events those sentences are evidence for."""

import datetime
from dataclasses import asdict, dataclass, field
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models, transaction
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _lazy

from timeline import dates, languages, quotes, sentences, temporal
from timeline.history import History, Revisioned, change_set, changes, unrecorded
from timeline.history import now as history_now

# The longest article body, in characters (a long news feature is about 40,000).
MAX_BODY_CHARS = 200_000
# Addresses a reader can follow: no javascript:, data: or file: URLs.
WEB_SCHEMES = ("http", "https")


def _overlaps(first, second):
    """Whether two EDTF values cover a common day; an open end reaches forever, bad shapes never."""
    try:
        (first_lower, first_upper), (second_lower, second_upper) = (
            dates.bounds(first),
            dates.bounds(second),
        )
    except ValidationError:
        return False
    return (first_lower is None or second_upper is None or first_lower <= second_upper) and (
        second_lower is None or first_upper is None or second_lower <= first_upper
    )


web_address = URLValidator(
    schemes=WEB_SCHEMES,
    message="“%(value)s” is not a web address: enter one that starts with http:// or https://.",
)


class WebAddressFormField(forms.URLField):
    """A form's URL field that accepts only web addresses (http and https)."""

    default_validators = [web_address]
    default_error_messages = {"invalid": web_address.message}


class WebAddressField(models.URLField):
    """A URL a reader can follow: http or https only, in the model and in every form of it."""

    default_validators = [web_address]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebAddressFormField, **kwargs})


def validate_article_text(text):
    """Article text must be text: not empty, no NUL characters (binary data)."""
    if "\x00" in text:
        raise ValidationError(
            "The text contains NUL characters: it is binary data, not text.", "binary"
        )
    if not text.strip():
        raise ValidationError("The text is empty: there is nothing to import.", "empty")


def cut_slug(slug, limit):
    """`slug` shortened to at most `limit` characters at a word (hyphen) boundary."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    # Up to the last whole word that fits; one long word is cut where it must be.
    return (cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]).strip("-")


class SlugQuerySet(models.QuerySet):
    def slug_taken(self, slug):
        """Whether a row already answers at `slug`."""
        return self.filter(slug=slug).exists()

    def unique_slug(self, text, max_length=60, fallback="item"):
        """A slug for `text`, cut at a word boundary, with -2, -3… until no row has it."""
        base = cut_slug(slugify(text.replace("ß", "ss")), max_length).strip("-") or fallback
        slug, number = base, 1
        while self.slug_taken(slug):
            number += 1
            suffix = f"-{number}"
            slug = f"{cut_slug(base, max_length - len(suffix))}{suffix}"
        return slug


@dataclass(frozen=True)
class Segmentation:
    """What cutting a source again did: sentences made, boilerplate marked, evidence dropped."""

    sentences: int
    boilerplate: list
    dropped: list
    dropped_translations: list = field(default_factory=list)


class Source(Revisioned):
    """An article as imported: its metadata and full text, split into sentences."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The address of the article in the reader: /sources/&lt;slug&gt;/.",
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = WebAddressField(
        "URL",
        max_length=500,
        blank=True,
        help_text="Where the article can be read, if online (http:// or https://).",
    )
    language = models.CharField(
        max_length=8,
        choices=languages.CHOICES,
        default="de",
        help_text="Decides the sentence rules (abbreviations such as “Mr.” or “z. B.”) "
        "and how dates in the text are read.",
    )
    published_on = models.DateField(
        "publication date",
        help_text="Relative dates in the text (“am Dienstag”, “last week”) resolve against this.",
    )
    body = models.TextField(
        "text",
        validators=[
            validate_article_text,
            MaxLengthValidator(
                MAX_BODY_CHARS,
                message=f"The text has %(show_value)s characters; the limit is "
                f"{MAX_BODY_CHARS:,}. Import a shorter text.",
            ),
        ],
        help_text="The full text as imported. Sentences are cut from it.",
    )
    checksum = models.CharField(max_length=64, editable=False, db_index=True)
    original_publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="If this text is a translation: who published the original.",
    )
    original_title = models.CharField(
        max_length=300,
        blank=True,
        help_text="If this text is a translation: the original's title, where known.",
    )
    original_language = models.CharField(
        max_length=8,
        blank=True,
        help_text="If this text is a translation: the original's language code, e.g. en.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SlugQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def save(self, *args, **kwargs):
        self.checksum = sentences.checksum(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "checksum"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.slug])

    def retag(self):
        """Tag every sentence's dates again (after a new publication date); how many changed."""
        changed = [
            sentence
            for sentence in self.sentences.all()
            if sentence.tag_dates(self.language, self.published_on)
        ]
        Sentence.objects.bulk_update(changed, ["mentions"])
        if changed:
            ContentVersion.bump()  # bulk updates send no signals; the readers show these dates
        return len(changed)

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("slug",):
            return ValidationError(
                f"A source with the slug “{self.slug}” already exists.", code="unique"
            )
        return super().unique_error_message(model_class, unique_check)

    @property
    def web_url(self):
        """`url` when it is a web address (http or https), else "".

        The field's validator refuses other schemes, but a row written past
        it (a script, a shell, an old import) must still never put a
        javascript: or data: link on a page.
        """
        try:
            scheme = urlsplit(self.url.strip()).scheme.lower()
        except ValueError:  # "http://[::1" and the like
            return ""
        return self.url if scheme in WEB_SCHEMES else ""

    @property
    def is_translation(self):
        """Whether the text is a translation of another publisher's or language's original."""
        return bool(self.original_publisher or self.original_language or self.original_title)

    @property
    def translation_note(self):
        """What the text is a translation of, in a sentence; "" for an original."""
        if not self.is_translation:
            return ""
        publisher = self.original_publisher or self.publisher
        language = languages.name_of(self.language)
        if self.original_language:
            original = languages.name_of(self.original_language)
            # English picks "a"/"an" by the language's name; other languages translate both.
            if original[:1].lower() in "aeiou":
                template = gettext(
                    "%(language)s translation of an %(original)s-language report by %(publisher)s"
                )
            else:
                template = gettext(
                    "%(language)s translation of a %(original)s-language report by %(publisher)s"
                )
        else:
            original = ""
            template = gettext("%(language)s translation of a report by %(publisher)s")
        text = template % {"language": language, "original": original, "publisher": publisher}
        if self.original_title:
            text += f", “{self.original_title}”"
        return f"{text}."

    @transaction.atomic
    @change_set()
    def resegment(self, boilerplate=(), accept_losses=False):
        """Save, then cut the body into sentences again, re-anchoring every evidence link.

        The one way a source gets its sentences: the importer, the admin and
        load_seeds all come here. Promotion lines are marked as boilerplate
        (timeline.sentences), as are the sentence texts in `boilerplate` and
        those an editor marked before. Each evidence link is found again by
        its text-quote selector (exact text, with prefix and suffix deciding
        between repeats). Links whose quote is gone raise EvidenceWouldBeLost,
        listing them, and nothing changes, unless `accept_losses` says the
        editor confirmed dropping exactly those. Returns a Segmentation.

        History stays honest: a moved link or translation gets one "changed"
        record saying why, a dropped one a "deleted" record saying why, all
        dated with the source's own record; events whose evidence moved or
        went get a new revision, so a form opened before is refused.
        """
        segments = sentences.cut(self.body, self.language)
        anchored = (
            list(Evidence.objects.filter(sentence__source=self).select_related("sentence", "event"))
            if self.pk
            else []
        )
        placed, lost, taken = {}, [], set()
        for evidence in anchored:
            start = quotes.locate(self.body, evidence.selector)
            segment = sentences.segment_at(segments, start) if start is not None else None
            if segment is None or (evidence.event_id, segment.position) in taken:
                lost.append(evidence)
                continue
            taken.add((evidence.event_id, segment.position))
            placed[evidence.pk] = (segment.position, start)
        if lost and not accept_losses:
            raise EvidenceWouldBeLost(lost)

        self.save()
        existing = {sentence.position: sentence for sentence in self.sentences.all()}
        marked = {*boilerplate, *(s.text for s in existing.values() if s.is_boilerplate)}
        rows = []
        for segment in segments:
            sentence = existing.pop(segment.position, None) or Sentence(
                source=self, position=segment.position
            )
            sentence.start, sentence.end, sentence.text = segment.start, segment.end, segment.text
            sentence.is_boilerplate = segment.is_boilerplate or segment.text in marked
            sentence.tag_dates(self.language, self.published_on)
            rows.append(sentence)
        delete_recorded(Evidence, lost, "Dropped: the source text changed and its quote is gone.")
        Sentence.objects.bulk_update(
            [s for s in rows if s.pk], ["start", "end", "text", "is_boilerplate", "mentions"]
        )
        Sentence.objects.bulk_create([s for s in rows if not s.pk])
        by_position = {sentence.position: sentence for sentence in self.sentences.all()}
        moved = []
        for evidence in anchored:
            if evidence.pk not in placed:
                continue
            position, start = placed[evidence.pk]
            anchor = (evidence.sentence_id, evidence.quote_prefix, evidence.quote_suffix)
            evidence.sentence = by_position[position]
            selector = quotes.TextQuote.around(self.body, start, start + len(evidence.quote))
            evidence.quote_prefix, evidence.quote_suffix = selector.prefix, selector.suffix
            if (evidence.sentence_id, evidence.quote_prefix, evidence.quote_suffix) != anchor:
                evidence._change_reason = (
                    f"Re-anchored by its quote when the source text changed: sentence {position}."
                )
                moved.append(evidence)
        # Re-written rather than updated in place: when two links of one event swap
        # sentences, row-by-row updates would trip the one-sentence-per-event constraint.
        rewrite(Evidence, moved)
        Event.bump_revisions({evidence.event_id for evidence in [*moved, *lost]})
        dropped_translations = self._reanchor_translations(by_position)
        # Positions past the new end: their evidence and translations have moved above.
        Sentence.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
        # Bulk writes above send no signals: the reader and the quotes show these sentences.
        ContentVersion.bump()
        return Segmentation(
            sentences=len(rows),
            boilerplate=[s.text for s in rows if s.is_boilerplate],
            dropped=lost,
            dropped_translations=dropped_translations,
        )

    def _reanchor_translations(self, by_position):
        """Move each translation to the sentence whose text it translates; drop the orphans.

        Returns the translations dropped because their sentence's text is gone.
        """
        by_text = {}
        for _, sentence in sorted(by_position.items()):
            by_text.setdefault(sentence.text, []).append(sentence)
        moved, dropped, taken = [], [], set()
        translations = Translation.objects.filter(sentence__source=self).select_related("sentence")
        for translation in translations:
            candidates = by_text.get(translation.original, [])
            # The nearest sentence with that text, where a text repeats.
            candidates = sorted(
                candidates, key=lambda s: abs(s.position - translation.sentence.position)
            )
            free = (s for s in candidates if (s.pk, translation.language) not in taken)
            target = next(free, None)
            if target is None:
                dropped.append(translation)
                continue
            taken.add((target.pk, translation.language))
            if target.pk != translation.sentence_id:
                translation.sentence = target
                translation._change_reason = (
                    f"Moved with its sentence when the source text changed: sentence "
                    f"{target.position}."
                )
                moved.append(translation)
        delete_recorded(
            Translation,
            dropped,
            "Dropped: the source text changed and the sentence it translates is gone.",
        )
        # Re-written rather than updated in place, for the same reason as evidence.
        rewrite(Translation, moved)
        return dropped


def delete_recorded(model, rows, reason):
    """Delete `rows`, their history records saying why (`rows` keep their ids, for reports)."""
    pks = [row.pk for row in rows]
    model.objects.filter(pk__in=pks).delete()
    deletions = model.history.filter(id__in=pks, history_type="-", history_date=history_now())
    deletions.update(history_change_reason=reason)


def rewrite(model, rows):
    """Delete `rows` and insert them again with the same ids, recorded as changes in history."""
    with unrecorded():
        model.objects.filter(pk__in=[row.pk for row in rows]).delete()
    model.objects.bulk_create(rows)
    model.history.bulk_history_create(rows, update=True, default_date=history_now())


class EvidenceWouldBeLost(quotes.QuoteError):
    """Re-anchoring would drop evidence links; `lost` lists them for the editor."""

    def __init__(self, lost):
        self.lost = lost
        listed = "; ".join(f"{e.event}: “{e.quote}”" for e in lost)
        super().__init__(
            f"{len(lost)} evidence link(s) would be lost, their quote is gone: {listed}"
        )


class SentenceQuerySet(models.QuerySet):
    def with_published_events(self):
        """Sentences with their translations and links to published events, fetched in bulk."""
        return self.select_related("source").prefetch_related(
            "translations",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(event__status=Event.Status.PUBLISHED)
                .select_related("event")
                .order_by("event__when_lower", "event__order", "pk"),
            ),
        )

    def around(self, sentences):
        """The sentences just before and after each of `sentences`, by (source id, position)."""
        wanted = Q(pk__in=[])
        for sentence in sentences:
            wanted |= Q(
                source_id=sentence.source_id,
                position__in=[sentence.position - 1, sentence.position + 1],
            )
        # Promotion lines are not context for reporting.
        return {(s.source_id, s.position): s for s in self.filter(wanted, is_boilerplate=False)}


class Sentence(models.Model):
    """One sentence of a source, addressable in the reader as #s-<position>."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField(help_text="1-based order within the source.")
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the first character in the body.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    is_boilerplate = models.BooleanField(
        default=False, help_text="Promotion or navigation text, not reporting."
    )
    # Stored when the sentence is cut (and by `manage.py retag_dates` after the tagger
    # changes), so that no page ever runs the tagger.
    mentions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The date expressions the tagger found: start, end, text, edtf, kind.",
    )

    objects = SentenceQuerySet.as_manager()

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="sentence_unique_position"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="sentence_end_after_start"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="sentence_position_from_1"),
        ]

    def __str__(self):
        # The sentence first: the evidence picker shows this after a choice and in its results.
        return f"#{self.position} · {self.text} ({self.source.publisher}, {self.source.title})"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#s-{self.position}"

    def translation(self, language):
        """The translation of this sentence into `language` (prefetched if possible), or None."""
        return next((t for t in self.translations.all() if t.language == language), None)

    @property
    def reader_translation(self):
        """The translation into the reader's interface language, unless that is the original's."""
        language = (get_language() or "en").split("-")[0]
        return None if language == self.source.language else self.translation(language)

    def date_mentions(self):
        """The date expressions in this sentence, resolved against the source's publication date."""
        return [temporal.DateMention(**mention) for mention in self.mentions]

    def tag_dates(self, language, published_on):
        """Run the tagger on the text and store what it finds; True if that changed anything."""
        found = [
            asdict(mention) for mention in temporal.find_dates(self.text, language, published_on)
        ]
        changed = found != self.mentions
        self.mentions = found
        return changed

    def date_labels(self):
        """Each date mention with its readable form: [(mention, "18 March 2025")]."""
        return [(m, dates.display_mention(m.edtf)) for m in self.date_mentions()]

    def dates_bearing_on(self, when):
        """The dates (durations aside) this sentence gives for `when`.

        Those whose bounds overlap the bounds of `when`, or every date in the
        sentence when none does (it then dates the event differently, or it
        names other things: the reader of the note decides).
        """
        mentions = [m for m in self.date_mentions() if m.kind != "duration"]
        overlapping = [m for m in mentions if _overlaps(m.edtf, when)]
        return overlapping or mentions

    def clean(self):
        if self.source_id and self.source.body[self.start : self.end] != self.text:
            raise ValidationError(
                f"The text of sentence #{self.position} is not the source body at "
                f"{self.start}-{self.end}."
            )


class Actor(models.Model):
    """A person, government or organisation that takes part in events."""

    class Kind(models.TextChoices):
        PERSON = "person", _lazy("Person")
        GOVERNMENT = "government", _lazy("Government")
        ORGANISATION = "organisation", _lazy("Organisation")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)

    history = History()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class EventQuerySet(SlugQuerySet):
    def published(self):
        """Events readers may see."""
        return self.filter(status=Event.Status.PUBLISHED)

    def visible_to(self, user):
        """Published events, plus drafts for those who may change events (editors, reviewers).

        A permission, not `is_staff`: a staff account that may only view
        events in the admin must not see unpublished work on the site.
        """
        return self if user.has_perm("timeline.change_event") else self.published()

    def renamed_from(self, slug):
        """The event among these that `slug` used to name, or None."""
        return self.filter(old_slugs__slug=slug).first()

    def slug_taken(self, slug):
        """Whether an event answers at `slug`: as its permalink, or as an old one that redirects."""
        return super().slug_taken(slug) or EventSlug.objects.filter(slug=slug).exists()

    def with_evidence(self):
        """Events with their actors and evidence (sentence, source, translations) in bulk."""
        return self.prefetch_related(
            "actors",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("sentence__source")
                .prefetch_related("sentence__translations")
                .order_by("order", "pk"),
            ),
        )

    def with_sources(self):
        """Events with their actors and evidence sentences and sources (no translations) in bulk.

        For lists that name an event's sources but quote nothing, such as the table.
        """
        return self.prefetch_related(
            "actors",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("sentence__source").order_by(
                    "order", "pk"
                ),
            ),
        )

    def without_reporting_evidence(self):
        """Events no reporting sentence supports: no evidence at all, or only promotion lines."""
        # A published event must cite at least one sentence that is reporting.
        return self.exclude(evidence__sentence__is_boilerplate=False)

    def with_evidence_count(self):
        """Events annotated with `evidence_count`, still in timeline order."""
        # Django leaves Meta.ordering out of aggregating queries; restate it.
        return self.annotate(evidence_count=Count("evidence", distinct=True)).order_by(
            *Event._meta.ordering
        )

    def neighbours(self, event):
        """The events just before and after `event` in timeline order (None at either end)."""
        ids = list(self.values_list("pk", flat=True))
        if event.pk not in ids:
            return None, None
        index = ids.index(event.pk)
        wanted = ids[max(index - 1, 0) : index] + ids[index + 1 : index + 2]
        found = {e.pk: e for e in self.filter(pk__in=wanted).only("slug", "title", "when")}
        previous = found.get(ids[index - 1]) if index > 0 else None
        following = found.get(ids[index + 1]) if index + 1 < len(ids) else None
        return previous, following


# Fixed routes under /events/ that an event slug would otherwise shadow (tests check the list).
RESERVED_EVENT_SLUGS = frozenset({"table", "timelinejs.json"})


def validate_event_slug(slug):
    """An event slug must not be a fixed route under /events/."""
    if slug in RESERVED_EVENT_SLUGS:
        raise ValidationError(
            f"“{slug}” is the address of another page (/events/{slug}/); choose another slug.",
            "reserved",
        )


class Event(Revisioned):
    """Something that happened, dated as precisely as the reporting allows."""

    class Kind(models.TextChoices):
        CALL = "call", _lazy("Call")
        STATEMENT = "statement", _lazy("Statement")
        PROPOSAL = "proposal", _lazy("Proposal")
        AGREEMENT = "agreement", _lazy("Agreement")
        ORDER = "order", _lazy("Order")
        PAUSE = "pause", _lazy("Pause or ceasefire")
        OTHER = "other", _lazy("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _lazy("Draft")
        PUBLISHED = "published", _lazy("Published")

    class Timing(models.TextChoices):
        REPORTED = "reported", _lazy("Reported (it happened, as reported)")
        ANNOUNCED = "announced", _lazy("Announced (the dates as announced, not as observed)")
        PLANNED = "planned", _lazy("Planned (it may not have happened)")

    slug = models.SlugField(
        max_length=120,
        unique=True,
        validators=[validate_event_slug],
        help_text="The permalink: /events/&lt;slug&gt;/. Keep it stable once published. "
        "If you do rename it, the old address keeps working: it redirects to the new one.",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="One or two sentences, in your own words.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    when = models.CharField(
        "date (EDTF)",
        max_length=100,
        validators=[dates.validate_edtf],
        help_text=(
            "As precise as the reporting allows, in EDTF: 2025-03-18 (a day), 2024-10 (a month), "
            "2024 (a year), 2025-02-12~ (approximate), 2025-03-18/2025-04-16 (a span: both end "
            "days count, so these are 30 days), 2025-03-18/.. (open-ended), "
            "[2025-03-10..2025-03-16] (one day in that range)."
        ),
    )
    when_lower = models.DateField(null=True, editable=False, db_index=True)
    when_upper = models.DateField(null=True, editable=False)
    date_text = models.CharField(
        "date as written",
        max_length=200,
        blank=True,
        help_text="The date expression as the source wrote it, e.g. “im Oktober”.",
    )
    timing = models.CharField(
        max_length=20,
        choices=Timing,
        default=Timing.REPORTED,
        help_text="Whether the sources report it as having happened, or announce or plan it: "
        "a truce announced “for 30 days” has an announced end, not an observed one.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Orders events that share the same dates: lower comes first."
    )
    actors = models.ManyToManyField(Actor, blank=True, related_name="events")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()
    # The actors are part of an event's history: who took part is a claim like any other.
    history = History(m2m_fields=["actors"])

    class Meta:
        ordering = [
            F("when_lower").asc(nulls_first=True),
            F("when_upper").asc(nulls_last=True),
            "order",
            "pk",
        ]
        # Changing an event and making it public are separate: editors change, reviewers publish.
        permissions = [("publish_event", "Can publish and unpublish events")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.when_lower, self.when_upper = dates.bounds(self.when)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "when" in update_fields:
            kwargs["update_fields"] = {*update_fields, "when_lower", "when_upper"}
        adding = self._state.adding
        previous_slug = None
        if not adding and (update_fields is None or "slug" in update_fields):
            previous_slug = Event.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        renamed = previous_slug is not None and previous_slug != self.slug
        with transaction.atomic():
            super().save(*args, **kwargs)
            # The one place old permalinks are kept: every rename, however it is made.
            if renamed:
                EventSlug.objects.update_or_create(slug=previous_slug, defaults={"event": self})
            if adding or renamed:
                # A slug that is a permalink again (renamed back) no longer redirects.
                EventSlug.objects.filter(slug=self.slug).delete()

    def get_absolute_url(self):
        return reverse("event-detail", args=[self.slug])

    def validate_unique(self, exclude=None):
        """Unique fields, and a slug that is not an old permalink of another event."""
        super().validate_unique(exclude)
        if exclude and "slug" in exclude:
            return
        old = EventSlug.objects.filter(slug=self.slug).exclude(event_id=self.pk)
        owner = old.select_related("event").first()
        if owner:
            raise ValidationError(
                {
                    "slug": ValidationError(
                        gettext(
                            "“%(slug)s” was the address of the event “%(title)s” and still "
                            "leads there; choose another slug."
                        ),
                        code="old_slug",
                        params={"slug": self.slug, "title": owner.event.title},
                    )
                }
            )

    @property
    def parsed_when(self):
        """`when` parsed (timeline.dates.When): shape, bounds, precision and display."""
        return dates.parse(self.when)

    @property
    def when_display(self):
        """The date as readers see it, e.g. "18 March – 16 April 2025"."""
        return self.parsed_when.display()

    @property
    def when_datetime(self):
        """The date for an HTML <time datetime> attribute, or "" where HTML has no form for it."""
        return self.parsed_when.html_datetime

    @property
    def date_text_language(self):
        """The language `date_text` is written in: that of the first evidence's source."""
        first = next(iter(self.evidence.all()), None)
        return first.sentence.source.language if first else ""

    @property
    def is_span(self):
        """Whether the event is a stretch of time (an interval), not a point or one of a set."""
        return self.parsed_when.is_span

    @property
    def duration_days(self):
        """How many days a span of exact days covers, both ends counted; else None."""
        return self.parsed_when.days

    @property
    def length_label(self):
        """A span's length as readers see it: "30 days", "announced for 30 days"; else ""."""
        days = self.duration_days
        if not self.is_span or not days:
            return ""
        count = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        if self.timing == self.Timing.ANNOUNCED:
            return gettext("announced for %(duration)s") % {"duration": count}
        if self.timing == self.Timing.PLANNED:
            return gettext("planned for %(duration)s") % {"duration": count}
        return count

    @property
    def timing_note(self):
        """For announced or planned events, what their dates mean; "" for reported ones."""
        if self.timing == self.Timing.ANNOUNCED:
            return gettext("Announced: the dates are as announced, not as observed.")
        if self.timing == self.Timing.PLANNED:
            return gettext("Planned: the sources give what was planned; it may not have happened.")
        return ""

    @property
    def has_reporting_evidence(self):
        """Whether at least one evidence sentence is reporting (not boilerplate)."""
        return any(not e.sentence.is_boilerplate for e in self.evidence.all())

    @property
    def span_axis(self):
        """Where to draw this span on an axis of its months (see dates.span_axis)."""
        return dates.span_axis(self.when_lower, self.when_upper) if self.is_span else None

    def _evidence_with_context(self):
        """The evidence, each item given the sentences `before` and `after` its own."""
        evidence = list(self.evidence.all())
        neighbours = Sentence.objects.around([e.sentence for e in evidence])
        for item in evidence:
            sentence = item.sentence
            item.before = neighbours.get((sentence.source_id, sentence.position - 1))
            item.after = neighbours.get((sentence.source_id, sentence.position + 1))
        return evidence

    def evidence_by_source(self):
        """Evidence grouped by source (in evidence order), then by attribution, with dates.

        Each source also carries the dates its evidence sentences give for this
        event (see Sentence.dates_bearing_on), one per EDTF value.
        """
        reports = {}
        for item in self._evidence_with_context():
            source = item.sentence.source
            report = reports.setdefault(source.pk, SourceEvidence(source))
            report.groups.setdefault(item.attribution, []).append(item)
            for mention in item.sentence.dates_bearing_on(self.when):
                if mention.edtf not in report.date_values:
                    report.dates.append((mention, dates.display_mention(mention.edtf)))
        return list(reports.values())

    def date_disagreement(self, reports):
        """The sources (of `reports`) that date this event, if they differ; else []."""
        dated = [report for report in reports if report.dates]
        differ = len({frozenset(report.date_values) for report in dated}) > 1
        return dated if differ else []

    def evidence_changes(self, after=None):
        """What was done to this event's evidence links (after the datetime `after`), as Changes."""
        records = Evidence.history.filter(event_id=self.pk).select_related("history_user")
        found = changes(records.order_by("history_date", "history_id"), Evidence.subject)
        return [change for change in found if after is None or change.when > after]

    def changes_since(self, base):
        """What others saved to this event and its evidence after revision `base`, oldest first."""
        start = self.base_record(base)
        after = start.history_date if start else datetime.datetime.min.replace(tzinfo=datetime.UTC)
        found = [*super().changes_since(base), *self.evidence_changes(after)]
        return sorted(found, key=attrgetter("when"))

    def published_versions(self):
        """The states readers saw while the event was published, oldest first (EventVersions).

        A new version begins whenever what readers see changes while the event
        is published: a field of VERSION_FIELDS or the evidence (quote,
        attribution, note). Drafts, and saves that change nothing readers see,
        are not versions; nor is a published state without evidence, which
        only exists half-way through a save. Two queries, however long the
        history.
        """
        records = sorted(
            [
                *self.history.order_by("history_date", "history_id"),
                *Evidence.history.filter(event_id=self.pk).order_by("history_date", "history_id"),
            ],
            key=attrgetter("history_date"),
        )
        state, evidence, versions = None, {}, []
        # Records of one change set share their timestamp: apply them all, then look.
        for stamp, batch in groupby(records, key=attrgetter("history_date")):
            for record in batch:
                if record.instance_type is Event:
                    state = None if record.history_type == "-" else record
                elif record.history_type == "-":
                    evidence.pop(record.id, None)
                else:
                    evidence[record.id] = record
            if state is None or state.status != Event.Status.PUBLISHED or not evidence:
                continue
            links = sorted((r.instance for r in evidence.values()), key=attrgetter("order", "pk"))
            version = EventVersion(len(versions) + 1, stamp, self.slug, state.instance, links)
            changed = version.differences(versions[-1]) if versions else None
            if changed is None or changed:
                versions.append(version)
                version.changed = changed or []
        return versions


# What readers see of an event, by field: a change to one of these (or to the evidence) is a new
# published version.
VERSION_FIELDS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "when": gettext_lazy("Date"),
    "date_text": gettext_lazy("Date as written"),
    "timing": gettext_lazy("Timing"),
    "kind": gettext_lazy("Kind"),
}


@dataclass
class EventVersion:
    """One published state of an event, as readers saw it from `since` on."""

    number: int
    since: datetime.datetime
    slug: str
    event: "Event"  # an unsaved copy holding the fields as they were
    evidence: list  # unsaved Evidence copies, in order
    changed: list = field(default_factory=list)  # what differs from the version before

    def get_absolute_url(self):
        return reverse("event-version", args=[self.slug, self.number])

    @property
    def language(self):
        """The language `date_text` is written in: that of the first evidence's source."""
        source = getattr(self.evidence[0], "source", None) if self.evidence else None
        return source.language if source else ""

    @property
    def evidence_seen(self):
        """The evidence as readers see it: quote, attribution and note of each link, in order."""
        return [(e.quote, e.attribution, e.note) for e in self.evidence]

    def differences(self, other):
        """The labels of what readers see differently in `other` (fields, then "Evidence")."""
        found = [
            label
            for name, label in VERSION_FIELDS.items()
            if getattr(self.event, name) != getattr(other.event, name)
        ]
        if self.evidence_seen != other.evidence_seen:
            found.append(gettext_lazy("Evidence"))
        return found

    def find_sources(self):
        """Give each evidence copy its `source` and `reader_url`, from the sentences there now.

        The sentence a link pointed at may since have been cut differently: the
        reader opens at it only while it still holds the quote. One query.
        """
        found = Sentence.objects.select_related("source").in_bulk(
            [e.sentence_id for e in self.evidence]
        )
        for item in self.evidence:
            sentence = found.get(item.sentence_id)
            item.source = sentence.source if sentence else None
            item.reader_url = ""
            if sentence:
                holds = item.quote in sentence.text
                item.reader_url = (
                    sentence.get_absolute_url() if holds else item.source.get_absolute_url()
                )
        return self


class EventSlug(models.Model):
    """A slug an event had before it was renamed; its old permalink redirects to the new one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=120, unique=True)
    created = models.DateTimeField(auto_now_add=True, help_text="When the event was renamed.")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "old slug"

    def __str__(self):
        return self.slug


@dataclass
class SourceEvidence:
    """One source's evidence for an event: by attribution, and the dates it gives the event."""

    source: Source
    groups: dict = field(default_factory=dict)
    dates: list = field(default_factory=list)

    @property
    def attribution_groups(self):
        """[(attribution, [evidence])] in evidence order."""
        return list(self.groups.items())

    @property
    def date_values(self):
        """The EDTF values of the dates this source gives."""
        return {mention.edtf for mention, _ in self.dates}


class Evidence(models.Model):
    """A sentence that supports an event, and who makes the claim in it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.ForeignKey(
        Sentence,
        on_delete=models.PROTECT,
        related_name="evidence",
        # Evidence is reporting: promotion lines are never offered.
        limit_choices_to={"is_boilerplate": False},
    )
    attribution = models.CharField(
        max_length=200,
        help_text="Who makes the claim in this sentence: the Kremlin readout, the White House…",
    )
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    quote = models.TextField(
        blank=True,
        help_text="The exact text this link rests on: the whole sentence unless you narrow it. "
        "It finds the sentence again when the source text changes.",
    )
    quote_prefix = models.CharField(max_length=64, blank=True, editable=False)
    quote_suffix = models.CharField(max_length=64, blank=True, editable=False)

    history = History()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "sentence"], name="evidence_one_sentence_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.event} ← {self.sentence}"

    def save(self, *args, **kwargs):
        # The selector always describes the sentence and quote being saved, so re-pointing a
        # link at another sentence re-anchors it; a quote outside the sentence is a bug here.
        self.anchor_to(self.sentence, self.quote)
        super().save(*args, **kwargs)
        # Evidence is edited with its event: a form of the event opened before is now stale.
        Event.bump_revisions([self.event_id])

    def delete(self, *args, **kwargs):
        event_id = self.event_id
        deleted = super().delete(*args, **kwargs)
        Event.bump_revisions([event_id])
        return deleted

    @staticmethod
    def subject(record):
        """A historical evidence record named as editors know it: its quote and attribution."""
        return f"“{record.quote}” ({record.attribution})"

    def clean(self):
        if self.quote and self.sentence_id and self.quote not in self.sentence.text:
            raise ValidationError(
                {
                    "quote": "The quote must be text of the chosen sentence; "
                    "leave it empty to quote the whole sentence."
                }
            )

    def anchor_to(self, sentence, quote=""):
        """Point at `sentence`, recording the quote (default: the whole sentence) with context."""
        quote = quote or sentence.text
        start = sentence.start + sentence.text.index(quote)
        selector = quotes.TextQuote.around(sentence.source.body, start, start + len(quote))
        self.sentence = sentence
        self.quote, self.quote_prefix, self.quote_suffix = (
            selector.exact,
            selector.prefix,
            selector.suffix,
        )

    @property
    def narrows_sentence(self):
        """Whether the quote is only part of its sentence."""
        return bool(self.quote) and self.quote != self.sentence.text

    @property
    def selector(self):
        """The W3C text-quote selector that finds this link's text again."""
        return quotes.TextQuote(
            self.quote or self.sentence.text, self.quote_prefix, self.quote_suffix
        )

    @property
    def original_url(self):
        """The source's web address opened at this quote (a text fragment); "" without one."""
        source = self.sentence.source
        if not source.web_url:
            return ""
        return quotes.text_fragment_url(source.web_url, source.body, self.selector)


class Translation(models.Model):
    """A sentence in another language, written by a person, shown beneath the original."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=languages.CHOICES, default="en")
    text = models.TextField(help_text="The whole sentence, translated.")
    translator = models.CharField(
        max_length=200, help_text="Who translated it: a name, or “Ceasefire Timeline editors”."
    )
    original = models.TextField(
        editable=False,
        help_text="The sentence as translated; finds the sentence again when the source changes.",
    )
    # Not auto_now_add: re-anchoring re-writes rows and must keep when they were made.
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    history = History()

    class Meta:
        ordering = ["sentence", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentence", "language"], name="translation_one_per_language"
            )
        ]

    def __str__(self):
        return f"{self.get_language_display()}: {self.text[:90]}"

    def save(self, *args, **kwargs):
        self.original = self.sentence.text
        super().save(*args, **kwargs)

    def clean(self):
        if self.sentence_id and self.language == self.sentence.source.language:
            raise ValidationError(
                {"language": "A translation is into another language than the sentence's own."}
            )


# --- Ceasefires: a truce's record, its life told as steps that are events ---------------------


def validate_duration(value):
    """An announced duration must be an ISO 8601 duration (P30D, P1M, PT72H)."""
    try:
        dates.Duration.parse(value)
    except ValueError as error:
        raise ValidationError(
            gettext(
                "“%(value)s” is not an ISO 8601 duration: write P30D for 30 days, P1M for a "
                "month, PT72H for 72 hours."
            )
            % {"value": value},
            "invalid",
        ) from error


class CeasefireQuerySet(SlugQuerySet):
    def published(self):
        """Ceasefires readers may see."""
        return self.filter(status=Ceasefire.Status.PUBLISHED)

    def visible_to(self, user):
        """Published ceasefires, plus drafts for those who may change them (editors, reviewers)."""
        return self if user.has_perm("timeline.change_ceasefire") else self.published()

    def with_steps(self, public=True):
        """Ceasefires with their steps (each step's event and party), in life order.

        `public` keeps only the steps whose event is published: readers never
        see a step that rests on a draft.
        """
        steps = CeasefireStep.objects.select_related("event", "party")
        if public:
            steps = steps.filter(event__status=Event.Status.PUBLISHED)
        return self.prefetch_related("parties", Prefetch("steps", queryset=steps))

    def with_evidence(self, public=True):
        """Ceasefires with their parties and steps, each step's event with its evidence."""
        steps = CeasefireStep.objects.select_related("event", "party").prefetch_related(
            Prefetch(
                "event__evidence",
                queryset=Evidence.objects.select_related("sentence__source")
                .prefetch_related("sentence__translations")
                .order_by("order", "pk"),
            )
        )
        if public:
            steps = steps.filter(event__status=Event.Status.PUBLISHED)
        return self.prefetch_related("parties", Prefetch("steps", queryset=steps))

    def without_reporting_evidence(self):
        """Ceasefires with no step, or a step whose event no reporting sentence supports."""
        unsupported = Event.objects.without_reporting_evidence().values("pk")
        return self.filter(Q(steps__isnull=True) | Q(steps__event__in=unsupported)).distinct()


@dataclass(frozen=True)
class CeasefireStatus:
    """Where a ceasefire stands on one day, derived from its steps (see Ceasefire.status_on)."""

    code: str  # not_in_force, proposed, agreed, not_agreed, declared, in_force, expired…
    label: str  # "in force, day 8 of 30", "expired 16 April 2025 (announced end)"
    day: datetime.date
    number: int | None = None  # day N…
    days: int | None = None  # …of M
    detail: str = ""  # who accepted and who did not

    def __str__(self):
        return self.label


class Ceasefire(models.Model):
    """A truce: who it binds, what it covers, how long it was announced for, and its steps.

    Its status on any day is derived from its steps, never typed in: each step
    is an event with its own EDTF date and evidence.
    """

    class Kind(models.TextChoices):
        UNILATERAL = "unilateral", _lazy("Unilateral")
        BILATERAL = "bilateral", _lazy("Bilateral")
        MULTILATERAL = "multilateral", _lazy("Multilateral")

    class Scope(models.TextChoices):
        ENERGY = "energy", _lazy("Energy infrastructure")
        MARITIME = "maritime", _lazy("Maritime")
        FULL = "full", _lazy("Full front line")
        OTHER = "other", _lazy("Other")

    class Form(models.TextChoices):
        UNKNOWN = "unknown", _lazy("Not stated")
        WRITTEN = "written", _lazy("Written")
        VERBAL = "verbal", _lazy("Verbal")

    class Purpose(models.TextChoices):
        NOT_STATED = "", _lazy("Not stated")
        HUMANITARIAN = "humanitarian", _lazy("Humanitarian")
        PEACE_PROCESS = "peace_process", _lazy("Peace process")
        HOLIDAY = "holiday", _lazy("Holiday")
        ELECTION = "election", _lazy("Election")
        OTHER = "other", _lazy("Other")

    Status = Event.Status

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_lazy("Its page: /ceasefires/&lt;slug&gt;/. Keep it stable once published."),
    )
    name = models.CharField(max_length=200)
    summary = models.TextField(
        blank=True, help_text=_lazy("One or two sentences, in your own words, backed by the steps.")
    )
    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind,
        default=Kind.BILATERAL,
        help_text=_lazy(
            "Unilateral: declared by one side; bilateral: agreed by two; multilateral: by more."
        ),
    )
    scope = models.CharField(max_length=20, choices=Scope, default=Scope.FULL)
    scope_text = models.CharField(
        "scope in words",
        max_length=300,
        blank=True,
        help_text=_lazy(
            "What it covers, as the sources put it: “strikes on energy infrastructure”."
        ),
    )
    parties = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="ceasefires",
        help_text=_lazy(
            "The sides it binds or would bind. Who proposed, accepted or refused it "
            "comes from the steps."
        ),
    )
    announced_duration = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_duration],
        help_text=_lazy(
            "As announced, in ISO 8601: P30D for 30 days. Counted from the day it "
            "takes effect, both ends included: 30 days from 18 March end on 16 April."
        ),
    )
    form = models.CharField(
        "written or verbal",
        max_length=20,
        choices=Form,
        default=Form.UNKNOWN,
        help_text=_lazy("Only what the sources say: leave “Not stated” unless a quote says."),
    )
    purpose = models.CharField(
        max_length=20,
        choices=Purpose,
        blank=True,
        default=Purpose.NOT_STATED,
        help_text=_lazy("Only where a quoted sentence states it."),
    )
    status = models.CharField(max_length=20, choices=Event.Status, default=Event.Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = History(m2m_fields=["parties"])
    objects = CeasefireQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ceasefire-detail", args=[self.slug])

    @property
    def duration(self):
        """The announced duration (dates.Duration), or None when none was announced."""
        return dates.Duration.parse(self.announced_duration) if self.announced_duration else None

    @property
    def is_partial(self):
        """Whether it covers only part of the war (energy, the sea…), not the whole front line."""
        return self.scope != self.Scope.FULL

    @property
    def scope_display(self):
        """The scope as readers see it: the choice, with the sources' words where given."""
        if self.scope_text:
            return f"{self.get_scope_display()} ({self.scope_text})"
        return str(self.get_scope_display())

    @property
    def ordered_steps(self):
        """The steps in the order of their life: by date (as far as known), then `order`."""
        return sorted(self.steps.all(), key=CeasefireStep.sort_key)

    def _steps_of(self, *stages):
        return [step for step in self.ordered_steps if step.stage in stages]

    @property
    def effective_start(self):
        """The day it took (or takes) effect: the first in-force step's, else the declaration's.

        None unless that step's event starts on one known day.
        """
        for stages in ((CeasefireStep.Stage.IN_FORCE,), (CeasefireStep.Stage.DECLARED,)):
            for step in self._steps_of(*stages):
                if step.when.exact_start:
                    return step.when.exact_start
        return None

    @property
    def declared_on(self):
        """The day of the first declaration, if known to the day; else None."""
        steps = self._steps_of(CeasefireStep.Stage.DECLARED)
        return steps[0].when.exact_start if steps else None

    @property
    def announced_end(self):
        """The last day it was announced to hold, both ends counted; None if not announced.

        The effective start plus the announced duration (30 days from 18 March:
        16 April), moved by the last extension that gives a new end day. Without
        a duration, the end of a declared span of exact days.
        """
        start = self.effective_start
        if start is None:
            return None
        end = None
        if self.duration:
            end = self.duration.last_day(start)
        else:
            for step in self._steps_of(CeasefireStep.Stage.DECLARED, CeasefireStep.Stage.IN_FORCE):
                if step.when.is_span and step.when.exact_end:
                    end = step.when.exact_end
                    break
        for step in self._steps_of(CeasefireStep.Stage.EXTENDED):
            if step.when.is_span and step.when.exact_end:
                end = step.when.exact_end
        return end

    @property
    def final_step(self):
        """The first step that closed its life (ended, broken, expired as observed), or None."""
        closing = self._steps_of(*CeasefireStep.CLOSING)
        return closing[0] if closing else None

    @property
    def end_date(self):
        """(day, "observed" or "announced") it ended or is to end; (None, "") when not known."""
        final = self.final_step
        if final and final.when.certain_by:
            return final.when.certain_by, "observed"
        if self.announced_end:
            return self.announced_end, "announced"
        return None, ""

    def roles(self):
        """[(stage label, [party names])] for who proposed, accepted, refused, declared… it."""
        roles = {}
        for step in self.ordered_steps:
            if step.party is None:
                continue
            names = roles.setdefault(step.get_stage_display(), [])
            if step.party.name not in names:
                names.append(step.party.name)
        return list(roles.items())

    def status_on(self, day):
        """Where it stands on `day`, derived from the steps that had certainly happened by then.

        In order: a closing step (ended, broken, expired as observed); in force
        from its effective start, "day N of M" with the start as day 1, until
        its announced end, after which it has "expired (announced end)"; declared;
        not agreed (a side refused), agreed (every side to it accepted), proposed;
        otherwise not in force.
        """
        Stage = CeasefireStep.Stage
        happened = [step for step in self.ordered_steps if step.happened_by(day)]
        stages = {step.stage for step in happened}
        closing = next((step for step in happened if step.stage in CeasefireStep.CLOSING), None)
        if closing:
            when = dates.day_words(closing.when.certain_by)
            labels = {
                Stage.ENDED: gettext("ended %(date)s"),
                Stage.BROKEN: gettext("broken %(date)s"),
                Stage.EXPIRED: gettext("expired %(date)s"),
            }
            return CeasefireStatus(closing.stage, labels[closing.stage] % {"date": when}, day)
        start = self.effective_start
        if start and day >= start and stages & {Stage.DECLARED, Stage.IN_FORCE}:
            end = self.announced_end
            if end and day > end:
                label = gettext("expired %(date)s (announced end)") % {"date": dates.day_words(end)}
                return CeasefireStatus("expired", label, day)
            number = dates.day_number(start, day)
            if end:
                total = dates.days_covered(start, end)
                label = gettext("in force, day %(number)d of %(total)d") % {
                    "number": number,
                    "total": total,
                }
                return CeasefireStatus("in_force", label, day, number, total)
            label = gettext("in force, day %(number)d") % {"number": number}
            return CeasefireStatus("in_force", label, day, number)
        if stages & {Stage.DECLARED, Stage.IN_FORCE}:
            if start:
                label = gettext("declared, to take effect on %(date)s") % {
                    "date": dates.day_words(start)
                }
            else:
                label = gettext("declared")
            return CeasefireStatus("declared", label, day)
        accepted = self._parties(happened, Stage.ACCEPTED)
        refused = self._parties(happened, Stage.REJECTED)
        detail = "; ".join(
            part
            for part in (
                gettext("accepted by %(names)s") % {"names": ", ".join(accepted)}
                if accepted
                else "",
                gettext("not accepted by %(names)s") % {"names": ", ".join(refused)}
                if refused
                else "",
            )
            if part
        )
        if Stage.REJECTED in stages:
            return CeasefireStatus("not_agreed", gettext("not agreed"), day, detail=detail)
        # Agreed once every side to it has accepted; until then it is still a proposal.
        sides = {actor.name for actor in self.parties.all()}
        if accepted and sides <= set(accepted):
            return CeasefireStatus("agreed", gettext("agreed"), day, detail=detail)
        if Stage.PROPOSED in stages or accepted:
            return CeasefireStatus("proposed", gettext("proposed"), day, detail=detail)
        return CeasefireStatus("not_in_force", gettext("not in force"), day)

    @staticmethod
    def _parties(steps, stage):
        names = []
        for step in steps:
            if step.stage == stage and step.party and step.party.name not in names:
                names.append(step.party.name)
        return names

    def band(self):
        """(first, last) day of its life as drawn: from its first step to its (announced) end.

        Either may be None when no step has a known day.
        """
        lowers = [step.event.when_lower for step in self.ordered_steps if step.event.when_lower]
        uppers = [step.when.certain_by for step in self.ordered_steps if step.when.certain_by] + [
            step.event.when_upper for step in self.ordered_steps if step.event.when_upper
        ]
        end, _basis = self.end_date
        if end:
            uppers.append(end)
        return (min(lowers) if lowers else None), (max(uppers) if uppers else None)

    @property
    def band_display(self):
        """The days of `band()` in words: "18 March – 16 April 2025", "18 March 2025"; or ""."""
        first, last = self.band()
        if first and last:
            value = first.isoformat() if first == last else f"{first}/{last}"
            return dates.display(value)
        return ""

    def segments(self):
        """[(kind, first, last)] to draw: "talks" before it took effect, "in_force" after.

        An in-force segment runs from the effective start to the end (observed or
        announced); a ceasefire that never took effect is all talks.
        """
        first, last = self.band()
        start = self.effective_start
        end, _basis = self.end_date
        if start is None:
            return [("talks", first, last)] if first or last else []
        parts = []
        if first and first < start:
            parts.append(("talks", first, start - datetime.timedelta(days=1)))
        parts.append(("in_force", start, end))
        return parts

    def terms_by_attribution(self):
        """[(attribution, [evidence])] across all steps: how each party worded the terms.

        A sentence cited by two steps is quoted once under each attribution.
        """
        groups = {}
        for step in self.ordered_steps:
            for evidence in step.event.evidence.all():
                items = groups.setdefault(evidence.attribution, [])
                if all(item.sentence_id != evidence.sentence_id for item in items):
                    items.append(evidence)
        return list(groups.items())

    def coding(self, day):
        """Its row in /ceasefires.csv, following the ETH/PRIO ceasefire coding (see README)."""
        end, basis = self.end_date
        start = self.effective_start
        duration = self.duration
        announced_days = None
        if duration:
            announced_days = (
                dates.days_covered(start, duration.last_day(start))
                if start
                else duration.fixed_days
            )
        status = self.status_on(day)
        return {
            "slug": self.slug,
            "name": self.name,
            "parties": "; ".join(actor.name for actor in self.parties.all()),
            "proposed_by": "; ".join(
                self._parties(self.ordered_steps, CeasefireStep.Stage.PROPOSED)
            ),
            "declaration_date": self.declared_on.isoformat() if self.declared_on else "",
            "effective_date": start.isoformat() if start else "",
            "end_date": end.isoformat() if end else "",
            "end_basis": basis,
            "announced_duration": self.announced_duration,
            "announced_days": announced_days if announced_days is not None else "",
            "partial": "partial" if self.is_partial else "full",
            "scope": self.scope,
            "scope_text": self.scope_text,
            "written": self.form,
            "ceasefire_class": self.kind,
            "purpose": self.purpose,
            "status": status.code,
            "status_label": status.label,
            "status_date": day.isoformat(),
            "url": self.get_absolute_url(),
        }


class CeasefireStep(models.Model):
    """One step of a ceasefire's life: an event (with its date and evidence) and its stage."""

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _lazy("Proposed")
        ACCEPTED = "accepted", _lazy("Accepted")
        REJECTED = "rejected", _lazy("Not accepted")
        DECLARED = "declared", _lazy("Declared")
        IN_FORCE = "in_force", _lazy("In force")
        EXTENDED = "extended", _lazy("Extended")
        BROKEN = "broken", _lazy("Broken")
        EXPIRED = "expired", _lazy("Expired")
        ENDED = "ended", _lazy("Ended")

    # Steps that close a ceasefire's life.
    CLOSING = (Stage.ENDED, Stage.BROKEN, Stage.EXPIRED)

    ceasefire = models.ForeignKey(Ceasefire, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(
        max_length=20,
        choices=Stage,
        help_text=_lazy(
            "Declared or in force: counted from the event's first day. Extended: "
            "the event's last day is the new end. Expired: as observed, not as "
            "announced (that is derived)."
        ),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="ceasefire_steps",
        help_text=_lazy("The event this step is: its date and its evidence are the step's."),
    )
    party = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ceasefire_steps",
        help_text=_lazy("Who proposed, accepted, refused, declared… (if one side)."),
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_lazy("Orders steps of the same day: lower comes first.")
    )

    history = History()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ceasefire", "event", "stage"], name="ceasefire_step_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.ceasefire}: {self.get_stage_display()} ({self.event})"

    @property
    def when(self):
        """The step's date: its event's `when`, parsed (timeline.dates.When)."""
        return self.event.parsed_when

    def happened_by(self, day):
        """Whether the step had certainly happened by `day` (see When.certain_by)."""
        certain = self.when.certain_by
        return certain is not None and certain <= day

    def sort_key(self):
        """Life order: by the day it had certainly happened by, then `order`; undated last."""
        certain = self.when.certain_by
        return (certain is None, certain or datetime.date.max, self.order, self.pk or 0)


class ContentVersion(models.Model):
    """One row counting changes to what the public pages show; cached pages are keyed by it.

    Every save or delete of timeline content bumps it in the same transaction
    (timeline.caching connects the signals), so a cached page can never
    outlive the data it was rendered from, on any worker or server: the
    number lives in the database, not in a process.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"content version {self.number}"

    @classmethod
    def current(cls):
        """(number, changed) as committed now; the row is made on first use."""
        row = cls.objects.filter(pk=1).values_list("number", "changed").first()
        if row is None:
            row = cls.objects.get_or_create(pk=1)[0]
            return row.number, row.changed
        return row

    @classmethod
    def bump(cls):
        """Count one more change (in the caller's transaction)."""
        if not cls.objects.filter(pk=1).update(number=F("number") + 1, changed=timezone.now()):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})
