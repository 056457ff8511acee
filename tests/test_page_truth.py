"""The timeline tells the truth in its HTML: one open entry, honest disclosure state, en dashes.

The browser side of the same promises is in tests/test_browser_truth.py.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import SEED_SOURCE, make_event, make_source
from timeline.models import Event, Sentence

pytestmark = pytest.mark.django_db

TUESDAY = "trump-putin-call-tuesday"
FEBRUARY = "trump-putin-call-february-2025"


def entry(slug, current_url, timeline_url=None, **params):
    """Headers of the request a timeline entry makes when it opens, from a page at `current_url`."""
    headers = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{current_url}"}
    if timeline_url is not None:
        headers["Timeline-URL"] = timeline_url
    return f"/events/{slug}/", params, headers


def get_entry(client, slug, current_url, timeline_url=None, **params):
    url, params, headers = entry(slug, current_url, timeline_url, **params)
    return client.get(url, params, headers=headers)


def toggles(html):
    return BeautifulSoup(html, "html.parser").select("a.event__toggle")


# One entry open at a time.


def test_opening_an_entry_closes_the_one_the_url_names_out_of_band(client, seeded):
    response = get_entry(client, TUESDAY, f"/events/{FEBRUARY}/", timeline_url="/?kind=call")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    opened, closed = soup.find_all("li", recursive=False)
    # The open entry is the main swap; the one open until now is swapped out of band, collapsed.
    assert opened["id"] == f"event-{TUESDAY}" and "event--expanded" in opened["class"]
    assert not opened.has_attr("data-hx-swap-oob")
    assert closed["id"] == f"event-{FEBRUARY}" and "event--expanded" not in closed["class"]
    assert closed["data-hx-swap-oob"] == "true"
    assert closed.select_one(".quotes--compact") is not None
    assert closed.select_one(".evidence-group") is None
    closed_toggle = closed.select_one("a.event__toggle")
    assert closed_toggle["href"] == f"/events/{FEBRUARY}/"
    assert closed_toggle["data-hx-push-url"] == "true"
    # Opened from another event's URL, it still collapses to the filtered timeline.
    opened_toggle = opened.select_one("a.event__toggle")
    assert opened_toggle["href"] == "/?kind=call"
    assert opened_toggle["data-hx-push-url"] == "/?kind=call"
    assert {"HX-Current-URL", "Timeline-URL"} <= set(response["Vary"].split(", "))


def test_closing_the_other_entry_costs_no_extra_query(client, seeded, django_assert_num_queries):
    with CaptureQueriesContext(connection) as alone:
        get_entry(client, TUESDAY, "/")
    with django_assert_num_queries(len(alone.captured_queries)):
        html = get_entry(client, TUESDAY, f"/events/{FEBRUARY}/").content.decode()
    assert 'data-hx-swap-oob="true"' in html


@pytest.mark.parametrize(
    "current_url",
    [
        "/",
        "/?kind=call",
        f"/events/{TUESDAY}/",  # the entry itself
        "/events/no-such-event/",
        "/events/table/",
        "/sources/ft-2025-03-18-putin-energy-pause/",
        "/events/a-draft/",
    ],
)
def test_nothing_is_closed_when_the_url_names_no_other_open_entry(client, seeded, current_url):
    make_event("a-draft", status=Event.Status.DRAFT)
    html = get_entry(client, TUESDAY, current_url).content.decode()
    assert "data-hx-swap-oob" not in html
    assert len(BeautifulSoup(html, "html.parser").find_all("li", recursive=False)) == 1


def test_a_full_page_or_a_collapsing_entry_closes_nothing(client, seeded):
    headers = {"HX-Current-URL": f"http://testserver/events/{FEBRUARY}/"}
    page = client.get(f"/events/{TUESDAY}/", headers=headers).content.decode()
    collapsed = get_entry(client, TUESDAY, f"/events/{FEBRUARY}/", entry="collapsed")
    assert "data-hx-swap-oob" not in page
    assert "data-hx-swap-oob" not in collapsed.content.decode()


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/", "/"), ("/?kind=call", "/?kind=call"), ("/?q=Kreml&actor=", "/?q=Kreml&actor=")],
)
def test_the_timeline_tells_its_entries_which_timeline_they_collapse_to(
    client, seeded, path, expected
):
    for response in (
        client.get(path),
        client.get(path, headers={"HX-Request": "true", "HX-Trigger": "filters"}),
    ):
        results = BeautifulSoup(response.content.decode(), "html.parser").find(id="results")
        assert json.loads(results["data-hx-headers"]) == {"Timeline-URL": expected}
        # One entry request at a time, the latest wins: an answer that arrives late cannot
        # reopen an entry or push a URL that no longer names what is open.
        assert results["data-hx-sync"] == "this:replace"


@pytest.mark.parametrize(
    ("timeline_url", "expected"),
    [
        ("/?kind=call", "/?kind=call"),
        ("http://testserver/?actor=donald-trump", "/?actor=donald-trump"),
        ("/events/table/?sort=title", "/"),
        ("http://[::1", "/"),
        ("", "/"),
    ],
)
def test_only_a_timeline_url_is_trusted_as_the_place_to_collapse_to(
    client, seeded, timeline_url, expected
):
    html = get_entry(client, TUESDAY, f"/events/{FEBRUARY}/", timeline_url).content.decode()
    toggle = toggles(html)[0]
    assert toggle["href"] == expected
    assert toggle["data-hx-push-url"] == expected


# Disclosure state only where JavaScript makes the links disclosures.


def test_event_links_carry_no_disclosure_state_until_javascript_adds_it(client, seeded):
    pages = [
        client.get("/").content.decode(),
        get_entry(client, TUESDAY, f"/events/{FEBRUARY}/").content.decode(),
        get_entry(client, TUESDAY, "/", entry="collapsed").content.decode(),
    ]
    for html in pages:
        found = toggles(html)
        assert found
        for toggle in found:
            assert not toggle.has_attr("aria-expanded"), toggle
            assert not toggle.has_attr("role"), toggle
            assert toggle["href"].startswith("/")


# The count is announced by one live region, updated in place.


def test_the_filter_count_updates_the_live_region_in_place(client, seeded):
    page = client.get("/").content.decode()
    fragment = client.get(
        "/", {"kind": "call"}, headers={"HX-Request": "true", "HX-Trigger": "filters"}
    ).content.decode()
    assert page.count('id="announcer"') == 1
    assert '<p id="announcer" class="visually-hidden" role="status"></p>' in page
    # The fragment brings only the text, for the element already on the page (as the table does).
    assert 'id="announcer"' not in fragment
    oob = BeautifulSoup(fragment, "html.parser").find(attrs={"data-hx-swap-oob": True})
    assert oob["data-hx-swap-oob"] == "innerHTML:#announcer"
    assert oob.get_text() == "2 events found."


# The table on a phone.


def test_the_table_says_that_more_columns_lie_to_the_right(client, seeded):
    soup = BeautifulSoup(client.get("/events/table/").content.decode(), "html.parser")
    hint = soup.select_one("p.table-hint")
    assert hint.get_text(" ", strip=True) == "Scroll sideways for more columns. →"
    # Outside the region htmx replaces, before it.
    assert hint.find_parent(id="table") is None
    assert hint.find_next(class_="table-scroll") is not None


# Date ranges.

RANGES = [
    ("range-same-month", "2025-03-10/2025-03-16", "10–16 March 2025"),
    ("range-two-months", "2025-03-18/2025-04-16", "18 March – 16 April 2025"),
    ("range-two-years", "2024-10/2025-02", "October 2024 – February 2025"),
    ("range-months", "2025-01/2025-03", "January – March 2025"),
]
HYPHEN_RANGE = re.compile(r"\w\s*-\s*\d|\d\s*-\s*\w|\s-\s")


@pytest.fixture
def ranges(seeded):
    """A published event per kind of closed range, each citing a sentence of its own."""
    source = make_source(body=" ".join(f"Satz {n}." for n in range(1, len(RANGES) + 1)))
    for (slug, when, _), sentence in zip(RANGES, source.sentences.all(), strict=True):
        make_event(slug, when=when, sentences=[sentence])


def shown_dates(html):
    """Every date text a page shows: entries, permalinks, table cells, the reader's labels.

    Words quoted from a source ("30-tägigen") are left out: they are shown as written.
    """
    soup = BeautifulSoup(html, "html.parser")
    for quoted in soup.select(".date-label .visually-hidden, .sources-differ [lang]"):
        quoted.decompose()
    selector = ".when, .event__duration, td.events__date, .date-label, .sources-differ"
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


def test_date_ranges_use_an_en_dash_wherever_they_are_shown(client, ranges):
    seed_sentences = Sentence.objects.filter(source__slug=SEED_SOURCE, is_boilerplate=False)
    assert seed_sentences.exists()
    pages = ["/", "/events/table/", f"/sources/{SEED_SOURCE}/", "/sources/test-source/"]
    pages += [event.get_absolute_url() for event in Event.objects.published()]
    seen = []
    for url in pages:
        html = client.get(url).content.decode()
        for text in shown_dates(html):
            assert not HYPHEN_RANGE.search(text), f"{url}: {text!r}"
            seen.append(text)
    for _, _, display in RANGES:
        assert display in seen
    # The seed story's ranges too: the 30-day pause and the reader's "last week".
    assert "18 March – 16 April 2025" in seen
    assert any("10–16 March 2025" in text for text in seen)
