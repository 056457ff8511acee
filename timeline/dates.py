"""EDTF dates and ISO durations: one home for their shapes, bounds, arithmetic and display.

`Event.when` holds an EDTF string (Library of Congress Extended Date/Time
Format). The `edtf` package decides what is valid; `When` is what the rest of
the app reads from its parsed value: the shape (a point, an interval, one day
of a set, all of a set), each point's precision and qualifiers, open and
unknown ends, the bounds for sorting and filtering, the heading it is filed
under on the timeline and the words readers see ("October 2024",
"18 March – 16 April 2025", "one day between 10 and 16 March 2025"). Nothing
else in the app inspects an EDTF string by hand.

One duration convention holds everywhere: an interval includes both of its
end days, so 30 days from 18 March 2025 are `2025-03-18/2025-04-16`
(`Duration.last_day`), and that span counts 30 days (`When.days`). Calendar
arithmetic is python-dateutil's `relativedelta`, never hand-written.

Display strings go through gettext, so the interface language decides month
names and word order ("18 March 2025", "18. März 2025").
"""

import calendar
import datetime
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext
from edtf import parse_edtf
from edtf.parser import parser_classes as edtf_classes
from edtf.parser.edtf_exceptions import EDTFParseException

EXAMPLES = (
    "a day 2025-03-18, a month 2025-03, a year 2025, an approximate day 2025-02-12~, "
    "a span 2025-03-18/2025-04-16, an open span 2025-03-18/.. or one day in a range "
    "[2025-03-10..2025-03-16]"
)

# EDTF season codes: 21-24 (level 1), 25-41 (level 2: hemispheres, quarters, thirds, halves).
# Marked with gettext_noop for the catalog; season_name() translates them when shown.
SEASON_NAMES = {
    21: gettext_noop("Spring"),
    22: gettext_noop("Summer"),
    23: gettext_noop("Autumn"),
    24: gettext_noop("Winter"),
    25: gettext_noop("Spring (Northern Hemisphere)"),
    26: gettext_noop("Summer (Northern Hemisphere)"),
    27: gettext_noop("Autumn (Northern Hemisphere)"),
    28: gettext_noop("Winter (Northern Hemisphere)"),
    29: gettext_noop("Spring (Southern Hemisphere)"),
    30: gettext_noop("Summer (Southern Hemisphere)"),
    31: gettext_noop("Autumn (Southern Hemisphere)"),
    32: gettext_noop("Winter (Southern Hemisphere)"),
    33: gettext_noop("First quarter"),
    34: gettext_noop("Second quarter"),
    35: gettext_noop("Third quarter"),
    36: gettext_noop("Fourth quarter"),
    37: gettext_noop("First third"),
    38: gettext_noop("Second third"),
    39: gettext_noop("Third third"),
    40: gettext_noop("First half"),
    41: gettext_noop("Second half"),
}


def season_name(code):
    """The season, quarter or half a season code stands for, in the interface language."""
    return _(SEASON_NAMES.get(code, gettext_noop("Season")))


def month_name(month):
    """The month's name in the interface language (Django's own catalogs)."""
    return str(MONTHS[month])


# --- Points: one side of a value, as precise as the source allows ----------------------------


@dataclass(frozen=True)
class Point:
    """One calendar point of an EDTF value: a year, season, month or day, maybe qualified."""

    precision: str  # "day", "month", "season", "year", "decade", "century" or "unspecified"
    year: int
    month: int | None
    day: int | None
    season: int | None
    approximate: bool
    uncertain: bool
    lower: datetime.date
    upper: datetime.date
    unknown_part: str | None = None  # "day" or "month" for 2024-10-XX, 2025-XX: said in words

    @property
    def qualified(self):
        """Whether the point is approximate or uncertain."""
        return self.approximate or self.uncertain

    @property
    def iso(self):
        """The point as an ISO 8601 date at its own precision (2024, 2024-10, 2025-03-18), or ""."""
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        return ""

    def words(self, show_year=True, show_month=True):
        """The point in words; `show_year`/`show_month` False leave them to a range's other end."""
        if self.precision == "day":
            if show_month and show_year:
                text = pgettext("day month year", "%(day)s %(month)s %(year)s")
            elif show_month:
                text = pgettext("day month", "%(day)s %(month)s")
            else:
                text = pgettext("day alone", "%(day)s")
        elif self.precision == "month":
            text = (
                pgettext("month year", "%(month)s %(year)s")
                if show_year
                else pgettext("month alone", "%(month)s")
            )
        elif self.precision == "season":
            text = pgettext("season year", "%(season)s %(year)s")
        elif self.precision == "year":
            text = "%(year)s"
        elif self.precision == "decade":
            text = pgettext("decade", "the %(decade)ss")
        elif self.precision == "century":
            text = "%(decade)s–%(last)s"
        else:
            return self._between_words()
        if self.unknown_part == "day":
            text = _("a day in %(date)s") % {"date": text}
        elif self.unknown_part == "month":
            text = _("a month in %(date)s") % {"date": text}
        text %= {
            "day": self.day,
            "month": month_name(self.month) if self.month and self.month <= 12 else "",
            "year": self.year,
            "season": season_name(self.season),
            "decade": self.lower.year,
            "last": self.upper.year,
        }
        return qualify(text, self.approximate, self.uncertain)

    def _between_words(self):
        """A point with unspecified digits (2024-10-XX, 19XX), told by its bounds."""
        text = _("some time between %(first)s and %(last)s") % {
            "first": day_words(self.lower),
            "last": day_words(self.upper),
        }
        return qualify(text, self.approximate, self.uncertain)


def qualify(text, approximate, uncertain):
    """`text` marked as approximate ("c. …") and/or uncertain ("… (uncertain)")."""
    if approximate:
        text = _("c. %(date)s") % {"date": text}
    if uncertain:
        text = _("%(date)s (uncertain)") % {"date": text}
    return text


def day_words(day):
    """A plain date in words: "18 March 2025"."""
    return pgettext("day month year", "%(day)s %(month)s %(year)s") % {
        "day": day.day,
        "month": month_name(day.month),
        "year": day.year,
    }


def _to_date(struct):
    """A date from the edtf package's struct_time; None for the infinities of open ends."""
    if struct is None or (isinstance(struct, float) and math.isinf(struct)):
        return None
    try:
        return datetime.date(struct.tm_year, struct.tm_mon, struct.tm_mday)
    except ValueError as error:
        raise ValidationError(
            _("Years before 1 or after 9999 cannot be shown: %(year)s.") % {"year": struct.tm_year},
            code="out_of_range",
        ) from error


def _digits(value):
    """An int from a date part, or None when missing or unspecified (X)."""
    if value is None or "X" in str(value).upper():
        return None
    return int(value)


def _point(obj):
    """The Point for one side of a parsed value; None for an open or unknown end."""
    if isinstance(obj, edtf_classes.UnspecifiedIntervalSection):
        return None
    approximate = uncertain = False
    if isinstance(obj, edtf_classes.UncertainOrApproximate):
        ua = obj.ua
        approximate = bool(ua and (ua.is_approximate or ua.is_uncertain_and_approximate))
        uncertain = bool(ua and (ua.is_uncertain or ua.is_uncertain_and_approximate))
        obj = obj.date
    if isinstance(obj, edtf_classes.PartialUncertainOrApproximate):
        approximate = approximate or obj.is_approximate or obj._uncertain_and_approximate
        uncertain = uncertain or obj.is_uncertain or obj._uncertain_and_approximate
    if not isinstance(obj, edtf_classes.Date):
        raise ValidationError(
            _("This kind of EDTF value cannot be shown on the timeline: %(value)s.")
            % {"value": obj},
            code="unsupported",
        )
    lower, upper = _to_date(obj.lower_strict()), _to_date(obj.upper_strict())
    year = _digits(getattr(obj, "_year", None))
    month = _digits(getattr(obj, "_month", None))
    day = _digits(getattr(obj, "_day", None))
    season, unknown_part = None, None
    text = str(obj).upper().rstrip("~?%")
    if isinstance(obj, edtf_classes.Season):
        precision, season = "season", int(obj.season)
    elif re.fullmatch(r"\d{4}-(\d{2}|XX)-XX|\d{4}-XX", text):
        # "2024-10-XX" is some day of October 2024: as precise as its known parts.
        precision = "month" if month else "year"
        unknown_part = "day" if text.count("-") == 2 else "month"
    elif re.fullmatch(r"\d{3}X", text):
        precision = "decade"
    elif re.fullmatch(r"\d{2}XX", text):
        precision = "century"
    elif "X" in text:
        precision = "unspecified"
    else:
        precision = obj.precision
    return Point(
        precision,
        year or lower.year,
        month,
        day,
        season,
        approximate,
        uncertain,
        lower,
        upper,
        unknown_part,
    )


# --- Values: a point, an interval, one of a set, all of a set --------------------------------


@dataclass(frozen=True)
class Member:
    """One member of an EDTF set: a point, or a range of consecutive points (ends may be open)."""

    first: Point | None
    last: Point | None
    is_range: bool

    @property
    def lower(self):
        return self.first.lower if self.first else None

    @property
    def upper(self):
        return self.last.upper if self.last else None


@dataclass(frozen=True)
class When:
    """A parsed EDTF value: its shape, its points and bounds, and how readers see it."""

    value: str
    shape: str  # "point", "interval", "one_of_set" or "all_of_set"
    start: Point | None  # the point itself, or an interval's start (None when open or unknown)
    end: Point | None  # an interval's end; the point itself for a point
    start_open: bool = False  # "../…": reaches back without limit
    end_open: bool = False  # "…/..": still going on
    start_unknown: bool = False  # "/…": the start is not known
    end_unknown: bool = False  # "…/": the end is not known
    members: tuple = ()

    @property
    def lower(self):
        """The first day the value may cover, or None when the start is open or unknown."""
        if self.members:
            lowers = [member.lower for member in self.members]
            return None if None in lowers else min(lowers)
        return self.start.lower if self.start else None

    @property
    def upper(self):
        """The last day the value may cover, or None when the end is open or unknown."""
        if self.members:
            uppers = [member.upper for member in self.members]
            return None if None in uppers else max(uppers)
        return self.end.upper if self.end else None

    @property
    def is_span(self):
        """Whether the value is an interval (a stretch of time), not a point or a set."""
        return self.shape == "interval"

    @property
    def is_choice(self):
        """Whether the value is one unknown day (month, year) among several."""
        return self.shape == "one_of_set"

    @property
    def precision(self):
        """The precision of the first point: day, month, season, year, decade, century…"""
        point = self._first_point
        return point.precision if point else None

    @property
    def _first_point(self):
        if self.members:
            return self.members[0].first or self.members[0].last
        return self.start or self.end

    @property
    def days(self):
        """How many days a closed interval of exact days covers, both ends counted; else None."""
        if not self.is_span or not self.start or not self.end:
            return None
        if self.start.precision != "day" or self.end.precision != "day":
            return None
        if self.start.qualified or self.end.qualified:
            return None
        return days_covered(self.start.lower, self.end.upper)

    @property
    def exact_start(self):
        """The first day, when the value starts on one known, unqualified day; else None.

        A day (2025-03-18) or a span from one (2025-03-18/…): where a truce can
        be counted from. A month, a choice of days or an approximate day is not.
        """
        point = self.start if self.shape in ("point", "interval") else None
        if point is None or point.precision != "day" or point.qualified:
            return None
        return point.lower

    @property
    def exact_end(self):
        """The last day, when the value ends on one known, unqualified day; else None."""
        point = self.end if self.shape in ("point", "interval") else None
        if point is None or point.precision != "day" or point.qualified:
            return None
        return point.upper

    @property
    def certain_by(self):
        """The first day by which the value has certainly begun, or None when that is not known.

        The last day its start may fall on: a span's start, a point's own last day
        (31 October for October 2024), the latest day of a choice ("[..2025-03-16]"
        had happened by 16 March). What was only proposed by then is not yet.
        """
        if self.shape == "interval":
            return self.start.upper if self.start else None
        return self.upper

    @property
    def html_datetime(self):
        """The value as an HTML <time datetime>, or "" where HTML has no form for it."""
        if self.shape == "point" and not self.start.qualified:
            return self.start.iso
        return ""

    @property
    def start_iso(self):
        """The first point at its own precision (for schema.org startDate), or ""."""
        # Not _first_point: an interval with an open or unknown start has no first day.
        return self.start.iso if self.start and self.shape in ("point", "interval") else ""

    @property
    def end_iso(self):
        """An interval's end at its own precision (for schema.org endDate), or ""."""
        return self.end.iso if self.is_span and self.end else ""

    def display(self):
        """The value in words, as precise as it is known and no more."""
        if self.shape == "point":
            return self.start.words()
        if self.shape == "interval":
            return self._interval_words()
        members = [self._member_words(member) for member in self.members]
        if self.shape == "one_of_set":
            if len(self.members) == 1 and self.members[0].is_range:
                return self._one_in_range_words(self.members[0])
            return join_words(members, _("or"))
        return join_words(members, _("and"))

    def _interval_words(self):
        start, end = self.start, self.end
        if start is None and end is None:
            return _("date not known")
        if end is None:
            text = _("from %(date)s") % {"date": start.words()}
            return text if self.end_open else _("%(span)s (end not known)") % {"span": text}
        if start is None:
            text = _("until %(date)s") % {"date": end.words()}
            return text if self.start_open else _("%(span)s (start not known)") % {"span": text}
        return range_words(start, end)

    def _member_words(self, member):
        if not member.is_range:
            return member.first.words()
        if member.first and member.last:
            return range_words(member.first, member.last)
        if member.first:
            return _("%(date)s or later") % {"date": member.first.words()}
        return _("%(date)s or earlier") % {"date": member.last.words()}

    def _one_in_range_words(self, member):
        unit = {
            "day": _("one day"),
            "month": _("one month"),
            "season": _("one season"),
            "year": _("one year"),
        }.get((member.first or member.last).precision, _("one time"))
        if member.first and member.last:
            first, last = compact_pair(member.first, member.last)
            return _("%(unit)s between %(first)s and %(last)s") % {
                "unit": unit,
                "first": first,
                "last": last,
            }
        if member.first:
            return _("%(unit)s on or after %(date)s") % {"unit": unit, "date": member.first.words()}
        return _("%(unit)s on or before %(date)s") % {"unit": unit, "date": member.last.words()}

    def group(self):
        """(year heading, month heading) the timeline files this value under.

        By the first point at its own precision: a day or month under its
        month, a season under its season, a year under "month not reported",
        a decade or century under itself. An open or unknown start cannot be
        placed in a year and is filed under "Start not reported".
        """
        point = self._first_point if self.shape != "interval" else self.start
        if point is None or self.lower is None:
            return _("Start not reported"), ""
        if point.precision in ("decade", "century", "unspecified"):
            return capfirst(point.words()), ""
        year = str(point.year)
        if point.precision == "year":
            return year, _("During %(year)s (month not reported)") % {"year": year}
        if point.precision == "season":
            return year, pgettext("season year", "%(season)s %(year)s") % {
                "season": season_name(point.season),
                "year": year,
            }
        return year, pgettext("month year", "%(month)s %(year)s") % {
            "month": month_name(point.month),
            "year": year,
        }


def compact_pair(first, last):
    """The two points in words, the shared year (and month) said once, on the second."""
    plain = not first.qualified and not last.qualified and first.precision == last.precision
    same_year = plain and first.year == last.year and first.precision in ("day", "month")
    same_month = same_year and first.precision == "day" and first.month == last.month
    return first.words(show_year=not same_year, show_month=not same_month), last.words()


def range_words(first, last):
    """A closed range in words with an en dash: "10–16 March 2025", "18 March – 16 April 2025"."""
    first_text, last_text = compact_pair(first, last)
    if first.precision == "day" and " " not in first_text:
        return f"{first_text}–{last_text}"
    return f"{first_text} – {last_text}"


def join_words(items, conjunction):
    """["A", "B", "C"] joined as "A, B or C"."""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _member(obj):
    if isinstance(obj, edtf_classes.Consecutives | edtf_classes.Level1Interval):
        first = _point(obj.lower) if obj.lower else None
        last = _point(obj.upper) if obj.upper else None
        return Member(first, last, is_range=True)
    point = _point(obj)
    return Member(point, point, is_range=False)


def _when(value, parsed):
    if isinstance(parsed, edtf_classes.OneOfASet | edtf_classes.MultipleDates):
        shape = "one_of_set" if isinstance(parsed, edtf_classes.OneOfASet) else "all_of_set"
        return When(value, shape, None, None, members=tuple(_member(o) for o in parsed.objects))
    if isinstance(parsed, edtf_classes.Interval):
        lower, upper = parsed.lower, parsed.upper
        return When(
            value,
            "interval",
            _point(lower),
            _point(upper),
            start_open=getattr(lower, "is_open", False),
            end_open=getattr(upper, "is_open", False),
            start_unknown=getattr(lower, "is_unknown", False),
            end_unknown=getattr(upper, "is_unknown", False),
        )
    point = _point(parsed)
    return When(value, "point", point, point)


# --- Parsing and validation -------------------------------------------------------------------

_CALENDAR_PART = re.compile(r"(?<![\d-])(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")


def _impossible_date(text):
    """A sentence naming the first impossible calendar date in `text`, or None."""
    for match in _CALENDAR_PART.finditer(text):
        year, month = int(match[1]), int(match[2])
        if match[3] is None:
            if month == 0 or 12 < month < 21 or month > 41:
                return _(
                    "There is no month %(month)s: months run from 01 to 12 (seasons from 21 to 24)."
                ) % {"month": match[2]}
            continue
        if not 1 <= month <= 12:
            return _("There is no month %(month)s: months run from 01 to 12.") % {"month": match[2]}
        day = int(match[3])
        last = days_in_month(max(year, 1), month)
        if not 1 <= day <= last:
            return _("%(day)s %(month)s %(year)s does not exist: %(month)s has %(last)s days.") % {
                "day": day,
                "month": month_name(month),
                "year": year,
                "last": last,
            }
    return None


# The shapes most events' values take: a year, a month or a day, alone, approximate or
# uncertain (`~`, `?`, `%`), an interval between two plain ones, or one day of a run of days
# (`[2025-03-10..2025-03-16]`). The edtf package's grammar takes milliseconds per value
# (pyparsing), which a page or export of thousands of distinct dates multiplies into seconds;
# these shapes are built as the same edtf objects directly. Everything else (seasons, open
# ends, qualified parts, lists) goes through the grammar.
_PLAIN_DATE = r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?"
_PLAIN = re.compile(rf"{_PLAIN_DATE}(?:/{_PLAIN_DATE})?")
_QUALIFIED = re.compile(rf"{_PLAIN_DATE}([~?%])")
_RUN = re.compile(rf"\[{_PLAIN_DATE}\.\.{_PLAIN_DATE}\]")


def parse_edtf_value(text):
    """The edtf package's object for `text`, as `edtf.parse_edtf` gives it, only faster."""
    if match := _PLAIN.fullmatch(text):
        lower = edtf_classes.Date(*match.groups()[:3])
        if match[4] is None:
            return lower
        return edtf_classes.Interval(lower, edtf_classes.Date(*match.groups()[3:]))
    if match := _QUALIFIED.fullmatch(text):
        date = edtf_classes.Date(*match.groups()[:3])
        return edtf_classes.UncertainOrApproximate(date, edtf_classes.UA(match[4]))
    if match := _RUN.fullmatch(text):
        first, last = match.groups()[:3], match.groups()[3:]
        run = edtf_classes.Consecutives(edtf_classes.Date(*first), edtf_classes.Date(*last))
        return edtf_classes.OneOfASet(run)
    return parse_edtf(text)


# Each When is small; a timeline of tens of thousands of distinct values fits.
@lru_cache(maxsize=65536)
def parse(value):
    """The When for an EDTF string, or a ValidationError saying in a sentence what is wrong."""
    text = value or ""
    if not text.strip():
        raise ValidationError(_("Enter a date: %(examples)s.") % {"examples": EXAMPLES}, "required")
    impossible = _impossible_date(text)
    if impossible:
        raise ValidationError(impossible, "impossible")
    try:
        # EDTF has no spaces (the package lets some through); a set may have one after a comma.
        if re.search(r"\s", text.replace(", ", ",")):
            raise ValueError("spaces in the value")
        when = _when(text, parse_edtf_value(text))
    # Plain ValueError and friends come from shapes the package parses but cannot compute.
    except (EDTFParseException, ValueError, TypeError, OverflowError) as error:
        if re.search(r"\s", text) and _readable(re.sub(r"\s+", "", text)):
            raise ValidationError(
                _("Remove the spaces from “%(value)s”: EDTF has none (write %(examples)s).")
                % {"value": text.strip(), "examples": EXAMPLES},
                "spaces",
            ) from error
        raise ValidationError(
            _("“%(value)s” is not a date this site can read. Write %(examples)s.")
            % {"value": text, "examples": EXAMPLES},
            "invalid",
        ) from error
    if when.lower and when.upper and when.upper < when.lower:
        raise ValidationError(
            _("The span ends (%(end)s) before it starts (%(start)s).")
            % {"end": day_words(when.upper), "start": day_words(when.lower)},
            "backwards",
        )
    return when


def _readable(text):
    """Whether `text` parses as EDTF at all."""
    try:
        parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError, OverflowError):
        return False
    return True


def validate_edtf(value):
    """Model-field validator: accept only EDTF values the timeline can place and show."""
    parse(value)


def bounds(value):
    """The (lower, upper) dates the EDTF `value` may cover; None for an open or unknown end."""
    when = parse(value)
    return when.lower, when.upper


def display(value):
    """The EDTF `value` in words, or "" for none."""
    return parse(value).display() if value else ""


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", re.ASCII)


def partial_date_bounds(value):
    """(first, last day) that "2025", "2025-03" or "2025-03-18" covers; else ValidationError."""
    value = (value or "").strip()
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        raise ValidationError(
            _("Enter a year (2025), a month (2025-03) or a day (2025-03-18)."), "invalid"
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    problem = None
    if year == 0:
        problem = _("years run from 0001 to 9999")
    elif month is not None and not 1 <= month <= 12:
        problem = _("there is no month %(month)s") % {"month": match[2]}
    elif day is not None:
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            problem = _("%(month)s %(year)s has %(last)s days") % {
                "month": month_name(month),
                "year": year,
                "last": last,
            }
    if problem:
        raise ValidationError(
            _("“%(value)s” is not a date in the calendar: %(problem)s.")
            % {"value": value, "problem": problem},
            "invalid",
        )
    when = parse("-".join(part.zfill(2) for part in match.groups() if part))
    return when.lower, when.upper


# --- Durations and calendar arithmetic --------------------------------------------------------

_DURATION = re.compile(
    r"P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?)?"
)
_DURATION_UNITS = ("years", "months", "weeks", "days", "hours")


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration ("P30D", "P1M", "PT48H") for counting spans of whole days."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0

    @classmethod
    def parse(cls, value):
        """The Duration for an ISO 8601 duration string; ValueError if it is none."""
        match = _DURATION.fullmatch(value or "")
        if not match:
            raise ValueError(f"{value!r} is not an ISO 8601 duration such as P30D.")
        return cls(**{unit: int(match[unit] or 0) for unit in _DURATION_UNITS})

    @cached_property
    def delta(self):
        return relativedelta(
            years=self.years, months=self.months, weeks=self.weeks, days=self.days, hours=self.hours
        )

    @property
    def fixed_days(self):
        """How many days the duration covers wherever it starts, or None if that depends.

        P30D is 30 days, P2W 14, PT48H 2; P1M and P1Y depend on the month and year.
        """
        if self.years or self.months or self.hours % 24:
            return None
        return self.weeks * 7 + self.days + self.hours // 24

    def last_day(self, start):
        """The last day of a span that starts on `start` and lasts this long, both ends counted.

        30 days from 18 March 2025 end on 16 April 2025; 48 hours from 18 March
        end on 19 March.
        """
        moment = datetime.datetime.combine(start, datetime.time()) + self.delta
        return (moment - datetime.timedelta(microseconds=1)).date()

    def first_day(self, end):
        """The first day of a span that ends on `end` and lasts this long, both ends counted."""
        moment = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
        return (moment - self.delta).date()

    def span_from(self, start):
        """The EDTF interval of this duration starting on `start`: "2025-03-18/2025-04-16"."""
        return f"{start.isoformat()}/{self.last_day(start).isoformat()}"

    def words(self):
        """The duration in words: "30 days", "1 month, 2 weeks", "48 hours"."""
        # ngettext with literal strings, so makemessages finds every plural form.
        labels = {
            "years": lambda n: ngettext("%(count)d year", "%(count)d years", n),
            "months": lambda n: ngettext("%(count)d month", "%(count)d months", n),
            "weeks": lambda n: ngettext("%(count)d week", "%(count)d weeks", n),
            "days": lambda n: ngettext("%(count)d day", "%(count)d days", n),
            "hours": lambda n: ngettext("%(count)d hour", "%(count)d hours", n),
        }
        parts = []
        for unit in _DURATION_UNITS:
            count = getattr(self, unit)
            if count:
                parts.append(labels[unit](count) % {"count": count})
        return ", ".join(parts) or _("no time")


def is_duration(value):
    """Whether `value` is an ISO 8601 duration (as the tagger reports "30 Tage lang")."""
    return bool(_DURATION.fullmatch(value or ""))


def shift(day, amount, unit):
    """`day` moved by `amount` (negative: back) days, weeks, months or years (D, W, M, Y)."""
    name = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}[unit]
    return day + relativedelta(**{name: amount})


def days_in_month(year, month):
    """How many days `month` of `year` has (a calendar lookup: December 9999 has no after)."""
    return calendar.monthrange(year, month)[1]


def days_covered(first, last):
    """How many days from `first` to `last`, both counted."""
    return (last - first).days + 1


def day_number(first, day):
    """Which day `day` is of a span that starts on `first`, `first` being day 1; None before it.

    18 March is day 1 of a truce from 18 March, 25 March day 8, 16 April day 30.
    """
    return days_covered(first, day) if day >= first else None


def parse_day(value):
    """The date a "2025-03-25" names, or a ValidationError saying in a sentence what is wrong."""
    value = (value or "").strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValidationError(
            _("“%(value)s” is not a day: write it as YYYY-MM-DD, e.g. 2025-03-25.")
            % {"value": value[:40]},
            "invalid",
        )
    first, _last = partial_date_bounds(value)
    return first


def display_mention(value):
    """A tagger's value (EDTF, or an ISO duration) in words."""
    if is_duration(value):
        return Duration.parse(value).words()
    try:
        return display(value)
    except ValidationError:
        return value


def span_axis(lower, upper):
    """Geometry to draw a span on an axis of the whole months it touches, in percent.

    Returns {"x", "width", "months": [(name, offset)]}, or None when an end is
    open or the span runs over more than two years (a bar would say nothing).
    """
    if not lower or not upper or (upper.year - lower.year) > 2:
        return None
    axis_start = lower.replace(day=1)
    axis_end = upper.replace(day=days_in_month(upper.year, upper.month))
    total = days_covered(axis_start, axis_end)
    # Counted, never stepped past the axis: the month after December 9999 does not exist.
    count = (axis_end.year - axis_start.year) * 12 + axis_end.month - axis_start.month + 1
    months = []
    for index in range(count):
        first = axis_start + relativedelta(months=index)
        months.append((month_name(first.month), round((first - axis_start).days / total * 100, 2)))
    return {
        "x": round((lower - axis_start).days / total * 100, 2),
        "width": round(days_covered(lower, upper) / total * 100, 2),
        "months": months,
    }
