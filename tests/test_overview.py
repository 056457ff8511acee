"""The story at a glance: the overview's geometry, its binning and its place on the timeline."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_many_events
from timeline import overview
from timeline.models import Ceasefire, CeasefireStep, Event
from timeline.overview import LEFT, RIGHT, Axis, Item


def day(text):
    return datetime.date.fromisoformat(text)


def point(when, label="an event", url="/events/x/"):
    first, last = when if isinstance(when, tuple) else (when, when)
    return Item(first and day(first), last and day(last), label, url)


def span(first, last, label="a span"):
    return Item(first and day(first), last and day(last), label, "/events/s/", is_span=True)


# --- The axis ----------------------------------------------------------------------------------


def test_axis_scales_days_from_edge_to_edge():
    axis = Axis(day("2025-03-01"), day("2025-03-30"))
    assert axis.days == 30
    assert axis.x(day("2025-03-01")) == LEFT
    assert axis.x(day("2025-03-31")) == RIGHT
    assert axis.x(day("2025-03-16")) == pytest.approx((LEFT + RIGHT) / 2)
    # Days off the axis are clipped to its ends.
    assert axis.x(day("2024-01-01")) == LEFT
    assert axis.x(day("2026-01-01")) == RIGHT


def test_a_span_covers_whole_days_and_open_ends_run_to_the_edge():
    axis = Axis(day("2025-03-01"), day("2025-03-30"))
    x, width = axis.span(day("2025-03-11"), day("2025-03-20"))
    assert x == pytest.approx(LEFT + 10 / 30 * 96, abs=0.01)
    assert width == pytest.approx(10 / 30 * 96, abs=0.01)
    assert axis.span(None, day("2025-03-15"))[0] == LEFT
    x, width = axis.span(day("2025-03-16"), None)
    assert x + width == pytest.approx(RIGHT)
    # One day is still a visible sliver.
    assert axis.span(day("2025-03-16"), day("2025-03-16"))[1] >= 0.8


def test_a_short_stretch_is_widened_and_a_long_one_runs_in_whole_months():
    short = overview.axis_for([(day("2025-03-18"), day("2025-03-18"))])
    assert short.start < day("2025-03-18") < short.end
    assert short.days >= overview.MIN_DAYS
    long = overview.axis_for([(day("2024-10-05"), None), (None, day("2025-04-16"))])
    assert (long.start, long.end) == (day("2024-10-01"), day("2025-04-30"))
    assert overview.axis_for([(None, None)]) is None


def test_months_are_labelled_and_every_other_gives_way_on_a_phone():
    ticks, years = overview.ticks_for(Axis(day("2024-10-01"), day("2025-04-30")))
    assert [t.label for t in ticks] == ["Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr"]
    assert [t.minor for t in ticks] == [False, True, False, True, False, True, False]
    assert [y.label for y in years] == ["2024", "2025"]
    assert years[1].x == ticks[3].x


def test_a_long_axis_labels_fewer_months_and_a_very_long_one_only_years():
    ticks, years = overview.ticks_for(Axis(day("2024-01-01"), day("2025-04-30")))
    assert [t.label for t in ticks] == ["Jan", "Mar", "May", "Jul", "Sep", "Nov", "Jan", "Mar"]
    ticks, years = overview.ticks_for(Axis(day("1990-01-01"), day("2025-12-31")))
    assert ticks == []
    assert [y.label for y in years] == [
        "1990",
        "1995",
        "2000",
        "2005",
        "2010",
        "2015",
        "2020",
        "2025",
    ]


def test_a_few_weeks_are_labelled_by_their_mondays():
    ticks, years = overview.ticks_for(Axis(day("2025-03-10"), day("2025-04-06")))
    assert [t.label for t in ticks] == ["10 Mar", "17 Mar", "24 Mar", "31 Mar"]
    assert [y.label for y in years] == ["2025"]


# --- Marks and lanes ---------------------------------------------------------------------------


def test_points_are_dots_and_spans_are_bands():
    drawing = overview.layout(
        [
            point("2025-03-18", "day"),
            point(("2025-02-01", "2025-02-28"), "month"),
            point((None, "2025-03-16"), "on or before"),
            span("2025-03-18", "2025-04-16", "pause"),
            span("2025-03-18", None, "open"),
        ]
    )
    marks = {mark.item.label: mark for mark in drawing.marks}
    assert not marks["day"].is_band and not marks["day"].has_whisker
    month = marks["month"]
    assert month.has_whisker and not month.whisker_open
    assert month.whisker_x == drawing.axis.x(day("2025-02-01"))
    assert month.whisker_end == pytest.approx(drawing.axis.x(day("2025-03-01")), abs=0.01)
    assert month.whisker_x < month.x < month.whisker_end
    before = marks["on or before"]
    assert (before.whisker_x, before.whisker_open) == (LEFT, True)
    assert before.x == pytest.approx(
        (drawing.axis.x(day("2025-03-16")) + drawing.axis.x(day("2025-03-17"))) / 2, abs=0.01
    )
    pause = marks["pause"]
    assert pause.is_band and (pause.open_start, pause.open_end) == (False, False)
    assert marks["open"].open_end and marks["open"].x + marks["open"].width == pytest.approx(RIGHT)


def test_marks_on_the_same_day_go_into_lanes_and_distant_ones_share_one():
    drawing = overview.layout(
        [point("2025-03-18", str(n)) for n in range(3)]
        + [point("2024-01-10", "far"), point("2025-06-01", "later")]
    )
    lanes = {mark.item.label: mark.lane for mark in drawing.marks}
    assert sorted(lanes[str(n)] for n in range(3)) == [0, 1, 2]
    assert lanes["far"] == lanes["later"] == 0
    assert drawing.lanes == 3
    assert drawing.height > drawing.axis_y > max(mark.y for mark in drawing.marks)


def test_a_crowded_day_stops_at_the_last_lane():
    drawing = overview.layout([point("2025-03-18", str(n)) for n in range(40)])
    assert drawing.lanes == overview.MAX_LANES
    assert {mark.lane for mark in drawing.marks} == set(range(overview.MAX_LANES))


def test_the_chosen_day_is_marked_or_said_to_be_off_the_axis():
    items = [point("2025-03-01"), point("2025-03-30")]
    inside = overview.layout(items, as_of=day("2025-03-25"))
    assert LEFT < inside.marker_x < RIGHT
    assert inside.marker_anchor == "end"
    assert inside.as_of_outside == ""
    after = overview.layout(items, as_of=day("2026-11-29"))
    assert (after.marker_x, after.as_of_outside) == (None, "after")
    assert overview.layout(items, as_of=day("2020-01-01")).as_of_outside == "before"


def test_ceasefire_ranges_stretch_the_axis():
    drawing = overview.layout(
        [point("2025-03-18")], extra_ranges=[(day("2025-03-18"), day("2025-04-16"))]
    )
    assert drawing.axis.end >= day("2025-04-16")


def test_nothing_to_draw_without_a_known_day():
    assert overview.layout([]) is None
    assert overview.layout([Item(None, None, "?", "/events/q/")]) is None
    drawing = overview.layout([point("2025-03-18"), Item(None, None, "?", "/events/q/")])
    assert drawing.undrawn == 1


# --- Binning -----------------------------------------------------------------------------------


def test_past_the_threshold_marks_are_binned_with_links_to_their_days():
    items = [point(f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}") for n in range(301)]
    drawing = overview.layout(items, bin_url=lambda start, end: f"/?start={start}&end={end}")
    assert drawing.binned and drawing.marks == []
    assert sum(b.count for b in drawing.bins) == 301
    assert len(drawing.bins) <= overview.MAX_BINS
    week = drawing.bins[0]
    assert (week.end - week.start).days == 6 and week.start.weekday() == 0
    assert week.url == f"/?start={week.start}&end={week.end}"
    assert re.fullmatch(r"\d+ events? begins? in .+", week.label)
    assert max(b.height for b in drawing.bins) == overview.HISTOGRAM
    assert all(b.y + b.height == overview.TOP + overview.HISTOGRAM for b in drawing.bins)
    assert not overview.layout(items[:300]).binned


@pytest.mark.parametrize(
    ("start", "end", "unit"),
    [
        ("2025-03-01", "2025-04-15", "day"),
        ("2024-01-01", "2024-12-31", "week"),
        ("2021-01-01", "2024-12-31", "month"),
        ("2010-01-01", "2024-12-31", "quarter"),
        ("1970-01-01", "2024-12-31", "year"),
        ("1000-01-01", "2024-12-31", "decade"),
    ],
)
def test_bins_are_the_shortest_calendar_unit_that_keeps_them_few(start, end, unit):
    assert overview.bin_unit(Axis(day(start), day(end))) == unit


def test_a_month_bin_is_labelled_as_the_month():
    items = [point(f"201{1 + n % 4}-0{n % 9 + 1}-15") for n in range(400)]
    drawing = overview.layout(items)
    assert {b.start.day for b in drawing.bins} == {1}
    assert any(b.label.endswith("in March 2011") for b in drawing.bins)


# --- On the timeline ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_event_is_a_mark_linking_to_its_permalink(client, seeded):
    html = client.get("/?as_of=2025-03-25").content.decode()
    svg = html[html.index('<svg class="overview__svg"') : html.index("</svg>")]
    links = re.findall(r'<a class="overview__mark[^"]*" href="([^"]+)" aria-label="([^"]+)"', svg)
    assert sorted(href for href, _ in links) == sorted(
        f"/events/{slug}/" for slug in Event.objects.published().values_list("slug", flat=True)
    )
    labels = dict(links)
    # Named by date and kind, described by the title: the drawing's links do not repeat the
    # timeline's own links ("Trump and Putin speak by phone") by name.
    assert labels["/events/putin-orders-30-day-energy-strike-pause/"] == (
        "18 March – 16 April 2025, pause or ceasefire"
    )
    assert labels["/events/trump-putin-call-tuesday/"] == "18 March 2025, call"
    assert re.search(
        r'<title id="overview-mark-\d+">18 March 2025: Trump and Putin speak by phone</title>', svg
    )
    assert 'class="overview__band"' in svg  # the spans
    assert '<g class="overview__marker" aria-hidden="true">' in svg
    assert ">25 Mar 2025</text>" in svg
    assert 'aria-labelledby="overview-title"' in svg
    assert "18 events from 1 January 2024 to 30 April 2025, drawn to scale." in html


@pytest.mark.django_db
def test_filters_apply_to_the_overview(client, seeded):
    html = client.get("/?kind=call").content.decode()
    svg = html[html.index('<svg class="overview__svg"') : html.index("</svg>")]
    assert sorted(re.findall(r'<a class="overview__mark[^"]*" href="([^"]+)"', svg)) == [
        "/events/trump-putin-call-february-2025/",
        "/events/trump-putin-call-tuesday/",
    ]
    assert "2 events from" in html


@pytest.mark.django_db
def test_a_chosen_day_after_the_story_is_said_not_drawn(client, seeded):
    html = client.get("/?as_of=2026-11-29").content.decode()
    assert "overview__marker" not in html
    assert (
        'Ceasefires as of 29 November 2026 <span class="ceasefire-bands__note">(after the last date drawn)</span>'
        in html
    )


def add_ceasefire_on(event_slug):
    """A published ceasefire declared by `event_slug`, so its queries are counted too."""
    ceasefire = Ceasefire.objects.create(
        slug="bulk-truce", name="Bulk truce", announced_duration="P30D", status="published"
    )
    CeasefireStep.objects.create(
        ceasefire=ceasefire, stage="declared", event=Event.objects.get(slug=event_slug)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_one_request_and_constant_queries_at_100_and_2000_events(client, django_assert_num_queries):
    make_many_events(100)
    add_ceasefire_on("bulk-event-0")
    url = "/?actor=bulk-actor&as_of=2024-01-05"
    few = count_queries(client, url)
    html = client.get(url).content.decode()
    assert html.count('class="overview__mark"') == 100
    assert "overview__bin" not in html
    assert "in force, day 5 of 30" in html

    Ceasefire.objects.all().delete()
    Event.objects.all().delete()
    make_many_events(2000)
    add_ceasefire_on("bulk-event-0")
    with django_assert_num_queries(few):
        html = client.get(url).content.decode()
    # Thousands of events are binned by week: a bar per week, each a link to its days.
    assert 'class="overview__mark"' not in html
    bins = re.findall(r'<a class="overview__bin" href="([^"]+)" aria-label="([^"]+)">', html)
    assert 40 <= len(bins) <= overview.MAX_BINS
    href, label = bins[0]
    assert href.startswith(
        "/?actor=bulk-actor&amp;as_of=2024-01-05&amp;start=2024-01-01&amp;end=2024-01-07"
    )
    assert label.endswith("begin in 1–7 January 2024")
    assert sum(int(label.split()[0]) for _, label in bins) == 2000
    assert "in force, day 5 of 30" in html
