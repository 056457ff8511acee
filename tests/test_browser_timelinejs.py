"""TimelineJS 3 itself, in Chromium, renders our /events/timelinejs.json.

TimelineJS comes from the npm registry (package.json, pinned by
package-lock.json; `make test` runs `npm ci`) and is served from node_modules
by a small HTTP server of this test, on another port than the live server's:
it stands for a newsroom's page embedding our timeline. Nothing is fetched
from a CDN (any other request is refused and reported), and the embedding page
sits outside our Content-Security-Policy (its inline script would break it).
The JSON comes from the live server across origins, as it would for an embed.
"""

import mimetypes
import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIST = (
    Path(__file__).resolve().parent.parent / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
)

EMBED_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Our timeline, embedded</title>
  <link rel="stylesheet" href="/timelinejs/css/timeline.css">
  <script src="/timelinejs/js/timeline.js"></script>
</head>
<body>
  <div id="timeline-embed" style="width: 100%; height: 600px"></div>
  <script>
    // script_path: TimelineJS loads its languages from here, not from its CDN; no font
    // theme, whose CSS would fetch web fonts from elsewhere.
    window.timeline = new TL.Timeline("timeline-embed", "{source}", {{
      script_path: "/timelinejs/js/",
      font: null
    }});
  </script>
</body>
</html>
"""


@pytest.fixture
def timelinejs():
    """TimelineJS 3's built files in node_modules; a clear skip, or failure under REQUIRE_BROWSER."""
    if not (DIST / "js" / "timeline.js").is_file():
        message = (
            f"TimelineJS 3 is not installed at {DIST}: `make test` installs it with `npm ci` "
            "(install Node.js and npm, e.g. apt-get install nodejs npm)."
        )
        if os.environ.get("REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(message)
        pytest.skip(message)
    return DIST


@pytest.fixture
def embedding_site(timelinejs, live_server):
    """The address of a page that embeds /events/timelinejs.json with TimelineJS from `dist`."""
    page = EMBED_PAGE.format(source=f"{live_server.url}/events/timelinejs.json").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            if path == "/":
                self.answer(page, "text/html; charset=utf-8")
                return
            file = (timelinejs / path.removeprefix("/timelinejs/")).resolve()
            if (
                path.startswith("/timelinejs/")
                and file.is_relative_to(timelinejs)
                and file.is_file()
            ):
                content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                self.answer(file.read_bytes(), content_type)
                return
            self.send_error(HTTPStatus.NOT_FOUND)

        def answer(self, body, content_type):
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_timelinejs_renders_our_events_as_slides(page, live_server, seeded, embedding_site):
    elsewhere, failed, errors = [], [], []
    allowed = (embedding_site, live_server.url)

    def only_ours(route):
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{embedding_site}/")

    published = list(Event.objects.published())
    # One slide per event (plus the title slide), each with our slug as its id.
    expect(page.locator(".tl-slide[id]")).to_have_count(len(published) + 1)
    for event in published:
        expect(page.locator(f"[id='{event.slug}'] .tl-headline")).to_have_text(event.title)
    # The timeline's navigation has a marker per event.
    expect(page.locator(".tl-timemarker")).to_have_count(len(published))

    # The title slide comes first; the next slide is the earliest event, dated in our words.
    expect(page.locator(".tl-slide-titleslide .tl-headline")).to_have_text("Ceasefire Timeline")
    page.locator(".tl-slidenav-next").click()
    first = published[0]
    current = page.locator(f"[id='{first.slug}']")
    expect(current.locator(".tl-headline")).to_be_visible()
    expect(current.locator(".tl-headline-date")).to_have_text(first.when_display)

    kyiv = page.locator("[id='kyiv-backs-30-day-ceasefire']")
    expect(kyiv.locator(".tl-headline-date")).to_have_text("one day between 10 and 16 March 2025")
    expect(kyiv.locator("blockquote").first).to_contain_text("Letzte Woche unterzeichnete Kiew")
    assert elsewhere == []
    assert failed == []
    assert errors == []
