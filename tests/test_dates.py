"""EDTF values: validation in sentences, bounds, shapes, display, grouping, and durations."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

from timeline import dates
from timeline.models import Event

D = datetime.date


@pytest.mark.parametrize(
    ("value", "lower", "upper"),
    [
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("2024-10", D(2024, 10, 1), D(2024, 10, 31)),
        ("2025-02", D(2025, 2, 1), D(2025, 2, 28)),
        ("2025-03-18", D(2025, 3, 18), D(2025, 3, 18)),
        ("2025-02-12~", D(2025, 2, 12), D(2025, 2, 12)),
        ("2025-03-18/2025-04-16", D(2025, 3, 18), D(2025, 4, 16)),
        ("[2025-03-10..2025-03-16]", D(2025, 3, 10), D(2025, 3, 16)),
        ("2025-21", D(2025, 3, 1), D(2025, 5, 31)),
        ("2025-03-18/..", D(2025, 3, 18), None),
        ("../2025-03", None, D(2025, 3, 31)),
        # An unknown end is not an invented one (the edtf package would guess ten years).
        ("2025-03-18/", D(2025, 3, 18), None),
        ("/2025-03-18", None, D(2025, 3, 18)),
        ("199X", D(1990, 1, 1), D(1999, 12, 31)),
    ],
)
def test_valid_edtf_has_derived_bounds(value, lower, upper):
    assert dates.bounds(value) == (lower, upper)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a date: a day 2025-03-18, a month 2025-03, a year 2025"),
        ("March 2025", "“March 2025” is not a date this site can read. Write a day 2025-03-18"),
        ("2025-02-30", "30 February 2025 does not exist: February has 28 days."),
        ("2024-04-31", "31 April 2024 does not exist: April has 30 days."),
        ("2025-13", "There is no month 13: months run from 01 to 12 (seasons from 21 to 24)."),
        ("2025-13-01", "There is no month 13: months run from 01 to 12."),
        (" 2025-03-18", "Remove the spaces from “2025-03-18”"),
        ("2025-03-18 / 2025-04-16", "Remove the spaces"),
        (
            "2025-04-17/2025-03-18",
            "The span ends (18 March 2025) before it starts (17 April 2025).",
        ),
        ("2025/2024", "The span ends (31 December 2024) before it starts (1 January 2025)."),
        ("0000", "Years before 1 or after 9999 cannot be shown: 0."),
        ("2025-03-1X", "“2025-03-1X” is not a date this site can read."),
        ("Y170000002", "This kind of EDTF value cannot be shown on the timeline"),
        ("2025-03-18T10:00:00", "This kind of EDTF value cannot be shown on the timeline"),
    ],
)
def test_invalid_edtf_is_refused_with_a_sentence_naming_the_problem(value, message):
    with pytest.raises(ValidationError) as excinfo:
        dates.validate_edtf(value)
    assert message in " ".join(excinfo.value.messages)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2024", "2024"),
        ("2024-10", "October 2024"),
        ("2025-03-18", "18 March 2025"),
        ("2025-02-12~", "c. 12 February 2025"),
        ("2025-02-12?", "12 February 2025 (uncertain)"),
        ("2025-03%", "c. March 2025 (uncertain)"),
        ("2025-03-18/2025-04-16", "18 March – 16 April 2025"),
        ("2025-03-10/2025-03-16", "10–16 March 2025"),
        ("2024-12-20/2025-01-05", "20 December 2024 – 5 January 2025"),
        ("2024-10/2025-02", "October 2024 – February 2025"),
        ("2025-03/2025-05", "March – May 2025"),
        ("2025-02~/2025-03-18", "c. February 2025 – 18 March 2025"),
        ("2025-03-18/..", "from 18 March 2025"),
        ("../2025-03-18", "until 18 March 2025"),
        ("2025-03-18/", "from 18 March 2025 (end not known)"),
        ("/2025-03", "until March 2025 (start not known)"),
        ("2025-21", "Spring 2025"),
        ("2025-24", "Winter 2025"),
        ("2025-33", "First quarter 2025"),
        ("[2025-03-10..2025-03-16]", "one day between 10 and 16 March 2025"),
        ("[2025-02-25..2025-03-03]", "one day between 25 February and 3 March 2025"),
        ("[2024-12..2025-02]", "one month between December 2024 and February 2025"),
        ("[2025-03-10,2025-03-12]", "10 March 2025 or 12 March 2025"),
        ("[..2025-03-16]", "one day on or before 16 March 2025"),
        ("{2025-03-10,2025-03-12}", "10 March 2025 and 12 March 2025"),
        ("2024-10-XX", "a day in October 2024"),
        ("2025-XX", "a month in 2025"),
        ("199X", "the 1990s"),
    ],
)
def test_display_follows_precision(value, shown):
    assert dates.display(value) == shown


@pytest.mark.parametrize(
    ("value", "shape", "precision", "is_span", "days"),
    [
        ("2025-03-18", "point", "day", False, None),
        ("2025-21", "point", "season", False, None),
        ("2025-03-18/2025-04-16", "interval", "day", True, 30),
        ("2025-03-18/2025-03-18", "interval", "day", True, 1),
        # Qualified or partly known ends have no exact length.
        ("2025-02-18~/2025-03-18", "interval", "day", True, None),
        ("2025-03/2025-05", "interval", "month", True, None),
        ("2025-03-18/..", "interval", "day", True, None),
        # One day somewhere in a week is not a seven-day event.
        ("[2025-03-10..2025-03-16]", "one_of_set", "day", False, None),
        ("{2025-03-10,2025-03-12}", "all_of_set", "day", False, None),
    ],
)
def test_shapes_come_from_the_parsed_value(value, shape, precision, is_span, days):
    when = dates.parse(value)
    assert (when.shape, when.precision, when.is_span, when.days) == (
        shape,
        precision,
        is_span,
        days,
    )


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("2024", ("2024", "During 2024 (month not reported)")),
        ("2024-10", ("2024", "October 2024")),
        ("2025-03-18/2025-04-16", ("2025", "March 2025")),
        ("2025-21", ("2025", "Spring 2025")),
        ("2025-02-12~", ("2025", "February 2025")),
        ("2025-03?", ("2025", "March 2025")),
        ("[2025-03-10..2025-03-16]", ("2025", "March 2025")),
        ("../2025-03", ("Start not reported", "")),
        ("/2025-03", ("Start not reported", "")),
        ("2025-03-18/..", ("2025", "March 2025")),
        ("199X", ("The 1990s", "")),
    ],
)
def test_each_shape_is_filed_under_an_honest_heading(value, group):
    assert dates.parse(value).group() == group


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("2024", "2024"),
        ("2024-10", "2024-10"),
        ("2025-03-18", "2025-03-18"),
        ("2025-02-12~", ""),
        ("2025-21", ""),
        ("2025-03-18/2025-04-16", ""),
        ("[2025-03-10..2025-03-16]", ""),
    ],
)
def test_html_datetime_only_where_html_has_a_form_for_it(value, html):
    assert dates.parse(value).html_datetime == html


def test_event_stores_bounds_and_orders_chronologically(db, make_event):
    # Saved out of order on purpose: ordering must come from the EDTF bounds.
    make_event("tuesday-call", when="2025-03-18", order=1)
    make_event("pause", when="2025-03-18/2025-04-16", order=2)
    make_event("february-call", when="2025-02")
    make_event("october-idea", when="2024-10")
    make_event("campaign", when="2024")
    make_event("sunday", when="2025-03-16")
    make_event("kyiv-accepts", when="[2025-03-10..2025-03-16]")
    make_event("pressure", when="../2025-03-18")

    assert list(Event.objects.values_list("slug", flat=True)) == [
        "pressure",
        "campaign",
        "october-idea",
        "february-call",
        "kyiv-accepts",
        "sunday",
        "tuesday-call",
        "pause",
    ]
    pause = Event.objects.get(slug="pause")
    assert (pause.when_lower, pause.when_upper) == (D(2025, 3, 18), D(2025, 4, 16))
    assert pause.duration_days == 30


def test_same_day_events_follow_manual_order(db, make_event):
    make_event("second", when="2025-03-18", order=2)
    make_event("first", when="2025-03-18", order=1)
    assert list(Event.objects.values_list("slug", flat=True)) == ["first", "second"]


def test_changing_when_updates_the_bounds(db, make_event):
    event = make_event("moving", when="2025-02")
    event.when = "2025-02-12"
    event.save(update_fields=["when"])
    event.refresh_from_db()
    assert event.when_lower == event.when_upper == D(2025, 2, 12)


# Durations: one convention, both end days counted -------------------------------------------


@pytest.mark.parametrize(
    ("duration", "start", "last"),
    [
        ("P30D", D(2025, 3, 18), D(2025, 4, 16)),
        ("P1D", D(2025, 3, 18), D(2025, 3, 18)),
        ("P1W", D(2025, 3, 18), D(2025, 3, 24)),
        ("P1M", D(2025, 1, 31), D(2025, 2, 27)),
        ("P1M", D(2025, 3, 18), D(2025, 4, 17)),
        ("P1Y", D(2024, 2, 29), D(2025, 2, 27)),
        ("PT48H", D(2025, 3, 18), D(2025, 3, 19)),
        ("PT12H", D(2025, 3, 18), D(2025, 3, 18)),
    ],
)
def test_a_duration_ends_on_its_last_day_both_ends_counted(duration, start, last):
    assert dates.Duration.parse(duration).last_day(start) == last


def test_thirty_days_from_18_march_are_the_span_to_16_april_and_count_30_days():
    span = dates.Duration.parse("P30D").span_from(D(2025, 3, 18))
    assert span == "2025-03-18/2025-04-16"
    assert dates.parse(span).days == 30
    assert dates.days_covered(D(2025, 3, 18), D(2025, 4, 16)) == 30


def test_a_window_ending_at_a_day_starts_so_that_it_counts_its_length():
    assert dates.Duration.parse("P30D").first_day(D(2025, 3, 18)) == D(2025, 2, 17)
    assert dates.Duration.parse("P1W").first_day(D(2025, 3, 18)) == D(2025, 3, 12)


def test_calendar_shifts_clamp_to_the_end_of_short_months():
    assert dates.shift(D(2025, 3, 31), -1, "M") == D(2025, 2, 28)
    assert dates.shift(D(2024, 2, 29), 1, "Y") == D(2025, 2, 28)
    assert dates.shift(D(2025, 3, 18), -2, "W") == D(2025, 3, 4)


@pytest.mark.parametrize("value", ["30D", "P", "PT", "P1.5D", "thirty days", ""])
def test_only_iso_durations_parse(value):
    assert not dates.is_duration(value)
    with pytest.raises(ValueError, match="is not an ISO 8601 duration"):
        dates.Duration.parse(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("P30D", "30 days"),
        ("P1D", "1 day"),
        ("P1W", "1 week"),
        ("P2W", "2 weeks"),
        ("P3M", "3 months"),
        ("P1Y2M", "1 year, 2 months"),
        ("PT48H", "48 hours"),
        ("2024-10", "October 2024"),
        ("2025-03-10/2025-03-16", "10–16 March 2025"),
    ],
)
def test_tagger_values_display_as_words(value, shown):
    assert dates.display_mention(value) == shown


# Partial dates for the filters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2025-02", D(2025, 2, 1), D(2025, 2, 28)),
        ("2024-2", D(2024, 2, 1), D(2024, 2, 29)),
        ("2025-03-18", D(2025, 3, 18), D(2025, 3, 18)),
        ("9999-12", D(9999, 12, 1), D(9999, 12, 31)),
        ("0001", D(1, 1, 1), D(1, 12, 31)),
    ],
)
def test_partial_dates_cover_their_whole_period(value, first, last):
    assert dates.partial_date_bounds(value) == (first, last)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000", "“0000” is not a date in the calendar: years run from 0001 to 9999."),
        ("0000-12", "“0000-12” is not a date in the calendar: years run from 0001 to 9999."),
        ("2025-02-30", "“2025-02-30” is not a date in the calendar: February 2025 has 28 days."),
        ("2025-13", "“2025-13” is not a date in the calendar: there is no month 13."),
        ("2025-00", "“2025-00” is not a date in the calendar: there is no month 00."),
        ("2025-21", "“2025-21” is not a date in the calendar: there is no month 21."),
        ("10000", "Enter a year (2025)"),
        ("2025-03-18/..", "Enter a year (2025)"),
        ("yesterday", "Enter a year (2025)"),
    ],
)
def test_partial_dates_refuse_what_is_not_a_calendar_period(value, message):
    with pytest.raises(ValidationError) as excinfo:
        dates.partial_date_bounds(value)
    assert message in " ".join(excinfo.value.messages)


def test_a_span_is_drawn_over_the_months_it_touches():
    axis = dates.span_axis(D(2025, 3, 18), D(2025, 4, 16))
    assert [name for name, _ in axis["months"]] == ["March", "April"]
    # 61 days of March and April; the span starts on day 18 and covers 30 of them.
    assert axis["x"] == round(17 / 61 * 100, 2)
    assert axis["width"] == round(30 / 61 * 100, 2)
    assert dates.span_axis(D(2025, 3, 18), None) is None
    assert dates.span_axis(D(2020, 1, 1), D(2025, 1, 1)) is None


@pytest.mark.parametrize(
    "text",
    [
        "2025",
        "0999",
        "2025-03",
        "2025-12",
        "2025-03-18",
        "2024-02-29",
        "2025-03-31",
        "2025-03-18/2025-04-16",
        "2025-03/2025-04",
        "2024/2025",
        "2025/2025-03-18",
        "2025-03~",
        "2025-03-18?",
        "2025%",
        "[2025-03-10..2025-03-16]",
        "[2025..2026]",
        # Not of those shapes: the grammar's, and the same either way.
        "2025-21",
        "2025-03-18~/2025-04",
        "[2025-03-10,2025-03-12]",
        "../2025-03",
        "2025-03-18/..",
        "2025-03-XX",
    ],
)
def test_plain_values_are_built_as_the_edtf_grammar_would_parse_them(text):
    fast, grammar = dates.parse_edtf_value(text), parse_edtf(text)
    assert type(fast) is type(grammar)
    assert dates.parse(text) == dates._when(text, grammar)
    assert str(fast) == str(grammar)
    assert fast.lower_strict() == grammar.lower_strict()
    assert fast.upper_strict() == grammar.upper_strict()
    assert fast.lower_fuzzy() == grammar.lower_fuzzy()
    assert fast.upper_fuzzy() == grammar.upper_fuzzy()


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-03-32", "25-03-18", "2025-3-18"])
def test_values_outside_the_plain_shapes_go_to_the_grammar(text):
    with pytest.raises(EDTFParseException):
        dates.parse_edtf_value(text)
