"""Sources and their sentences, and the dated events those sentences are evidence for."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse

from timeline import dates, ingest


class Source(models.Model):
    """An article as imported: its metadata and full text, split into sentences."""

    class Language(models.TextChoices):
        GERMAN = "de", "German"
        ENGLISH = "en", "English"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(
        "URL", max_length=500, blank=True, help_text="Where the article can be read, if online."
    )
    language = models.CharField(max_length=8, choices=Language, default=Language.GERMAN)
    published_on = models.DateField(
        help_text="Relative dates in the text (“am Dienstag”, “last week”) resolve against this."
    )
    body = models.TextField(help_text="The full text as imported. Sentences are cut from it.")
    checksum = models.CharField(max_length=64, editable=False, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.slug])

    @transaction.atomic
    def resegment(self, boilerplate=()):
        """Cut the body into sentences again, keeping every evidence link by its quote.

        `boilerplate` names the texts of sentences that are not reporting
        (newsletter promotion and the like); sentences already marked stay
        marked. Raises ingest.QuoteError naming the event whose evidence can no
        longer be found, and then nothing is changed.
        """
        segments = ingest.segment(self.body, self.language)
        anchored = list(
            Evidence.objects.filter(sentence__source=self).select_related("sentence", "event")
        )
        targets = {}
        for evidence in anchored:
            try:
                targets[evidence.pk] = ingest.find_quote(segments, evidence.sentence.text).position
            except ingest.QuoteError as error:
                raise ingest.QuoteError(f"{evidence.event}: {error}") from error

        self.checksum = ingest.checksum(self.body)
        self.save()
        existing = {sentence.position: sentence for sentence in self.sentences.all()}
        boilerplate = {*boilerplate, *(s.text for s in existing.values() if s.is_boilerplate)}
        sentences = []
        for segment in segments:
            sentence = existing.pop(segment.position, None) or Sentence(
                source=self, position=segment.position
            )
            sentence.start, sentence.end, sentence.text = segment.start, segment.end, segment.text
            sentence.is_boilerplate = segment.text in boilerplate
            sentences.append(sentence)
        Sentence.objects.bulk_update(
            [s for s in sentences if s.pk], ["start", "end", "text", "is_boilerplate"]
        )
        Sentence.objects.bulk_create([s for s in sentences if not s.pk])
        by_position = {sentence.position: sentence for sentence in self.sentences.all()}
        for evidence in anchored:
            evidence.sentence = by_position[targets[evidence.pk]]
            evidence.save(update_fields=["sentence"])
        # Positions past the new end: their evidence has been moved above.
        Sentence.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
        return [by_position[segment.position] for segment in segments]


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
        return f"{self.source.title} · #{self.position} · {self.text[:90]}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#s-{self.position}"

    def clean(self):
        if self.source_id and self.source.body[self.start : self.end] != self.text:
            raise ValidationError(
                f"The text of sentence #{self.position} is not the source body at "
                f"{self.start}-{self.end}."
            )


class Actor(models.Model):
    """A person, government or organisation that takes part in events."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        GOVERNMENT = "government", "Government"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events readers may see."""
        return self.filter(status=Event.Status.PUBLISHED)

    def visible_to(self, user):
        """Published events, plus drafts for staff who are previewing."""
        return self if user.is_staff else self.published()

    def with_evidence(self):
        """Events with their actors and evidence (sentence and source) fetched in bulk."""
        return self.prefetch_related(
            "actors",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("sentence__source").order_by(
                    "order", "pk"
                ),
            ),
        )

    def with_evidence_count(self):
        """Events annotated with `evidence_count`."""
        return self.annotate(evidence_count=Count("evidence", distinct=True))


class Event(models.Model):
    """Something that happened, dated as precisely as the reporting allows."""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        STATEMENT = "statement", "Statement"
        PROPOSAL = "proposal", "Proposal"
        AGREEMENT = "agreement", "Agreement"
        ORDER = "order", "Order"
        PAUSE = "pause", "Pause or ceasefire"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The permalink: /events/<slug>/. Keep it stable once published.",
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
            "2024 (a year), 2025-02-12~ (approximate), 2025-03-18/2025-04-17 (a span), "
            "2025-03-18/.. (open-ended)."
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
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Orders events that share the same dates: lower comes first."
    )
    actors = models.ManyToManyField(Actor, blank=True, related_name="events")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [
            F("when_lower").asc(nulls_first=True),
            F("when_upper").asc(nulls_last=True),
            "order",
            "pk",
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.when_lower, self.when_upper = dates.bounds(self.when)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "when" in update_fields:
            kwargs["update_fields"] = {*update_fields, "when_lower", "when_upper"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("event-detail", args=[self.slug])

    @property
    def when_display(self):
        """The date as readers see it, e.g. "18 March - 17 April 2025"."""
        return dates.display(self.when)

    @property
    def is_span(self):
        """Whether the event covers more than one day."""
        return self.when_lower != self.when_upper


class Evidence(models.Model):
    """A sentence that supports an event, and who makes the claim in it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="evidence")
    attribution = models.CharField(
        max_length=200,
        help_text="Who makes the claim in this sentence: the Kremlin readout, the White House…",
    )
    note = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

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
