"""Build the benchmark's database: a timeline the size the issue asks the pages to stand.

    .venv/bin/python bench/build.py                       # bench/bench.sqlite3: 10,000 events
    .venv/bin/python bench/build.py --events 100 --sources 20 --sentences 1000 \
        --database bench/bench-100.sqlite3                # the seed-size comparison
    DATABASE_URL=postgres://…/timeline_bench .venv/bin/python bench/build.py   # an empty PG

Published events (each citing two sentences of one source, with one or two actors), sources
with their sentences and one long source for the reader, written with bulk_create in batches:
the rows the pages read, quickly, rather than the history and checks an editor's save makes.
The text is synthetic but shaped like the seed story's (German news sentences, EDTF dates of
every precision the pages show, spans, approximate and one-day-in-a-range dates). A SQLite
file is made afresh; a PostgreSQL database given by DATABASE_URL must hold no events yet.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = ROOT / "bench" / "bench.sqlite3"
BATCH = 2000
# The reader's long source: as long as a long article split finely, a tenth of the text at most.
LONG_SOURCE_SENTENCES = 2000
LONG_SOURCE_SLUG = "bench-long-source"
MIDDLE_EVENT = "bench-event-{}"

TOPICS = [
    "Waffenruhe",
    "Energieinfrastruktur",
    "Schwarzmeer",
    "Gefangenenaustausch",
    "Kernkraftwerk",
    "Getreidekorridor",
    "Sanktionen",
    "Expertengruppen",
    "Luftangriffe",
    "Verhandlungen",
    "Frontlinie",
    "Hafenanlagen",
    "Drohnen",
    "Stromnetz",
    "Beobachtermission",
    "Feuerpause",
    "Friedensplan",
    "Sicherheitsgarantien",
    "Truppenabzug",
    "Minenräumung",
]
SPEAKERS = [
    "Der Kreml",
    "Das Weiße Haus",
    "Ein ukrainischer Regierungsvertreter",
    "Der Sprecher des Außenministeriums",
    "Ein europäischer Diplomat",
    "Die Vereinten Nationen",
]
VERBS = ["erklärte", "teilte mit", "bestätigte", "bestritt", "kündigte an", "berichtete"]
ACTORS = [
    ("Wladimir Putin", "person"),
    ("Donald Trump", "person"),
    ("Wolodymyr Selenskyj", "person"),
    ("Kreml", "government"),
    ("Weißes Haus", "government"),
    ("Regierung der Ukraine", "government"),
    ("Vereinte Nationen", "organisation"),
    ("Internationale Atomenergiebehörde", "organisation"),
    ("Europäische Union", "organisation"),
    ("Türkei", "government"),
    ("Saudi-Arabien", "government"),
    ("Rotes Kreuz", "organisation"),
]


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="published events (10,000)")
    parser.add_argument("--sources", type=int, default=2_000, help="sources (2,000)")
    parser.add_argument("--sentences", type=int, default=100_000, help="sentences in all (100,000)")
    parser.add_argument(
        "--database",
        type=Path,
        default=DEFAULT_DATABASE,
        help="SQLite file to create (bench/bench.sqlite3); ignored when DATABASE_URL is set",
    )
    arguments = parser.parse_args(argv)
    if arguments.events < 2 or arguments.sources < 2:
        parser.error("--events and --sources must be at least 2")
    if arguments.sentences < 2 * arguments.events or arguments.sentences < 2 * arguments.sources:
        parser.error("--sentences must be at least twice --events and twice --sources")
    return arguments


def setup_django(database):
    """Django with production-like settings on `database` (unless DATABASE_URL names one)."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database.resolve()}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def progress(message, started=[]):  # noqa: B006 (the start time, kept between calls)
    started = started or started.append(time.monotonic()) or started
    print(f"[{time.monotonic() - started[0]:6.1f} s] {message}", flush=True)


def sentence_text(rng, n):
    """A news sentence with a speaker, a topic and, often, a date expression."""
    when = rng.choice(["am Dienstag", "letzte Woche", "im Oktober", "am Sonntag", "", ""])
    topic = rng.choice(TOPICS)
    return (
        f"{rng.choice(SPEAKERS)} {rng.choice(VERBS)} {when} zur Lage bei {topic}, "
        f"die Gespräche über Punkt {n} würden fortgesetzt."
    ).replace("  ", " ")


def sentence_counts(total, sources):
    """Sentences per source: one long source for the reader, the rest shared out evenly."""
    long = min(LONG_SOURCE_SENTENCES, total // 10)
    rest, extra = divmod(total - long, sources - 1)
    return [long] + [rest + (1 if i < extra else 0) for i in range(sources - 1)]


def build_sources(rng, count, total):
    """Sources with their bodies and their sentences, the offsets exact as the reader needs."""
    from timeline import sentences as text
    from timeline.models import Sentence, Source

    start = datetime.date(2015, 1, 1)
    counts = sentence_counts(total, count)
    position_base = 0
    for first in range(0, count, 200):
        sources, rows = [], []
        for index in range(first, min(first + 200, count)):
            n = counts[index]
            texts = [sentence_text(rng, position_base + k) for k in range(n)]
            position_base += n
            body = " ".join(texts)
            source = Source(
                slug=LONG_SOURCE_SLUG if index == 0 else f"bench-source-{index}",
                title=f"Bericht {index}: {rng.choice(TOPICS)} und die Gespräche",
                publisher=rng.choice(["Financial Times", "Reuters", "Kyiv Independent", "DW"]),
                url=f"https://example.org/articles/{index}",
                language="de",
                published_on=start + datetime.timedelta(days=index % 3650),
                body=body,
                checksum=text.checksum(body),
            )
            sources.append(source)
            offset = 0
            for position, sentence in enumerate(texts, start=1):
                rows.append((index, position, sentence, offset, offset + len(sentence)))
                offset += len(sentence) + 1
        Source.objects.bulk_create(sources)
        by_index = {first + i: source for i, source in enumerate(sources)}
        Sentence.objects.bulk_create(
            [
                Sentence(source=by_index[i], position=p, text=t, start=s, end=e)
                for i, p, t, s, e in rows
            ],
            batch_size=BATCH,
        )
        progress(f"sources {min(first + 200, count):,}/{count:,}")


def event_when(rng, day):
    """An EDTF value of one of the shapes editors use, around `day`, with its (lower, upper).

    The bounds are worked out here rather than by the edtf parser, which takes a tenth of a
    second a value; `check_bounds` compares them with the parser's for a sample.
    """
    shape = rng.random()
    if shape < 0.6:
        return day.isoformat(), (day, day)
    if shape < 0.75:
        first = day.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return day.strftime("%Y-%m"), (first, last)
    if shape < 0.85:
        end = day + datetime.timedelta(days=29)
        return f"{day.isoformat()}/{end.isoformat()}", (day, end)
    if shape < 0.93:
        return f"{day.isoformat()}~", (day, day)
    end = day + datetime.timedelta(days=6)
    return f"[{day.isoformat()}..{end.isoformat()}]", (day, end)


def check_bounds(events):
    """Fail loudly if the bounds worked out here differ from the edtf parser's for any shape."""
    from timeline import dates

    for event in events:
        expected = dates.bounds(event.when)
        if expected != (event.when_lower, event.when_upper):
            raise AssertionError(f"{event.when}: {expected} from edtf, not {event.when_lower}")


def build_events(rng, count):
    """Published events, each citing two sentences of one source, with one or two actors."""
    from timeline.models import Actor, Event, Evidence, Sentence

    actors = Actor.objects.bulk_create(
        [
            Actor(name=name, slug=f"bench-actor-{i}", kind=kind)
            for i, (name, kind) in enumerate(ACTORS)
        ]
    )
    # Sentences in pairs from across all sources (the long one included), every pair distinct.
    sentence_ids = list(
        Sentence.objects.order_by("source_id", "position").values_list("pk", flat=True)
    )
    stride = max(1, len(sentence_ids) // (2 * count))
    start = datetime.date(2015, 1, 1)
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        events = []
        for n in numbers:
            when, (lower, upper) = event_when(
                rng, start + datetime.timedelta(days=n * 3650 // count)
            )
            topic = rng.choice(TOPICS)
            events.append(
                Event(
                    slug=MIDDLE_EVENT.format(n),
                    title=f"{rng.choice(SPEAKERS)} zu {topic} ({n})",
                    summary=f"Erklärungen zu {topic}, wie die Quellen sie wiedergeben.",
                    kind=rng.choice(Event.Kind.values),
                    when=when,
                    when_lower=lower,
                    when_upper=upper,
                    date_text="am Dienstag",
                    status=Event.Status.PUBLISHED,
                )
            )
        if first == 0:
            check_bounds(events[:20])
        Event.objects.bulk_create(events)
        Event.actors.through.objects.bulk_create(
            [
                Event.actors.through(event_id=event.pk, actor_id=actor.pk)
                for event in events
                for actor in rng.sample(actors, rng.choice([1, 2]))
            ]
        )
        cited = Sentence.objects.select_related("source").in_bulk(
            [sentence_ids[2 * n * stride + k] for n in numbers for k in (0, 1)]
        )
        evidence = []
        for event, n in zip(events, numbers, strict=True):
            for order, k in enumerate((0, 1)):
                link = Evidence(event=event, attribution=rng.choice(SPEAKERS), order=order)
                link.anchor_to(cited[sentence_ids[2 * n * stride + k]])
                evidence.append(link)
        Evidence.objects.bulk_create(evidence)
        progress(f"events {numbers[-1] + 1:,}/{count:,}")


def main(argv=None):
    arguments = parse_arguments(argv)
    if not os.environ.get("DATABASE_URL"):
        arguments.database.unlink(missing_ok=True)
    setup_django(arguments.database)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from timeline.models import ContentVersion, Event

    progress(f"database {settings.DATABASES['default']['NAME']}: migrating")
    call_command("migrate", verbosity=0)
    if Event.objects.exists():
        sys.exit("This database already holds events: give the benchmark an empty one.")
    rng = random.Random(12)  # the same timeline every time
    with transaction.atomic():
        build_sources(rng, arguments.sources, arguments.sentences)
        build_events(rng, arguments.events)
        ContentVersion.bump()
    progress(
        f"built {arguments.events:,} events, {arguments.sources:,} sources, "
        f"{arguments.sentences:,} sentences"
    )


if __name__ == "__main__":
    main()
