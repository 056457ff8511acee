"""Filters on the timeline: actor, kind, dates and text, with and without htmx, hostile input."""

import re

import pytest

pytestmark = pytest.mark.django_db


def slugs(response):
    """The event slugs the page lists, in order."""
    return re.findall(r'<li class="event[^"]*" id="event-([^"]+)"', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"actor": "volodymyr-zelensky"},
            ["zelensky-floats-energy-strike-truce", "trump-presses-zelensky"],
        ),
        ({"kind": "call"}, ["trump-putin-call-february-2025", "trump-putin-call-tuesday"]),
        ({"kind": "pause"}, ["putin-orders-30-day-energy-strike-pause"]),
        ({"q": "Schwarzmeer"}, ["black-sea-maritime-ceasefire-talks"]),  # only in a quoted sentence
        ({"q": "expert groups"}, ["expert-groups-on-ceasefire"]),  # every word, in the title
        (
            {"q": "KREML readout"},
            [
                "putin-condition-end-of-foreign-aid-and-intelligence",
                "black-sea-maritime-ceasefire-talks",
                "expert-groups-on-ceasefire",
            ],
        ),
        # "Trump" in the title, "Eishockey" only in a quote the Tuesday call cites.
        ({"q": "Eishockey Trump"}, ["trump-putin-call-tuesday"]),
        ({"q": "Eishockey Selenskyj"}, []),
        ({"start": "2025-04"}, ["putin-orders-30-day-energy-strike-pause"]),  # a span still running
        # The US proposal was made on some day on or before 16 March: any earlier range may hold it.
        (
            {"end": "2024"},
            [
                "us-proposes-30-day-ceasefire",
                "trump-campaign-promise-to-end-the-war",
                "zelensky-floats-energy-strike-truce",
            ],
        ),
        (
            {"start": "2025-02", "end": "2025-02-28"},
            [
                "us-proposes-30-day-ceasefire",
                "trump-putin-call-february-2025",
                "trump-presses-zelensky",
            ],
        ),
        (
            {"start": "2025-03-16", "end": "2025-03-16"},
            [
                "us-proposes-30-day-ceasefire",
                "trump-presses-zelensky",
                "kyiv-backs-30-day-ceasefire",
                "trump-sunday-remarks-land-and-power-plants",
            ],
        ),
        (
            {"actor": "donald-trump", "kind": "call", "start": "2025-03"},
            ["trump-putin-call-tuesday"],
        ),
    ],
)
def test_filters_select_events(client, seeded, query, expected):
    assert slugs(client.get("/", query)) == expected


def test_filters_live_in_the_query_string_and_prefill_the_form(client, seeded):
    html = client.get(
        "/", {"actor": "donald-trump", "q": "Kreml", "start": "2025"}
    ).content.decode()
    assert '<option value="donald-trump" selected>' in html
    assert 'value="Kreml"' in html and 'value="2025"' in html
    assert '<details class="filters-panel" open>' in html


def test_htmx_gets_the_same_results_as_a_full_page(client, seeded):
    query = {"actor": "vladimir-putin", "kind": "call", "start": "2025-03"}
    page = client.get("/", query)
    fragment = client.get("/", query, headers={"HX-Request": "true", "HX-Trigger": "filters"})
    assert slugs(fragment) == slugs(page) == ["trump-putin-call-tuesday"]
    html = fragment.content.decode()
    # The form and the results, so that errors appear next to their fields; not the page around them.
    assert html.lstrip().startswith('<div id="filtered">')
    assert "<html" not in html and "<h1" not in html and '<form id="filters"' in html
    # The count goes to the live region outside the swapped part, out of band.
    # The count goes to the live region's text, in place, out of band.
    assert '<span data-hx-swap-oob="innerHTML:#announcer">1 event found.</span>' in html
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in page["Vary"]


def test_collapsing_an_event_does_not_announce_a_count(client, seeded):
    fragment = client.get(
        "/", headers={"HX-Request": "true", "HX-Trigger": "toggle-trump-putin-call-tuesday"}
    )
    assert 'id="event-trump-putin-call-tuesday"' in fragment.content.decode()
    assert "announcer" not in fragment.content.decode()


def test_form_works_without_javascript(client, seeded):
    html = client.get("/").content.decode()
    form = re.search(r'<form id="filters" class="filters"[^>]*>', html).group(0)
    assert 'method="get"' in form and 'action="/"' in form
    assert '<button type="submit">Filter</button>' in html
    assert '<p class="result-count">18 events</p>' in html
    assert '<p id="announcer" class="visually-hidden" role="status"></p>' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "2025-13", "“2025-13” is not a date in the calendar: there is no month 13."),
        (
            "end",
            "2025-02-30",
            "“2025-02-30” is not a date in the calendar: February 2025 has 28 days.",
        ),
        ("start", "March", "Enter a year (2025), a month (2025-03) or a day (2025-03-18)."),
        ("start", "9" * 5000, "Enter a year (2025), a month (2025-03) or a day (2025-03-18)."),
        ("actor", "nobody", "Select a valid choice."),
        (
            "kind",
            "<script>alert(1)</script>",
            "Select a valid choice. &lt;script&gt;alert(1)&lt;/script&gt; is not one of",
        ),
        ("q", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("q", "Kreml\x00", "Null characters are not allowed."),
    ],
)
def test_invalid_values_get_a_message_next_to_the_field(client, seeded, field, value, message):
    response = client.get("/", {field: value})
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(rf'<p class="field__error" id="id_{field}_error">(.*?)</p>', html)
    assert error, f"no error shown next to {field}"
    assert message in error.group(1)
    control = re.search(rf'<(input|select)[^>]*id="id_{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in control
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error"', control)
    assert "<script>alert(1)</script>" not in html
    # The other filters still apply; with none valid, the whole timeline shows.
    assert len(slugs(response)) == 18


@pytest.mark.parametrize(
    "query",
    [
        "actor[]=x&kind[]=y",
        "start=%00&end=%FF%FE",
        "q=%F0%9F%92%A5%20%27%3B%20DROP%20TABLE%20timeline_event%3B--",
        "q=" + "%25" * 150,
        "actor=" + "a" * 3000,
        "start=0000&end=9999",
        "start=2025-00-10",
        "q=_&kind=call",
    ],
)
def test_hostile_query_strings_never_cause_a_server_error(client, seeded, query):
    response = client.get("/?" + query)
    assert response.status_code == 200
    fragment = client.get("/?" + query, headers={"HX-Request": "true"})
    assert fragment.status_code == 200


def test_no_results_says_so(client, seeded):
    html = client.get("/", {"q": "Eishockey Weltraum"}).content.decode()
    assert "No events match these filters." in html
    assert "0 events" in html
