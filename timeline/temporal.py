"""Find date expressions in German and English news text and resolve them to EDTF.

Why a tagger of our own: dateparser's text search reads German function words
as dates ("die" as Dienstag, "mit" as Mittwoch) and HeidelTime needs Java. The
expressions news reporting uses are few enough for word tables and a short list
of pattern -> resolver rules, resolved against the article's publication date.

Each mention's ``kind`` follows the shape of its value: "date" (a day,
``2025-03-18``, or an approximate day ``2025-03-04~``), "month" (``2024-10``),
"year" (``2024``), "season" (``2024-22``, summer 2024), "decade" (``199X``),
"interval" (anything with a slash, including the open ``2022/..`` and
``../2030``) and "duration" (an ISO 8601 duration such as ``P30D`` or
``PT48H``, not EDTF).

Rules for the ambiguous cases:

- Spans include the words that give an expression its meaning: temporal
  prepositions ("am Dienstag", "vom Sonntag", "on Tuesday", "im Oktober",
  "in 2022", "seit 2022", "In den letzten Wochen"), modifiers ("letzte Woche",
  "Mitte März", "early March"), and "lang"/"for" on durations ("30 Tage lang",
  "for 30 days"). A possessive is left out: "Wednesday" in "Wednesday's call".
- No tense analysis. News reports the past, so a weekday is the most recent
  such day on or before publication, and a month or a day of the month without
  a year is the most recent one on or before publication (same month or day
  included). "bis"/"ab"/"until" and "next"/"nächsten"/"kommenden" look forward
  instead; "last"/"letzten"/"vergangenen" before a weekday or month exclude the
  publication day or month itself.
- "seit X"/"since X"/"ab X" give ``X/..``; "bis X"/"until X" give ``../X``.
- Weeks are ISO weeks, Monday to Sunday. "earlier this week" runs from Monday
  to publication, "later this week" from publication to Sunday (likewise for
  months and years). Early/mid/late parts of a week are the whole week.
- Parts of a month: Anfang/early/the beginning of = days 1-10, Mitte/mid = 11-20,
  Ende/late/the end of = 21 to the month's last day. Parts of a year: early =
  January-April, mid = May-August, late = September-December.
- Recent periods without a number end at publication and start approximately
  (EDTF ``~``): days 7 days back, weeks 28 days, months 3 months, years 3 years.
  "in den kommenden Wochen"/"in the coming weeks" mirror this forward. With a
  number ("in den letzten 30 Tagen", "over the past two weeks") or a singular
  ("over the past week") the window is exact.
- "vor drei Tagen"/"three days ago" is a date, weeks ago an approximate date,
  months ago a month, years ago a year. "seit drei Jahren" is an open interval
  from that point, as precise as its unit.
- A count with a unit is a duration even without "lang"/"for" ("drei Monate",
  "30 Tage") when the count is digits or a number word from two to twelve.
  "ein"/"eine"/"a"/"one" count only with "lang", "für"/"for" or as an
  adjective ("eintägig", "one-day"), so "one day he said" and "ein Tag der
  Trauer" stay untagged. "-jährig"/"-year-old" are ages, not durations.
- Month names alone never fire. A month needs a preposition or modifier ("im",
  "seit", "Mitte", "in", "since", "early", "last"...), a year or a day next to
  it, and English month names must be capitalised, so "they may agree", "they
  march", "August Diehl" and "Maik" stay untagged.
- Weekday names fire alone but not inside other words ("Sonntagszeitung",
  "Fridays for Future"), and not in names such as "Welt am Sonntag", "Mail on
  Sunday", "Super Tuesday" or "Black Friday".
- Years are 1900-2100 and never part of a bigger number, a decimal, a date
  already found, a money amount or a percentage. A bare year (or "in 2024")
  is dropped when it reads as a count: German followed on the same line by a
  capitalised word ("2024 Menschen"), English followed by a plural-looking word
  without a determiner before the year ("2024 people", but "the 2024
  elections" is kept), either one preceded by "rund"/"etwa"/"about"/"more than"
  and the like, or by a label such as "Artikel", "Resolution" or "flight".
- Numeric dates are only German day.month.year and ISO year-month-day; slashed
  dates such as 03/04/2025 are left alone because the order of day and month
  is unknowable.
"""

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["KINDS", "LANGUAGES", "DateMention", "find_dates"]

LANGUAGES = ("de", "en")
KINDS = ("date", "month", "year", "season", "decade", "interval", "duration")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    edtf: str
    kind: str


# --- Word tables -------------------------------------------------------------
# fmt: off

MONTH_NAMES = {
    "de": {
        "Januar": 1, "Jänner": 1, "Februar": 2, "Feber": 2, "März": 3, "April": 4,
        "Mai": 5, "Juni": 6, "Juli": 7, "August": 8, "September": 9,
        "Oktober": 10, "November": 11, "Dezember": 12,
    },
    "en": {
        "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
        "July": 7, "August": 8, "September": 9, "October": 10, "November": 11,
        "December": 12,
    },
}
# Abbreviations only count next to a day number, where they cannot be words.
MONTH_ABBREVIATIONS = {
    "de": {
        "Jan.": 1, "Feb.": 2, "Febr.": 2, "Mrz.": 3, "Apr.": 4, "Jun.": 6, "Jul.": 7,
        "Aug.": 8, "Sep.": 9, "Sept.": 9, "Okt.": 10, "Nov.": 11, "Dez.": 12,
    },
    "en": {
        "Jan.": 1, "Jan": 1, "Feb.": 2, "Feb": 2, "Mar.": 3, "Apr.": 4, "Apr": 4,
        "Jun.": 6, "Jul.": 7, "Aug.": 8, "Aug": 8, "Sep.": 9, "Sept.": 9, "Sept": 9,
        "Oct.": 10, "Oct": 10, "Nov.": 11, "Nov": 11, "Dec.": 12, "Dec": 12,
    },
}
WEEKDAYS = {
    "de": {
        "Montag": 0, "Dienstag": 1, "Mittwoch": 2, "Donnerstag": 3, "Freitag": 4,
        "Samstag": 5, "Sonnabend": 5, "Sonntag": 6,
    },
    "en": {
        "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4,
        "Saturday": 5, "Sunday": 6,
    },
}
# Two to twelve: enough to stand alone as a count ("drei Monate").
NUMBER_WORDS = {
    "de": {
        "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
        "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    },
    "en": {
        "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    },
}
# "One" is also an article and an idiom ("one day"), so it needs a marker.
ONE_WORDS = {
    "de": ("eins", "einen", "einem", "einer", "eine", "ein"),
    "en": ("one", "an", "a"),
}
# ISO 8601 duration designators; hours go after the "T".
UNITS = {
    "de": {
        "Tag": "D", "Tage": "D", "Tagen": "D", "Woche": "W", "Wochen": "W",
        "Monat": "M", "Monate": "M", "Monaten": "M", "Jahr": "Y", "Jahre": "Y",
        "Jahren": "Y", "Stunde": "H", "Stunden": "H",
    },
    "en": {
        "day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M",
        "months": "M", "year": "Y", "years": "Y", "hour": "H", "hours": "H",
    },
}
UNIT_ADJECTIVES = {
    "de": {"tägig": "D", "wöchig": "W", "monatig": "M", "stündig": "H"},
    "en": {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H"},
}
# EDTF season codes (level 1): 21 spring, 22 summer, 23 autumn, 24 winter.
SEASONS = {
    "de": {"Frühjahr": 21, "Frühling": 21, "Sommer": 22, "Herbst": 23, "Winter": 24},
    "en": {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24},
}
QUARTERS = {
    "de": {"ersten": 1, "1.": 1, "zweiten": 2, "2.": 2, "dritten": 3, "3.": 3,
           "vierten": 4, "4.": 4},
    "en": {"first": 1, "second": 2, "third": 3, "fourth": 4},
}
# Which way a modifier points from the publication date, by word stem.
DIRECTIONS = {
    "letzt": -1, "vergangen": -1, "vorig": -1, "vor": -1, "zurückliegend": -1,
    "last": -1, "past": -1, "recent": -1,
    "dies": 0, "this": 0,
    "nächst": 1, "kommend": 1, "next": 1, "coming": 1,
}
PARTS = {
    "anfang": "early", "early": "early", "the beginning of": "early",
    "the start of": "early",
    "mitte": "mid", "mid": "mid", "the middle of": "mid",
    "ende": "late", "late": "late", "the end of": "late",
    "earlier": "earlier", "later": "later",
}
RELATIVE_DAYS = {
    "vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2,
    "vorgestrigen": -2, "gestrigen": -1, "heutigen": 0, "morgigen": 1,
    "the day before yesterday": -2, "yesterday": -1, "last night": -1,
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
    "this evening": 0, "tomorrow": 1, "the day after tomorrow": 2,
}
# Proper names that contain a weekday or a month but date nothing.
NAMES = {
    "de": (
        "Welt am Sonntag", "Bild am Sonntag", "Tagesspiegel am Sonntag",
        "Schwarzer Freitag", "Weißer Sonntag", "Black Friday", "Cyber Monday",
        "Super Tuesday",
    ),
    "en": (
        "Mail on Sunday", "Independent on Sunday", "Sunday Times",
        "Sunday Telegraph", "Sunday Express", "Sunday Mirror", "Sunday Post",
        "Black Friday", "Good Friday", "Cyber Monday", "Super Tuesday",
        "Ash Wednesday", "Maundy Thursday", "Easter Sunday", "Easter Monday",
        "Palm Sunday", "Bloody Sunday", "Black Monday", "Blue Monday",
        "Theresa May", "Brian May",
    ),
}
# Words (lower-cased) before a bare number that make it a quantity or a label, not a year.
NOT_A_YEAR_CUES = {
    "de": ("rund", "etwa", "ca.", "circa", "mehr als", "über", "fast", "knapp",
           "bis zu", "insgesamt", "mindestens", "weniger als",
           "artikel", "paragraf", "paragraph", "§", "nr.", "nummer", "seite", "flug",
           "resolution", "linie", "zimmer"),
    "en": ("about", "around", "approximately", "roughly", "nearly", "almost",
           "more than", "some", "up to", "at least", "fewer than", "less than",
           "article", "section", "§", "no.", "number", "page", "flight", "resolution",
           "route", "room"),
}
DETERMINERS_EN = ("the", "a", "an", "this", "that", "its", "his", "her", "their",
                  "our", "my", "your")
# Common English words ending in "s" that are not plural nouns.
NOT_PLURAL_EN = {
    "as", "is", "was", "has", "his", "its", "this", "thus", "us", "plus",
    "versus", "less", "unless", "across", "towards", "afterwards", "whereas",
    "always", "perhaps", "besides", "does", "yes",
}
COUNTED_NOUNS_EN = {"people", "children", "men", "women", "police", "staff"}

# fmt: on

# Leads that open an interval, and leads that make a bare month or day look ahead.
SINCE_LEADS = {"seit", "ab", "since"}
UNTIL_LEADS = {"bis", "until", "till"}
FORWARD_LEADS = {"bis", "ab", "until", "till"}


def _flatten(*tables: dict[str, dict]) -> dict:
    return {
        word: value for table in tables for words in table.values() for word, value in words.items()
    }


MONTH_NUMBERS = _flatten(MONTH_NAMES, MONTH_ABBREVIATIONS)
WEEKDAY_NUMBERS = _flatten(WEEKDAYS)
QUARTER_NUMBERS = _flatten(QUARTERS)
COUNT_WORDS = _flatten(NUMBER_WORDS) | {word: 1 for words in ONE_WORDS.values() for word in words}


# --- Date arithmetic ---------------------------------------------------------


def _month_edtf(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift(day: datetime.date, amount: int, unit: str) -> datetime.date:
    """The date `amount` units (D, W, M, Y) after `day`; a negative amount goes back."""
    if unit == "D":
        return day + datetime.timedelta(days=amount)
    if unit == "W":
        return day + datetime.timedelta(weeks=amount)
    index = day.year * 12 + day.month - 1 + amount * (12 if unit == "Y" else 1)
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _span(first: datetime.date, last: datetime.date) -> str:
    return f"{first}/{last}" if first != last else str(first)


def _part_of_month(year: int, month: int, part: str) -> str:
    last_day = calendar.monthrange(year, month)[1]
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, last_day)}[part]
    return _span(datetime.date(year, month, first), datetime.date(year, month, last))


def _part_of_year(year: int, part: str) -> str:
    first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    return f"{_month_edtf(year, first)}/{_month_edtf(year, last)}"


def _year_of_month(published: datetime.date, month: int, forward: bool) -> int:
    """Year of the nearest `month` on or before (forward: on or after) publication."""
    if forward:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _nearest_day(
    published: datetime.date, month: int, day: int, forward: bool
) -> datetime.date | None:
    """The nearest day of the month on or before (forward: on or after) publication."""
    step = 1 if forward else -1
    # Five years reach the nearest 29 February from any publication date.
    for year in range(published.year, published.year + 5 * step, step):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:  # 29 February in a common year, or 31 April: look further
            continue
        if (candidate >= published) if forward else (candidate <= published):
            return candidate
    return None


# --- Reading the matched words -----------------------------------------------


def _direction(word: str) -> int:
    word = word.lower()
    for stem, direction in DIRECTIONS.items():
        if word.startswith(stem):
            return direction
    raise KeyError(word)


def _part(words: str | None) -> str | None:
    return PARTS[" ".join(words.lower().split())] if words else None


def _lead_word(lead: str | None) -> str | None:
    return lead.split()[0].lower() if lead else None


def _count(text: str) -> int:
    if text[0].isdigit():  # drop thousands separators: 1.000, 1,000
        return int(re.sub(r"\D", "", text))
    return COUNT_WORDS[text.lower()]


def _unit(word: str) -> str:
    return UNITS["de"].get(word) or UNITS["en"][word.lower()]


def _ends_with_word(text: str, words) -> bool:
    return any(re.search(rf"(?:^|\W){re.escape(word)}$", text) for word in words)


def _with_lead(edtf: str | None, lead: str | None) -> str | None:
    """Turn a value into an open interval when its lead says since or until."""
    word = _lead_word(lead)
    if edtf is None or word not in SINCE_LEADS | UNTIL_LEADS:
        return edtf
    bounds = edtf.split("/")
    # A decade has no form EDTF accepts as an interval bound, so use its first or last year.
    if word in SINCE_LEADS:
        return bounds[0].replace("X", "0") + "/.."
    return "../" + bounds[-1].replace("X", "9")


def _kind(edtf: str) -> str:
    if "/" in edtf:
        return "interval"
    core = edtf.rstrip("~?%")
    if "X" in core:
        return "decade"
    if len(core) == 4:
        return "year"
    if len(core) == 10:
        return "date"
    return "season" if int(core[5:]) > 12 else "month"


# --- Resolvers: (match, publication date) -> EDTF, or None to reject the match

Resolver = Callable[[re.Match, datetime.date], str | None]


def resolve_weekday(m: re.Match, published: datetime.date) -> str | None:
    """A weekday: "am Dienstag", "last Tuesday", "Dienstag vergangener Woche"."""
    weekday = WEEKDAY_NUMBERS[m["weekday"]]
    direction = _direction(m["rel"]) if m["rel"] else None
    if m["week"]:
        monday, _ = _week_of(_shift(published, _direction(m["week"]), "W"))
        day = monday + datetime.timedelta(days=weekday)
    elif direction == 0:
        day = _week_of(published)[0] + datetime.timedelta(days=weekday)
    elif direction == 1:
        day = published + datetime.timedelta(days=(weekday - published.weekday()) % 7 or 7)
    else:
        back = (published.weekday() - weekday) % 7
        if direction == -1 and back == 0:  # "last Tuesday" on a Tuesday is a week ago
            back = 7
        day = published - datetime.timedelta(days=back)
    return _with_lead(day.isoformat(), m["lead"])


def resolve_night_before(m: re.Match, published: datetime.date) -> str:
    """The night before a weekday ("in der Nacht zum Dienstag"): Monday to Tuesday."""
    weekday = WEEKDAY_NUMBERS[m["weekday"]]
    day = published - datetime.timedelta(days=(published.weekday() - weekday) % 7)
    return _span(day - datetime.timedelta(days=1), day)


def resolve_relative_day(m: re.Match, published: datetime.date) -> str | None:
    offset = RELATIVE_DAYS[" ".join(m["word"].lower().split())]
    return _with_lead((published + datetime.timedelta(days=offset)).isoformat(), m["lead"])


def resolve_explicit_date(m: re.Match, published: datetime.date) -> str | None:
    month = int(m["month_number"]) if m["month_number"] else MONTH_NUMBERS[m["month"]]
    day = int(m["day"])
    if m["year"]:
        try:
            found = datetime.date(int(m["year"]), month, day)
        except ValueError:  # 30 February and the like
            return None
    else:
        found = _nearest_day(published, month, day, _lead_word(m["lead"]) in FORWARD_LEADS)
        if found is None:
            return None
    return _with_lead(found.isoformat(), m["lead"])


def resolve_day_range(m: re.Match, published: datetime.date) -> str | None:
    month = MONTH_NUMBERS[m["month"]]
    first_day, last_day = int(m["day"]), int(m["last_day"])
    if last_day <= first_day:
        return None
    year = int(m["year"]) if m["year"] else _year_of_month(published, month, forward=False)
    try:
        return _span(datetime.date(year, month, first_day), datetime.date(year, month, last_day))
    except ValueError:
        return None


def resolve_month(m: re.Match, published: datetime.date) -> str | None:
    lead, part, rel = m["lead"], _part(m["part"]), m["rel"]
    if not (lead or part or rel or m["year"] or m["rel_year"]):
        return None  # a month name alone is too often a name or a word
    month = MONTH_NUMBERS[m["month"]]
    if m["year"]:
        year = int(m["year"])
    elif m["rel_year"]:
        year = published.year + _direction(m["rel_year"].split()[-2])
    elif rel and _direction(rel) == 0:
        year = published.year
    elif rel and _direction(rel) < 0:  # "last March" in March is a year ago
        year = published.year if month < published.month else published.year - 1
    elif rel:
        year = published.year if month > published.month else published.year + 1
    else:
        year = _year_of_month(published, month, forward=_lead_word(lead) in FORWARD_LEADS)
    if part in ("early", "mid", "late"):
        return _with_lead(_part_of_month(year, month, part), lead)
    return _with_lead(_month_edtf(year, month), lead)


def _looks_like_count(m: re.Match, language: str) -> bool:
    """Whether a bare number reads as a quantity ("2024 Menschen") rather than a year."""
    before = m.string[max(0, m.start() - 20) : m.start()].rstrip().lower()
    after = m.string[m.end() : m.end() + 30]
    if _ends_with_word(before, NOT_A_YEAR_CUES[language]):
        return True
    if re.match(r"\s?(?:%|Prozent\b|percent\b|km\b|kg\b|m\b|t\b|ha\b|mal\b)", after):
        return True
    # Only the next word on the same line: a heading may end in a year.
    next_word = re.match(r"[ \t\u00a0]+(\w+)", after)
    if not next_word:
        return False
    word = next_word[1]
    if language == "de":
        return word[0].isupper()
    plural = word.islower() and (
        word in COUNTED_NOUNS_EN or (word.endswith("s") and word not in NOT_PLURAL_EN)
    )
    determined = before.endswith(("'s", "’s")) or _ends_with_word(before, DETERMINERS_EN)
    return plural and not determined


def _year_resolver(language: str) -> Resolver:
    def resolve_year(m: re.Match, published: datetime.date) -> str | None:
        part = _part(m["part"])
        if _lead_word(m["lead"]) in (None, "in") and not part and _looks_like_count(m, language):
            return None
        if part in ("early", "mid", "late"):
            return _with_lead(_part_of_year(int(m["year"]), part), m["lead"])
        return _with_lead(m["year"], m["lead"])

    return resolve_year


def resolve_year_range(m: re.Match, published: datetime.date) -> str | None:
    first, last = m["year"], m["last_year"]
    if len(last) == 2:  # 2024/25
        last = first[:2] + last
    return f"{first}/{last}" if int(last) > int(first) else None


def resolve_decade(m: re.Match, published: datetime.date) -> str | None:
    return _with_lead(m["decade"] + "X", m["lead"])


def resolve_season(m: re.Match, published: datetime.date) -> str | None:
    season = SEASONS["de"].get(m["season"]) or SEASONS["en"][m["season"].lower()]
    return _with_lead(f"{m['year']}-{season}", m["lead"])


def resolve_quarter(m: re.Match, published: datetime.date) -> str | None:
    """A quarter as its months; without a year, the most recent one that has begun."""
    quarter = int(m["q"]) if m["q"] else QUARTER_NUMBERS[m["ordinal"].lower()]
    first_month = quarter * 3 - 2
    if m["year"]:
        year = int(m["year"])
    else:
        year = published.year if first_month <= published.month else published.year - 1
    months = f"{_month_edtf(year, first_month)}/{_month_edtf(year, first_month + 2)}"
    return _with_lead(months, m["lead"])


def resolve_relative_period(m: re.Match, published: datetime.date) -> str | None:
    """Calendar weeks, months and years: "letzte Woche", "next month", "late last year"."""
    unit = {"w": "W", "m": "M", "j": "Y", "y": "Y"}[m["unit"][0].lower()]
    direction = _direction(m["rel"]) if m["rel"] else 0
    part = _part(m["part"])
    anchor = _shift(published, direction, unit)
    if unit == "W":
        first, last = _week_of(anchor)
    elif unit == "M":
        first = anchor.replace(day=1)
        last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    else:
        first, last = datetime.date(anchor.year, 1, 1), datetime.date(anchor.year, 12, 31)
    if part == "earlier" and direction == 0:
        return _span(first, published)
    if part == "later" and direction == 0:
        return _span(published, last)
    if part in ("early", "mid", "late") and unit == "M":
        return _part_of_month(anchor.year, anchor.month, part)
    if part in ("early", "mid", "late") and unit == "Y":
        return _part_of_year(anchor.year, part)
    if unit == "M":
        return _month_edtf(anchor.year, anchor.month)
    if unit == "Y":
        return f"{anchor.year:04d}"
    return _span(first, last)


def resolve_weekend(m: re.Match, published: datetime.date) -> str:
    """Saturday and Sunday: by default the most recent weekend begun by publication."""
    direction = _direction(m["rel"]) if m["rel"] else None
    this_saturday = _week_of(published)[0] + datetime.timedelta(days=5)
    in_weekend = published >= this_saturday
    if direction == 0:
        saturday = this_saturday
    elif direction == 1:
        saturday = this_saturday + datetime.timedelta(days=7 if in_weekend else 0)
    elif in_weekend and direction is None:
        saturday = this_saturday
    else:
        saturday = this_saturday - datetime.timedelta(days=7)
    return _span(saturday, saturday + datetime.timedelta(days=1))


# How far "recent" days, weeks, months and years reach, as (amount, unit).
RECENT_WINDOWS = {"D": (7, "D"), "W": (28, "D"), "M": (3, "M"), "Y": (3, "Y")}


def resolve_window(m: re.Match, published: datetime.date) -> str | None:
    """Rolling windows that end or start at publication: "in den letzten Wochen"."""
    unit = _unit(m["unit"])
    if unit == "H":
        return None
    direction = _direction(m["rel"])
    exact = True
    if m["count"] and m["count"].lower() != "few":
        amount, step = _count(m["count"]), unit
    elif m["unit"].lower() in UNIT_ADJECTIVES["en"]:  # singular: "the past week"
        amount, step = 1, unit
    else:
        (amount, step), exact = RECENT_WINDOWS[unit], False
    try:
        other_end = _shift(published, direction * amount, step)
    except (ValueError, OverflowError):  # further than the calendar reaches
        return None
    other_end = other_end.isoformat() + ("" if exact else "~")
    return f"{other_end}/{published}" if direction < 0 else f"{published}/{other_end}"


def resolve_ago(m: re.Match, published: datetime.date) -> str | None:
    """A point some units before publication, as precise as the unit."""
    unit = _unit(m["unit"])
    if unit == "H":
        return None
    try:
        point = _shift(published, -_count(m["count"]), unit)
    except (ValueError, OverflowError):  # further back than the calendar reaches
        return None
    if unit == "D":
        return point.isoformat()
    if unit == "W":
        return f"{point}~"
    if unit == "M":
        return _month_edtf(point.year, point.month)
    return f"{point.year:04d}"


def resolve_since_count(m: re.Match, published: datetime.date) -> str | None:
    """An open interval from some units before publication: "seit drei Jahren"."""
    start = resolve_ago(m, published)
    return f"{start.rstrip('~')}/.." if start else None


def _duration_resolver(language: str) -> Resolver:
    def resolve_duration(m: re.Match, published: datetime.date) -> str | None:
        count = m["count"]
        marked = m["lead"] or m["long"] or m["adjective"]
        if count.lower() in ONE_WORDS[language] and not marked:
            return None
        adjectives = UNIT_ADJECTIVES[language]
        unit = adjectives[m["unit"].lower()] if m["adjective"] else _unit(m["unit"])
        amount = _count(count)
        return f"PT{amount}H" if unit == "H" else f"P{amount}{unit}"

    return resolve_duration


# --- Rules -------------------------------------------------------------------


def _alternatives(words) -> str:
    # Longest first, so "Sonnabend" or "zwölf" is never cut short.
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# Nothing glued to the front: not inside a word, a bigger number or a price.
START = r"(?<![\w.,/$€£#§–-])"
YEAR_DIGITS = r"(?P<year>19\d\d|20\d\d|2100)"
NOT_A_BIGGER_NUMBER = r"(?!\w|[.,]\d|[-–/]\d)"
YEAR = YEAR_DIGITS + NOT_A_BIGGER_NUMBER
LAST_YEAR = r"(?P<last_year>19\d\d|20\d\d|2100|\d\d)" + NOT_A_BIGGER_NUMBER
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])"
LAST_DAY = r"(?P<last_day>3[01]|[12]\d|0?[1-9])"
ISO_DATE = (
    YEAR_DIGITS + r"-(?P<month_number>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?!\w|[-–]\d)"
)
COUNT_DIGITS = r"\d{1,3}(?:[.,]\d{3})+|\d+"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    resolve: Resolver
    duration: bool = False


def _rule(pattern: str, resolve: Resolver, duration: bool = False) -> Rule:
    """A rule whose pattern reads each literal space as "some whitespace"."""
    return Rule(re.compile(START + pattern.replace(" ", r"\s+")), resolve, duration)


def _rules_de() -> list[Rule]:
    month = _alternatives(MONTH_NAMES["de"])
    month_in_date = _alternatives(MONTH_NAMES["de"] | MONTH_ABBREVIATIONS["de"])
    weekday = _alternatives(WEEKDAYS["de"])
    number = _alternatives(NUMBER_WORDS["de"])
    one = _alternatives(ONE_WORDS["de"])
    count = rf"(?P<count>{COUNT_DIGITS}|(?i:{number}))"
    count_or_one = rf"(?P<count>{COUNT_DIGITS}|(?i:{number}|{one}))"
    units = _alternatives(UNITS["de"])
    rel = r"(?:letzt|vergangen|vorig|kommend|nächst)e[nmrs]?|diese[nmrs]?"
    part = r"(?P<part>Anfang|Mitte|Ende)"
    day_lead = r"(?:(?P<lead>(?i:seit dem|bis zum|ab dem|am|vom|seit|bis|ab)) )?"
    return [
        # "am Dienstag", "vom Sonntag", "am vergangenen Dienstagabend", "Dienstag letzter Woche"
        _rule(
            rf"(?:(?P<lead>(?i:am|vom|seit)) )?(?:(?P<rel>(?i:{rel})) )?(?P<weekday>{weekday})"
            r"(?:abend|morgen|vormittag|mittag|nachmittag|nacht)?"
            r"(?: (?:früh|abends|morgens|abend|morgen|nachmittag|vormittag))?"
            r"(?: (?P<week>(?:vergangen|letzt|vorig|kommend|nächst|dies)er Woche))?(?!\w)",
            resolve_weekday,
        ),
        _rule(
            rf"(?i:in der )?Nacht (?i:zum|zu|auf) (?P<weekday>{weekday})(?!\w)",
            resolve_night_before,
        ),
        # "Morgen" capitalised is the morning, not tomorrow.
        _rule(
            r"(?:(?P<lead>(?i:seit|bis|ab)) )?"
            r"(?P<word>(?i:vorgestern|übermorgen|gestern|heute)|morgen)"
            r"(?: (?:früh|[Mm]orgen|[Vv]ormittag|[Mm]ittag|[Nn]achmittag|[Aa]bend|[Nn]acht))?"
            r"(?!\w)",
            resolve_relative_day,
        ),
        _rule(
            r"(?:(?P<lead>(?i:am|vom|seit dem|bis zum)) |(?i:der|den|dem|die) )?"
            rf"(?P<word>(?i:vorgestrigen|gestrigen|heutigen|morgigen)) (?:{weekday})(?!\w)",
            resolve_relative_day,
        ),
        # "18. März 2025", "am Dienstag, dem 18. März", "18. Okt."
        _rule(
            rf"{day_lead}(?:(?P<weekday>{weekday}),? (?:(?i:den|dem) )?)?"
            rf"{DAY}\.\s*(?P<month>{month_in_date})(?!\w)(?P<month_number>)(?: {YEAR})?",
            resolve_explicit_date,
        ),
        _rule(
            rf"{day_lead}{DAY}\.\s?(?P<month_number>1[0-2]|0?[1-9])\.\s?{YEAR}",
            resolve_explicit_date,
        ),
        _rule(day_lead + ISO_DATE, resolve_explicit_date),
        # "vom 18. bis 20. März", "18.–20. März", "zwischen dem 18. und 20. März"
        _rule(
            rf"(?:(?i:vom|von|zwischen dem) )?{DAY}\.\s?(?:(?i:bis(?: zum)?|und) |[–-]\s?)"
            rf"{LAST_DAY}\.\s*(?P<month>{month_in_date})(?!\w)(?: {YEAR})?",
            resolve_day_range,
        ),
        # "im Oktober", "Mitte März", "seit Oktober 2024", "im Oktober vergangenen Jahres"
        _rule(
            rf"(?:(?P<lead>(?i:im|seit|bis|ab)) )?(?:{part} )?(?:(?P<rel>(?i:{rel})) )?"
            rf"(?P<month>{month})(?!\w)(?: {YEAR}| (?P<rel_year>(?:des )?(?:{rel}) Jahres))?",
            resolve_month,
        ),
        _rule(
            r"(?:(?P<lead>(?i:seit dem Jahr|bis zum Jahr|ab dem Jahr|im Jahre?|des Jahres|"
            rf"das Jahr|seit|bis|ab|in)) )?(?:{part} )?{YEAR}",
            _year_resolver("de"),
        ),
        _rule(rf"(?:(?i:von) )?{YEAR_DIGITS}(?: bis |\s?[–/-]\s?){LAST_YEAR}", resolve_year_range),
        _rule(rf"(?i:zwischen) {YEAR} und {LAST_YEAR}", resolve_year_range),
        _rule(
            r"(?:(?P<lead>(?i:seit den|in den|der|die|den)) )?(?P<decade>(?:19|20)\d)0er"
            r"(?:-Jahren?| Jahren?)?(?!\w)",
            resolve_decade,
        ),
        _rule(
            rf"(?:(?P<lead>(?i:im|seit dem|bis zum|ab dem)) )?"
            rf"(?P<season>{_alternatives(SEASONS['de'])}) {YEAR}",
            resolve_season,
        ),
        _rule(
            r"(?:(?P<lead>(?i:im|seit dem|bis zum)) )?(?P<ordinal>ersten|zweiten|dritten|vierten|"
            rf"[1-4]\.) (?:Quartal|Vierteljahr)(?:s|es)?(?: (?:des Jahres )?{YEAR})?(?P<q>)(?!\w)",
            resolve_quarter,
        ),
        _rule(rf"(?P<lead>)(?P<ordinal>)Q(?P<q>[1-4])(?: |/|-)?{YEAR}", resolve_quarter),
        # "letzte Woche", "im vergangenen Monat", "Ende nächsten Jahres"
        _rule(
            rf"(?:{part} )?(?:(?i:in der|in diesem|im|in|der|des|dem) )?(?P<rel>(?i:{rel})) "
            r"(?P<unit>Woche|Monats?|Jahr(?:es)?)(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            rf"(?:{part} )?(?:(?i:in der|im|der|des|dem) )?(?P<rel>Vor)"
            r"(?P<unit>woche|monats?|jahr(?:es)?)(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            rf"{part} (?:des|dieses|diesen) (?P<rel>)(?P<unit>Monats|Jahres)(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            r"(?:(?i:am|übers|über das|an) )?(?:(?P<rel>(?i:vergangenen|letzten|vorigen|"
            r"kommenden|nächsten|vergangenes|letztes|voriges|kommendes|nächstes|dieses|diesem)) )?"
            r"Wochenende(?!\w)",
            resolve_weekend,
        ),
        # "In den letzten Wochen", "in den vergangenen 30 Tagen", "der kommenden Monate"
        _rule(
            r"(?:(?i:in|während|innerhalb) )?(?:den|der) (?P<rel>(?i:letzten|vergangenen|"
            rf"zurückliegenden|kommenden|nächsten)) (?:{count} )?"
            r"(?P<unit>Tagen?|Wochen|Monaten?|Jahren?|Stunden)(?!\w)",
            resolve_window,
        ),
        _rule(rf"(?i:vor) {count_or_one} (?P<unit>{units})(?!\w)", resolve_ago),
        _rule(rf"(?i:seit) {count_or_one} (?P<unit>{units})(?!\w)", resolve_since_count),
        # "30 Tage lang", "für zwei Wochen", "drei Monate"
        _rule(
            rf"(?:(?P<lead>(?i:für)) )?{count_or_one} (?P<unit>{units})(?: (?P<long>lang))?"
            r"(?P<adjective>)(?!\w)",
            _duration_resolver("de"),
            duration=True,
        ),
        # "30-tägige", "zweiwöchigen", "dreimonatige"
        _rule(
            rf"(?P<lead>)(?P<long>)(?P<count>\d+|(?i:{number}|ein))-?"
            rf"(?P<adjective>(?P<unit>{_alternatives(UNIT_ADJECTIVES['de'])}))(?:e[nmrs]?)?(?!\w)",
            _duration_resolver("de"),
            duration=True,
        ),
    ]


def _rules_en() -> list[Rule]:
    month = _alternatives(MONTH_NAMES["en"])
    month_in_date = _alternatives(MONTH_NAMES["en"] | MONTH_ABBREVIATIONS["en"])
    weekday = _alternatives(WEEKDAYS["en"])
    number = _alternatives(NUMBER_WORDS["en"])
    one = _alternatives(ONE_WORDS["en"])
    count_or_one = rf"(?P<count>{COUNT_DIGITS}|(?i:{number}|{one}))"
    units = _alternatives(UNITS["en"])
    part = (
        r"(?P<part>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of))"
        r"(?:\s+|-)"
    )
    ordinal = r"(?:st|nd|rd|th)?"
    day_lead = r"(?:(?P<lead>(?i:on|since|until|till)) )?"
    return [
        # "on Tuesday", "Wednesday's call", "Tuesday night", "last Friday", "Monday next week"
        _rule(
            r"(?:(?P<lead>(?i:on|since|late on|early on|late|early)) )?"
            rf"(?:(?P<rel>(?i:last|next|this|past)) )?(?P<weekday>{weekday})"
            r"(?: (?:night|morning|afternoon|evening))?"
            r"(?: (?P<week>(?i:last|next|this)) week)?(?!\w)",
            resolve_weekday,
        ),
        _rule(
            r"(?:(?P<lead>(?i:since|until|till)) )?(?P<word>(?i:the day before yesterday|"
            r"the day after tomorrow|yesterday|today|tomorrow|tonight|last night|this morning|"
            r"this afternoon|this evening))(?: (?:morning|afternoon|evening|night))?(?!\w)",
            resolve_relative_day,
        ),
        # "March 18, 2025", "on Tuesday, March 18", "Oct. 7"
        _rule(
            rf"{day_lead}(?:(?P<weekday>{weekday}),? )?(?P<month>{month_in_date}) {DAY}{ordinal}"
            rf"(?!\w|[.:,]?\d)(?P<month_number>)(?:,? {YEAR})?",
            resolve_explicit_date,
        ),
        # "18 March 2025", "the 18th of March"
        _rule(
            rf"{day_lead}(?:(?P<weekday>{weekday}),? )?(?:(?i:the) )?{DAY}{ordinal} (?:(?i:of) )?"
            rf"(?P<month>{month_in_date})(?!\w)(?P<month_number>)(?:,? {YEAR})?",
            resolve_explicit_date,
        ),
        _rule(day_lead + ISO_DATE, resolve_explicit_date),
        # "March 18-20", "from March 18 to 20", "18-20 March"
        _rule(
            rf"(?:(?i:from|between) )?(?P<month>{month_in_date}) {DAY}{ordinal}"
            rf"(?:\s?[–-]\s?| (?:to|and|through|until) ){LAST_DAY}{ordinal}"
            rf"(?!\w|[.:,]?\d)(?:,? {YEAR})?",
            resolve_day_range,
        ),
        _rule(
            rf"(?:(?i:from|between) )?(?:(?i:the) )?{DAY}{ordinal}(?:\s?[–-]\s?| (?:to|and|until) )"
            rf"(?:(?i:the) )?{LAST_DAY}{ordinal} (?:(?i:of) )?"
            rf"(?P<month>{month_in_date})(?!\w)(?:,? {YEAR})?",
            resolve_day_range,
        ),
        # "in February", "early March", "mid-March", "since March 2024", "next October"
        _rule(
            rf"(?:(?P<lead>(?i:in|since|until|till|during)) )?(?:{part})?"
            rf"(?:(?P<rel>(?i:last|next|this)) )?(?P<month>{month})(?!\w)"
            rf"(?:,? (?:(?i:of) )?{YEAR}| (?P<rel_year>(?:(?i:of) )?(?i:last|next|this) year))?",
            resolve_month,
        ),
        _rule(
            rf"(?:(?P<lead>(?i:in the year|since|until|till|during|in)) )?(?:{part})?{YEAR}",
            _year_resolver("en"),
        ),
        _rule(
            rf"(?:(?i:from) )?{YEAR_DIGITS}(?: (?:to|until|through) |\s?[–/-]\s?){LAST_YEAR}",
            resolve_year_range,
        ),
        _rule(rf"(?i:between) {YEAR} and {LAST_YEAR}", resolve_year_range),
        _rule(
            r"(?:(?P<lead>(?i:since the|in the|during the|the)) )?(?P<decade>(?:19|20)\d)0s(?!\w)",
            resolve_decade,
        ),
        _rule(
            rf"(?:(?P<lead>(?i:in|since|until|during)) )?(?:(?i:the) )?"
            rf"(?P<season>(?i:{_alternatives(SEASONS['en'])})) (?:(?i:of) )?{YEAR}",
            resolve_season,
        ),
        _rule(
            r"(?:(?P<lead>(?i:in|since|until|during)) )?(?i:the) "
            rf"(?P<ordinal>(?i:first|second|third|fourth)) (?i:quarter)(?: (?i:of) {YEAR})?"
            r"(?P<q>)(?!\w)",
            resolve_quarter,
        ),
        _rule(rf"(?P<lead>)(?P<ordinal>)Q(?P<q>[1-4])(?: |/|-)?{YEAR}", resolve_quarter),
        # "last week", "earlier this month", "late last year"
        _rule(
            r"(?:(?P<part>(?i:early|mid|late|the end of|the beginning of|the start of|"
            r"the middle of|earlier|later))(?:\s+|-))?(?P<rel>(?i:last|next|this)) "
            r"(?P<unit>(?i:week|month|year))(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            r"(?P<part>(?i:the end of|the beginning of|the start of|the middle of)) (?i:the) "
            r"(?P<rel>)(?P<unit>(?i:month|year))(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            r"(?:(?i:at|over|on|during) )?(?:(?i:the) )?(?:(?P<rel>(?i:last|next|this|past)) )?"
            r"(?i:weekend)(?!\w)",
            resolve_weekend,
        ),
        # "in recent weeks", "over the past two weeks", "in the coming days"
        _rule(
            r"(?:(?i:in|over|during|for|within) )?(?i:the) (?P<rel>(?i:last|past|next|coming)) "
            rf"(?:(?P<count>{COUNT_DIGITS}|(?i:{number}|few)) )?(?P<unit>(?i:{units}))(?!\w)",
            resolve_window,
        ),
        _rule(
            r"(?:(?i:in|over|during) )?(?P<rel>(?i:recent)) (?P<count>)"
            r"(?P<unit>(?i:days|weeks|months|years))(?!\w)",
            resolve_window,
        ),
        _rule(rf"{count_or_one} (?P<unit>{units}) (?i:ago)(?!\w)", resolve_ago),
        # "for 30 days", "two weeks", "three months long"
        _rule(
            rf"(?:(?P<lead>(?i:for)) )?{count_or_one} (?P<unit>(?i:{units}))(?P<long> long)?"
            r"(?P<adjective>)(?!\w)",
            _duration_resolver("en"),
            duration=True,
        ),
        # "30-day", "a 90-day review", "two-week" (but not "five-year-old")
        _rule(
            rf"(?P<lead>)(?P<long>)(?P<count>\d+|(?i:{number}|one))-"
            rf"(?P<adjective>(?P<unit>{_alternatives(UNIT_ADJECTIVES['en'])}))(?!\w|-old)",
            _duration_resolver("en"),
            duration=True,
        ),
    ]


RULES = {"de": _rules_de(), "en": _rules_en()}
NAME_PATTERNS = {
    language: re.compile(rf"(?<!\w)(?:{_alternatives(names)})(?!\w)")
    for language, names in NAMES.items()
}


# --- Finding -----------------------------------------------------------------


def _candidates(text: str, language: str, published: datetime.date):
    for rule in RULES[language]:
        position = 0
        while match := rule.pattern.search(text, position):
            try:
                edtf = rule.resolve(match, published)
            except (OverflowError, ValueError):
                # Resolved past the calendar's ends ("morgen" on 31 December 9999): no date.
                edtf = None
            if edtf:
                kind = "duration" if rule.duration else _kind(edtf)
                yield DateMention(match.start(), match.end(), match[0], edtf, kind)
                position = match.end()
            else:
                # A rejected match may hide a shorter, valid one inside it.
                position = match.start() + 1


def find_dates(text: str, language: str, published: datetime.date) -> list[DateMention]:
    """Date expressions in text, resolved against the publication date, in order of start offset."""
    if language not in RULES:
        raise ValueError(
            f"Unsupported language {language!r}: find_dates understands "
            f"{' and '.join(map(repr, LANGUAGES))}."
        )
    names = [match.span() for match in NAME_PATTERNS[language].finditer(text)]
    chosen: list[DateMention] = []
    # Longest first, so "18.03.2024" wins over the "2024" inside it.
    for mention in sorted(
        _candidates(text, language, published), key=lambda m: (m.start - m.end, m.start)
    ):
        if any(mention.start < end and start < mention.end for start, end in names):
            continue
        if any(mention.start < other.end and other.start < mention.end for other in chosen):
            continue
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)
