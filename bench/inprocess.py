"""What the benchmark measures inside Django, on the database DATABASE_URL names.

For each page: the SQL queries one request makes and the time it takes to render with the page
cache emptied first (the "uncached" figure: every request here is a first request for its
page), and the first load of `/` as a browser transfers it (the HTML gzipped by Django, the CSS
and JavaScript it links as whitenoise sends them). Run by bench/run.py under the production
settings, after collectstatic; prints one JSON object.

A page that takes longer than `--limit` seconds is stopped there and reported as such, so
that one pathological page cannot stall the whole run.
"""

import argparse
import json
import os
import signal
import statistics
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}


class PageTooSlow(BaseException):
    """A page did not finish within the time limit.

    Not an Exception, so that Django's handler does not turn it into a logged server error.
    """


class Assets(HTMLParser):
    """The stylesheets and scripts a page links, in order."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def stop_after(seconds):
    """Arrange for PageTooSlow to be raised in `seconds` (0 disarms)."""

    def alarm(signum, frame):
        raise PageTooSlow

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)


def measure_page(client, url, headers, repeat, limit):
    """Queries and uncached render times (ms) of `url`, or how far it got before the limit."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, status = [], None, None
    for _ in range(repeat):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            stop_after(limit)
            try:
                response = client.get(url, headers={**ACCEPT, **headers}, secure=True)
            except PageTooSlow:
                return {"timeout": limit, "queries_so_far": len(captured)}
            finally:
                stop_after(0)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
        size = len(response.content)
    return {
        "status": status,
        "queries": queries,
        "median_ms": statistics.median(times),
        "first_ms": times[0],
        "bytes_sent": size,
        "encoding": response.get("Content-Encoding", ""),
    }


def first_load(client, limit):
    """Bytes transferred for the first load of `/`: its HTML and the CSS and JS it links."""
    from django.core.cache import cache

    cache.clear()
    stop_after(limit)
    try:
        page = client.get("/", headers=ACCEPT, secure=True)
    except PageTooSlow:
        return {"timeout": limit}
    finally:
        stop_after(0)
    html = page.content
    if page.get("Content-Encoding") == "gzip":
        import gzip

        html = gzip.decompress(html)
    assets = Assets()
    assets.feed(html.decode())
    parts = {"/ (HTML)": len(page.content)}
    for url in assets.urls:
        response = client.get(url, headers=ACCEPT, secure=True)
        parts[url] = int(response["Content-Length"])
    return {"total": sum(parts.values()), "parts": parts}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", required=True, help="JSON list of [name, url, headers]")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=60, help="seconds a page may take")
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from timeline.models import Event

    client = Client()
    client.get("/healthz", secure=True)  # imports and connections, outside every figure
    pages = {}
    for name, url, headers in json.loads(arguments.pages):
        pages[name] = measure_page(client, url, headers, arguments.repeat, arguments.limit)
        print(f"  {name}: {pages[name]}", file=sys.stderr, flush=True)
    result = {
        "database": f"{connection.vendor} {connection.Database.sqlite_version}"
        if connection.vendor == "sqlite"
        else f"{connection.vendor} {connection.pg_version}",
        "events": Event.objects.published().count(),
        "pages": pages,
        "first_load": first_load(client, arguments.limit),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
