"""The story at a glance: where to draw events, spans and ceasefires on one axis, to scale.

Pure geometry for the overview above the timeline. It knows no models: it
takes `Item`s (a label, a link, the first and last day something may cover,
and whether it is a span) and returns an `Overview` with every mark's place,
the month and year ticks and the chosen date's marker. The template draws it
as server-rendered SVG.

Horizontal positions are percentages of the drawing's width, so one drawing
fits a 390 px phone and a 1,280 px screen without scaling its text; vertical
positions are pixels. Marks that would overlap go into lanes below each other.
Past `BIN_THRESHOLD` items, marks are binned by density instead (one bar per
day, week, month, quarter or year, whichever keeps the bars few), each bar a
link to the timeline filtered to its dates.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import MO, relativedelta
from django.utils.dates import MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from timeline import dates

# Where the axis starts and ends, in percent of the width: room for the end marks.
LEFT, RIGHT = 2.0, 98.0
# Vertical layout, in pixels.
LANE = 12  # one lane of marks
TOP = 22  # room above the lanes for the chosen date's label
DOT = 4  # a point mark's radius
BAND = 8  # a span's height
HISTOGRAM = 64  # the tallest bar when binned
# Marks closer than this (percent of the width) go into separate lanes.
GAP = 1.0
MAX_LANES = 14
# More items than this are binned; at most this many bins.
BIN_THRESHOLD = 300
MAX_BINS = 60
# A shorter stretch than this is widened, so one day is not the whole width.
MIN_DAYS = 14


@dataclass(frozen=True)
class Item:
    """Something to draw: an event (a point or a span) with its days, label and link.

    `label` says it all ("18 March 2025: Trump and Putin speak by phone") and is
    the mark's tooltip and accessible description; `name`, when given, is the
    link's shorter accessible name ("18 March 2025, call"), so the drawing's
    links do not repeat the timeline's own links by name.
    """

    lower: datetime.date | None
    upper: datetime.date | None
    label: str
    url: str
    is_span: bool = False
    name: str = ""


@dataclass(frozen=True)
class Axis:
    """The days from `start` to `end` (both drawn), scaled to LEFT…RIGHT percent."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self):
        return dates.days_covered(self.start, self.end)

    def x(self, day):
        """Where the start of `day` falls, in percent (clipped to the axis)."""
        day = min(max(day, self.start), self.end + datetime.timedelta(days=1))
        return round(LEFT + (day - self.start).days / self.days * (RIGHT - LEFT), 3)

    def contains(self, day):
        return self.start <= day <= self.end

    def span(self, lower, upper):
        """(x, width) in percent covering `lower`…`upper` whole days; None ends run to the edge.

        At least a sliver wide, so a one-day span stays visible.
        """
        first = self.x(lower) if lower else LEFT
        last = self.x(upper + datetime.timedelta(days=1)) if upper else RIGHT
        return first, round(max(last - first, 0.8), 3)


@dataclass
class Mark:
    """A placed item: a dot (with a whisker over its possible days) or a band, in a lane."""

    item: Item
    x: float  # a dot's centre, or a band's left edge
    width: float  # a band's width; the whisker's for a dot
    whisker_x: float
    lane: int = 0
    open_start: bool = False
    open_end: bool = False

    @property
    def is_band(self):
        return self.item.is_span

    @property
    def whisker_open(self):
        """Whether the line runs to an edge because one end of the choice is open."""
        return not self.is_band and (self.item.lower is None or self.item.upper is None)

    @property
    def whisker_end(self):
        return round(self.whisker_x + self.width, 3)

    @property
    def has_whisker(self):
        """Whether the dot stands for a choice of days (a month, a week…), drawn as a line."""
        return not self.is_band and self.width > 0.05

    @property
    def extent(self):
        if self.is_band:
            return self.x, self.x + self.width
        return min(self.x, self.whisker_x) - GAP / 2, max(
            self.x, self.whisker_x + self.width
        ) + GAP / 2

    @property
    def y(self):
        """The lane's centre line, in pixels."""
        return TOP + self.lane * LANE + LANE // 2

    @property
    def band_y(self):
        return self.y - BAND // 2


@dataclass
class Bin:
    """Items that begin in one stretch of days, drawn as one bar linking to that stretch."""

    start: datetime.date
    end: datetime.date
    count: int
    x: float
    width: float
    height: int = 0
    y: int = 0
    label: str = ""
    url: str = ""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    minor: bool = False  # hidden on narrow screens


@dataclass
class Overview:
    """Everything the template draws, in percent (x) and pixels (y)."""

    axis: Axis
    marks: list = field(default_factory=list)
    bins: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    years: list = field(default_factory=list)
    lanes: int = 1
    as_of: datetime.date | None = None
    undrawn: int = 0  # items with no known day at all

    dot_radius = DOT
    band_height = BAND

    @property
    def binned(self):
        return bool(self.bins)

    @property
    def axis_y(self):
        area = HISTOGRAM if self.binned else self.lanes * LANE
        return TOP + area + 4

    @property
    def tick_label_y(self):
        return self.axis_y + 18

    @property
    def year_label_y(self):
        return self.axis_y + 34

    @property
    def height(self):
        return self.axis_y + 42

    @property
    def marker_x(self):
        """Where the chosen date is (the middle of its day), or None when it is off the axis."""
        if self.as_of is None or not self.axis.contains(self.as_of):
            return None
        return round(
            (self.axis.x(self.as_of) + self.axis.x(self.as_of + datetime.timedelta(days=1))) / 2,
            3,
        )

    @property
    def marker_anchor(self):
        """The marker label's text-anchor: it reads away from the nearer edge."""
        return "end" if (self.marker_x or 0) > 50 else "start"

    @property
    def as_of_outside(self):
        """ "before" or "after" when the chosen date is off the axis, else ""."""
        if self.as_of is None or self.axis.contains(self.as_of):
            return ""
        return "before" if self.as_of < self.axis.start else "after"


def _known(item):
    """(lower, upper) with a missing end taken from the other; (None, None) when neither is."""
    return item.lower or item.upper, item.upper or item.lower


def axis_for(ranges):
    """The Axis for [(lower, upper)] days; open ends (None) do not stretch it. None if no day."""
    days = [day for pair in ranges for day in pair if day]
    if not days:
        return None
    start, end = min(days), max(days)
    if dates.days_covered(start, end) < MIN_DAYS:
        widen = (MIN_DAYS - dates.days_covered(start, end)) // 2 + 1
        start, end = start - relativedelta(days=widen), end + relativedelta(days=widen)
    if dates.days_covered(start, end) > 62:
        # Whole months, so month ticks sit on the axis ends.
        start = start.replace(day=1)
        end = end.replace(day=1) + relativedelta(months=1, days=-1)
    return Axis(start, end)


def _month_label(day):
    return capfirst(str(MONTHS_3[day.month]))


def ticks_for(axis):
    """([month or week ticks], [year labels]) for `axis`: at most about a dozen labels each."""
    ticks, years = [], []
    if axis.days <= 62:
        monday = axis.start + relativedelta(weekday=MO)
        while monday <= axis.end:
            label = pgettext("day month tick", "%(day)s %(month)s") % {
                "day": monday.day,
                "month": _month_label(monday),
            }
            ticks.append(Tick(axis.x(monday), label))
            monday += relativedelta(weeks=1)
        years.append(Tick(axis.x(axis.start), str(axis.start.year)))
        if axis.end.year != axis.start.year:
            first = datetime.date(axis.end.year, 1, 1)
            years.append(Tick(axis.x(first), str(axis.end.year)))
        return ticks, years
    months = (axis.end.year - axis.start.year) * 12 + axis.end.month - axis.start.month + 1
    if months <= 120:
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 12)
        cursor, index = axis.start, 0
        while cursor <= axis.end:
            if index % step == 0 and step < 12:
                # Every other label gives way on a phone, where the width is short.
                minor = months / step > 6 and (index // step) % 2 == 1
                ticks.append(Tick(axis.x(cursor), _month_label(cursor), minor))
            if cursor.month == 1 or cursor == axis.start:
                years.append(Tick(axis.x(cursor), str(cursor.year)))
            cursor += relativedelta(months=1)
            index += 1
        return ticks, years
    span = axis.end.year - axis.start.year + 1
    step = next(s for s in (1, 2, 5, 10, 25, 50, 100) if span / s <= 12)
    for year in range(axis.start.year, axis.end.year + 1):
        if year % step == 0 or year == axis.start.year:
            first = max(datetime.date(year, 1, 1), axis.start)
            years.append(Tick(axis.x(first), str(year)))
    return ticks, years


def _place(axis, item):
    """The Mark for one item: a band over a span's days, or a dot on a point's."""
    if item.is_span:
        x, width = axis.span(item.lower, item.upper)
        return Mark(item, x, width, x, open_start=item.lower is None, open_end=item.upper is None)
    lower, upper = _known(item)
    first, last = axis.x(lower), axis.x(upper + datetime.timedelta(days=1))
    centre = round((first + last) / 2, 3)
    # A choice with one known end ("on or before 16 March"): the line runs on to the edge.
    first = LEFT if item.lower is None else first
    last = RIGHT if item.upper is None else last
    width = 0 if item.lower == item.upper else round(last - first, 3)
    return Mark(item, centre, width, first)


def _assign_lanes(marks):
    """Give each mark the first lane where it overlaps nothing; returns the number of lanes."""
    ends = []  # the right edge of the last mark in each lane
    for mark in sorted(marks, key=lambda m: m.extent[0]):
        left, right = mark.extent
        lane = next((i for i, end in enumerate(ends) if end + GAP <= left), None)
        if lane is None and len(ends) < MAX_LANES:
            lane = len(ends)
            ends.append(right)
        elif lane is None:
            # Crowded: share the lane that frees up first.
            lane = min(range(len(ends)), key=lambda i: ends[i])
        ends[lane] = max(ends[lane], right)
        mark.lane = lane
    return max(len(ends), 1)


BIN_UNITS = ("day", "week", "month", "quarter", "year", "decade")


def _bin_start(day, unit):
    if unit == "day":
        return day
    if unit == "week":
        return day - datetime.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if unit == "year":
        return datetime.date(day.year, 1, 1)
    return datetime.date(max(day.year // 10 * 10, 1), 1, 1)


def _bin_step(unit):
    return {
        "day": relativedelta(days=1),
        "week": relativedelta(weeks=1),
        "month": relativedelta(months=1),
        "quarter": relativedelta(months=3),
        "year": relativedelta(years=1),
        "decade": relativedelta(years=10),
    }[unit]


def bin_unit(axis):
    """The shortest calendar unit that cuts `axis` into at most MAX_BINS bins."""
    for unit in BIN_UNITS:
        first, count = _bin_start(axis.start, unit), 0
        while first <= axis.end and count <= MAX_BINS:
            first += _bin_step(unit)
            count += 1
        if count <= MAX_BINS:
            return unit
    return BIN_UNITS[-1]


def _bin_words(start, end, unit):
    if unit == "day":
        return dates.day_words(start)
    if unit == "month":
        return dates.display(start.strftime("%Y-%m"))
    if unit == "year":
        return str(start.year)
    return dates.display(f"{start.isoformat()}/{end.isoformat()}")


def _bins(axis, items, bin_url):
    unit = bin_unit(axis)
    counts = {}
    for item in items:
        first = max(min(_known(item)[0], axis.end), axis.start)
        key = _bin_start(first, unit)
        counts[key] = counts.get(key, 0) + 1
    tallest = max(counts.values())
    bins = []
    for start, count in sorted(counts.items()):
        end = start + _bin_step(unit) - relativedelta(days=1)
        x, width = axis.span(max(start, axis.start), min(end, axis.end))
        height = max(round(count / tallest * HISTOGRAM), 3)
        words = _bin_words(start, end, unit)
        label = ngettext(
            "%(count)d event begins in %(range)s",
            "%(count)d events begin in %(range)s",
            count,
        ) % {"count": count, "range": words}
        bins.append(
            Bin(
                start,
                end,
                count,
                x,
                round(max(width - 0.15, 0.3), 3),
                height,
                TOP + HISTOGRAM - height,
                label,
                bin_url(start, end) if bin_url else "",
            )
        )
    return bins


def layout(items, as_of=None, extra_ranges=(), bin_url=None, threshold=BIN_THRESHOLD):
    """The Overview of `items`, or None when nothing has a known day.

    `extra_ranges` are (lower, upper) days the axis must also cover (the
    ceasefires' bands); `bin_url(start, end)` gives a bin's link when there
    are more than `threshold` items to draw.
    """
    drawable = [item for item in items if item.lower or item.upper]
    axis = axis_for([_known(item) for item in drawable] + list(extra_ranges))
    if axis is None:
        return None
    ticks, years = ticks_for(axis)
    overview = Overview(
        axis, ticks=ticks, years=years, as_of=as_of, undrawn=len(items) - len(drawable)
    )
    if len(drawable) > threshold:
        overview.bins = _bins(axis, drawable, bin_url)
    else:
        overview.marks = [_place(axis, item) for item in drawable]
        overview.lanes = _assign_lanes(overview.marks)
    return overview


def summary(overview, count):
    """One sentence saying what the overview shows, for its caption."""
    return _("%(count)s from %(start)s to %(end)s, drawn to scale.") % {
        "count": ngettext("%(n)d event", "%(n)d events", count) % {"n": count},
        "start": dates.day_words(overview.axis.start),
        "end": dates.day_words(overview.axis.end),
    }
