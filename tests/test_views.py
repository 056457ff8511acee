"""Public pages through the test client: the timeline, permalinks, drafts, query counts."""

import re

import pytest
from django.urls import reverse

from timeline.models import Event, Source

pytestmark = pytest.mark.django_db


def test_timeline_lists_published_events_in_chronological_order(client, seeded):
    html = client.get("/").content.decode()
    html = html[html.index('<div id="results"') :]
    titles = [
        "US president proposes an unconditional 30-day ceasefire",  # some day on or before 16 March
        "Trump promises to end the war in Ukraine",
        "Zelensky first floats a truce on strikes against energy targets",
        "Trump–Putin call starts the US mediation effort",
        "Kyiv backs a 30-day ceasefire after pressure from Washington",
        "Trump suggests land and power plants would be divided up in a peace deal",
        "Trump and Putin speak by phone",
        "Putin orders a 30-day pause in strikes on Ukraine&#x27;s energy infrastructure",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "shown",
    [
        "October 2024",
        "February 2025",
        "18 March 2025",
        "18 March – 16 April 2025",
        "one day between 10 and 16 March 2025",
        "one day on or before 16 March 2025",
        "c. February 2025 – 18 March 2025",
        ">2024<",
    ],
)
def test_timeline_shows_dates_as_precise_as_known(client, seeded, shown):
    assert shown in client.get("/").content.decode()


def test_timeline_quotes_evidence_with_its_source(client, seed_source):
    html = client.get("/").content.decode()
    assert "Der ukrainische Präsident Wolodymyr Selenskyj hatte im Oktober zunächst" in html
    assert "Financial Times, 18 March 2025" in html
    source_url = reverse("source-detail", args=[seed_source.slug])
    assert f'href="{source_url}#s-' in html


def test_permalink_shows_the_event_with_its_evidence(client, seeded):
    response = client.get(reverse("event-detail", args=["trump-putin-call-tuesday"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Trump and Putin speak by phone" in html
    assert "18 March 2025" in html
    assert "Kremlin readout" in html and "White House statement" in html
    assert "übereingestimmt, dass dieser Konflikt mit einem dauerhaften Frieden enden muss" in html


def test_unknown_permalink_is_404(client, db):
    assert client.get("/events/no-such-event/").status_code == 404


def test_drafts_are_hidden_from_anonymous_visitors(client, db, make_source, make_event):
    source = make_source()
    make_event("published-call", sentences=source.sentences.all()[:1])
    draft = make_event("secret-draft", status=Event.Status.DRAFT, title="Unfinished draft")
    assert "Unfinished draft" not in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_permalink(staff_client, db, make_event):
    draft = make_event("secret-draft", status=Event.Status.DRAFT, title="Unfinished draft")
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only editors can see this event." in response.content.decode()


@pytest.mark.parametrize("page", ["/", "/events/table/"])
def test_user_text_is_escaped(client, db, make_source, make_event, page):
    source = make_source(body="<script>alert(1)</script> steht hier.")
    make_event("hostile", title="<img src=x onerror=alert(1)>", sentences=source.sentences.all())
    html = client.get(page).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert(1)</script>" not in html


# --- The timeline as a disclosure list (htmx) ---------------------------------------------------


def test_timeline_groups_events_by_year_and_month(client, seeded):
    html = client.get("/").content.decode()
    headings = re.findall(r"<h([23])[^>]*>([^<]+)</h\1>", html)
    assert headings == [
        ("2", "Start not reported"),  # the US proposal: one day on or before 16 March
        ("2", "2024"),
        ("3", "During 2024 (month not reported)"),
        ("3", "October 2024"),
        ("2", "2025"),
        ("3", "February 2025"),
        ("3", "March 2025"),
    ]


def test_spans_are_drawn_with_their_duration(client, seeded):
    html = client.get("/").content.decode()
    entry = html[html.index('id="event-putin-orders-30-day-energy-strike-pause"') :]
    entry = entry[: entry.index("</li>")]
    # The end is the one announced, not an observed one.
    assert "(announced for 30 days)" in entry
    # 18 March to 16 April on an axis of March and April (61 days): starts 17/61, covers 30/61.
    assert 'class="span-bar__span" x="27.87" y="1" width="49.18"' in entry
    assert "<span>March</span><span>April</span>" in entry
    single_day = html[html.index('id="event-trump-putin-call-tuesday"') :]
    assert "span-bar" not in single_day[: single_day.index("</li>")]


def test_each_event_is_a_disclosure_link_to_its_permalink(client, seeded):
    html = client.get("/").content.decode()
    toggle = re.search(r'<a id="toggle-trump-putin-call-tuesday"[^>]*>', html).group(0)
    # A plain link until timeline.js makes it a disclosure (and adds aria-expanded).
    assert "aria-expanded" not in toggle and "role=" not in toggle
    assert 'aria-controls="panel-trump-putin-call-tuesday"' in toggle
    assert 'href="/events/trump-putin-call-tuesday/"' in toggle
    assert 'data-hx-get="/events/trump-putin-call-tuesday/"' in toggle
    assert 'data-hx-push-url="true"' in toggle
    assert 'id="panel-trump-putin-call-tuesday"' in html


def test_permalink_is_a_full_page_or_an_expanded_entry_by_hx_request(client, seeded):
    url = "/events/trump-putin-call-tuesday/"
    page = client.get(url)
    fragment = client.get(
        url, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/?kind=call"}
    )
    for response in (page, fragment):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
    assert page.content.decode().lstrip().startswith("<!doctype html>")
    html = fragment.content.decode().strip()
    assert html.startswith(
        '<li class="event event--call event--expanded" id="event-trump-putin-call-tuesday">'
    )
    assert "<html" not in html
    toggle = re.search(r'<a id="toggle-trump-putin-call-tuesday"[^>]*>', html).group(0)
    assert "aria-expanded" not in toggle
    assert 'class="event event--call event--expanded"' in html
    # Collapsing goes back to the timeline the reader came from, filters included, and
    # fetches only this entry.
    assert 'href="/?kind=call"' in toggle
    assert 'data-hx-push-url="/?kind=call"' in toggle
    assert 'data-hx-get="/events/trump-putin-call-tuesday/?entry=collapsed"' in toggle


def test_collapsing_renders_only_the_collapsed_entry(client, seeded, django_assert_max_num_queries):
    url = "/events/trump-putin-call-tuesday/?entry=collapsed"
    with django_assert_max_num_queries(6):
        fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.content.decode().strip()
    assert html.startswith('<li class="event event--call" id="event-trump-putin-call-tuesday">')
    assert html.endswith("</li>")
    toggle = re.search(r'<a id="toggle-trump-putin-call-tuesday"[^>]*>', html).group(0)
    assert "aria-expanded" not in toggle
    assert 'href="/events/trump-putin-call-tuesday/"' in toggle
    assert 'class="quotes quotes--compact"' in html
    assert {"HX-Request", "HX-History-Restore-Request"} <= set(fragment["Vary"].split(", "))
    # Without htmx the same URL is the permalink page.
    assert client.get(url).content.decode().lstrip().startswith("<!doctype html>")


@pytest.mark.parametrize("current_url", ["http://[::1", "not a url", "http://testserver/events/"])
def test_a_malformed_or_foreign_current_url_falls_back_to_the_plain_timeline(
    client, seeded, current_url
):
    response = client.get(
        "/events/trump-putin-call-tuesday/",
        headers={"HX-Request": "true", "HX-Current-URL": current_url},
    )
    assert response.status_code == 200
    toggle = re.search(r'<a id="toggle-trump-putin-call-tuesday"[^>]*>', response.content.decode())
    assert 'href="/"' in toggle.group(0)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        (
            "/events/trump-putin-call-tuesday/",
            '<h1 id="event-title">Trump and Putin speak by phone</h1>',
        ),
        ("/events/table/?sort=title", "<h1>Events table</h1>"),
    ],
)
def test_history_restore_gets_the_full_page(client, seeded, url, heading):
    response = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert heading in html
    assert "hx-swap-oob" not in html


def test_panel_quotes_evidence_in_context_grouped_by_attribution(client, seeded):
    html = client.get("/events/trump-putin-call-tuesday/").content.decode()
    groups = re.findall(r'<p class="evidence-group__title">([^<]+)</p>', html)
    assert groups == ["Kremlin readout", "White House statement"]
    assert "evidence-groups--compare" in html
    # The sentence before the White House quote, set apart as context.
    assert (
        '<p class="context"><span class="visually-hidden">Before: </span>Das Protokoll fügte hinzu'
        in html
    )
    # Promotion lines are never shown as context.
    assert "Entsperren Sie" not in html
    assert 'href="/sources/ft-2025-03-18-putin-energy-pause/#s-15"' in html
    assert "Financial Times, 18 March 2025" in html


def test_panel_links_previous_and_next_events_and_offers_the_link(client, seeded):
    html = client.get("/events/trump-putin-call-tuesday/").content.decode()
    assert 'href="/events/trump-sunday-remarks-land-and-power-plants/" rel="prev"' in html
    # Same day: single-day events by their manual order (the span starting that day comes last).
    assert 'href="/events/trump-proposes-energy-strike-halt/" rel="next"' in html
    pause = client.get("/events/putin-orders-30-day-energy-strike-pause/").content.decode()
    assert 'rel="next"' not in pause
    assert 'data-copy-url="http://testserver/events/trump-putin-call-tuesday/"' in html
    first = client.get("/events/us-proposes-30-day-ceasefire/").content.decode()
    assert 'rel="prev"' not in first


def test_neighbours_skip_drafts_for_readers(client, db, make_source, make_event):
    source = make_source()
    make_event("first", when="2025-01-01", sentences=source.sentences.all()[:1])
    make_event("hidden", when="2025-01-02", status=Event.Status.DRAFT)
    make_event("third", when="2025-01-03")
    html = client.get("/events/first/").content.decode()
    assert 'href="/events/third/" rel="next"' in html
    assert "/events/hidden/" not in html


# --- The article reader -------------------------------------------------------------------------


def test_reader_addresses_every_sentence_and_highlights_evidence(client, seed_source):
    html = client.get(reverse("source-detail", args=[seed_source.slug])).content.decode()
    ids = re.findall(r'<p id="s-(\d+)"', html)
    assert ids == [str(n) for n in range(1, 28)]
    first = re.search(r'<p id="s-1" class="([^"]+)"', html).group(1)
    assert "sentence--boilerplate" in first
    fifteen = html[html.index('<p id="s-15"') : html.index('<p id="s-16"')]
    assert "sentence--evidence" in fifteen
    assert 'href="/events/trump-putin-call-tuesday/"' in fifteen
    # The FT's analysis of the readouts supports no event.
    unused = html[html.index('<p id="s-10"') : html.index('<p id="s-11"')]
    assert "sentence--evidence" not in unused


def test_reader_does_not_link_drafts(client, db, make_source, make_event):
    source = make_source(body="Der Kreml sagte etwas. Anderes.")
    make_event("secret", status=Event.Status.DRAFT, sentences=source.sentences.all()[:1])
    html = client.get(source.get_absolute_url()).content.decode()
    assert "/events/secret/" not in html
    assert "sentence--evidence" not in html


def test_unknown_source_is_404(client, db):
    assert client.get("/sources/nope/").status_code == 404


# --- Query counts stay flat as the timeline grows -----------------------------------------------


@pytest.mark.parametrize(
    ("page", "most"),
    [
        # The content version (the page cache); events with their evidence, actors and
        # translations (the count and the overview's figures in the same query); the overview's
        # events; ceasefires (none here); the actor choices of the filter.
        ("/", 8),
        ("/events/bulk-event-3/", None),
        ("/sources/bulk-source/", None),
        # The table: count, rows, actors, evidence with sentences and sources, the actor
        # choices; and the chosen actor, when there is one.
        ("/events/table/", 6),
        ("/events/table/?sort=-evidence&page=3", 6),
        ("/events/table/?actor=bulk-actor&q=Satz&start=2024&sort=title", 6),
    ],
)
def test_query_count_is_the_same_for_10_and_200_events(
    client, db, count_queries, make_source, make_many_events, page, most
):
    def build(count):
        Event.objects.all().delete()
        Source.objects.filter(slug="bulk-source").delete()
        make_many_events(
            count,
            source=make_source(
                slug="bulk-source",
                body=" ".join(f"Satz Nummer {n}." for n in range(1, 2 * count + 1)),
            ),
        )
        return count_queries(client, page)

    few = build(10)
    assert build(200) == few
    if most is not None:
        assert few <= most
