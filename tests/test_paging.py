"""Large timelines: the timeline in pages, bounded pages elsewhere, and queries that stay flat.

The first page of the timeline costs the same at 100 and at 10,000 events: one page of events,
its counts and the overview's figures from the database, never a list of every event.
"""

import datetime
import re

import pytest

from timeline import dates, paging
from timeline.models import Actor, ContentVersion, Event, Evidence
from timeline.views import EVENTS_PER_SENTENCE, MORE_ID, MORE_LINK_ID

PAGE = paging.PAGE_SIZE
HTMX_NEXT_PAGE = {"HX-Request": "true", "HX-Trigger": MORE_LINK_ID, "HX-Target": MORE_ID}
ENERGY = "energy-strike-pause-march-2025"


def add_events(source, count, start=0, when=None):
    """`count` published events in bulk, each citing two of `source`'s sentences, with an actor.

    bulk_create skips Event.save, so the derived date bounds are set here as save sets them.
    """
    sentences = list(source.sentences.order_by("position"))
    actor = Actor.objects.get_or_create(slug="bulk-actor", defaults={"name": "Bulk Actor"})[0]
    known = {}
    events = []
    for n in range(start, start + count):
        value = when(n) if when else f"{2000 + n // 336}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"
        if value not in known:
            # A plain day is its own bounds; parsing 10,000 EDTF values would take minutes.
            day = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and datetime.date.fromisoformat(value)
            known[value] = (day, day) if day else dates.bounds(value)
        lower, upper = known[value]
        events.append(
            Event(
                slug=f"paged-{n}",
                title=f"Paged event {n}",
                kind=Event.Kind.STATEMENT if n % 2 else Event.Kind.CALL,
                when=value,
                when_lower=lower,
                when_upper=upper,
                status=Event.Status.PUBLISHED,
            )
        )
    Event.objects.bulk_create(events, batch_size=500)
    events = list(Event.objects.filter(slug__startswith="paged-").order_by("pk")[start:])
    Evidence.objects.bulk_create(
        [
            Evidence(
                event=event,
                sentence=sentences[(2 * i + k) % len(sentences)],
                attribution="Reporter",
                order=k,
            )
            for i, event in enumerate(events, start)
            for k in range(2)
        ],
        batch_size=500,
    )
    Event.actors.through.objects.bulk_create(
        [Event.actors.through(event=event, actor=actor) for event in events], batch_size=500
    )
    return events


@pytest.fixture
def source(make_source):
    """A report of 40 sentences for the bulk events to cite."""
    body = " ".join(f"Bericht Satz Nummer {n} über die Waffenruhe." for n in range(1, 41))
    return make_source(slug="paged-source", body=body)


def titles(html):
    return re.findall(r'class="event__toggle"[^>]*>([^<]+)</a>', html)


def more_link(html):
    """The href of the "Later events" link, or None."""
    found = re.search(r'<a id="[^"]+" href="([^"]+)" rel="next"[^>]*\s+data-hx-get="([^"]+)"', html)
    if found:
        assert found[1] == found[2]  # htmx loads exactly the page the plain link opens
    return found and found[1].replace("&amp;", "&")


# --- Pages of the timeline ----------------------------------------------------------------------


def test_the_first_page_shows_one_page_and_a_real_link_to_the_next(client, source):
    add_events(source, PAGE * 2 + 10)
    html = client.get("/").content.decode()
    assert titles(html) == [f"Paged event {n}" for n in range(PAGE)]
    # The count comes from the database, not from the page.
    assert f"{PAGE * 2 + 10} events" in html
    assert more_link(html) == "/?page=2"
    assert 'data-hx-trigger="click, revealed"' in html
    assert f'id="{MORE_ID}"' in html
    assert 'rel="prev"' not in html


def test_a_later_page_is_a_shareable_full_page_with_a_way_back(client, source):
    add_events(source, PAGE * 2 + 10)
    html = client.get("/?page=2").content.decode()
    assert "<html" in html and 'id="filters"' in html
    assert titles(html) == [f"Paged event {n}" for n in range(PAGE, 2 * PAGE)]
    assert re.search(r'<a href="/" rel="prev">Earlier events</a>', html)
    assert more_link(html) == "/?page=3"
    last = client.get("/?page=3").content.decode()
    assert titles(last) == [f"Paged event {n}" for n in range(2 * PAGE, 2 * PAGE + 10)]
    assert more_link(last) is None
    assert 'href="/?page=2" rel="prev"' in last


def test_htmx_gets_only_the_next_page_and_a_new_link_and_pushes_nothing(client, source):
    add_events(source, PAGE * 2 + 10)
    response = client.get("/?page=2", headers=HTMX_NEXT_PAGE)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="filters"' not in html and "overview" not in html
    assert titles(html) == [f"Paged event {n}" for n in range(PAGE, 2 * PAGE)]
    assert more_link(html) == "/?page=3"
    assert "HX-Push-Url" not in response.headers
    assert "hx-push-url" not in html.split(f'id="{MORE_ID}"')[1].lower()
    # Screen readers hear that more events came.
    assert 'data-hx-swap-oob="innerHTML:#announcer"' in html and f"{PAGE} more events" in html
    # Caches keep the fragment and the full page apart.
    assert "HX-Trigger" in response.headers["Vary"]
    assert "HX-Request" in response.headers["Vary"]


def test_the_next_page_and_the_filters_swap_are_told_apart_cached_or_not(client, source):
    add_events(source, PAGE * 2 + 10)
    swap = {"HX-Request": "true", "HX-Trigger": "filters", "HX-Target": "filtered"}
    for _ in range(2):  # the second time from the page cache, where there is one
        assert 'id="filters"' in client.get("/?page=2", headers=swap).content.decode()
        appended = client.get("/?page=2", headers=HTMX_NEXT_PAGE).content.decode()
        assert 'id="filters"' not in appended and titles(appended)[0] == f"Paged event {PAGE}"
    # Only the link's own id asks for the page alone.
    forged = {"HX-Request": "true", "HX-Trigger": "filters", "HX-Target": MORE_ID}
    assert 'id="filters"' in client.get("/?page=2", headers=forged).content.decode()


def test_filters_are_kept_from_page_to_page(client, source):
    add_events(source, PAGE * 4)
    html = client.get("/?kind=call&q=Paged").content.decode()
    assert f"{PAGE * 2} events" in html
    assert more_link(html) == "/?kind=call&q=Paged&page=2"
    page2 = client.get(more_link(html), headers=HTMX_NEXT_PAGE).content.decode()
    expected = [f"Paged event {n}" for n in range(2 * PAGE, 4 * PAGE, 2)]
    assert titles(page2) == expected
    assert more_link(page2) is None


def test_a_page_that_goes_on_in_the_same_month_repeats_no_heading(client, source):
    # Page 1 ends in March 2025; page 2 goes on in March, then April, then 2026.
    whens = ["2025-03-18"] * (PAGE + 5) + ["2025-04-02"] * 5 + ["2026-01-10"]
    add_events(source, len(whens), when=lambda n: whens[n])
    appended = client.get("/?page=2", headers=HTMX_NEXT_PAGE).content.decode()
    assert "<h2" in appended  # 2026 begins on this page
    assert appended.count("<h2") == 1 and 'id="year-2025"' not in appended
    assert re.findall(r'<h3 class="month">([^<]+)</h3>', appended) == ["April 2025", "January 2026"]
    # Shared as a page of its own, it shows every heading it needs.
    alone = client.get("/?page=2").content.decode()
    assert re.findall(r'<h3 class="month">([^<]+)</h3>', alone) == [
        "March 2025",
        "April 2025",
        "January 2026",
    ]
    assert alone.count('id="year-2025"') == 1


def test_group_by_year_and_month_marks_what_the_page_before_began():
    class Stub:
        def __init__(self, when):
            self.parsed_when = dates.parse(when)

    groups = paging.group_by_year_and_month(
        [Stub("2025-03-18"), Stub("2025-04-01")], previous_group=("2025", "March 2025")
    )
    assert [(y.heading, y.continued) for y in groups] == [("2025", True)]
    assert [(m.heading, m.continued) for m in groups[0].months] == [
        ("March 2025", True),
        ("April 2025", False),
    ]
    fresh = paging.group_by_year_and_month([Stub("2025-03-18")], previous_group=("2024", "x"))
    assert not fresh[0].continued and not fresh[0].months[0].continued


@pytest.mark.parametrize(
    ("page", "shown"),
    [("0", 1), ("-1", 1), ("abc", 1), ("1.5", 1), ("", 1), ("٣", 1), ("4", 3), ("9" * 30, 3)],
)
def test_a_page_that_does_not_exist_shows_the_nearest_real_one(client, source, page, shown):
    add_events(source, PAGE * 2 + 10)  # three pages, as the table answers such numbers
    first = (shown - 1) * PAGE
    for url in (f"/?page={page}", f"/embed/?page={page}"):
        for headers in ({}, HTMX_NEXT_PAGE):
            response = client.get(url, headers=headers)
            assert response.status_code == 200
            assert titles(response.content.decode())[0] == f"Paged event {first}", url


def test_the_first_page_exists_even_when_nothing_matches(client, db):
    html = client.get("/?page=1&q=nothing").content.decode()
    assert "No events match these filters." in html and more_link(html) is None


def test_an_embed_deep_link_opens_an_event_beyond_the_first_page(client, source):
    add_events(source, PAGE * 2 + 10)
    slug = f"paged-{PAGE * 2 + 3}"
    html = client.get(f"/embed/?kind=statement&event={slug}").content.decode()
    # Statements only: the event is the 54th of them, so on page 2.
    assert f'id="event-{slug}"' in html
    assert re.search(rf'class="event[^"]*event--expanded[^"]*" id="event-{slug}"', html)
    assert 'rel="prev"' in html and "page=1" not in html
    assert titles(html)[0] == f"Paged event {2 * PAGE + 1}"
    # Closing it returns to the embed, filters kept, without the event.
    assert 'href="/embed/?kind=statement"' in html


def test_an_event_on_a_later_page_has_its_neighbours_and_permalink(client, source):
    add_events(source, PAGE * 3)
    slug = f"paged-{PAGE * 2 + 5}"
    html = client.get(f"/events/{slug}/").content.decode()
    assert f'href="/events/paged-{PAGE * 2 + 4}/" rel="prev"' in html
    assert f'href="/events/paged-{PAGE * 2 + 6}/" rel="next"' in html
    fragment = client.get(f"/events/{slug}/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "event--expanded" in fragment.content.decode()


def test_neighbours_follow_the_timeline_order_through_open_ends_and_ties(make_event):
    # Open starts come first, open ends last among equal starts; same dates by `order`, then pk.
    whens = [
        ("../2025-03-01", 0),
        ("2025-03-18", 1),
        ("2025-03-18", 0),
        ("2025-03-18/..", 0),
        ("2025-03-18/2025-04-16", 0),
        ("2025-03", 0),
        ("2024", 0),
        ("2025-03-18", 0),
        ("2025-03-16", 0),
    ]
    for n, (when, order) in enumerate(whens):
        make_event(f"e-{n}", when=when, order=order)
    listed = list(Event.objects.published())
    for index, event in enumerate(listed):
        previous, following = Event.objects.published().neighbours(event)
        assert previous == (listed[index - 1] if index else None)
        assert following == (listed[index + 1] if index + 1 < len(listed) else None)
        assert paging.page_of_event(Event.objects.published(), event, size=2) == index // 2 + 1


# --- The reader: a sentence links a few events and the timeline for the rest ---------------------


def test_a_sentence_many_events_cite_links_three_and_the_rest_on_the_timeline(client, source):
    add_events(source, 200)  # each of the 40 sentences cited by 10 events
    html = client.get("/sources/paged-source/").content.decode()
    first = html.split('id="s-1"')[1].split("</p>")[0]
    assert first.count('class="sentence__event"') == EVENTS_PER_SENTENCE
    sentence = source.sentences.get(position=1)
    assert f'href="/?sentence={sentence.pk}"' in first
    assert "and 7 more events" in first
    timeline = client.get(f"/?sentence={sentence.pk}").content.decode()
    assert "10 events" in timeline
    assert "Only the events that cite this sentence" in timeline
    assert len(titles(timeline)) == 10


def test_a_sentence_with_few_events_has_no_more_link(client, source):
    add_events(source, 40)  # two each
    html = client.get("/sources/paged-source/").content.decode()
    assert html.count('class="sentence__event"') == 80
    assert "sentence__more" not in html


def test_a_wrong_sentence_value_is_ignored(client, source):
    add_events(source, 5)
    for value in ["abc", "999999", "-1", "١"]:
        assert "5 events" in client.get(f"/?sentence={value}").content.decode()


# --- The overview counts in the database ----------------------------------------------------------


def test_the_overview_of_many_events_is_counted_by_the_database(client, source):
    add_events(source, 1200)
    html = client.get("/").content.decode()
    assert "1200 events from" in html
    counts = [int(n) for n in re.findall(r'aria-label="(\d+) events? begins? in', html)]
    assert sum(counts) == 1200
    assert len(counts) <= 60


# --- Queries: the same at 100 and at 10,000 events -----------------------------------------------


def test_queries_do_not_grow_from_100_to_10000_events(
    client, seeded, seed_source, make_source, count_queries
):
    source = make_source(
        slug="paged-source", body=" ".join(f"Satz Nummer {n} am Dienstag." for n in range(1, 41))
    )
    add_events(source, 100)
    middle = Event.objects.get(slug="paged-60")
    urls = [
        ("/", None),
        ("/?page=2", None),
        ("/?page=2", HTMX_NEXT_PAGE),
        ("/?kind=call&start=2000", None),
        ("/?kind=call", {"HX-Request": "true", "HX-Trigger": "filters", "HX-Target": "filtered"}),
        ("/embed/", None),
        (f"/events/{middle.slug}/", None),
        (f"/events/{middle.slug}/", {"HX-Request": "true"}),
        ("/events/table/?sort=date", None),
        ("/events/table/?sort=-evidence&page=2", None),
        ("/sources/paged-source/", None),
        (f"/sources/{seed_source.slug}/", None),
        ("/events.json?kind=call&start=2000-01&end=2000-01", None),
        (f"/ceasefires/{ENERGY}/", None),
    ]
    few = {(url, str(headers)): count_queries(client, url, headers) for url, headers in urls}
    add_events(source, 9900, start=100)
    ContentVersion.bump()  # as an editor's change does (bulk_create sends no signals)
    assert Event.objects.published().count() > 10_000
    many = {(url, str(headers)): count_queries(client, url, headers) for url, headers in urls}
    assert many == few
    # Every public request reads the content version (the page cache's key: timeline.caching);
    # every other one then makes at most 5 more. The timeline's full pages make more: the
    # filter's actor choices; one page of events (its count and the overview's figures in the
    # same query) with its actors, evidence and translations; the overview's events or its
    # bins; the ceasefires with their parties and steps. The full permalink adds its versions
    # (two queries of history) to the entry's.
    ceilings = {
        ("/", "None"): 10,
        ("/?page=2", "None"): 10,
        ("/embed/", "None"): 10,
        (f"/events/{middle.slug}/", "None"): 10,
        (f"/events/{middle.slug}/", str({"HX-Request": "true"})): 8,
        ("/?kind=call&start=2000", "None"): 8,
        ("/?kind=call", str(urls[4][1])): 8,
    }
    for key, queries in many.items():
        assert queries <= ceilings.get(key, 6), key
