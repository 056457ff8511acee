"""The embed: the timeline in other sites' iframes, and the code that puts it there.

`/embed/` is the only page other sites may frame. It shows the timeline's published events
with the timeline's filters and partials but none of the site's chrome; its entries open and
close inside the frame; every other link leaves the frame for the top window; `?event=<slug>`
opens one event. The browser side (a page on another origin framing it) is in
tests/test_browser_embed.py.
"""

import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern

from timeline.models import Event

pytestmark = pytest.mark.django_db

TUESDAY = "trump-putin-call-tuesday"
FEBRUARY = "trump-putin-call-february-2025"
PAUSE = "putin-orders-30-day-energy-strike-pause"
KYIV = "kyiv-backs-30-day-ceasefire"
CEASEFIRE = "energy-strike-pause-march-2025"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def listed(page):
    """The slugs of the events a timeline or embed page lists, in order."""
    return [li["id"].removeprefix("event-") for li in page.select("#results li.event")]


def csp(response):
    """The response's Content-Security-Policy as {directive: value}."""
    policy = response["Content-Security-Policy"]
    return dict(d.strip().split(" ", 1) for d in policy.split(";"))


def entry_headers(current_url, timeline_url=None):
    """The headers of an entry request from inside the embed at `current_url`."""
    return {
        "HX-Request": "true",
        "HX-Current-URL": f"http://testserver{current_url}",
        "Timeline-URL": timeline_url or current_url,
    }


@pytest.fixture
def draft(seeded, seed_source, make_event):
    """A draft on 18 March, beside the Tuesday call, citing the article's sentence 3."""
    return make_event(
        "draft-embed-secret",
        when="2025-03-18",
        status=Event.Status.DRAFT,
        title="Unpublished embed secret",
        sentences=[seed_source.sentences.get(position=3)],
        order=99,
    )


# The page.


def test_the_embed_shows_the_published_timeline_without_the_site_chrome(client, seeded):
    response = client.get("/embed/")
    assert response.status_code == 200
    page = soup(response)
    assert listed(page) == listed(soup(client.get("/")))
    assert len(listed(page)) == Event.objects.published().count() == 18
    # None of the site's header, navigation, skip link to it or footer.
    assert page.select(".site-header, .site-footer, nav[aria-label=Site], .brand") == []
    # Its own one-line header: the name, linking to the full timeline outside the frame.
    (h1,) = page.select("h1")
    assert h1.get_text(strip=True) == "Ceasefire Timeline"
    assert h1.a["href"] == "/"
    assert page.find("a", string="Open the full timeline")["href"] == "/"
    assert page.select_one('link[rel="canonical"]')["href"] == "http://testserver/"
    # The story at a glance and the ceasefire bands fit a frame too.
    assert page.select_one("figure.overview svg") is not None
    assert len(page.select(".ceasefire-band")) == 3
    # No embed code inside the embed.
    assert page.select(".embed-code") == []


@pytest.mark.parametrize(
    "query",
    [
        "kind=call",
        "actor=vladimir-putin",
        "q=Schwarzmeer",
        "start=2025-03&end=2025-03",
        "kind=pause&as_of=2025-03-25",
    ],
)
def test_the_embed_takes_the_timelines_filters(client, seeded, query):
    embedded = soup(client.get(f"/embed/?{query}"))
    timeline = soup(client.get(f"/?{query}"))
    assert listed(embedded) == listed(timeline)
    assert 0 < len(listed(embedded)) < 18
    # The filters are shown in their form, which submits to the embed, inside the frame.
    form = embedded.select_one("form#filters")
    assert form["action"] == "/embed/" and form["data-hx-get"] == "/embed/"
    assert form["target"] == "_self"
    assert embedded.find("a", string="Open the full timeline")["href"] == f"/?{query}"
    statuses = [s.get_text() for s in embedded.select(".ceasefire-band__status")]
    assert statuses == [s.get_text() for s in timeline.select(".ceasefire-band__status")]


def test_a_wrong_filter_gets_its_message_and_the_others_still_apply(client, seeded):
    page = soup(client.get("/embed/?kind=call&start=2025-13"))
    assert listed(page) == listed(soup(client.get("/?kind=call")))
    assert page.select_one("#id_start_error") is not None


def test_the_embed_swaps_its_filtered_events_for_htmx_and_replaces_its_url(client, seeded):
    response = client.get(
        "/embed/?actor=donald-trump", headers={"HX-Request": "true", "HX-Trigger": "filters"}
    )
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="filtered">')
    fragment = BeautifulSoup(html, "html.parser")
    form = fragment.select_one("form#filters")
    # The frame's URL follows the filters (a reload keeps them), but the host page's history
    # gets no entries: replaced, never pushed.
    assert form["data-hx-replace-url"] == "true" and not form.has_attr("data-hx-push-url")
    assert fragment.select("[data-hx-push-url]") == []
    announced = fragment.select_one("[data-hx-swap-oob]").get_text()
    assert announced == f"{len(listed(fragment))} events found."
    assert json.loads(fragment.select_one("#results")["data-hx-headers"]) == {
        "Timeline-URL": "/embed/?actor=donald-trump"
    }


# Drafts.


def test_drafts_are_in_no_embed_whoever_is_signed_in(staff_client, draft):
    # The editor sees the draft on its own permalink, so what follows proves something.
    assert "Unpublished embed secret" in staff_client.get(draft.get_absolute_url()).content.decode()
    for url in ("/embed/", "/embed/?q=Unpublished", f"/embed/?event={draft.slug}"):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        page = soup(response)
        # The language switcher repeats the address as requested (the reader's own query).
        for switcher in page.select("nav.language-switcher"):
            switcher.decompose()
        html = str(page)
        assert draft.slug not in html and "Unpublished embed secret" not in html, url
        assert page.select(".event--expanded") == [], url


def test_an_entry_opened_inside_the_embed_never_shows_a_draft(staff_client, draft):
    # On the editor's own timeline the draft is its neighbour's "Next" event…
    neighbour, _ = Event.objects.all().neighbours(draft)
    own = staff_client.get(neighbour.get_absolute_url(), headers=entry_headers("/"))
    assert "Unpublished embed secret" in own.content.decode()
    # …but an entry opened inside an embed is the readers' entry, whoever is signed in.
    embedded = staff_client.get(neighbour.get_absolute_url(), headers=entry_headers("/embed/"))
    assert embedded.status_code == 200
    assert "Unpublished embed secret" not in embedded.content.decode()
    draft_entry = staff_client.get(draft.get_absolute_url(), headers=entry_headers("/embed/"))
    assert draft_entry.status_code == 404


# Framing: the embed, and nothing else.


def test_other_sites_may_frame_the_embed_and_nothing_else_changes(client, seeded):
    site_policy = csp(client.get("/"))
    assert site_policy["frame-ancestors"] == "'none'"
    for response in (
        client.get("/embed/"),
        client.get(f"/embed/?kind=call&event={TUESDAY}"),
        client.get("/embed/?kind=call", headers={"HX-Request": "true"}),
    ):
        assert response.status_code == 200
        assert csp(response) == {**site_policy, "frame-ancestors": "*"}
        assert "X-Frame-Options" not in response


def public_urls():
    """A URL for every route of the site (the admin's sign-in page for the admin)."""
    return {
        "event-list": ["/", "/?kind=call", ("/?kind=call", {"HX-Request": "true"})],
        "event-table": ["/events/table/"],
        "events-timelinejs": ["/events/timelinejs.json"],
        "event-detail": [
            f"/events/{TUESDAY}/",
            # The entry the embed opens is fetched (XHR), never framed: it keeps the refusal.
            (f"/events/{TUESDAY}/", entry_headers("/embed/")),
        ],
        "event-version": [f"/events/{TUESDAY}/v/1/"],
        "source-detail": ["/sources/ft-2025-03-18-putin-energy-pause/"],
        "events-json": ["/events.json"],
        "events-ics": ["/events.ics"],
        "event-feed": ["/feed/"],
        "sitemap": ["/sitemap.xml"],
        "robots": ["/robots.txt"],
        "ceasefires-csv": ["/ceasefires.csv"],
        "ceasefire-detail": [f"/ceasefires/{CEASEFIRE}/"],
        "csp-report": ["/csp-report/"],
        "healthz": ["/healthz"],
        "admin": ["/admin/login/"],
        "not found": ["/no-such-page/", "/embed/no-such-page/"],
    }


def test_every_route_is_checked_for_framing():
    # The pages sit inside i18n_patterns (one resolver for the language prefix): look inside it.
    patterns = [
        inner
        for p in get_resolver().url_patterns
        for inner in (p.url_patterns if isinstance(p.pattern, LocalePrefixPattern) else [p])
    ]
    names = {getattr(p, "name", None) for p in patterns} - {None} | {"admin"}
    assert names - {"event-embed"} <= set(public_urls()), names - set(public_urls())


def test_every_other_page_refuses_to_be_framed(client, seeded):
    for name, urls in public_urls().items():
        for url in urls:
            url, headers = url if isinstance(url, tuple) else (url, {})
            response = client.get(url, headers=headers)
            where = (name, url, response.status_code)
            assert response["X-Frame-Options"] == "DENY", where
            assert csp(response)["frame-ancestors"] == "'none'", where


# Links: inside the frame, or out of it to the top window.


def assert_links_leave_the_frame_unless_they_stay_in_the_embed(page, where):
    """Every link of an embed page either stays in the frame and the embed, or goes to the top.

    The page's <base target="_top"> sends every link without a target to the top window; only
    links to the embed itself (or to a place on the page) may say target="_self".
    """
    links = page.select("a[href], form[action]")
    assert links, where
    for link in links:
        url = link.get("href") or link.get("action")
        # The embed in either language (the language switcher) stays in the frame too.
        path = urlsplit(url).path
        in_embed = url.startswith("#") or path.removeprefix("/de") == reverse("event-embed")
        target = link.get("target")
        if in_embed:
            assert target == "_self", (where, str(link)[:200])
        else:
            assert target is None, (where, str(link)[:200])
            assert not url.startswith("/embed/"), (where, url)


def test_links_in_the_embed_open_in_the_top_window(client, seeded):
    for url in ("/embed/", f"/embed/?event={PAUSE}", "/embed/?kind=nothing-such"):
        page = soup(client.get(url))
        (base,) = page.select("base")
        # In the head, with no href (base-uri 'none' holds): a target for every link.
        assert base.parent.name == "head"
        assert base.attrs == {"target": "_top"}
        assert_links_leave_the_frame_unless_they_stay_in_the_embed(page, url)
    opened = soup(client.get(f"/embed/?event={PAUSE}"))
    leaving = {a["href"] for a in opened.select(f"#event-{PAUSE} a:not([target])")}
    assert {f"/events/{PAUSE}/", "/sources/ft-2025-03-18-putin-energy-pause/#s-3"} <= leaving


def test_entry_links_keep_the_reader_in_the_frame_without_javascript(client, seeded):
    page = soup(client.get("/embed/?kind=call"))
    toggle = page.select_one(f"#toggle-{TUESDAY}")
    # Without JavaScript: the embed itself with this event open, placed at it (a permalink
    # page may not be framed). With htmx: the same entry as on the timeline, and the frame's
    # URL replaced so that a reload of the frame keeps it open.
    assert toggle["target"] == "_self"
    assert toggle["href"] == f"/embed/?kind=call&event={TUESDAY}#event-{TUESDAY}"
    assert toggle["data-hx-get"] == f"/events/{TUESDAY}/"
    assert toggle["data-hx-replace-url"] == f"/embed/?kind=call&event={TUESDAY}"
    assert not toggle.has_attr("data-hx-push-url")


# Entries opened and closed inside the embed.


def test_an_entry_opens_inside_the_embed_and_collapses_back_to_it(client, seeded):
    response = client.get(
        f"/events/{TUESDAY}/", headers=entry_headers("/embed/?kind=call&q=", "/embed/?kind=call&q=")
    )
    fragment = BeautifulSoup(response.content.decode(), "html.parser")
    (opened,) = fragment.find_all("li", recursive=False)
    assert "event--expanded" in opened["class"]
    assert opened.select_one(".evidence-group") is not None
    toggle = opened.select_one("a.event__toggle")
    assert toggle["href"] == "/embed/?kind=call&q="
    assert toggle["data-hx-replace-url"] == "/embed/?kind=call&q="
    assert toggle["target"] == "_self"
    assert fragment.select("[data-hx-push-url]") == []

    collapsed = client.get(
        f"/events/{TUESDAY}/?entry=collapsed", headers=entry_headers(f"/embed/?event={TUESDAY}")
    )
    toggle = BeautifulSoup(collapsed.content.decode(), "html.parser").select_one("a.event__toggle")
    assert toggle["href"] == f"/embed/?event={TUESDAY}#event-{TUESDAY}"
    assert toggle["data-hx-replace-url"] == f"/embed/?event={TUESDAY}"
    assert "Timeline-URL" in response["Vary"] and "HX-Current-URL" in response["Vary"]


def test_opening_an_entry_in_the_embed_closes_the_one_its_url_names(client, seeded):
    # The embed's URL names its open event (?event=, replaced as entries open): that one closes.
    response = client.get(
        f"/events/{TUESDAY}/",
        headers=entry_headers(f"/embed/?kind=call&event={FEBRUARY}", "/embed/?kind=call"),
    )
    fragment = BeautifulSoup(response.content.decode(), "html.parser")
    opened, closed = fragment.find_all("li", recursive=False)
    assert opened["id"] == f"event-{TUESDAY}" and closed["id"] == f"event-{FEBRUARY}"
    assert closed["data-hx-swap-oob"] == "true"
    toggle = closed.select_one("a.event__toggle")
    assert toggle["href"] == f"/embed/?kind=call&event={FEBRUARY}#event-{FEBRUARY}"
    assert toggle["data-hx-replace-url"] == f"/embed/?kind=call&event={FEBRUARY}"


@pytest.mark.parametrize(
    "headers",
    [
        {"Timeline-URL": "http://[::1"},
        {"Timeline-URL": "/embed/?event=%ff%fe&kind=\x7f"},
        {"Timeline-URL": "//evil.example/embed/?q=<script>"},
        {"HX-Current-URL": "http://testserver/embed/?event=" + "x" * 5000},
        {"HX-Current-URL": "http://[::1", "Timeline-URL": "/embed/?event=&event="},
    ],
)
def test_untrusted_embed_headers_get_an_answer_not_an_error(client, seeded, headers):
    response = client.get(f"/events/{TUESDAY}/", headers={"HX-Request": "true", **headers})
    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()
    assert "<script>" not in response.content.decode()


# Deep links.


def test_a_deep_link_opens_its_event(client, seeded):
    page = soup(client.get(f"/embed/?kind=pause&event={PAUSE}"))
    (opened,) = page.select(".event--expanded")
    assert opened["id"] == f"event-{PAUSE}"
    # The whole entry, as the timeline opens it: quotes with context, the permalink.
    assert opened.select_one(".evidence-group") is not None
    assert opened.find("a", string="Permalink to this event")["href"] == f"/events/{PAUSE}/"
    toggle = opened.select_one("a.event__toggle")
    assert toggle["href"] == "/embed/?kind=pause"
    assert toggle["data-hx-replace-url"] == "/embed/?kind=pause"
    # Its entries' requests say which embed they come from (without the open event).
    assert json.loads(page.select_one("#results")["data-hx-headers"]) == {
        "Timeline-URL": "/embed/?kind=pause"
    }
    assert page.select('input[name="event"]') == []
    # `event` is no filter: alone, it leaves the filter form folded.
    alone = soup(client.get(f"/embed/?event={PAUSE}"))
    assert [li["id"] for li in alone.select(".event--expanded")] == [f"event-{PAUSE}"]
    assert not alone.select_one("details.filters-panel").has_attr("open")
    assert listed(alone) == listed(soup(client.get("/")))


def test_a_deep_link_to_an_event_the_filters_leave_out_opens_nothing(client, seeded):
    for url in (f"/embed/?kind=call&event={PAUSE}", "/embed/?event=no-such-event"):
        response = client.get(url)
        assert response.status_code == 200
        assert soup(response).select(".event--expanded") == [], url


def test_a_deep_link_to_a_renamed_event_moves_to_its_new_slug(client, seeded):
    event = Event.objects.get(slug=KYIV)
    event.slug = "kyiv-accepts-us-ceasefire-proposal"
    event.full_clean()
    event.save()
    response = client.get(f"/embed/?kind=agreement&event={KYIV}&q=Kiew")
    assert response.status_code == 301
    assert response["Location"] == (
        "/embed/?kind=agreement&q=Kiew&event=kyiv-accepts-us-ceasefire-proposal"
    )


# The embed code on the timeline.


def embed_snippet(page):
    """The iframe of the timeline's embed code, parsed from the text readers copy."""
    snippet = page.select_one("textarea#embed-code-snippet").get_text()
    (iframe,) = BeautifulSoup(snippet, "html.parser").find_all(recursive=False)
    return snippet, iframe


def test_the_timeline_offers_the_embed_code_for_its_filters(client, seeded):
    page = soup(client.get("/"))
    code = page.select_one("details.embed-code")
    assert code.summary.get_text(strip=True) == "Embed this timeline"
    textarea = code.select_one("textarea")
    assert textarea.has_attr("readonly")
    assert code.select_one(f"label[for={textarea['id']}]") is not None
    snippet, iframe = embed_snippet(page)
    assert iframe.name == "iframe"
    assert iframe["src"] == "http://testserver/embed/"
    assert iframe["title"] == "Ceasefire Timeline"
    assert iframe["loading"] == "lazy"
    assert iframe["allow"] == "clipboard-write"
    assert iframe["width"] == "100%" and iframe["height"].isdigit()
    # Shown by timeline.js where the Clipboard API works, its messages written by the page.
    button = code.select_one("button.copy-embed")
    assert button.has_attr("hidden") and button["data-copy-from"] == textarea["id"]
    assert button["data-copied"] == "Embed code copied."
    assert button["data-failed"].startswith("Could not copy")
    assert code.select_one(".copy-embed__status[role=status]") is not None


def test_the_embed_code_keeps_the_filters_and_nothing_else(client, seeded):
    url = "/?kind=call&q=Kreml+Gespr%C3%A4ch&actor=&utm_source=x&as_of=2025-03-25"
    for response in (client.get(url), client.get(url, headers={"HX-Request": "true"})):
        snippet, iframe = embed_snippet(soup(response))
        assert iframe["src"] == (
            "http://testserver/embed/?q=Kreml+Gespr%C3%A4ch&kind=call&as_of=2025-03-25"
        )
        # Valid HTML to paste: the & between parameters escaped in the attribute.
        assert 'src="http://testserver/embed/?q=Kreml+Gespr%C3%A4ch&amp;kind=call&amp;' in snippet
        # And the embed it names shows what the timeline shows.
        embedded = soup(client.get(urlsplit(iframe["src"])._replace(scheme="", netloc="").geturl()))
        assert listed(embedded) == listed(soup(client.get(url)))


def test_the_embed_costs_the_same_queries_with_more_events(
    client, seeded, count_queries, make_many_events
):
    few = [
        count_queries(client, "/embed/"),
        count_queries(client, f"/embed/?event={PAUSE}"),
        count_queries(client, "/embed/?kind=call", headers={"HX-Request": "true"}),
    ]
    make_many_events(40)
    many = [
        count_queries(client, "/embed/"),
        count_queries(client, f"/embed/?event={PAUSE}"),
        count_queries(client, "/embed/?kind=call", headers={"HX-Request": "true"}),
    ]
    assert many == few
