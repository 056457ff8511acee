"""EDTF validation, derived bounds, display by precision and chronological order."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_event
from timeline import dates
from timeline.models import Event


@pytest.mark.parametrize(
    ("value", "lower", "upper"),
    [
        ("2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        ("2024-10", datetime.date(2024, 10, 1), datetime.date(2024, 10, 31)),
        ("2025-02", datetime.date(2025, 2, 1), datetime.date(2025, 2, 28)),
        ("2025-03-18", datetime.date(2025, 3, 18), datetime.date(2025, 3, 18)),
        ("2025-02-12~", datetime.date(2025, 2, 12), datetime.date(2025, 2, 12)),
        ("2025-03-18/2025-04-17", datetime.date(2025, 3, 18), datetime.date(2025, 4, 17)),
        ("2025-03-10/2025-03-16", datetime.date(2025, 3, 10), datetime.date(2025, 3, 16)),
        ("2025-03-18/..", datetime.date(2025, 3, 18), None),
    ],
)
def test_valid_edtf_has_derived_bounds(value, lower, upper):
    assert dates.bounds(value) == (lower, upper)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a date in EDTF"),
        ("March 2025", "is not a valid EDTF date"),
        ("2025-02-30", "“2025-02-30” is not a valid EDTF date"),
        ("2025-13", "is not a valid EDTF date"),
        (" 2025-03-18", "Remove the spaces"),
        ("2025-04-17/2025-03-18", "ends (2025-03-18) before it starts (2025-04-17)"),
        ("2025/2024", "ends (2024-12-31) before it starts (2025-01-01)"),
        ("2025-03-1X", "“2025-03-1X” is not a valid EDTF date"),
    ],
)
def test_invalid_edtf_is_refused_with_a_message_naming_the_problem(value, message):
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
        ("2025-02-12?", "12 February 2025?"),
        ("2025-03-18/2025-04-17", "18 March - 17 April 2025"),
        ("2025-03-10/2025-03-16", "10 - 16 March 2025"),
        ("2024-12-20/2025-01-05", "20 December 2024 - 5 January 2025"),
        ("2024-10/2025-02", "October 2024 - February 2025"),
        ("2025-03-18/..", "from 18 March 2025"),
        ("../2025-03-18", "until 18 March 2025"),
        ("2025-21", "Spring 2025"),
    ],
)
def test_display_follows_precision(value, shown):
    assert dates.display(value) == shown


def test_event_stores_bounds_and_orders_chronologically(db):
    # Saved out of order on purpose: ordering must come from the EDTF bounds.
    make_event("tuesday-call", when="2025-03-18", order=1)
    make_event("pause", when="2025-03-18/2025-04-17", order=2)
    make_event("february-call", when="2025-02")
    make_event("october-idea", when="2024-10")
    make_event("campaign", when="2024")
    make_event("sunday", when="2025-03-16")

    assert list(Event.objects.values_list("slug", flat=True)) == [
        "campaign",
        "october-idea",
        "february-call",
        "sunday",
        "tuesday-call",
        "pause",
    ]
    pause = Event.objects.get(slug="pause")
    assert (pause.when_lower, pause.when_upper) == (
        datetime.date(2025, 3, 18),
        datetime.date(2025, 4, 17),
    )


def test_same_day_events_follow_manual_order(db):
    make_event("second", when="2025-03-18", order=2)
    make_event("first", when="2025-03-18", order=1)
    assert list(Event.objects.values_list("slug", flat=True)) == ["first", "second"]


def test_changing_when_updates_the_bounds(db):
    event = make_event("moving", when="2025-02")
    event.when = "2025-02-12"
    event.save(update_fields=["when"])
    event.refresh_from_db()
    assert event.when_lower == event.when_upper == datetime.date(2025, 2, 12)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("P30D", "30 days"),
        ("P1W", "1 week"),
        ("P2W", "2 weeks"),
        ("P3M", "3 months"),
        ("PT48H", "48 hours"),
        ("2024-10", "October 2024"),
        ("2025-03-10/2025-03-16", "10 - 16 March 2025"),
    ],
)
def test_tagger_values_display_as_words(value, shown):
    assert dates.display_mention(value) == shown
