"""The embed in real Chromium, framed by a page on another site.

A small HTTP server of this test, on another port and host name (127.0.0.1, where the live
server is localhost), stands for a newsroom's page: it frames our embed with the code the
timeline offers, and our other pages, which must refuse. Its pages are outside our
Content-Security-Policy (their inline styles would break it).
"""

import itertools
import re
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY = "trump-putin-call-tuesday"
FEBRUARY = "trump-putin-call-february-2025"
PAUSE = "putin-orders-30-day-energy-strike-pause"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

HOST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A newsroom's page</title></head>
<body>
  <h1>Our coverage of the ceasefire talks</h1>
  <div style="height: 300px">Our reporting, above the timeline.</div>
  {frame}
  <div style="height: 3000px">More reporting, below it.</div>
</body>
</html>
"""


class Newsroom:
    """Pages on another origin, each framing whatever HTML it is given."""

    def __init__(self, server, pages):
        self.server = server
        self.pages = pages
        self.numbers = itertools.count(1)

    def page(self, frame):
        """The address of a new page that shows `frame` (an iframe's HTML) mid-page."""
        path = f"/page-{next(self.numbers)}"
        self.pages[path] = HOST_PAGE.format(frame=frame).encode()
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def framing(self, src):
        """The address of a page that frames `src`."""
        return self.page(f'<iframe src="{escape(src)}" title="Framed" width="100%" height="420">')


@pytest.fixture
def newsroom():
    """A site on another origin that frames our pages: see Newsroom."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            if body is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Newsroom(server, pages)
    server.shutdown()
    server.server_close()


def embed_code(page, url):
    """The embed code the timeline at `url` offers, as a reader would copy it."""
    page.goto(url)
    return page.locator("#embed-code-snippet").input_value()


def embedded_frame(page):
    """The frame of the host page that shows our embed (Playwright's Frame, for its URL)."""
    return next(frame for frame in page.frames if "/embed/" in frame.url)


def test_the_embed_code_frames_the_timeline_on_another_site(
    page, live_server, seeded, newsroom, collect_errors
):
    errors = collect_errors(page)
    code = embed_code(page, "/?kind=call")
    assert f'src="{live_server.url}/embed/?kind=call"' in code
    host = newsroom.page(code)
    page.goto(host)
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Ceasefire Timeline")
    calls = Event.objects.published().filter(kind=Event.Kind.CALL).count()
    expect(frame.locator("#results li.event")).to_have_count(calls)
    history_length = page.evaluate("history.length")

    # An entry opens inside the frame, as on the timeline, and says so.
    frame.locator(f"#toggle-{TUESDAY}").click()
    expect(frame.locator(f"#event-{TUESDAY}")).to_have_class(re.compile(r"\bevent--expanded\b"))
    expect(frame.locator(f"#toggle-{TUESDAY}")).to_have_attribute("aria-expanded", "true")
    expect(frame.locator(f"#panel-{TUESDAY} .evidence-group").first).to_be_visible()
    # The embed code lets the frame write to the clipboard, so "Copy link" is offered.
    expect(frame.locator(f"#panel-{TUESDAY} .copy-link")).to_be_visible()
    # The frame's own URL names it (a reload of the frame keeps it open); the host page stays
    # where it was, and its history gets no entry for the reader's back button to trip over.
    embedded_frame(page).wait_for_function(f"location.search.endsWith('event={TUESDAY}')")
    assert page.url == host
    assert page.evaluate("history.length") == history_length

    # One open at a time: opening another closes it.
    frame.locator(f"#toggle-{FEBRUARY}").click()
    expect(frame.locator(f"#event-{FEBRUARY}")).to_have_class(re.compile(r"\bevent--expanded\b"))
    expect(frame.locator(".event--expanded")).to_have_count(1)
    embedded_frame(page).wait_for_function(f"location.search.endsWith('event={FEBRUARY}')")

    # The permalink opens in the top window, the reader's own.
    frame.locator(f"#panel-{FEBRUARY}").get_by_role("link", name="Permalink to this event").click()
    expect(page).to_have_url(f"{live_server.url}/events/{FEBRUARY}/")
    expect(page.locator("h1")).to_have_text(Event.objects.get(slug=FEBRUARY).title)
    assert errors == []


@pytest.mark.parametrize("path", ["/", f"/events/{TUESDAY}/", "/events/table/"])
def test_another_site_cannot_frame_any_other_page(page, live_server, seeded, newsroom, path):
    with page.expect_console_message(lambda m: "frame-ancestors 'none'" in m.text) as refused:
        page.goto(newsroom.framing(f"{live_server.url}{path}"))
    # Chromium names the origin refused.
    assert f"Framing '{live_server.url}/'" in refused.value.text
    # The frame shows Chromium's error page, nothing of ours.
    frame = page.frames[1]
    assert not frame.url.startswith(live_server.url)
    expect(page.frame_locator("iframe").locator("main")).to_have_count(0)


def test_a_deep_link_shows_its_event_without_moving_the_host_page(
    page, live_server, seeded, newsroom
):
    page.set_viewport_size(DESKTOP)
    page.goto(newsroom.framing(f"{live_server.url}/embed/?event={PAUSE}"))
    frame = page.frame_locator("iframe")
    expect(frame.locator(f"#event-{PAUSE}")).to_have_class(re.compile(r"\bevent--expanded\b"))
    # The last event of the timeline, at the top of the frame…
    expect(frame.locator(f"#toggle-{PAUSE}")).to_be_in_viewport()
    assert embedded_frame(page).evaluate("window.scrollY") > 500
    # …and the host page where its reader left it.
    assert page.evaluate("window.scrollY") == 0
    # A link to the event's own page, out of the frame; no "Copy link" where the host page did
    # not let the frame write to the clipboard (this one has no allow="clipboard-write").
    opened = frame.locator(f"#event-{PAUSE}")
    expect(opened.get_by_role("link", name="Permalink to this event")).to_be_visible()
    expect(opened.locator(".copy-link")).to_be_hidden()
    frame.get_by_role("link", name="Open the full timeline").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_without_javascript_entries_open_inside_the_frame(browser, live_server, seeded, newsroom):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    host = newsroom.framing(f"{live_server.url}/embed/?kind=call")
    page.goto(host)
    frame = page.frame_locator("iframe")
    # A plain link: the embed again, with the event open (a permalink page could not be framed).
    frame.locator(f"#toggle-{TUESDAY}").click()
    expect(frame.locator(f"#event-{TUESDAY}")).to_have_class(re.compile(r"\bevent--expanded\b"))
    expect(frame.locator(f"#panel-{TUESDAY} .evidence-group").first).to_be_visible()
    assert embedded_frame(page).url == (
        f"{live_server.url}/embed/?kind=call&event={TUESDAY}#event-{TUESDAY}"
    )
    assert page.url == host
    # The filters (open: the embed is filtered) submit inside the frame too.
    frame.locator("#id_kind").select_option("pause")
    frame.get_by_role("button", name="Filter").click()
    expect(frame.locator("#results li.event")).to_have_count(1)
    assert page.url == host
    # Leaving for the article takes the top window.
    frame.locator(f"#event-{PAUSE} .quote__source a").first.click()
    expect(page).to_have_url(f"{live_server.url}/sources/ft-2025-03-18-putin-energy-pause/#s-3")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_the_embed_is_accessible_and_fits_a_phone(
    browser, live_server, seeded, viewport, collect_errors, assert_accessible
):
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    errors = collect_errors(page)
    page.goto(f"/embed/?event={PAUSE}")
    expect(page.locator(f"#toggle-{PAUSE}")).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    # Nothing sideways, and the events come first: the filters stay folded at any width.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    expect(page.locator("#filters")).to_be_hidden()
    page.locator("summary", has_text="Filter events").click()
    expect(page.locator("#filters")).to_be_visible()
    assert errors == []
    context.close()


def test_the_copy_button_copies_the_embed_code_for_the_filters(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto("/")
    page.locator("summary", has_text="Embed this timeline").click()
    page.get_by_role("button", name="Copy embed code").click()
    expect(page.locator(".copy-embed__status")).to_have_text("Embed code copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#embed-code-snippet").input_value()
    assert f'src="{live_server.url}/embed/"' in copied
    # Filtering (htmx) brings the code for the new filters.
    page.locator("#id_actor").select_option("vladimir-putin")
    expect(page.locator("#embed-code-snippet")).to_have_value(
        re.compile(re.escape(f'src="{live_server.url}/embed/?actor=vladimir-putin"'))
    )
    context.close()


def test_without_javascript_the_embed_code_is_there_to_copy_by_hand(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/?kind=call")
    page.locator("summary", has_text="Embed this timeline").click()
    expect(page.locator("#embed-code-snippet")).to_be_visible()
    expect(page.locator("#embed-code-snippet")).to_have_value(re.compile(r"^<iframe src="))
    expect(page.get_by_role("button", name="Copy embed code")).to_be_hidden()
    context.close()
