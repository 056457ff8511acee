"""Load the seed articles, the curated timeline and its ceasefires from seeds/ into the database.

The seed story is data, not fixtures: articles as text files with their
metadata in sources.toml, events in events.toml citing their evidence by
quote, ceasefires in ceasefires.toml whose steps name those events. This
command makes the database match those files. It is idempotent (a second run
changes nothing and says so) and atomic (any error, such as a quote that
matches no sentence, leaves the database exactly as it was).
"""

import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from timeline import dates, languages, quotes
from timeline.history import change_set
from timeline.models import (
    Actor,
    Ceasefire,
    CeasefireStep,
    Event,
    Evidence,
    Source,
    Translation,
    validate_duration,
)

DEFAULT_SEEDS_DIR = settings.BASE_DIR / "seeds"


def read_toml(path):
    """The parsed TOML document at `path`, or a CommandError saying what is wrong with it."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise CommandError(f"{path} does not exist.") from error
    except tomllib.TOMLDecodeError as error:
        raise CommandError(f"{path} is not valid TOML: {error}") from error


def require(spec, key, where):
    """spec[key], or a CommandError naming the entry and the missing key."""
    if key not in spec or spec[key] in ("", None):
        raise CommandError(f"{where} has no “{key}”.")
    return spec[key]


class Command(BaseCommand):
    help = (
        "Load the seed articles and curated events from seeds/. Idempotent and atomic; "
        "reports what it created or updated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the seeds and report what would change, without writing anything.",
        )
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Only create what is missing; leave existing records as editors left them.",
        )
        parser.add_argument(
            "--seeds-dir",
            type=Path,
            default=DEFAULT_SEEDS_DIR,
            help=f"Folder holding sources.toml and events.toml (default: {DEFAULT_SEEDS_DIR}).",
        )

    def handle(self, *args, dry_run, missing_only, seeds_dir, **options):
        self.verbosity = options["verbosity"]
        self.missing_only = missing_only
        kinds = ("sources", "actors", "events", "evidence", "translations", "ceasefires", "steps")
        self.counts = {name: Counter() for name in kinds}
        sources_doc = read_toml(seeds_dir / "sources.toml")
        events_doc = read_toml(seeds_dir / "events.toml")
        translations_path = seeds_dir / "translations.toml"
        translations_doc = read_toml(translations_path) if translations_path.exists() else {}
        ceasefires_path = seeds_dir / "ceasefires.toml"
        ceasefires_doc = read_toml(ceasefires_path) if ceasefires_path.exists() else {}
        # One change set: history shows the whole load as one edit, not its half-way states.
        with transaction.atomic(), change_set():
            for spec in sources_doc.get("source", []):
                self.load_source(seeds_dir, spec)
            for spec in events_doc.get("actor", []):
                self.load_actor(spec)
            for spec in events_doc.get("event", []):
                self.load_event(spec)
            for spec in translations_doc.get("translation", []):
                self.load_translation(spec)
            for spec in ceasefires_doc.get("ceasefire", []):
                self.load_ceasefire(spec)
            if dry_run:
                transaction.set_rollback(True)
        self.report(dry_run)

    def report(self, dry_run):
        """Write one summary line per kind of record, and say so when nothing changed."""
        for name, counts in self.counts.items():
            removed = f", {counts['removed']} removed" if counts["removed"] else ""
            self.stdout.write(
                f"{name.capitalize()}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged{removed}."
            )
        changed = any(c["created"] or c["updated"] or c["removed"] for c in self.counts.values())
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        elif changed:
            self.stdout.write(self.style.SUCCESS("Seeds loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change: the database matches seeds/."))

    def note(self, kind, outcome, label):
        """Count an outcome (created, updated, unchanged, removed) and list it at verbosity 2."""
        self.counts[kind][outcome] += 1
        if self.verbosity >= 2 and outcome != "unchanged":
            singular = kind if kind == "evidence" else kind[:-1]
            self.stdout.write(f"  {outcome} {singular}: {label}")

    def upsert(self, model, lookup, values):
        """Create or update one record; returns (record, outcome)."""
        record = model.objects.filter(**lookup).first()
        if record is None:
            record = model(**lookup, **values)
            record.save()
            return record, "created"
        if self.missing_only:
            return record, "unchanged"
        changed = [field for field, value in values.items() if getattr(record, field) != value]
        if not changed:
            return record, "unchanged"
        for field in changed:
            setattr(record, field, values[field])
        record.save()
        return record, "updated"

    def load_source(self, seeds_dir, spec):
        """Create or update a source from its metadata and text file, then segment it."""
        slug = require(spec, "slug", "A [[source]] in sources.toml")
        where = f"Source “{slug}”"
        path = seeds_dir / require(spec, "file", where)
        try:
            body = path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError) as error:
            raise CommandError(f"{where}: cannot read {path}: {error}") from error
        language = require(spec, "language", where)
        if language not in languages.LANGUAGES:
            raise CommandError(f"{where}: {languages.unsupported(language)}")
        values = {
            "title": require(spec, "title", where),
            "publisher": require(spec, "publisher", where),
            "url": spec.get("url", ""),
            "language": language,
            "published_on": require(spec, "published_on", where),
            "body": body,
            "original_publisher": spec.get("original_publisher", ""),
            "original_title": spec.get("original_title", ""),
            "original_language": spec.get("original_language", ""),
        }
        source, outcome = self.upsert(Source, {"slug": slug}, values)
        boilerplate = set(spec.get("boilerplate", []))
        if outcome != "unchanged" or not source.sentences.exists():
            try:
                source.resegment(boilerplate)
            except quotes.QuoteError as error:
                raise CommandError(f"{where}: {error}") from error
        elif not self.missing_only:
            for sentence in source.sentences.all():
                if sentence.is_boilerplate != (sentence.text in boilerplate):
                    sentence.is_boilerplate = not sentence.is_boilerplate
                    sentence.save(update_fields=["is_boilerplate"])
                    outcome = "updated"
        unknown = boilerplate - set(source.sentences.values_list("text", flat=True))
        if unknown:
            raise CommandError(
                f"{where}: boilerplate “{sorted(unknown)[0]}” is not a sentence of the text."
            )
        self.note("sources", outcome, slug)

    def load_actor(self, spec):
        """Create or update one actor."""
        slug = require(spec, "slug", "An [[actor]] in events.toml")
        where = f"Actor “{slug}”"
        kind = spec.get("kind", Actor.Kind.PERSON)
        if kind not in Actor.Kind.values:
            raise CommandError(f"{where}: kind “{kind}” is not one of {', '.join(Actor.Kind)}.")
        values = {"name": require(spec, "name", where), "kind": kind}
        _, outcome = self.upsert(Actor, {"slug": slug}, values)
        self.note("actors", outcome, slug)

    def load_event(self, spec):
        """Create or update one event, its actors and its evidence quotes."""
        slug = require(spec, "slug", "An [[event]] in events.toml")
        where = f"Event “{slug}”"
        when = require(spec, "when", where)
        try:
            dates.validate_edtf(when)
        except ValidationError as error:
            raise CommandError(f"{where}: {' '.join(error.messages)}") from error
        kind = spec.get("kind", Event.Kind.OTHER)
        if kind not in Event.Kind.values:
            raise CommandError(f"{where}: kind “{kind}” is not one of {', '.join(Event.Kind)}.")
        timing = spec.get("timing", Event.Timing.REPORTED)
        if timing not in Event.Timing.values:
            raise CommandError(
                f"{where}: timing “{timing}” is not one of {', '.join(Event.Timing)}."
            )
        evidence_specs = spec.get("evidence", [])
        if not evidence_specs:
            raise CommandError(f"{where} cites no evidence: add at least one [[event.evidence]].")
        date_text = spec.get("date_text", "")
        quoted = [evidence.get("quote", "") for evidence in evidence_specs]
        if date_text and not any(date_text in quote for quote in quoted):
            raise CommandError(
                f"{where}: date_text “{date_text}” occurs in none of its quotes; quote the "
                "sentence that dates the event, or leave date_text empty."
            )
        values = {
            "title": require(spec, "title", where),
            "summary": spec.get("summary", ""),
            "kind": kind,
            "when": when,
            "date_text": date_text,
            "timing": timing,
            "order": spec.get("order", 0),
            "status": spec.get("status", Event.Status.PUBLISHED),
        }
        lookup = {"slug": slug}
        renamed = (
            None if Event.objects.filter(**lookup).exists() else Event.objects.renamed_from(slug)
        )
        if renamed is not None:
            # An editor renamed this seeded event: it is still the seed's event (its old slug
            # redirects to it), not one to create again under the seed's slug.
            lookup = {"pk": renamed.pk}
        event, outcome = self.upsert(Event, lookup, values)
        if outcome == "created" or not self.missing_only:
            actor_slugs = set(spec.get("actors", []))
            actors = list(Actor.objects.filter(slug__in=actor_slugs))
            missing = actor_slugs - {actor.slug for actor in actors}
            if missing:
                raise CommandError(f"{where}: unknown actor “{sorted(missing)[0]}”.")
            if {actor.pk for actor in event.actors.all()} != {actor.pk for actor in actors}:
                event.actors.set(actors)
                outcome = "updated" if outcome == "unchanged" else outcome
            cited = [
                self.load_evidence(event, where, order, evidence_spec)
                for order, evidence_spec in enumerate(evidence_specs)
            ]
            # The seeds are the whole truth about a seeded event: links they no longer cite go.
            for stale in event.evidence.exclude(sentence__in=cited).select_related("sentence"):
                stale.delete()
                self.note("evidence", "removed", f"{event.slug} ← #{stale.sentence.position}")
        self.note("events", outcome, slug)

    def load_evidence(self, event, where, order, spec):
        """Link the one sentence that contains the quote to the event."""
        source_slug = require(spec, "source", f"{where}, evidence {order + 1},")
        quote = require(spec, "quote", f"{where}, evidence {order + 1},")
        source = Source.objects.filter(slug=source_slug).first()
        if source is None:
            raise CommandError(f"{where}: unknown source “{source_slug}”.")
        try:
            sentence = quotes.find_quote(
                source.sentences.all(), quote, spec.get("prefix", ""), spec.get("suffix", "")
            )
        except quotes.QuoteError as error:
            raise CommandError(f"{where}, source “{source_slug}”: {error}.") from error
        values = {
            "attribution": require(spec, "attribution", f"{where}, evidence “{quote}”,"),
            "note": spec.get("note", ""),
            "order": order,
            "quote": quote,
        }
        _, outcome = self.upsert(Evidence, {"event": event, "sentence": sentence}, values)
        self.note("evidence", outcome, f"{event.slug} ← #{sentence.position}")
        return sentence

    def load_translation(self, spec):
        """Create or update the translation of the one sentence its `sentence` quote finds."""
        where = "A [[translation]] in translations.toml"
        source_slug = require(spec, "source", where)
        quote = require(spec, "sentence", where)
        where = f"Translation of “{quote[:60]}”"
        source = Source.objects.filter(slug=source_slug).first()
        if source is None:
            raise CommandError(f"{where}: unknown source “{source_slug}”.")
        try:
            sentence = quotes.find_quote(source.sentences.all(), quote)
        except quotes.QuoteError as error:
            raise CommandError(f"{where}, source “{source_slug}”: {error}.") from error
        language = require(spec, "language", where)
        if language not in languages.LANGUAGES or language == source.language:
            raise CommandError(
                f"{where}: translate into another supported language than the source's "
                f"({languages.described()})."
            )
        values = {
            "text": require(spec, "text", where),
            "translator": require(spec, "translator", where),
        }
        _, outcome = self.upsert(Translation, {"sentence": sentence, "language": language}, values)
        self.note("translations", outcome, f"#{sentence.position} → {language}")

    def load_ceasefire(self, spec):
        """Create or update one ceasefire, its parties and its steps (events named by slug)."""
        slug = require(spec, "slug", "A [[ceasefire]] in ceasefires.toml")
        where = f"Ceasefire “{slug}”"
        choices = {
            "kind": (Ceasefire.Kind, Ceasefire.Kind.BILATERAL),
            "scope": (Ceasefire.Scope, Ceasefire.Scope.FULL),
            "form": (Ceasefire.Form, Ceasefire.Form.UNKNOWN),
            "purpose": (Ceasefire.Purpose, Ceasefire.Purpose.NOT_STATED),
            "status": (Ceasefire.Status, Ceasefire.Status.PUBLISHED),
        }
        values = {"name": require(spec, "name", where), "summary": spec.get("summary", "")}
        for key, (choice, default) in choices.items():
            value = spec.get(key, default)
            if value not in choice.values:
                named = ", ".join(f"“{v}”" for v in choice.values)
                raise CommandError(f"{where}: {key} “{value}” is not one of {named}.")
            values[key] = value
        values["scope_text"] = spec.get("scope_text", "")
        duration = spec.get("announced_duration", "")
        if duration:
            try:
                validate_duration(duration)
            except ValidationError as error:
                raise CommandError(f"{where}: {' '.join(error.messages)}") from error
        values["announced_duration"] = duration
        step_specs = spec.get("step", [])
        if not step_specs:
            raise CommandError(f"{where} has no steps: add at least one [[ceasefire.step]].")
        ceasefire, outcome = self.upsert(Ceasefire, {"slug": slug}, values)
        if outcome != "created" and self.missing_only:
            self.note("ceasefires", outcome, slug)
            return
        party_slugs = spec.get("parties", [])
        parties = [self.actor(slug, where) for slug in party_slugs]
        if {a.pk for a in ceasefire.parties.all()} != {a.pk for a in parties}:
            ceasefire.parties.set(parties)
            outcome = "updated" if outcome == "unchanged" else outcome
        kept = [
            self.load_step(ceasefire, where, order, step_spec)
            for order, step_spec in enumerate(step_specs)
        ]
        # The seeds are the whole truth about a seeded ceasefire: steps they no longer name go.
        for stale in ceasefire.steps.exclude(pk__in=kept).select_related("event"):
            stale.delete()
            self.note("steps", "removed", f"{slug}: {stale.stage} {stale.event.slug}")
        self.note("ceasefires", outcome, slug)

    def actor(self, slug, where):
        """The actor with `slug`, or a CommandError naming the record that wants it."""
        actor = Actor.objects.filter(slug=slug).first()
        if actor is None:
            raise CommandError(f"{where}: unknown actor “{slug}”.")
        return actor

    def load_step(self, ceasefire, where, order, spec):
        """Create or update one step; returns its pk. Its event must rest on reporting evidence."""
        where = f"{where}, step {order + 1}"
        stage = require(spec, "stage", where)
        if stage not in CeasefireStep.Stage.values:
            named = ", ".join(CeasefireStep.Stage.values)
            raise CommandError(f"{where}: stage “{stage}” is not one of {named}.")
        event_slug = require(spec, "event", where)
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            raise CommandError(f"{where}: unknown event “{event_slug}” (events.toml has none).")
        if Event.objects.filter(pk=event.pk).without_reporting_evidence().exists():
            raise CommandError(f"{where}: event “{event_slug}” cites no reporting sentence.")
        party = self.actor(spec["party"], where) if spec.get("party") else None
        step, outcome = self.upsert(
            CeasefireStep,
            {"ceasefire": ceasefire, "event": event, "stage": stage},
            {"party": party, "order": order},
        )
        self.note("steps", outcome, f"{ceasefire.slug}: {stage} {event_slug}")
        return step.pk
