"""No server error from any URL: random paths, query strings and htmx headers (hypothesis).

Every public route gets random paths beneath it, random query strings
(percent-encoding, unicode, control characters, huge numbers, dates out of
the calendar) and random htmx request headers, on the seed story. Nothing
may answer 500 or raise. The number of examples is bounded so the normal
suite stays fast; `FUZZ_EXAMPLES=5000 make test PYTEST_ARGS=tests/test_fuzz.py`
searches longer.
"""

import os
import re
from html import unescape as html_unescape
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_SOURCE

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written to .hypothesis/ beside the project
    # The seed story is read, never written, so one load serves every example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def seed_story(seeded):
    """Every test here reads the seed story (loaded once per session, rolled back per test)."""


EVENT_SLUGS = [
    "trump-putin-call-tuesday",
    "putin-orders-30-day-energy-strike-pause",
    "kyiv-backs-30-day-ceasefire",
    "trump-putin-call-february-2025",
    "zelensky-floats-energy-strike-truce",
]
FILTER_NAMES = ["q", "actor", "kind", "start", "end", "sort", "page", "per_page", "entry", "event"]

# Text of every kind: unicode, control characters, surrogate-free.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
huge_number = st.integers(min_value=-(10**30), max_value=10**30).map(str)
date_like = st.from_regex(r"-?\d{0,6}(-\d{0,3}){0,2}~?", fullmatch=True)
percent_junk = st.lists(
    st.sampled_from(["%", "%0", "%00", "%FF", "%FE", "%C3%28", "%E2%82", "%25", "+", "&", "="]),
    max_size=6,
).map("".join)
value = st.one_of(
    any_text,
    huge_number,
    date_like,
    st.sampled_from(
        ["0000", "0000-12", "10000", "9999-12-31", "2025-00", "2025-13", "2025-02-30", "-1"]
    ),
    st.sampled_from(EVENT_SLUGS + ["donald-trump", "call", "pause", "date", "-date", "title"]),
    st.just("x" * 10_000),
)
query_string = st.one_of(
    st.lists(st.tuples(st.sampled_from(FILTER_NAMES) | any_text, value), max_size=6).map(urlencode),
    st.lists(st.one_of(percent_junk, any_text.map(quote)), max_size=5).map("".join),
)

# Header values as a server hands them on: latin-1 text without line breaks.
header_text = st.text(
    st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=60
) | st.sampled_from(
    [
        "http://[::1",
        "http://testserver/?q=Kreml&start=0000",
        "http://testserver/events/table/?page=99999999999999999999",
        "//evil.example/",
        "http://testserver/embed/?event=trump-putin-call-tuesday&event=%FF",
        "/embed/?kind=call&q=",
        "javascript:alert(1)",
        "%",
        "true",
    ]
)
htmx_headers = st.fixed_dictionaries(
    {},
    optional={
        "HX-Request": st.sampled_from(["true", "false", ""]) | header_text,
        "HX-Current-URL": header_text,
        "HX-Current-URL-URI-AutoEncoded": st.just("true"),
        "HX-Trigger": st.sampled_from(["filters", "id_q"]) | header_text,
        "HX-Trigger-Name": header_text,
        "HX-Target": header_text,
        "HX-Boosted": st.just("true") | header_text,
        "HX-History-Restore-Request": st.sampled_from(["true", "false"]) | header_text,
        "HX-Prompt": header_text,
        "Triggering-Event": header_text,
        "Timeline-URL": header_text,
    },
)

# Under each public route: its own pages, and random paths beneath it.
path_segment = st.one_of(
    st.sampled_from(EVENT_SLUGS + [SEED_SOURCE, "table", "no-such-thing", "..", "%2e%2e"]),
    any_text.map(lambda text: quote(text, safe="")),
    percent_junk,
)
path = st.one_of(
    st.just("/"),
    st.just("/events/table/"),
    st.just("/embed/"),
    st.sampled_from(EVENT_SLUGS).map(lambda slug: f"/events/{slug}/"),
    st.just(f"/sources/{SEED_SOURCE}/"),
    st.tuples(
        st.sampled_from(
            ["/", "/events/", "/events/table/", "/sources/", "/embed/", "/csp-report/", "/admin/"]
        ),
        st.lists(path_segment, min_size=1, max_size=3),
        st.booleans(),
    ).map(lambda parts: parts[0] + "/".join(parts[1]) + ("/" if parts[2] else "")),
)


def assert_no_server_error(client, url, headers):
    response = client.get(url, headers=headers)
    assert response.status_code < 500, (url, headers, response.status_code)


@FUZZ
@given(path=path, query=query_string, headers=htmx_headers)
def test_no_public_url_answers_with_a_server_error(client, path, query, headers):
    assert_no_server_error(client, f"{path}?{query}" if query else path, headers)


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 1))
@given(
    slug=st.sampled_from(EVENT_SLUGS),
    query=query_string,
    headers=htmx_headers.map(lambda h: {**h, "HX-Request": "true"}),
)
def test_no_htmx_header_breaks_a_permalink_fragment(client, slug, query, headers):
    assert_no_server_error(client, f"/events/{slug}/?{query}", headers)


@pytest.mark.parametrize(
    "query",
    [
        "end=0000",
        "end=0000-12",
        "start=0000&end=0000-12-31",
        "start=10000",
        "end=10000-01",
        "start=9999-12-31&end=9999-12",
        "start=0001-01-01&end=0001",
        "start=2025-13",
        "start=2025-00-10",
        "end=2025-02-30",
        "page=99999999999999999999999",
        "page=-1&per_page=0",
        "per_page=99999999999999999999999",
        "per_page=-5",
        "page=last&per_page=1",
        "sort=no-such-column",
        "sort=-" + "x" * 500,
        "q=%00",
        "q=%01%02%1B%7F",
        "q=" + "x" * 10_000,
        "actor=%FF&kind=%00",
    ],
)
def test_known_bad_filters_get_an_answer_not_an_error(client, query):
    for route in ("/", "/events/table/"):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(f"{route}?{query}", headers=headers)
            assert response.status_code == 200, (route, headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-Current-URL": "http://[::1"},
        {"HX-Request": "true", "HX-Current-URL": "http://[::1", "HX-Trigger": "filters"},
        {"HX-Request": "true", "HX-Current-URL": "%", "HX-Current-URL-URI-AutoEncoded": "true"},
        {"HX-Request": "true", "HX-Current-URL": "http://testserver:99999999/?q=x"},
        {"HX-Request": "true", "HX-Current-URL": "http://testserver:-1/"},
        {"HX-Request": "true", "Triggering-Event": "{"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true", "HX-Target": "\x00"},
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/events/table/",
        "/events/trump-putin-call-tuesday/",
        "/events/trump-putin-call-tuesday/?entry=collapsed",
        f"/sources/{SEED_SOURCE}/",
        "/embed/?event=trump-putin-call-tuesday",
    ],
)
def test_malformed_htmx_headers_are_treated_as_untrusted_input(client, url, headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200


def field_error(html, field):
    """The error text shown next to filter `field` on the timeline ("" for none)."""
    found = re.search(rf'<p class="field__error" id="id_{field}_error">(.*?)</p>', html)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("end=0000", "end", "“0000” is not a date in the calendar: years run from 0001 to 9999."),
        ("end=0000-12", "end", "years run from 0001 to 9999."),
        ("start=10000", "start", "Enter a year (2025), a month (2025-03) or a day (2025-03-18)."),
        ("start=2025-00", "start", "there is no month 00."),
        ("end=2025-13", "end", "there is no month 13."),
        ("start=٢٠٢٥", "start", "Enter a year (2025), a month (2025-03) or a day (2025-03-18)."),
        (
            "start=2025-03-18&end=2025-03-01",
            "end",
            "“2025-03-01” ends before “From” (2025-03-18) begins, so only “From” applies.",
        ),
    ],
)
def test_out_of_range_dates_get_a_message_next_to_their_field(client, query, field, message):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert message in html_unescape(field_error(response.content.decode(), field))


def test_an_end_before_the_start_keeps_the_start_and_the_other_filters(client):
    backwards = client.get("/?start=2025-03-18&end=2025-03-01&kind=call").content.decode()
    start_only = client.get("/?start=2025-03-18&kind=call").content.decode()
    assert "ends before “From”" in html_unescape(field_error(backwards, "end"))
    shown = re.findall(r'id="event-([a-z0-9-]+)"', backwards)
    assert shown == re.findall(r'id="event-([a-z0-9-]+)"', start_only)
    assert "trump-putin-call-tuesday" in shown
    assert "trump-putin-call-february-2025" not in shown


def test_the_table_keeps_the_start_too_and_says_why(client):
    html = client.get("/events/table/?start=2025-03-18&end=2025-03-01").content.decode()
    assert "ends before “From”" in html_unescape(html)
    assert "trump-putin-call-tuesday" in html
    assert "zelensky-floats-energy-strike-truce" not in html


@pytest.mark.parametrize(
    ("page", "shown"),
    [("99999999999999999999999", "page 4 of 4"), ("-3", "page 4 of 4"), ("x", "page 1 of 4")],
)
def test_a_page_out_of_range_shows_the_nearest_real_page(client, page, shown):
    response = client.get(f"/events/table/?page={page}&per_page=5")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"18 events, {shown}" in html
    assert re.findall(r'<td class="events__title">', html)
