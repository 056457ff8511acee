"""EDTF dates: validation, derived bounds for sorting, and display by precision.

`Event.when` holds an EDTF string (Library of Congress Extended Date/Time
Format). The `edtf` package decides what is valid and what the strict lower and
upper bounds are; this module turns that into Python dates and into the
readable text the timeline shows ("October 2024", "18 March - 17 April 2025").
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

# Fixed English names: the display must not depend on the server's locale.
MONTH_NAMES = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SEASON_NAMES = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}

# One side of an interval, or a whole single date, in the shapes we display
# ourselves: year, year-month, year-month-day or year-season, with an optional
# qualifier (~ approximate, ? uncertain, % both).
_PART = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<flag>[~?%])?$")


@dataclass(frozen=True)
class Part:
    """One parsed side of an EDTF value, precise to the year, month (or season) or day."""

    year: int
    month: int | None = None
    day: int | None = None
    flag: str = ""

    @property
    def precision(self):
        """'day', 'month', 'season' or 'year'."""
        if self.day:
            return "day"
        if self.month and self.month > 12:
            return "season"
        return "month" if self.month else "year"


def parse_when(value):
    """The parsed EDTF object for `value`, or a ValidationError naming what is wrong."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("Enter a date in EDTF, for example 2025-03-18, 2024-10 or 2024.")
    if text != value:
        raise ValidationError("Remove the spaces around the date: EDTF has none.")
    try:
        parsed = parse_edtf(text)
        lower, upper = _bounds_of(parsed)
    # The edtf package raises its own exception for syntax errors, but plain
    # ValueError (and friends) for some shapes it parses yet cannot compute.
    except (EDTFParseException, ValueError, TypeError, OverflowError) as error:
        raise ValidationError(
            f"“{text}” is not a valid EDTF date ({error}). Use forms such as 2025-03-18, "
            "2024-10, 2024, 2025-02-12~ (approximate) or 2025-03-18/2025-04-17 (a span)."
        ) from error
    if lower and upper and upper < lower:
        raise ValidationError(
            f"The span “{text}” ends ({upper:%Y-%m-%d}) before it starts ({lower:%Y-%m-%d})."
        )
    return parsed


def validate_edtf(value):
    """Model-field validator: accept only valid EDTF whose spans run forwards."""
    parse_when(value)


def bounds(value):
    """The (lower, upper) dates the EDTF `value` covers; None for an open or unknown end."""
    return _bounds_of(parse_when(value))


def _bounds_of(parsed):
    return _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())


def _to_date(struct):
    if struct is None or (isinstance(struct, float) and math.isinf(struct)):
        return None
    return datetime.date(struct.tm_year, struct.tm_mon, struct.tm_mday)


def _part(text):
    match = _PART.match(text)
    if not match:
        return None
    return Part(
        year=int(match["year"]),
        month=int(match["month"]) if match["month"] else None,
        day=int(match["day"]) if match["day"] else None,
        flag=match["flag"] or "",
    )


def _with_flag(text, flag):
    if flag == "~":
        return f"c. {text}"
    if flag == "?":
        return f"{text}?"
    if flag == "%":
        return f"c. {text}?"
    return text


def _format(part, show_year=True, show_month=True):
    if part.precision == "season":
        text = f"{SEASON_NAMES.get(part.month, 'Season')} {part.year}"
    elif part.precision == "year":
        text = str(part.year)
    else:
        pieces = []
        if part.day:
            pieces.append(str(part.day))
        if show_month or not part.day:
            pieces.append(MONTH_NAMES[part.month])
        if show_year:
            pieces.append(str(part.year))
        text = " ".join(pieces)
    return _with_flag(text, part.flag)


def display(value):
    """`value` as readers should see it, as precise as it is known.

    "2024-10" -> "October 2024"; "2025-03-18" -> "18 March 2025";
    "2025-03-18/2025-04-17" -> "18 March - 17 April 2025"; "2025-03-18/.." ->
    "from 18 March 2025". Shapes we do not spell out are shown as written.
    """
    if not value:
        return ""
    if "/" not in value:
        part = _part(value)
        return _format(part) if part else value
    start_text, end_text = value.split("/", 1)
    if end_text in ("..", ""):
        start = _part(start_text)
        return f"from {_format(start)}" if start else value
    if start_text in ("..", ""):
        end = _part(end_text)
        return f"until {_format(end)}" if end else value
    start, end = _part(start_text), _part(end_text)
    if not start or not end:
        return value
    same_year = start.year == end.year and not start.flag and start.precision != "season"
    same_month = same_year and start.month == end.month and start.day and end.day
    if start.precision == end.precision == "day" and same_month:
        return f"{start.day} - {_format(end)}"
    return f"{_format(start, show_year=not same_year)} - {_format(end)}"


_DURATION = re.compile(
    r"^P(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?(?:T(?P<H>\d+)H)?$"
)
_DURATION_UNITS = [("Y", "year"), ("M", "month"), ("W", "week"), ("D", "day"), ("H", "hour")]


def display_duration(value):
    """An ISO 8601 duration as words: "P30D" -> "30 days", "P1W" -> "1 week"; else as written."""
    match = _DURATION.match(value or "")
    if not match or not any(match.groupdict().values()):
        return value
    parts = []
    for key, unit in _DURATION_UNITS:
        if match[key]:
            count = int(match[key])
            parts.append(f"{count} {unit}{'' if count == 1 else 's'}")
    return ", ".join(parts)


def display_mention(value):
    """A tagger's value (EDTF, or an ISO duration) as readers should see it."""
    return display_duration(value) if (value or "").startswith("P") else display(value)


def html_datetime(value):
    """`value` if it is also a valid HTML <time datetime> (a plain year, month or day), else ""."""
    part = _part(value or "")
    return value if part and not part.flag and part.precision != "season" else ""


def precision(value):
    """The precision of `value` ('day', 'month', 'season', 'year', 'span' or 'other')."""
    if "/" in (value or ""):
        return "span"
    part = _part(value or "")
    return part.precision if part else "other"


def span_axis(lower, upper):
    """Geometry to draw a span on an axis of the whole months it touches, in percent.

    Returns {"x", "width", "months": [(name, offset)]}, or None when an end is
    open or the span runs over more than two years (a bar would say nothing).
    """
    if not lower or not upper or (upper.year - lower.year) > 2:
        return None
    axis_start = lower.replace(day=1)
    following = datetime.date(upper.year + (upper.month == 12), upper.month % 12 + 1, 1)
    total = (following - axis_start).days
    months = []
    cursor = axis_start
    while cursor < following:
        months.append(
            (MONTH_NAMES[cursor.month], round((cursor - axis_start).days / total * 100, 2))
        )
        cursor = datetime.date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    return {
        "x": round((lower - axis_start).days / total * 100, 2),
        "width": round(((upper - lower).days + 1) / total * 100, 2),
        "months": months,
    }
