"""Measure how fast the public pages render with a timeline of a given size.

Readers expect the timeline to feel instant on a phone, and the pages must
stay fast as editors add events. This command builds a synthetic timeline of
`--events` published events (two evidence sentences and an actor each) inside
a transaction, requests every public page through Django's test client
`--repeat` times, reports the SQL query count and the median and 95th
percentile time per page, and then rolls everything back. It measures the
application (views, queries, templates), not the network or a web server.
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from timeline.models import Actor, Event, Evidence, Source


class Command(BaseCommand):
    help = "Time the public pages against a synthetic timeline of N events (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=200, help="Events to create (200).")
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page (30).")

    def handle(self, *args, events, repeat, **options):
        if events < 2 or repeat < 1:
            raise CommandError("--events must be at least 2 and --repeat at least 1.")
        self.stdout.write(
            f"Database: {connection.vendor}; {events} events; {repeat} requests per page."
        )
        with transaction.atomic():
            self.build(events)
            self.measure(repeat)
            transaction.set_rollback(True)
        self.stdout.write("Synthetic data rolled back.")

    def build(self, count):
        """A source of 2×count sentences and `count` events citing two sentences each."""
        self.stdout.write("Building the synthetic timeline…")
        body = " ".join(
            f"Am Dienstag sagte der Sprecher zum {n}. Mal, die Gespräche gingen weiter."
            for n in range(1, 2 * count + 1)
        )
        source = Source.objects.create(
            slug="benchmark-source",
            title="Benchmark source",
            publisher="Benchmark Wire",
            language="de",
            published_on=datetime.date(2025, 3, 18),
            body=body,
        )
        source.resegment()
        sentences = list(source.sentences.all())
        actor = Actor.objects.create(name="Benchmark Actor", slug="benchmark-actor")
        start = datetime.date(2020, 1, 1)
        for n in range(count):
            day = start + datetime.timedelta(days=7 * n)
            event = Event.objects.create(
                slug=f"benchmark-event-{n}",
                title=f"Benchmark event {n}",
                summary="A synthetic event for timing the pages.",
                kind=Event.Kind.STATEMENT,
                when=day.isoformat(),
                status=Event.Status.PUBLISHED,
            )
            event.actors.add(actor)
            for order, sentence in enumerate(sentences[2 * n : 2 * n + 2]):
                Evidence.objects.create(
                    event=event, sentence=sentence, attribution="Benchmark Wire", order=order
                )
        self.middle = f"benchmark-event-{count // 2}"

    def measure(self, repeat):
        """Request each page `repeat` times and print one line of figures per page."""
        client = Client(SERVER_NAME="localhost")
        htmx = {"HX-Request": "true"}
        pages = [
            ("timeline /", "/", {}),
            ("timeline, filtered (htmx)", "/?q=Benchmark+event&start=2021", htmx),
            ("permalink", f"/events/{self.middle}/", {}),
            ("permalink (htmx entry)", f"/events/{self.middle}/", htmx),
            ("table", "/events/table/", {}),
            ("table, sorted page 3 (htmx)", "/events/table/?sort=-date&page=3", htmx),
            ("reader", "/sources/benchmark-source/", {}),
        ]
        self.stdout.write(f"{'page':32} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'KiB':>7}")
        for label, url, headers in pages:
            # With DEBUG on, the build filled Django's bounded query log; start afresh.
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, headers=headers)
            # Count now: later requests reset the log the capture reads from.
            query_count = len(captured)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}.")
            timings = []
            for _ in range(repeat):
                began = time.perf_counter()
                client.get(url, headers=headers)
                timings.append((time.perf_counter() - began) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            self.stdout.write(
                f"{label:32} {query_count:>7} {statistics.median(timings):>10.1f} "
                f"{p95:>8.1f} {len(response.content) / 1024:>7.1f}"
            )
