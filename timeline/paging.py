"""The timeline in pages: one page of events, and what the database says about all of them.

A page is one query, however long the timeline: the events of the page, each row also
carrying (as window functions over every event the filters select) how many there are and
the first and last days they cover. So the count shown to readers and the overview's axis
come from the database, never from a list of every event. The row just before the page comes
too, so a page that continues the previous page's month opens without repeating its heading.
"""

import datetime
import math
import re
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, DateField, Max, Min, Q, Window
from django.db.models.functions import (
    Coalesce,
    TruncMonth,
    TruncQuarter,
    TruncWeek,
    TruncYear,
)

# Events per page: enough to fill a few screens, few enough that the first page costs the same
# at 100 and at 10,000 events.
PAGE_SIZE = 50

# Far past the end of any timeline, and small enough for any database's OFFSET.
MAX_PAGE = 10**9

# The first and last day an event may cover, whichever of its bounds is known.
FIRST_DAY = Coalesce("when_lower", "when_upper", output_field=DateField())
LAST_DAY = Coalesce("when_upper", "when_lower", output_field=DateField())

# Over every row the filters select, not just the page's (no partition, computed before LIMIT).
TOTALS = {
    "total_count": Window(Count("pk")),
    "total_first_day": Window(Min(FIRST_DAY)),
    "total_last_day": Window(Max(LAST_DAY)),
    "total_undated": Window(
        Count("pk", filter=Q(when_lower__isnull=True, when_upper__isnull=True))
    ),
}


def page_number(value):
    """The page `?page=` asks for: 1 when absent or not a whole number from 1 (as on the table).

    A huge number is capped (past the end anyway), so no offset overflows the database's integers.
    """
    if value is None or not re.fullmatch(r"[0-9]+", value) or int(value) < 1:
        return 1
    return min(int(value), MAX_PAGE)


def page_of_event(events, event, size=PAGE_SIZE):
    """The number of the page of `events` (timeline order) that `event`, one of them, is on."""
    return events.before(event).count() // size + 1


@dataclass
class Totals:
    """What the database says of every event the filters select."""

    count: int = 0
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    undated: int = 0


@dataclass
class TimelinePage:
    """One page of the timeline: its events, the totals, and where it sits among the pages."""

    number: int
    events: list
    totals: Totals
    size: int = PAGE_SIZE
    # The (year, month) heading of the event just before this page, None on the first page.
    previous_group: tuple | None = None
    groups: list = field(init=False)

    def __post_init__(self):
        self.groups = group_by_year_and_month(self.events, self.previous_group)

    @property
    def count(self):
        return self.totals.count

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number * self.size < self.totals.count

    @property
    def shown(self):
        """How many events this page and the ones before it show."""
        return min(self.number * self.size, self.count)

    @property
    def previous_number(self):
        return self.number - 1

    @property
    def next_number(self):
        return self.number + 1


def timeline_page(events, number, size=PAGE_SIZE):
    """Page `number` of `events` (a queryset in timeline order), in one query.

    The first page always exists, empty when the filters select nothing; a number past the
    end gives the last page, as the table does (two more queries, only then).
    """
    start = (number - 1) * size
    rows = list(events.annotate(**TOTALS)[max(start - 1, 0) : start + size])
    previous = rows.pop(0) if number > 1 and rows else None
    if number > 1 and not rows:
        last = max(math.ceil(events.count() / size), 1)
        return timeline_page(events, last, size)
    totals = Totals()
    if rows:
        first = rows[0]
        totals = Totals(
            first.total_count, first.total_first_day, first.total_last_day, first.total_undated
        )
    return TimelinePage(
        number,
        rows,
        totals,
        size,
        previous_group=previous.parsed_when.group() if previous else None,
    )


@dataclass
class Month:
    """A month (or season, or "month not reported") heading and its events on this page."""

    heading: str
    events: list
    continued: bool = False  # the previous page already showed the heading


@dataclass
class Year:
    heading: str
    months: list
    continued: bool = False


def group_by_year_and_month(events, previous_group=None):
    """[Year([Month([events])])] in timeline order (see dates.When.group).

    `previous_group` is the (year, month) the page before ended in: a year or month that goes
    on from there is marked `continued`, so the page shows its heading only once.
    """
    years = []
    for (year, month), items in groupby(events, key=lambda event: event.parsed_when.group()):
        if not years or years[-1].heading != year:
            continued = not years and previous_group is not None and previous_group[0] == year
            years.append(Year(year, [], continued))
        continued = years[-1].continued and not years[-1].months and previous_group == (year, month)
        years[-1].months.append(Month(month, list(items), continued))
    return years


# The database's truncation for each of overview.BIN_UNITS (a decade is counted by year).
TRUNCATIONS = {
    "week": TruncWeek,
    "month": TruncMonth,
    "quarter": TruncQuarter,
    "year": TruncYear,
    "decade": TruncYear,
}


def counts_by(events, unit):
    """{first day of each `unit` (overview.BIN_UNITS): how many of `events` begin in it}.

    One GROUP BY query: the overview of 10,000 events reads a few dozen rows.
    """
    truncate = TRUNCATIONS.get(unit)
    start = truncate(FIRST_DAY, output_field=DateField()) if truncate else FIRST_DAY
    rows = (
        events.order_by()
        .exclude(when_lower__isnull=True, when_upper__isnull=True)
        .values(bin_start=start)
        .annotate(count=Count("pk"))
        .values_list("bin_start", "count")
    )
    counts = {}
    for day, count in rows:
        if isinstance(day, datetime.datetime):
            day = day.date()
        if unit == "decade":
            day = datetime.date(max(day.year // 10 * 10, 1), 1, 1)
        counts[day] = counts.get(day, 0) + count
    return counts
