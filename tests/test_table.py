"""The events table through the test client: columns, sorting, pagination, filters, htmx."""

import re

import pytest
from django.urls import reverse

from timeline.filters import EventFilter
from timeline.models import Actor, Event

pytestmark = pytest.mark.django_db

URL = reverse("event-table")
# One permalink per row, in the order the rows are shown.
ROW_PERMALINK = re.compile(r'<td class="events__title"><a href="/events/([\w-]+)/">')


def rows(client, query="", **headers):
    """The slugs of the events in the table rows of `URL?query`, top to bottom."""
    response = client.get(f"{URL}?{query}", **headers)
    assert response.status_code == 200
    return ROW_PERMALINK.findall(response.content.decode())


def page(client, query="", **headers):
    """The HTML of `URL?query`, which must answer 200."""
    response = client.get(f"{URL}?{query}", **headers)
    assert response.status_code == 200
    return response.content.decode()


def field_errors(html, name):
    """The text of the error container next to the filter field `name`."""
    match = re.search(rf'<div class="field__errors" id="id_{name}_errors"[^>]*>(.*?)</div>', html)
    assert match, f"no error container for {name}"
    return match[1]


# Dates whose display text and EDTF text both sort differently from their dates.
DATED = {
    "open-start": "../2025-01-05",
    "year": "2024",
    "month": "2024-10",
    "february": "2025-02",
    "spring": "2025-21",
    "sunday": "2025-03-16",
    "tuesday": "2025-03-18",
    "thirty-days": "2025-03-18/2025-04-17",
}


@pytest.fixture
def dated(db, make_event):
    """Events whose `when` covers an open start, a year, a month, a season, days and a span."""
    for slug, when in reversed(DATED.items()):
        make_event(slug, when=when)
    return list(DATED)


# The table and its columns


def test_table_lists_the_seed_events_with_dates_as_readers_see_them(client, seeded):
    html = page(client)
    assert "<h1>Events table</h1>" in html
    assert len(rows(client)) == Event.objects.published().count() == 18
    assert '<p class="result-count" id="result-count" role="status">18 events</p>' in html
    for shown in (
        "18 March – 16 April 2025",
        "October 2024",
        "February 2025",
        "one day between 10 and 16 March 2025",
    ):
        assert f'<td class="events__date">{shown}</td>' in html


def test_default_order_is_chronological(client, seeded):
    slugs = rows(client)
    assert slugs[:4] == [
        "us-proposes-30-day-ceasefire",  # one day on or before 16 March: the earliest possible
        "trump-campaign-promise-to-end-the-war",
        "zelensky-floats-energy-strike-truce",
        "trump-putin-call-february-2025",
    ]
    assert slugs[-1] == "putin-orders-30-day-energy-strike-pause"


def test_titles_link_to_permalinks_and_sources_to_the_reader(client, seeded):
    html = page(client)
    event = Event.objects.get(slug="trump-putin-call-tuesday")
    assert f'<a href="{event.get_absolute_url()}">Trump and Putin speak by phone</a>' in html
    reader = reverse("source-detail", args=["ft-2025-03-18-putin-energy-pause"])
    assert f'<a href="{reader}">Financial Times, 18 March 2025</a>' in html


def test_row_shows_kind_actors_and_evidence_count(client, seeded):
    html = page(client, "kind=pause")
    row = re.search(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody", 1)[1], re.S)[1]
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
    ]
    assert cells == [
        "18 March – 16 April 2025",
        "Putin orders a 30-day pause in strikes on Ukraine&#x27;s energy infrastructure",
        "Pause or ceasefire",
        "Russia (the Kremlin), Vladimir Putin",
        "3",
        "Financial Times, 18 March 2025",
    ]


def test_sources_are_listed_once_per_event(client, db, make_source, make_event):
    first = make_source("first", body="Eins steht hier. Zwei steht hier.", publisher="Kyiv Post")
    second = make_source("second", body="Drei steht hier.", publisher="Meduza")
    make_event("two-sources", sentences=[*first.sentences.all(), *second.sentences.all()])
    html = page(client)
    assert html.count(f'href="{first.get_absolute_url()}"') == 1
    assert html.count(f'href="{second.get_absolute_url()}"') == 1


def test_drafts_never_appear(client, db, make_event):
    make_event("published-call", title="Published call")
    make_event("secret-draft", title="Unfinished draft", status=Event.Status.DRAFT)
    assert rows(client) == ["published-call"]
    assert "Unfinished draft" not in page(client, "q=Unfinished")


# Sorting


def test_sort_by_date_follows_the_edtf_bounds_not_the_text(client, dated):
    assert rows(client, "sort=date") == dated
    assert rows(client, "sort=-date") == dated[::-1]
    assert rows(client) == dated


def test_sorted_column_is_marked_for_assistive_technology(client, dated):
    html = page(client, "sort=-date")
    assert re.search(
        r'<th scope="col" class="desc orderable" aria-sort="descending">\s*'
        r'<a id="sort-date" href="\?sort=date">Date</a>',
        html,
    )
    assert "sorted by date (descending)" in html
    assert html.count("aria-sort=") == 1
    html = page(client, "sort=title")
    assert 'aria-sort="ascending"' in html and "sorted by title (ascending)" in html


def test_sort_by_title(client, db, make_event):
    for title in ("Bravo", "Alpha", "Charlie"):
        make_event(title.lower(), title=title)
    assert rows(client, "sort=title") == ["alpha", "bravo", "charlie"]
    assert rows(client, "sort=-title") == ["charlie", "bravo", "alpha"]


def test_sort_by_evidence_count(client, db, make_source, make_event):
    sentences = list(make_source(body="Eins. Zwei. Drei. Vier. Fünf. Sechs.").sentences.all())
    make_event("two", sentences=sentences[:2])
    make_event("none")
    make_event("three", sentences=sentences[2:5])
    make_event("one", sentences=sentences[5:])
    assert rows(client, "sort=evidence") == ["none", "one", "two", "three"]
    assert rows(client, "sort=-evidence") == ["three", "two", "one", "none"]


def test_sort_links_keep_the_filters_and_start_again_at_page_one(client, db, make_many_events):
    make_many_events(30)
    html = page(client, "kind=call&page=2&sort=title")
    assert '<a id="sort-title" href="?kind=call&amp;sort=-title">' in html
    assert '<a id="sort-date" href="?kind=call&amp;sort=date">' in html


def test_filter_form_keeps_the_sort(client, seeded):
    html = page(client, "sort=-evidence")
    assert '<input type="hidden" name="sort" value="-evidence">' in html


# Pagination


def test_pagination_shows_25_events_a_page(client, db, make_many_events):
    make_many_events(30)
    first, second = rows(client), rows(client, "page=2")
    assert len(first) == 25 and len(second) == 5
    assert not set(first) & set(second)
    html = page(client, "page=2")
    assert "30 events, page 2 of 2" in html
    assert '<nav class="pagination" aria-label="Pages">' in html
    assert 'id="page-previous" rel="prev" href="?page=1"' in html
    assert re.search(r'href="\?page=2" aria-current="page"', html)


def test_pagination_keeps_sort_and_filters(client, db, make_many_events):
    make_many_events(30)
    html = page(client, "sort=-date&actor=bulk-actor")
    assert 'id="page-next" rel="next" href="?sort=-date&amp;actor=bulk-actor&amp;page=2"' in html
    assert rows(client, "sort=-date&actor=bulk-actor&page=2") == [
        slug for slug in rows(client, "sort=-date&per_page=30")[25:]
    ]


# Filters: the timeline's EventFilter, applied the same way


@pytest.mark.parametrize(
    "query",
    [
        {"actor": "donald-trump"},
        {"kind": "call"},
        {"q": "Energie"},
        {"q": "Putin Trump"},
        {"start": "2025-03"},
        {"end": "2024-12"},
        {"start": "2025-03-10", "end": "2025-03-16"},
        {"actor": "vladimir-putin", "kind": "pause"},
    ],
)
def test_filters_give_the_same_events_as_on_the_timeline(client, seeded, query):
    expected = EventFilter(query, queryset=Event.objects.published()).qs
    shown = rows(client, "&".join(f"{key}={value}" for key, value in query.items()))
    assert shown == [event.slug for event in expected]
    assert 0 < len(shown) < 18


def test_invalid_filter_values_are_explained_and_the_valid_ones_still_apply(client, seeded):
    html = page(client, "start=2025-13&actor=donald-trump")
    assert "“2025-13” is not a date in the calendar: there is no month 13." in field_errors(
        html, "start"
    )
    assert 'aria-describedby="id_start_helptext id_start_errors"' in html
    assert 'aria-invalid="true"' in html
    trump = Actor.objects.get(slug="donald-trump")
    assert rows(client, "start=2025-13&actor=donald-trump") == [
        event.slug for event in Event.objects.published().filter(actors=trump)
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("actor=%00", "actor", "Null characters are not allowed."),
        ("actor=nobody", "actor", "Select a valid choice."),
        ("kind=bogus", "kind", "Select a valid choice."),
        ("start=2025-13", "start", "is not a date in the calendar:"),
        ("end=2025-02-30", "end", "is not a date in the calendar:"),
        ("end=yesterday", "end", "Enter a year (2025), a month (2025-03) or a day (2025-03-18)."),
        ("start=" + "9" * 5000, "start", "Enter a year (2025)"),
        ("q=" + "x" * 5000, "q", "Ensure this value has at most 200 characters (it has 5000)."),
    ],
)
def test_malformed_filter_values_show_a_message_next_to_the_field(
    client, seeded, query, field, message
):
    html = page(client, query)
    assert message in field_errors(html, field)
    other = "kind" if field != "kind" else "actor"
    assert field_errors(html, other) == ""


@pytest.mark.parametrize(
    "query",
    [
        "sort=<script>alert(1)</script>",
        "sort=-nonsense,title",
        "sort=actors",
        "page=abc",
        "page=999",
        "page=-1",
        "page=0",
        "per_page=0",
        "per_page=-5",
        "per_page=100000",
        "kind[]=x",
        "actor[]=donald-trump",
        "q=%00",
        "start=%00",
        "start=0000",
    ],
)
def test_hostile_query_strings_never_break_the_page(client, seeded, query):
    html = page(client, query)
    assert "<script>alert(1)" not in html
    assert 1 <= len(ROW_PERMALINK.findall(html)) <= 100


def test_page_numbers_out_of_range_fall_back_to_a_real_page(client, db, make_many_events):
    make_many_events(30)
    assert rows(client, "page=abc") == rows(client, "page=1")
    assert rows(client, "page=999") == rows(client, "page=2")


def test_rows_per_page_stay_within_bounds(client, db, make_many_events):
    make_many_events(120)
    assert len(rows(client, "per_page=100000")) == 100
    assert len(rows(client, "per_page=-5")) == 1
    assert len(rows(client, "per_page=0")) == 25  # no number: the default


# Full page and htmx fragment


def test_full_page_without_htmx(client, seeded):
    response = client.get(URL)
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert '<form class="filters" method="get" action="/events/table/"' in html
    assert '<div id="table"' in html
    assert 'href="/static/css/table.css"' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_gets_only_the_table_region(client, seeded):
    response = client.get(f"{URL}?sort=title", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="table"')
    assert "<html" not in html and "<form" not in html and "<h1" not in html
    assert "HX-Request" in response["Vary"]
    assert rows(client, "sort=title", HTTP_HX_REQUEST="true") == rows(client, "sort=title")


def test_htmx_fragment_updates_count_errors_and_sort_out_of_band(client, seeded):
    html = page(client, "start=2025-13&sort=-date", HTTP_HX_REQUEST="true")
    assert '<span data-hx-swap-oob="innerHTML:#result-count">18 events</span>' in html
    assert re.search(
        r'<div class="field__errors" id="id_start_errors" data-hx-swap-oob="true"><p class="field__error">[^<]*2025-13',
        html,
    )
    assert '<div class="field__errors" id="id_q_errors" data-hx-swap-oob="true"></div>' in html
    assert (
        '<span id="table-sort" data-hx-swap-oob="true"><input type="hidden" name="sort" value="-date">'
        in html
    )


def test_full_page_has_no_out_of_band_parts(client, seeded):
    assert "hx-swap-oob" not in page(client, "start=2025-13&sort=-date")


def test_sorting_and_pagination_are_real_links_boosted_into_the_table(client, db, make_many_events):
    make_many_events(30)
    html = page(client)
    assert re.search(
        r'<div id="table" [^>]*data-hx-boost="true" data-hx-target="#table" '
        r'data-hx-select="#table" data-hx-swap="outerHTML" data-hx-push-url="true"',
        html,
    )
    assert '<a id="sort-title" href="?sort=title">' in html
    assert '<a id="page-next" rel="next" href="?page=2">' in html
    # Row links lead to other pages and must not be swapped into the table.
    assert '<tbody data-hx-boost="false"' in html


# Queries: the table's query count is checked with the other pages' in test_views.py.
