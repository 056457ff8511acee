"""Find date expressions in German and English news text and resolve them to EDTF.

Why a tagger of our own: dateparser's text search reads German function words
as dates ("die" as Dienstag, "mit" as Mittwoch) and HeidelTime needs Java. The
expressions news reporting uses are few enough for word tables and a short list
of pattern -> resolver rules, resolved against the article's publication date.
Calendar arithmetic and EDTF shapes come from `timeline.dates`, the one home
for both; the supported languages from `timeline.languages`.

Each mention's ``kind`` comes from its value as `dates.parse` reads it: a
point is "date" (a day, ``2025-03-18``, also an approximate day
``2025-03-04~``), "month" (``2024-10``), "year" (``2024``), "season"
(``2024-22``, summer 2024; quarters are level-2 codes, ``2025-33`` is the first
quarter) or "decade" (``199X``); an interval is "interval" (``2025-03-18/
2025-04-16``, the open ``2022/..`` and ``../2030``); one day or month of a set
is "set" (``[2025-03-10..2025-03-16]``); an ISO 8601 duration (``P30D``,
``PT48H``, not EDTF) is "duration".

Which way a date without a year looks (a weekday, a day and month, a month, a
holiday):

- Past is the default, because news reports the past: a weekday is the most
  recent such day on or before publication, a month the most recent on or
  before it (the publication day or month included).
- A day and month without a year ("9. Mai", "May 9", a part of a month such as
  "Mitte Januar", a holiday such as "Ostermontag") that begins within the
  WEEKS_AHEAD (8) weeks after publication is read there, never a year back:
  an article of 6 May that says "until May 9" means 9 May of that year; one
  of 20 December that says "January 10" means the coming January. Further
  ahead, the most recent one on or before publication. A weekday written with
  the date ("Freitag, 21. März") picks the year in which it fits.
- In a future clause a weekday, day, month or holiday is the nearest on or
  after publication. A weekday equal to publication's own is that same day:
  "Trump will am Dienstag mit Putin sprechen" in an article of Tuesday 18 March
  means 18 March (a writer meaning a week later says "nächsten Dienstag").
- A clause is the text around the mention up to sentence punctuation, a
  semicolon or colon, brackets, quotation marks, a spaced dash, a comma (a
  comma segment holding nothing but the mention joins the next segment, so
  "On Tuesday, Trump will ..." is one clause), a subordinating conjunction
  ("dass", "weil", "that", "which", "while", "because" ...) and a coordinating
  one ("und", "oder", "aber", "and", "but", "or") when a lower-case word other
  than a preposition follows it ("sprach am Dienstag ... und will am Freitag").
- Future markers, German: a present form of "wollen" or "sollen" ("will",
  "wollen", "wolle", "soll", "sollen", "solle"), unless the clause ends in a
  perfect infinitive ("soll am Sonntag gesprochen haben" is hearsay about the
  past); a present form of "werden" (werde, wirst, wird, werden, werdet) with
  a verb at the clause end or just before it: an infinitive ("sprechen",
  "anrufen", "tun", "sein") or a participle of a passive with future meaning
  ("wird am Freitag unterzeichnet"); "geplant", "bevorstehend", "vorgesehen",
  "angesetzt", "anberaumt", "voraussichtlich", "plant"/"planen",
  "erwartet"/"erwarten", "rechnet"/"rechnen", and "kommend" unless it is part
  of a date ("kommende Woche" has its own meaning). Not markers: "wurde",
  "worden", "würde" (reported or hypothetical), "wollte", "sollte", and
  "werden" with an adjective or a noun ("es wird kalt", "er wird Präsident").
- English: "will", "shall", "'ll" or "won't" as a modal before a verb (not
  "the will of the people", "free will", "the political will to"), "is/are
  set to", "expected to", "due to", "scheduled", "slated", "poised",
  "going to", "likely", "plans to"/"planning to"/"planned", "intends to",
  "expects", "upcoming", "forthcoming"; a bare "set to", "expected to",
  "slated to" or "poised to" before a verb (headline style). A mention within
  three words of a past-tense reporting verb ("said on Tuesday he will ...",
  "on Tuesday announced") is dated by that verb: past.
- A plan told in the past tense dates nothing ahead: the plan words above
  ("geplant", "erwartet", "scheduled", "expected to" ...) do not count in a
  clause with "war", "wurde", "hatte", "worden" or "was", "were", "had" ("war
  für Freitag geplant", "was scheduled for Monday"); modals and "werden" do.
- In a future clause a weekday listed after another ("am Dienstag und
  Mittwoch", "on Monday or Tuesday") is the next such day after the first.
- "bis"/"until"/"till"/"through" look ahead, unless their clause is in the
  past perfect ("Bis Sonntag hatte Russland ... zurückerobert", "had held the
  town until Sunday", with no future marker; then ``../X`` with X the most
  recent one; "wurde bis Freitag verlängert" still ends ahead). A weekday
  after them is the next
  one after publication (never publication's own day: a period that ends the
  day it starts is written "bis heute Abend"), a day, month or holiday the
  nearest on or after publication. When that end is a single day after
  publication ("bis Freitagabend", "bis morgen", "until May 9", "through
  Sunday") the period runs from publication: ``2025-03-19/2025-03-21`` for
  "bis Freitagabend" in an article of Wednesday 19 March. When it is coarser
  ("bis Ende Mai", "bis März", "until 2030") or not after publication ("bis
  heute") the text gives no start: ``../2025-05-31``. "ab sofort",
  "from now", "effective immediately" and the like right before them, or a
  "seit"/"ab"/"since" date right before them ("ab heute bis Freitag", "seit
  2022 bis heute"), give the start.
- "seit X"/"since X" give ``X/..`` and look back; "ab X", "starting X",
  "beginning X" and "effective X" give ``X/..`` and look ahead (on or after
  publication); a weekday after "vom" ("die Kommentare vom Sonntag") looks
  back. A time of day may stand between "bis"/"until" and the day: "bis
  Mitternacht am Sonntag", "until midnight on Sunday".
- "last"/"letzten"/"vergangenen" before a weekday or month exclude the
  publication day or month itself; "next"/"nächsten"/"kommenden" look ahead and
  exclude it too.

Honest precision. One day somewhere in a calendar period is a one-of-a-set
value, never a span: "letzte Woche"/"last week" in an article of Tuesday
18 March 2025 is ``[2025-03-10..2025-03-16]`` (ISO weeks, Monday to Sunday),
likewise "diese Woche", "nächste Woche", "earlier this week" (Monday to
publication), "later this week" (publication to Sunday), parts of a week
("Anfang der Woche"/"early this week" Monday-Wednesday, "Mitte der Woche"
Tuesday-Thursday, "Ende der Woche"/"the end of the week" Thursday-Sunday),
weekends (Saturday or Sunday; in a future clause the coming weekend), parts of
a month (Anfang/early/the beginning of = days 1-10, Mitte/mid = 11-20,
Ende/late/the end of = 21 to the last day) and parts of a year (one month of
January-April, May-August, September-December: "late last year" is
``[2024-09..2024-12]``). Quarters are EDTF level-2 codes (``2025-33`` to
``2025-36``). Explicit ranges stay intervals ("vom 10. bis 16. März",
"10-16 March", "between 10 and 16 March", "vom 28. Februar bis 3. März",
"von Montag bis Mittwoch", "2024/25"), as do "in der Nacht zum Dienstag"
(the night covers both days) and windows that end or start at publication.

Windows. With a number or a singular ("in den letzten 30 Tagen", "over the
past week", "in den nächsten zwei Wochen") the window is exact and, like every
interval here, counts both end days: 30 days ending on 18 March 2025 are
``2025-02-17/2025-03-18``, the past week ``2025-03-12/2025-03-18``. Vague ones
("in den letzten Wochen", "in recent weeks", "in the coming days", "the past
few months") never invent a day: the far end lies about 7 days, 4 weeks,
3 months or 3 years away and is given approximate (``~``) at the precision the
unit carries: a day for days, a month for weeks and months, a year for years
("In den letzten Wochen" in that article is ``2025-02~/2025-03-18``).
"vor drei Tagen"/"three days ago" is a date, weeks ago an approximate date,
months ago a month, years ago a year; "seit drei Jahren" is an open interval
from that point.

Holidays with a computable date resolve like a day and month: movable feasts
from Easter (`dateutil.easter`; Aschermittwoch/Ash Wednesday, Palmsonntag/Palm
Sunday, Gründonnerstag/Maundy Thursday, Karfreitag/Good Friday, Karsamstag/Holy
Saturday, Ostersonntag/Easter Sunday, Ostermontag/Easter Monday, Weißer
Sonntag, Christi Himmelfahrt/Ascension Day, Pfingstsonntag/Whit Sunday,
Pfingstmontag/Whit Monday, Fronleichnam), Orthodox Easter with "orthodox"
before the name ("das orthodoxe Osterfest", "Orthodox Easter"), and fixed days
(Neujahr/New Year's Day, Tag der Arbeit/May Day, Tag des Sieges/Victory Day
9 May, Tag der Deutschen Einheit, Heiligabend/Christmas Eve, erster and zweiter
Weihnachtstag/Christmas Day, Boxing Day, Silvester/New Year's Eve, Orthodox
Christmas 7 January). "Weihnachten" is one of 24-26 December; "Ostern",
"Easter" and "Pfingsten" are their Sunday. Names that are also words or parts
of names ("Ostern", "Easter", "Weihnachten", "Christmas", "Silvester",
"Neujahr", "New Year", "Himmelfahrt", "Pentecost") need a preposition before
them, "orthodox" or a year ("zu Ostern", "at Christmas", "Easter 2024"), so
"Easter Island", "an Easter truce" and "the Good Friday Agreement" stay
untagged.

Everything else:

- Spans include the words that give an expression its meaning: temporal
  prepositions ("am Dienstag", "vom Sonntag", "on Tuesday", "im Oktober",
  "in 2022", "seit 2022", "In den letzten Wochen"), modifiers ("letzte Woche",
  "Mitte März", "early March"), and "lang"/"for" on durations ("30 Tage lang",
  "for 30 days"). A possessive is left out: "Wednesday" in "Wednesday's call".
- A count with a unit is a duration even without "lang"/"for" ("drei Monate",
  "30 Tage", "72-Stunden-Waffenruhe") when the count is digits or a number word
  from two to twelve. Hours stay hours: "48-stündige", "48 Stunden lang",
  "for 48 hours" and "a 30-hour truce" are ``PT48H`` and ``PT30H``.
  "ein"/"eine"/"a"/"one" count only with "lang", "für"/"for" or as an
  adjective ("eintägig", "one-day"), so "one day he said" and "ein Tag der
  Trauer" stay untagged. "-jährig"/"-year-old" are ages, not durations.
- Month names alone never fire. A month needs a preposition or modifier ("im",
  "seit", "Mitte", "in", "since", "early", "last"...), a year or a day next to
  it, and English month names must be capitalised, so "they may agree", "they
  march", "August Diehl" and "Maik" stay untagged.
- Weekday names fire alone but not inside other words ("Sonntagszeitung",
  "Fridays for Future"), and not in names such as "Welt am Sonntag", "Mail on
  Sunday", "Super Tuesday", "Black Friday" or "Bloody Sunday".
- Years are 1900-2100 and never part of a bigger number, a decimal, a date
  already found, a money amount or a percentage. A bare year (or "in 2024")
  is dropped when it reads as a count: German followed on the same line by a
  capitalised word ("2024 Menschen"), English followed by a plural-looking word
  without a determiner before the year ("2024 people", but "the 2024
  elections" is kept), either one preceded by "rund"/"etwa"/"about"/"more than"
  and the like, or by a label such as "Artikel", "Resolution" or "flight".
- Numeric dates are German day.month.year, ISO dates (``2025-03-18``, also with
  a time) and ISO year-months (``2025-03``), never inside a longer number, a
  URL, a file name or an ID. A year-month whose month is the year's next two
  digits ("2011-12") is the span of years it usually means. Slashed dates such
  as 03/04/2025 are left alone because the order of day and month is
  unknowable.

Limits, known and left alone: no full tense analysis (English present
progressive "is meeting Putin on Friday" and "would" stay past; German
"würde" too; a simple past does not stop the weeks-after rule, so "met on
January 10" in an article of 20 December is the coming 10 January);
"bis"/"until" in a simple past clause ("dauerten bis zum 9. Mai" written on
20 May) still looks ahead; "by Friday" is not read as a deadline; clock times
are ignored; a part of a month just inside the weeks ahead and one just
outside them ("Anfang Mai" and "Ende Mai" in March) land in different years.
"""

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter
from django.core.exceptions import ValidationError

from timeline import dates, languages

__all__ = ["KINDS", "WEEKS_AHEAD", "DateMention", "find_dates"]

KINDS = ("date", "month", "year", "season", "decade", "interval", "set", "duration")

# A day and month without a year this close after publication is read ahead.
WEEKS_AHEAD = 8


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
# EDTF level-2 code of the first quarter; the others follow (2025-33 ... 2025-36).
FIRST_QUARTER_CODE = 33
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
# Days of a part of a month, months of a part of a year, weekdays of a part of a week.
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
WEEK_PARTS = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}
RELATIVE_DAYS = {
    "vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2,
    "vorgestrigen": -2, "gestrigen": -1, "heutigen": 0, "morgigen": 1,
    "the day before yesterday": -2, "yesterday": -1, "last night": -1,
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
    "this evening": 0, "tomorrow": 1, "the day after tomorrow": 2,
}
# Holidays: ("easter", days after Easter Sunday) or ("fixed", month, day); "christmas" is one
# of 24-26 December. Names in BARE_HOLIDAYS are also ordinary words or parts of names.
HOLIDAYS = {
    "de": {
        "Aschermittwoch": ("easter", -46), "Palmsonntag": ("easter", -7),
        "Gründonnerstag": ("easter", -3), "Karfreitag": ("easter", -2),
        "Karsamstag": ("easter", -1), "Ostersonntag": ("easter", 0), "Ostern": ("easter", 0),
        "Osterfest": ("easter", 0), "Ostermontag": ("easter", 1),
        "Weißer Sonntag": ("easter", 7), "Weißen Sonntag": ("easter", 7),
        "Christi Himmelfahrt": ("easter", 39), "Himmelfahrt": ("easter", 39),
        "Pfingstsonntag": ("easter", 49), "Pfingsten": ("easter", 49),
        "Pfingstmontag": ("easter", 50), "Fronleichnam": ("easter", 60),
        "Neujahr": ("fixed", 1, 1), "Neujahrstag": ("fixed", 1, 1),
        "Tag der Arbeit": ("fixed", 5, 1), "Maifeiertag": ("fixed", 5, 1),
        "Tag des Sieges": ("fixed", 5, 9), "Tag der Deutschen Einheit": ("fixed", 10, 3),
        "Heiligabend": ("fixed", 12, 24), "Heiligen Abend": ("fixed", 12, 24),
        "Heiliger Abend": ("fixed", 12, 24),
        "Weihnachten": ("christmas",), "Weihnachtsfest": ("christmas",),
        "ersten Weihnachtstag": ("fixed", 12, 25), "erster Weihnachtstag": ("fixed", 12, 25),
        "ersten Weihnachtsfeiertag": ("fixed", 12, 25),
        "erster Weihnachtsfeiertag": ("fixed", 12, 25),
        "1. Weihnachtstag": ("fixed", 12, 25), "1. Weihnachtsfeiertag": ("fixed", 12, 25),
        "zweiten Weihnachtstag": ("fixed", 12, 26), "zweiter Weihnachtstag": ("fixed", 12, 26),
        "zweiten Weihnachtsfeiertag": ("fixed", 12, 26),
        "zweiter Weihnachtsfeiertag": ("fixed", 12, 26),
        "2. Weihnachtstag": ("fixed", 12, 26), "2. Weihnachtsfeiertag": ("fixed", 12, 26),
        "Silvester": ("fixed", 12, 31),
    },
    "en": {
        "Ash Wednesday": ("easter", -46), "Palm Sunday": ("easter", -7),
        "Maundy Thursday": ("easter", -3), "Holy Thursday": ("easter", -3),
        "Good Friday": ("easter", -2), "Holy Saturday": ("easter", -1),
        "Easter Sunday": ("easter", 0), "Easter Day": ("easter", 0), "Easter": ("easter", 0),
        "Easter Monday": ("easter", 1), "Ascension Day": ("easter", 39),
        "Whit Sunday": ("easter", 49), "Whitsunday": ("easter", 49),
        "Pentecost": ("easter", 49), "Whit Monday": ("easter", 50),
        "Whitmonday": ("easter", 50),
        "New Year's Day": ("fixed", 1, 1), "New Year’s Day": ("fixed", 1, 1),
        "New Year": ("fixed", 1, 1), "May Day": ("fixed", 5, 1),
        "Victory Day": ("fixed", 5, 9),
        "Christmas Eve": ("fixed", 12, 24), "Christmas Day": ("fixed", 12, 25),
        "Christmas": ("fixed", 12, 25), "Boxing Day": ("fixed", 12, 26),
        "New Year's Eve": ("fixed", 12, 31), "New Year’s Eve": ("fixed", 12, 31),
    },
}
BARE_HOLIDAYS = {
    "Ostern", "Osterfest", "Pfingsten", "Himmelfahrt", "Weihnachten", "Weihnachtsfest",
    "Silvester", "Neujahr", "Easter", "Pentecost", "Christmas", "New Year",
}
# Words (lower-cased) that may stand before a bare holiday name.
HOLIDAY_PREPOSITIONS = {
    "de": ("an", "am", "zu", "zum", "über", "übers", "bis", "seit", "ab", "vor", "nach", "um",
           "gegen", "seit dem", "bis zum", "ab dem", "kurz vor", "kurz nach"),
    "en": ("at", "on", "over", "until", "till", "through", "since", "before", "after", "by",
           "for", "around", "during", "ahead of", "by the", "since the"),
}
# Proper names that contain a weekday, a month or a holiday but date nothing.
NAMES = {
    "de": (
        "Welt am Sonntag", "Bild am Sonntag", "Tagesspiegel am Sonntag",
        "Schwarzer Freitag", "Black Friday", "Cyber Monday", "Super Tuesday",
    ),
    "en": (
        "Mail on Sunday", "Independent on Sunday", "Sunday Times",
        "Sunday Telegraph", "Sunday Express", "Sunday Mirror", "Sunday Post",
        "Black Friday", "Cyber Monday", "Super Tuesday", "Bloody Sunday", "Black Monday",
        "Blue Monday", "Theresa May", "Brian May", "Good Friday Agreement",
        "Easter Island", "Easter Rising", "Christmas Island",
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

# Leads that open an interval, and leads that say which way a date looks.
SINCE_LEADS = {"seit", "ab", "since", "starting", "beginning", "effective"}
UNTIL_LEADS = {"bis", "until", "till", "through"}
LOOK_BACK_LEADS = {"seit", "since"}
LOOK_AHEAD_LEADS = {"ab", "starting", "beginning", "effective"}
# Right before "bis"/"until": the period starts at publication.
NOW_CUE = re.compile(
    r"(?<!\w)(?i:ab sofort|ab jetzt|von jetzt an|von nun an|mit sofortiger Wirkung|vorerst|"
    r"from now|starting now|as of now|effective immediately|with immediate effect|"
    r"starting today)\s+$"
)


def _flatten(*tables: dict[str, dict]) -> dict:
    return {
        word: value for table in tables for words in table.values() for word, value in words.items()
    }


MONTH_NUMBERS = _flatten(MONTH_NAMES, MONTH_ABBREVIATIONS)
WEEKDAY_NUMBERS = _flatten(WEEKDAYS)
QUARTER_NUMBERS = _flatten(QUARTERS)
HOLIDAY_DAYS = _flatten(HOLIDAYS)
COUNT_WORDS = _flatten(NUMBER_WORDS) | {word: 1 for words in ONE_WORDS.values() for word in words}


# --- Calendar: every shift and period end through timeline.dates -------------

ONE_WEEK = dates.Duration(weeks=1)
ONE_MONTH = dates.Duration(months=1)
ONE_YEAR = dates.Duration(years=1)


def _month_edtf(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _monday(day: datetime.date) -> datetime.date:
    return dates.shift(day, -day.weekday(), "D")


def _month_end(year: int, month: int) -> datetime.date:
    return ONE_MONTH.last_day(datetime.date(year, month, 1))


def _span(first, last) -> str:
    """An interval of days, or the one day when both ends are the same."""
    return f"{first}/{last}" if first != last else str(first)


def _one_of(first, last) -> str:
    """One day (or month) somewhere from `first` to `last`: an EDTF one-of-a-set range."""
    return f"[{first}..{last}]" if first != last else str(first)


def _days_of_part(year: int, month: int, part: str) -> tuple[datetime.date, datetime.date]:
    first, last = MONTH_PARTS[part]
    end = _month_end(year, month) if part == "late" else datetime.date(year, month, last)
    return datetime.date(year, month, first), end


def _part_of_month(year: int, month: int, part: str) -> str:
    return _one_of(*_days_of_part(year, month, part))


def _part_of_year(year: int, part: str) -> str:
    first, last = YEAR_PARTS[part]
    return _one_of(_month_edtf(year, first), _month_edtf(year, last))


def _part_of_week(monday: datetime.date, part: str) -> str:
    first, last = WEEK_PARTS[part]
    return _one_of(dates.shift(monday, first, "D"), dates.shift(monday, last, "D"))


def _quarter_edtf(year: int, quarter: int) -> str:
    return f"{year:04d}-{FIRST_QUARTER_CODE + quarter - 1}"


# Which way a date without a year looks: "past" (the default), "ahead" (a future clause, "ab"),
# "until" ("bis", "until": ahead, a weekday never today) and "back" ("seit", a weekday after
# "vom", "bis" in the past perfect).


def _weekday_from(published: datetime.date, weekday: int, mode: str) -> datetime.date:
    """The weekday nearest publication in the direction `mode` asks for."""
    if mode == "ahead":
        offset = (weekday - published.weekday()) % 7
    elif mode == "until":
        offset = (weekday - published.weekday()) % 7 or 7
    else:
        offset = -((published.weekday() - weekday) % 7)
    return dates.shift(published, offset, "D")


YearlySpan = Callable[[int], tuple[datetime.date, datetime.date] | None]


def _occurrence(
    in_year: YearlySpan, published: datetime.date, mode: str, weekday: int | None = None
) -> tuple[datetime.date, datetime.date] | None:
    """The occurrence of a yearly day (or run of days) that `mode` asks for, or None.

    `in_year(year)` gives (first, last) day in that year, or None where the
    year has no such day (29 February, 31 April). Ahead: the nearest not over
    by publication; back: the nearest begun by it; past: ahead when that
    begins within WEEKS_AHEAD weeks of publication, else back. A weekday
    written with the date picks the one in which it fits.
    """

    def search(step: int):
        # Five years reach the nearest 29 February from any publication date.
        for year in range(published.year, published.year + 5 * step, step):
            span = in_year(year)
            if span and ((span[1] >= published) if step > 0 else (span[0] <= published)):
                return span
        return None

    ahead, back = search(1), search(-1)
    if weekday is not None:
        fitting = {span for span in (ahead, back) if span and span[0].weekday() == weekday}
        if len(fitting) == 1:
            return fitting.pop()
    if mode in ("ahead", "until"):
        return ahead
    if mode == "back":
        return back
    if ahead and (ahead[0] - published).days <= WEEKS_AHEAD * 7:
        return ahead
    return back


def _day_in_year(month: int, day: int) -> YearlySpan:
    def in_year(year: int):
        try:
            found = datetime.date(year, month, day)
        except ValueError:  # 29 February in a common year, or 31 April: look further
            return None
        return found, found

    return in_year


def _year_of_month(published: datetime.date, month: int, mode: str) -> int:
    """Year of the nearest `month` on or before (ahead: on or after) publication's month."""
    if mode in ("ahead", "until"):
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _holiday_in_year(holiday: tuple, orthodox: bool) -> YearlySpan:
    """(first, last) day of a holiday in a year; Weihnachten is 24-26 December."""

    def in_year(year: int):
        if holiday[0] == "easter":
            sunday = easter(year, EASTER_ORTHODOX if orthodox else EASTER_WESTERN)
            day = dates.shift(sunday, holiday[1], "D")
        elif orthodox and (holiday[0] == "christmas" or holiday[1:] == (12, 25)):
            day = datetime.date(year, 1, 7)  # 25 December by the Julian calendar, 1901-2099
        elif holiday[0] == "christmas":
            return datetime.date(year, 12, 24), datetime.date(year, 12, 26)
        else:
            day = datetime.date(year, holiday[1], holiday[2])
        return day, day

    return in_year


# --- Clauses: does the text around a mention speak of the future? ------------

# Sentence punctuation, brackets, quotation marks, spaced dashes; commas and colons not
# between digits. A full stop is checked for ordinals and abbreviations in `_ends_sentence`.
CLAUSE_MARKS = re.compile(
    r"[!?;()\[\]„“”\"«»\n]|(?<!\d)[,:]|[,:](?!\d)|\s[–—-]\s|\.(?=[\s\"“”»)]|$)"
)
ABBREVIATIONS = {
    "jan", "feb", "febr", "mrz", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt",
    "oct", "nov", "dez", "dec", "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep",
    "gov", "lt", "col", "sgt", "jr", "sr", "inc", "ltd", "co", "corp", "nr", "bzw", "ca",
    "vs", "usw", "evtl", "ggf", "vgl", "bzgl", "inkl", "mio", "mrd", "bspw", "sog", "abs",
    "no", "approx",
}  # fmt: skip
# Subordinating conjunctions always open a clause; coordinating ones only before a
# lower-case word that is not a preposition ("und will am Freitag", not "und am Freitag").
CONJUNCTIONS = {
    "de": re.compile(
        r"(?<!\w)(?:dass|weil|obwohl|nachdem|falls|sodass)(?!\w)"
        r"|(?<!\w)(?:und|oder|aber|sondern|sowie)(?=\s+[a-zäöüß])"
        r"(?!\s+(?:am|an|im|in|vom|von|bis|seit|ab|zum|zur|zu|um|gegen|nach|vor|zwischen|"
        r"über|übers|kurz|spätestens|frühestens)(?!\w))"
    ),
    "en": re.compile(
        r"(?<!\w)(?:that|which|who|whom|whose|while|whereas|although|though|because|"
        r"whether|unless|if|when)(?!\w)"
        r"|(?<!\w)(?:and|but|or|yet)(?=\s+[a-z])"
        r"(?!\s+(?:on|at|in|by|from|until|till|through|since|during|for|early|late|mid|last|"
        r"next|this|the\s+(?:day|weekend|week|month|year|end|beginning|start|middle|\d))(?!\w))"
    ),
}
# Words that leave a comma segment without a clause of its own ("On Tuesday, Trump will ...").
FILLER_WORDS = {
    "und", "dann", "aber", "doch", "auch", "so", "noch", "bereits", "schon", "erst", "nun",
    "and", "but", "then", "also", "already", "only", "just", "even", "now",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

MODALS_DE = re.compile(
    r"(?<!\w)(?:will|willst|wollen|wollt|wolle|wollest|soll|sollst|sollen|sollt|solle|"
    r"sollest)(?!\w)",
    re.IGNORECASE,
)
WERDEN_FORMS = {"werde", "wirst", "wird", "werden", "werdet"}
PLANS_DE = re.compile(
    r"(?<!\w)(?i:geplant|bevorstehend|vorgesehen|angesetzt|anberaumt|voraussichtlich)\w*"
    r"|(?<!\w)(?:plant|planen|plane|erwarte|erwartest|erwartet|erwarten|rechnet|rechnen)(?!\w)"
)
# A plan told in the past tense ("war für Freitag geplant") dates nothing ahead.
PAST_TENSE_DE = re.compile(
    r"(?<!\w)(?:war|waren|warst|wurde|wurden|hatte|hatten|gewesen|worden)(?!\w)", re.IGNORECASE
)
# "kommend" marks a clause unless it belongs to a date of its own ("kommende Woche").
KOMMEND = re.compile(
    r"(?<!\w)(?i:kommende?[nmrs]?)(?!\w)(?!\s+(?:Woche|Wochen|Wochenende|Monat|Monats|Monate|"
    r"Monaten|Jahr|Jahres|Jahre|Jahren|Tag|Tage|Tagen|Stunden|Quartal|Frühjahr|Sommer|Herbst|"
    r"Winter|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Januar|"
    r"Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)(?!\w))"
)
# Inseparable prefixes and the like: "erwartet", "verlängert", "unterzeichnet" are participles.
PARTICIPLE_PREFIXES = (
    "be", "emp", "ent", "er", "ge", "miss", "ver", "zer", "unter", "über", "hinter", "wider",
)  # fmt: skip
# Lower-case words ending in -en that are not verbs.
NOT_VERBS = {
    "den", "denen", "einen", "ihnen", "ihren", "seinen", "meinen", "unseren", "euren", "deren",
    "dessen", "wegen", "zwischen", "neben", "oben", "unten", "morgen", "gestern", "vorgestern",
    "übermorgen", "allen", "diesen", "jenen", "welchen", "beiden", "anderen", "vielen",
    "einigen", "solchen", "keinen", "jeden", "werden", "worden", "eben", "selten", "offen",
    "zusammen", "gegen", "binnen", "nicht", "erst", "jetzt", "selbst", "zuletzt", "zunächst",
    "längst", "sonst", "meist", "bereit",
}  # fmt: skip

WILL_EN = re.compile(r"(?<![\w'’])(?:will|shall)(?!\w)")
CONTRACTED_WILL_EN = re.compile(r"\w['’]ll(?!\w)|(?<!\w)won['’]t(?!\w)")
# Before "will", these make it a noun: "the will of the people", "free will", "Putin's will".
WILL_AS_NOUN_AFTER = {
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
    "whose", "free", "good", "ill", "political", "popular", "public", "own", "strong", "iron",
    "collective", "general", "sheer", "no", "last",
}  # fmt: skip
WILL_ADVERBS = (
    r"(?:not|also|likely|probably|then|now|soon|again|still|only|first|finally|formally|"
    r"officially|reportedly|never|jointly|personally|immediately|each|both|all)"
)
NOT_AFTER_MODAL_EN = {"of", "to", "and", "or", "that", "which", "who", "for", "in"}
FUTURE_EN = re.compile(
    r"(?:(?<!\w)(?:is|are|am)|['’](?:s|re))\s+(?:(?:also|now|still|reportedly|widely|"
    r"officially|tentatively)\s+)?(?:set|expected|due|scheduled|slated|poised|going to|"
    r"planning|preparing|likely)(?!\w)",
    re.IGNORECASE,
)
PLANS_EN = re.compile(
    r"(?<!\w)(?:scheduled|rescheduled|planned|upcoming|forthcoming|plans? to|planning to|"
    r"intends? to|intending to|expects?)(?!\w)"
    r"|(?<![\w-])(?:set|expected|slated|poised) to "
    r"(?!(?:the|a|an|his|her|its|their|this|that|these|those|our|my|your)(?!\w))[a-z]+",
    re.IGNORECASE,
)
# A plan told in the past tense ("was scheduled for Monday") dates nothing ahead.
PAST_TENSE_EN = re.compile(r"(?<!\w)(?:was|were|had)(?!\w)", re.IGNORECASE)
PAST_PERFECT = re.compile(r"(?<!\w)(?:hatte|hatten|hattest|had)(?!\w)", re.IGNORECASE)
# A mention within three words of one of these is dated by it: the past.
REPORTING_EN = re.compile(
    r"(?<!\w)(?:said|told|announced|added|stated|wrote|confirmed|claimed|tweeted|posted|"
    r"declared|insisted|reported|warned|argued|noted|explained|revealed|signall?ed|indicated|"
    r"suggested|promised|vowed|pledged|acknowledged|admitted|conceded|disclosed|replied|"
    r"responded|commented|remarked|agreed|decided|ordered)(?!\w)"
)


def _ends_sentence(text: str, stop: int, language: str) -> bool:
    """Whether the full stop at `stop` ends a sentence, not an ordinal ("18.") or "Dr."."""
    word = re.search(r"[\w.]*$", text[max(0, stop - 12) : stop])[0]
    if not word:
        return True
    if word.isdigit():
        return not (language == "de" and len(word) <= 2)
    if "." in word or len(word) == 1:  # "z.B.", "U.S.", initials
        return False
    return word.lower() not in ABBREVIATIONS


def _verb_like_de(word: str) -> bool:
    """Whether a German word reads as an infinitive or a participle."""
    if not word[0].islower() or word in NOT_VERBS:
        return False
    if word in ("tun", "sein") or word.endswith(("en", "ern", "eln")):
        return True
    return word.endswith("t") and (
        word.endswith("iert") or "ge" in word[:6] or word.startswith(PARTICIPLE_PREFIXES)
    )


def _future_de(clause: str) -> bool:
    words = WORD.findall(clause)
    if not words:
        return False
    if MODALS_DE.search(clause):
        # "soll am Sonntag gesprochen haben" reports the past.
        last, before = words[-1], words[-2] if len(words) > 1 else ""
        hearsay = last == "haben" or (last == "sein" and "ge" in before[:6] and before.islower())
        if not hearsay:
            return True
    if KOMMEND.search(clause) or (PLANS_DE.search(clause) and not PAST_TENSE_DE.search(clause)):
        return True
    for index, word in enumerate(words):
        if word.lower() not in WERDEN_FORMS:
            continue
        # Main clause: the verb closes it; subordinate clause: it stands just before "werden".
        if index + 1 < len(words) and _verb_like_de(words[-1]):
            return True
        if index > 0 and _verb_like_de(words[index - 1]):
            return True
    return False


def _future_en(clause: str) -> bool:
    if FUTURE_EN.search(clause) or CONTRACTED_WILL_EN.search(clause):
        return True
    if PLANS_EN.search(clause) and not PAST_TENSE_EN.search(clause):
        return True
    for will in WILL_EN.finditer(clause):
        before = re.search(r"([\w'’]+)\W*$", clause[: will.start()])
        if before and (before[1].lower() in WILL_AS_NOUN_AFTER or before[1].endswith(("'s", "’s"))):
            continue
        after = re.match(rf"(?:\s+{WILL_ADVERBS})*\s+([a-z]+)", clause[will.end() :])
        if after and after[1] not in NOT_AFTER_MODAL_EN:
            return True
    return False


def _reported_en(clause: str, start: int, end: int) -> bool:
    """Whether a past-tense reporting verb within three words dates the mention."""
    for verb in REPORTING_EN.finditer(clause):
        if verb.end() <= start:
            between = clause[verb.end() : start]
        elif verb.start() >= end:
            between = clause[end : verb.start()]
        else:
            continue
        if len(WORD.findall(between)) <= 3 and not _future_en(between):
            return True
    return False


@dataclass
class Reading:
    """One text being read: its language, publication date and clauses."""

    text: str
    language: str
    published: datetime.date
    _cuts: list[tuple[int, int, bool]] | None = None
    _cut_starts: list[int] = field(default_factory=list)
    _cut_ends: list[int] = field(default_factory=list)
    _ahead: dict[tuple[int, int], bool] = field(default_factory=dict)

    def cuts(self) -> list[tuple[int, int, bool]]:
        """(start, end, is a comma) of every clause boundary, in order; found once per text."""
        if self._cuts is None:
            text = self.text
            cuts = [
                (mark.start(), mark.end(), mark[0] == ",")
                for mark in CLAUSE_MARKS.finditer(text)
                if mark[0] != "." or _ends_sentence(text, mark.start(), self.language)
            ]
            conjunctions = CONJUNCTIONS[self.language].finditer(text)
            cuts += [(word.start(), word.end(), False) for word in conjunctions]
            self._cuts = sorted(cuts)
            self._cut_starts = [cut[0] for cut in self._cuts]
            self._cut_ends = [cut[1] for cut in self._cuts]
        return self._cuts

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of the clause around text[start:end]."""
        cuts = self.cuts()
        before = bisect_right(self._cut_ends, start) - 1
        after = bisect_left(self._cut_starts, end)
        left = cuts[before][1] if before >= 0 else 0
        right = cuts[after][0] if after < len(cuts) else len(self.text)
        rest = WORD.findall(self.text[left:start] + " " + self.text[end:right])
        if all(word.lower() in FILLER_WORDS for word in rest):
            # A comma segment with nothing but the date belongs to its neighbour.
            if after < len(cuts) and cuts[after][2]:
                right = cuts[after + 1][0] if after + 1 < len(cuts) else len(self.text)
            elif before >= 0 and cuts[before][2]:
                left = cuts[before - 1][1] if before >= 1 else 0
        return left, right

    def looks_ahead(self, start: int, end: int) -> bool:
        """Whether the clause around text[start:end] speaks of the future."""
        if (start, end) not in self._ahead:
            left, right = self.clause(start, end)
            clause = self.text[left:right]
            if self.language == "en":
                ahead = not _reported_en(clause, start - left, end - left) and _future_en(clause)
            else:
                ahead = _future_de(clause)
            self._ahead[start, end] = ahead
        return self._ahead[start, end]

    def told_in_past(self, start: int, end: int) -> bool:
        """Whether the clause around text[start:end] is in the past perfect, with no future.

        Only the past perfect: "wurde bis Freitag verlängert" and "said the
        truce was valid until Friday" (reported speech shifts "is" to "was")
        still end ahead.
        """
        left, right = self.clause(start, end)
        return bool(PAST_PERFECT.search(self.text[left:right])) and not self.looks_ahead(start, end)

    def mode(self, m: re.Match) -> str:
        """Which way a date without a year looks: its lead's way, else its clause's."""
        word = _lead_word(_group(m, "lead"))
        if word in LOOK_BACK_LEADS:
            return "back"
        if word in LOOK_AHEAD_LEADS:
            return "ahead"
        if word in UNTIL_LEADS:
            # "Bis Sonntag hatte Russland Kursk zurückerobert" ended in the past.
            return "back" if self.told_in_past(m.start(), m.end()) else "until"
        return "ahead" if self.looks_ahead(m.start(), m.end()) else "past"

    def with_lead(self, edtf: str | None, m: re.Match) -> str | None:
        """The value as an open interval when its lead says since or until.

        After "bis"/"until" a single day after publication ends a period that
        runs from publication; anything coarser leaves the start open.
        """
        word = _lead_word(_group(m, "lead"))
        if edtf is None or word not in SINCE_LEADS | UNTIL_LEADS:
            return edtf
        when = dates.parse(edtf)
        if word in SINCE_LEADS:
            return _bound(when, "lower") + "/.."
        if when.shape == "point" and when.precision == "day" and when.lower > self.published:
            return f"{self.published}/{_bound(when, 'upper')}"
        return "../" + _bound(when, "upper")


def _bound(when: dates.When, side: str) -> str:
    """One end of a value as an interval bound at its own precision.

    A quarter has no form EDTF accepts as a bound, so it gives its first or
    last month; a decade its first or last year.
    """
    if when.members:
        member = when.members[0] if side == "lower" else when.members[-1]
        point = member.first if side == "lower" else member.last
    else:
        point = when.start if side == "lower" else when.end
    mark = "~" if point.approximate else ""
    if point.precision in ("day", "month", "year"):
        return point.iso + mark
    if point.precision == "season" and point.season <= 24:
        return f"{point.year:04d}-{point.season}{mark}"
    day = point.lower if side == "lower" else point.upper
    if point.precision == "season":
        return _month_edtf(day.year, day.month) + mark
    return f"{day.year:04d}{mark}"


# --- Reading the matched words -----------------------------------------------


def _group(m: re.Match, name: str) -> str | None:
    """A named group's text, or None when the rule has no such group or it matched nothing."""
    return m.groupdict().get(name) or None


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


def _kind(edtf: str) -> str:
    """The mention kind of an EDTF value, from its parsed shape and precision."""
    when = dates.parse(edtf)
    if when.shape == "interval":
        return "interval"
    if when.shape != "point":
        return "set"
    return "date" if when.precision == "day" else when.precision


# --- Resolvers: (match, reading) -> EDTF, or None to reject the match ---------

Resolver = Callable[[re.Match, Reading], str | None]


def resolve_weekday(m: re.Match, reading: Reading) -> str | None:
    """A weekday: "am Dienstag", "last Tuesday", "Dienstag vergangener Woche", "bis Freitag"."""
    published = reading.published
    weekday = WEEKDAY_NUMBERS[m["weekday"]]
    rel, week = _group(m, "rel"), _group(m, "week")
    lead_word = _lead_word(_group(m, "lead"))
    if week:
        monday = _monday(dates.shift(published, _direction(week), "W"))
        day = dates.shift(monday, weekday, "D")
    elif rel and _direction(rel) == 0:
        day = dates.shift(_monday(published), weekday, "D")
    elif rel and _direction(rel) > 0:  # "next Tuesday" on a Tuesday is a week ahead
        day = _weekday_from(published, weekday, "until")
    elif rel:  # "last Tuesday" on a Tuesday is a week ago
        day = dates.shift(published, -((published.weekday() - weekday) % 7 or 7), "D")
    elif lead_word == "through" and m.string.startswith(("'s", "’s"), m.end()):
        return None  # "went through Sunday's papers"
    else:
        # "die Kommentare vom Sonntag" name a day that has been.
        mode = "back" if lead_word == "vom" else reading.mode(m)
        day = _weekday_from(published, weekday, mode)
        listed = PREVIOUS_WEEKDAY.search(m.string, max(0, m.start() - 40), m.start())
        if mode == "ahead" and listed and not lead_word:
            # "am Dienstag und Mittwoch" ahead: the second follows the first.
            previous = WEEKDAY_NUMBERS[listed["weekday"]]
            first = _weekday_from(published, previous, mode)
            day = dates.shift(first, (weekday - previous) % 7 or 7, "D")
    return reading.with_lead(day.isoformat(), m)


# A weekday listed right before another: "Dienstag und Mittwoch", "Monday or Tuesday".
PREVIOUS_WEEKDAY = re.compile(
    rf"(?<!\w)(?P<weekday>{'|'.join(WEEKDAY_NUMBERS)})\w*(?:,|\s+(?:und|oder|and|or|&))\s+$"
)


def resolve_weekday_range(m: re.Match, reading: Reading) -> str:
    """From one weekday to the next given one: "von Montag bis Mittwoch", "Friday to Sunday"."""
    first_weekday, last_weekday = WEEKDAY_NUMBERS[m["weekday"]], WEEKDAY_NUMBERS[m["last_weekday"]]
    ahead = (_group(m, "from") or "").lower() == "ab" or reading.looks_ahead(m.start(), m.end())
    first = _weekday_from(reading.published, first_weekday, "ahead" if ahead else "past")
    return _span(first, dates.shift(first, (last_weekday - first_weekday) % 7 or 7, "D"))


def resolve_night_before(m: re.Match, reading: Reading) -> str:
    """The night before a weekday ("in der Nacht zum Dienstag"): Monday to Tuesday."""
    day = _weekday_from(reading.published, WEEKDAY_NUMBERS[m["weekday"]], reading.mode(m))
    return _span(dates.shift(day, -1, "D"), day)


def resolve_relative_day(m: re.Match, reading: Reading) -> str | None:
    offset = RELATIVE_DAYS[" ".join(m["word"].lower().split())]
    return reading.with_lead(dates.shift(reading.published, offset, "D").isoformat(), m)


def resolve_explicit_date(m: re.Match, reading: Reading) -> str | None:
    """A day of a month: "18. März 2025", "March 18", "2025-03-18"; without a year, by mode."""
    month_number = _group(m, "month_number")
    month = int(month_number) if month_number else MONTH_NUMBERS[m["month"]]
    day = int(m["day"])
    if _group(m, "year"):
        try:
            found = datetime.date(int(m["year"]), month, day)
        except ValueError:  # 30 February and the like
            return None
    else:
        weekday = WEEKDAY_NUMBERS[m["weekday"]] if _group(m, "weekday") else None
        span = _occurrence(_day_in_year(month, day), reading.published, reading.mode(m), weekday)
        if span is None:
            return None
        found = span[0]
    return reading.with_lead(found.isoformat(), m)


def resolve_day_range(m: re.Match, reading: Reading) -> str | None:
    """ "vom 10. bis 16. März", "28 February - 3 March", "between March 10 and 16"."""
    last_month = MONTH_NUMBERS[m["month"]]
    first_month = MONTH_NUMBERS[m["first_month"]] if _group(m, "first_month") else last_month
    first_day, last_day = int(m["day"]), int(m["last_day"])

    def in_year(year: int):  # the year of the last day
        first_year = year if first_month <= last_month else year - 1
        try:
            first = datetime.date(first_year, first_month, first_day)
            last = datetime.date(year, last_month, last_day)
        except ValueError:
            return None
        return (first, last) if first < last else None

    if _group(m, "year"):
        span = in_year(int(m["year"]))
        if span and _group(m, "first_year") and span[0].year != int(m["first_year"]):
            return None
    else:
        span = _occurrence(in_year, reading.published, reading.mode(m))
    return _span(*span) if span else None


def resolve_month(m: re.Match, reading: Reading) -> str | None:
    """A month or part of one: "im Oktober", "Mitte März", "next October", "late October"."""
    lead, part, rel = _group(m, "lead"), _part(_group(m, "part")), _group(m, "rel")
    year_digits, rel_year = _group(m, "year"), _group(m, "rel_year")
    if not (lead or part or rel or year_digits or rel_year):
        return None  # a month name alone is too often a name or a word
    month = MONTH_NUMBERS[m["month"]]
    published = reading.published
    if year_digits:
        year = int(year_digits)
    elif rel_year:
        year = published.year + _direction(rel_year.split()[-2])
    elif rel and _direction(rel) == 0:
        year = published.year
    elif rel and _direction(rel) < 0:  # "last March" in March is a year ago
        year = published.year if month < published.month else published.year - 1
    elif rel:
        year = published.year if month > published.month else published.year + 1
    elif part in MONTH_PARTS:
        # A part of a month is a run of days: read like a day and month without a year.
        span = _occurrence(
            lambda year: _days_of_part(year, month, part), published, reading.mode(m)
        )
        year = span[0].year
    else:
        year = _year_of_month(published, month, reading.mode(m))
    if part in MONTH_PARTS:
        return reading.with_lead(_part_of_month(year, month, part), m)
    return reading.with_lead(_month_edtf(year, month), m)


def resolve_iso_month(m: re.Match, reading: Reading) -> str | None:
    """An ISO year-month, "2025-03"; "2011-12" reads as the span of years it usually is."""
    year, month = int(m["year"]), int(m["month_number"])
    if month == (year + 1) % 100:
        return None
    return reading.with_lead(_month_edtf(year, month), m)


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
    def resolve_year(m: re.Match, reading: Reading) -> str | None:
        part = _part(_group(m, "part"))
        lead = _group(m, "lead")
        if _lead_word(lead) in (None, "in") and not part and _looks_like_count(m, language):
            return None
        if part in YEAR_PARTS:
            return reading.with_lead(_part_of_year(int(m["year"]), part), m)
        return reading.with_lead(m["year"], m)

    return resolve_year


def resolve_year_range(m: re.Match, reading: Reading) -> str | None:
    first, last = m["year"], m["last_year"]
    if len(last) == 2:  # 2024/25
        last = first[:2] + last
    return f"{first}/{last}" if int(last) > int(first) else None


def resolve_decade(m: re.Match, reading: Reading) -> str | None:
    return reading.with_lead(m["decade"] + "X", m)


def resolve_season(m: re.Match, reading: Reading) -> str | None:
    season = SEASONS["de"].get(m["season"]) or SEASONS["en"][m["season"].lower()]
    return reading.with_lead(f"{m['year']}-{season}", m)


def resolve_quarter(m: re.Match, reading: Reading) -> str | None:
    """A quarter as its EDTF code; without a year, the most recent begun (ahead: not ended)."""
    quarter = int(m["q"]) if _group(m, "q") else QUARTER_NUMBERS[m["ordinal"].lower()]
    first_month, published = quarter * 3 - 2, reading.published
    if _group(m, "year"):
        year = int(m["year"])
    elif reading.mode(m) in ("ahead", "until"):
        year = published.year if first_month + 2 >= published.month else published.year + 1
    else:
        year = published.year if first_month <= published.month else published.year - 1
    return reading.with_lead(_quarter_edtf(year, quarter), m)


def resolve_relative_period(m: re.Match, reading: Reading) -> str | None:
    """Calendar weeks, months and years: "letzte Woche", "next month", "late last year"."""
    published = reading.published
    unit = {"w": "W", "m": "M", "j": "Y", "y": "Y"}[m["unit"][0].lower()]
    rel = _group(m, "rel")
    direction = _direction(rel) if rel else 0
    part = _part(_group(m, "part"))
    return reading.with_lead(_period(published, unit, direction, part), m)


def _period(published: datetime.date, unit: str, direction: int, part: str | None) -> str:
    """The calendar week, month or year `direction` units from publication, or a part of it."""
    anchor = dates.shift(published, direction, unit)
    if unit == "W":
        first = _monday(anchor)
        last = ONE_WEEK.last_day(first)
    elif unit == "M":
        first = anchor.replace(day=1)
        last = ONE_MONTH.last_day(first)
    else:
        first = anchor.replace(month=1, day=1)
        last = ONE_YEAR.last_day(first)
    if direction == 0 and part == "earlier":
        return _one_of(first, published)
    if direction == 0 and part == "later":
        return _one_of(published, last)
    part = {"earlier": "early", "later": "late"}.get(part, part)
    if part and unit == "W":
        return _part_of_week(first, part)
    if part and unit == "M":
        return _part_of_month(anchor.year, anchor.month, part)
    if part:
        return _part_of_year(anchor.year, part)
    if unit == "M":
        return _month_edtf(anchor.year, anchor.month)
    if unit == "Y":
        return f"{anchor.year:04d}"
    return _one_of(first, last)


def resolve_weekend(m: re.Match, reading: Reading) -> str:
    """Saturday or Sunday: by default the most recent weekend begun by publication, ahead the
    coming one."""
    published = reading.published
    rel = _group(m, "rel")
    direction = _direction(rel) if rel else None
    this_saturday = dates.shift(_monday(published), 5, "D")
    in_weekend = published >= this_saturday
    if direction == 0:
        saturday = this_saturday
    elif direction == 1:
        saturday = dates.shift(this_saturday, 7 if in_weekend else 0, "D")
    elif direction is None and (in_weekend or reading.mode(m) in ("ahead", "until")):
        saturday = this_saturday
    else:
        saturday = dates.shift(this_saturday, -7, "D")
    return reading.with_lead(_one_of(saturday, dates.shift(saturday, 1, "D")), m)


UNIT_NAMES = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}
# How far vague windows reach ("in den letzten Wochen", "in the coming days").
VAGUE_WINDOWS = {
    "D": dates.Duration(days=7),
    "W": dates.Duration(weeks=4),
    "M": dates.Duration(months=3),
    "Y": dates.Duration(years=3),
}


def resolve_window(m: re.Match, reading: Reading) -> str | None:
    """Windows that end or start at publication, both end days counted: "in den letzten Wochen"."""
    published = reading.published
    unit = _unit(m["unit"])
    if unit == "H":
        return None
    backwards = _direction(m["rel"]) < 0
    count = _group(m, "count")
    if count and count.lower() != "few":
        duration = dates.Duration(**{UNIT_NAMES[unit]: _count(count)})
    elif m["unit"].lower() in UNIT_ADJECTIVES["en"]:  # singular: "the past week"
        duration = dates.Duration(**{UNIT_NAMES[unit]: 1})
    else:
        duration = None
    try:
        if duration:
            if backwards:
                return _span(duration.first_day(published), published)
            return _span(published, duration.last_day(published))
        vague = VAGUE_WINDOWS[unit]
        far = vague.first_day(published) if backwards else vague.last_day(published)
    except (ValueError, OverflowError):  # further than the calendar reaches
        return None
    # A vague end is approximate, at the precision its unit carries: never an invented day.
    if unit == "D":
        far_end = f"{far}~"
    elif unit == "Y":
        far_end = f"{far.year:04d}~"
    else:
        far_end = _month_edtf(far.year, far.month) + "~"
    return f"{far_end}/{published}" if backwards else f"{published}/{far_end}"


def _ago(m: re.Match, reading: Reading) -> tuple[datetime.date, str] | None:
    unit = _unit(m["unit"])
    if unit == "H":
        return None
    try:
        return dates.shift(reading.published, -_count(m["count"]), unit), unit
    except (ValueError, OverflowError):  # further back than the calendar reaches
        return None


def resolve_ago(m: re.Match, reading: Reading) -> str | None:
    """A point some units before publication, as precise as the unit."""
    found = _ago(m, reading)
    if found is None:
        return None
    point, unit = found
    if unit == "D":
        return point.isoformat()
    if unit == "W":
        return f"{point}~"
    if unit == "M":
        return _month_edtf(point.year, point.month)
    return f"{point.year:04d}"


def resolve_since_count(m: re.Match, reading: Reading) -> str | None:
    """An open interval from some units before publication: "seit drei Jahren"."""
    found = _ago(m, reading)
    if found is None:
        return None
    point, unit = found
    if unit == "M":
        return _month_edtf(point.year, point.month) + "/.."
    if unit == "Y":
        return f"{point.year:04d}/.."
    return f"{point}/.."


def _duration_resolver(language: str) -> Resolver:
    def resolve_duration(m: re.Match, reading: Reading) -> str | None:
        count = m["count"]
        marked = _group(m, "lead") or _group(m, "long") or _group(m, "adjective")
        if count.lower() in ONE_WORDS[language] and not marked:
            return None
        adjectives = UNIT_ADJECTIVES[language]
        unit = adjectives[m["unit"].lower()] if _group(m, "adjective") else _unit(m["unit"])
        amount = _count(count)
        return f"PT{amount}H" if unit == "H" else f"P{amount}{unit}"

    return resolve_duration


def _holiday_resolver(language: str) -> Resolver:
    prepositions = HOLIDAY_PREPOSITIONS[language]

    def resolve_holiday(m: re.Match, reading: Reading) -> str | None:
        """A holiday: "Ostermontag", "zu Weihnachten", "Orthodox Easter", "Christmas Eve 2024"."""
        name = " ".join(m["holiday"].split())
        orthodox = bool(_group(m, "orthodox"))
        year, rel = _group(m, "year"), _group(m, "rel")
        if name in BARE_HOLIDAYS and not (orthodox or year or rel or _group(m, "lead")):
            before = m.string[max(0, m.start() - 20) : m.start()].rstrip().lower()
            if not _ends_with_word(before, prepositions):
                return None
        in_year = _holiday_in_year(HOLIDAY_DAYS[name], orthodox)
        published = reading.published
        if year:
            span = in_year(int(year))
        elif rel and _direction(rel) == 0:
            span = in_year(published.year)
        elif rel:
            years = range(published.year - 1, published.year + 2)
            if _direction(rel) > 0:
                span = next(in_year(y) for y in years if in_year(y)[0] > published)
            else:
                span = next(in_year(y) for y in reversed(years) if in_year(y)[1] < published)
        else:
            span = _occurrence(in_year, published, reading.mode(m))
        return reading.with_lead(_one_of(*span), m)

    return resolve_holiday


# --- Rules -------------------------------------------------------------------


def _alternatives(words) -> str:
    # Longest first, so "Sonnabend" or "zwölf" is never cut short; a space stays a space.
    escaped = (re.escape(word).replace("\\ ", " ") for word in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


# Nothing glued to the front: not inside a word, a bigger number or a price.
START = r"(?<![\w.,/$€£#§–-])"
YEAR_DIGITS = r"(?P<year>19\d\d|20\d\d|2100)"
NOT_A_BIGGER_NUMBER = r"(?!\w|[.,]\d|[-–/]\d)"
YEAR = YEAR_DIGITS + NOT_A_BIGGER_NUMBER
FIRST_YEAR = r"(?P<first_year>19\d\d|20\d\d|2100)" + NOT_A_BIGGER_NUMBER
LAST_YEAR = r"(?P<last_year>19\d\d|20\d\d|2100|\d\d)" + NOT_A_BIGGER_NUMBER
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])"
LAST_DAY = r"(?P<last_day>3[01]|[12]\d|0?[1-9])"
# ISO dates stand alone: not in a URL, a query string, a file name or an ID.
NOT_IN_AN_ID = r"(?<![=:?&%+])"
ISO_END = r"(?!\w|[-–/.:]\w|[-–/.:,]\d)"
ISO_DATE = (
    NOT_IN_AN_ID
    + YEAR_DIGITS
    + r"-(?P<month_number>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
    + r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    + ISO_END
)
ISO_MONTH = NOT_IN_AN_ID + YEAR_DIGITS + r"-(?P<month_number>0[1-9]|1[0-2])" + ISO_END
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
    time_of_day = r"(?:abend|morgen|vormittag|mittag|nachmittag|nacht)?"
    number = _alternatives(NUMBER_WORDS["de"])
    one = _alternatives(ONE_WORDS["de"])
    count = rf"(?P<count>{COUNT_DIGITS}|(?i:{number}))"
    count_or_one = rf"(?P<count>{COUNT_DIGITS}|(?i:{number}|{one}))"
    units = _alternatives(UNITS["de"])
    rel = r"(?:letzt|vergangen|vorig|kommend|nächst)e[nmrs]?|diese[nmrs]?"
    part = r"(?P<part>Anfang|Mitte|Ende)"
    day_lead = r"(?:(?P<lead>(?i:seit dem|bis zum|ab dem|am|vom|seit|bis|ab)) )?"
    range_word = r"(?:\s?[–-]\s?| (?i:bis(?: zum)?|und(?: dem)?) )"
    return [
        # "am Dienstag", "vom Sonntag", "am vergangenen Dienstagabend", "Dienstag letzter Woche"
        _rule(
            r"(?:(?P<lead>(?i:bis (?:Mitternacht|Mittag)(?: am)?|bis zum|am|vom|seit|bis|ab)) )?"
            rf"(?:(?P<rel>(?i:{rel})) )?(?P<weekday>{weekday}){time_of_day}"
            r"(?: (?:früh|abends|morgens|abend|morgen|nachmittag|vormittag))?"
            r"(?: (?P<week>(?:vergangen|letzt|vorig|kommend|nächst|dies)er Woche))?(?!\w)",
            resolve_weekday,
        ),
        # "von Montag bis Mittwoch", "zwischen Freitag und Sonntag"
        _rule(
            rf"(?:(?P<from>(?i:von|vom|ab)) )?(?P<weekday>{weekday}){time_of_day} "
            rf"(?i:bis einschließlich|bis zum|bis) (?P<last_weekday>{weekday}){time_of_day}(?!\w)",
            resolve_weekday_range,
        ),
        _rule(
            rf"(?i:zwischen) (?P<weekday>{weekday}) (?i:und) (?P<last_weekday>{weekday})(?!\w)",
            resolve_weekday_range,
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
        _rule(r"(?:(?P<lead>(?i:seit|bis|ab|im)) )?" + ISO_MONTH, resolve_iso_month),
        # "vom 18. bis 20. März", "18.–20. März", "zwischen dem 18. und 20. März"
        _rule(
            rf"(?:(?i:vom|von|zwischen dem) )?{DAY}\.{range_word}"
            rf"{LAST_DAY}\.\s*(?P<month>{month_in_date})(?!\w)(?: {YEAR})?",
            resolve_day_range,
        ),
        # "vom 28. Februar bis 3. März", "28. Dezember 2024 bis 3. Januar 2025"
        _rule(
            rf"(?:(?i:vom|von|zwischen dem) )?{DAY}\.\s*(?P<first_month>{month_in_date})(?!\w)"
            rf"(?: {FIRST_YEAR})?{range_word}{LAST_DAY}\.\s*(?P<month>{month_in_date})(?!\w)"
            rf"(?: {YEAR})?",
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
        # Holidays: "am Ostermontag", "zu Weihnachten", "das orthodoxe Osterfest", "Ostern 2024"
        _rule(
            r"(?:(?P<lead>(?i:bis zum|seit dem|ab dem|am|an|zu|zum|übers|über|bis|seit|ab)) )?"
            rf"(?:(?P<rel>(?i:{rel})) )?(?P<orthodox>(?i:orthodoxe[nmrs]?) )?"
            rf"(?P<holiday>{_alternatives(HOLIDAYS['de'])})(?!\w)(?: {YEAR})?",
            _holiday_resolver("de"),
        ),
        # "letzte Woche", "im vergangenen Monat", "Ende nächsten Jahres", "seit letzter Woche"
        _rule(
            r"(?:(?P<lead>(?i:seit|bis|ab)) )?"
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
            rf"{part} (?:der|dieser|des|dieses|diesen) (?P<rel>)"
            r"(?P<unit>Woche|Monats|Jahres)(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            r"(?:(?P<lead>(?i:bis zum|seit dem|ab dem|bis|seit|ab)) |(?i:am|übers|über das|an) )?"
            r"(?:(?P<rel>(?i:vergangenen|letzten|vorigen|"
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
        # "30 Tage lang", "für zwei Wochen", "drei Monate", "48 Stunden"
        _rule(
            rf"(?:(?P<lead>(?i:für)) )?{count_or_one} (?P<unit>{units})(?: (?P<long>lang))?"
            r"(?P<adjective>)(?!\w)",
            _duration_resolver("de"),
            duration=True,
        ),
        # "30-tägige", "zweiwöchigen", "dreimonatige", "48-stündige"
        _rule(
            rf"(?P<lead>)(?P<long>)(?P<count>\d+|(?i:{number}|ein))-?"
            rf"(?P<adjective>(?P<unit>{_alternatives(UNIT_ADJECTIVES['de'])}))(?:e[nmrs]?)?(?!\w)",
            _duration_resolver("de"),
            duration=True,
        ),
        # "72-Stunden-Waffenruhe", "30-Tage-Frist"
        _rule(
            rf"(?P<lead>)(?P<long>)(?P<adjective>)(?P<count>\d+|(?i:{number}))-"
            rf"(?P<unit>{units})(?=-\w)",
            _duration_resolver("de"),
            duration=True,
        ),
    ]


def _rules_en() -> list[Rule]:
    month = _alternatives(MONTH_NAMES["en"])
    month_in_date = _alternatives(MONTH_NAMES["en"] | MONTH_ABBREVIATIONS["en"])
    weekday = _alternatives(WEEKDAYS["en"])
    time_of_day = r"(?: (?:night|morning|afternoon|evening))?"
    number = _alternatives(NUMBER_WORDS["en"])
    one = _alternatives(ONE_WORDS["en"])
    count_or_one = rf"(?P<count>{COUNT_DIGITS}|(?i:{number}|{one}))"
    units = _alternatives(UNITS["en"])
    part = (
        r"(?P<part>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of))"
        r"(?:\s+|-)"
    )
    ordinal = r"(?:st|nd|rd|th)?"
    day_lead = r"(?:(?P<lead>(?i:on|since|until|till|through|starting|beginning|effective)) )?"
    return [
        # "on Tuesday", "Wednesday's call", "Tuesday night", "last Friday", "Monday next week"
        _rule(
            r"(?:(?P<lead>(?i:(?:until|till|through)(?: (?:midnight|noon)(?: on)?)?|on|since|"
            r"starting|beginning|effective|late on|early on|late|early)) )?"
            rf"(?:(?P<rel>(?i:last|next|this|past)) )?(?P<weekday>{weekday}){time_of_day}"
            r"(?: (?P<week>(?i:last|next|this)) week)?(?!\w)",
            resolve_weekday,
        ),
        # "from Friday to Sunday", "Monday through Wednesday", "between Friday and Sunday"
        _rule(
            rf"(?:(?P<from>(?i:from)) )?(?P<weekday>{weekday}){time_of_day} "
            rf"(?:to|until|till|through|thru|[–-]) (?P<last_weekday>{weekday}){time_of_day}(?!\w)",
            resolve_weekday_range,
        ),
        _rule(
            rf"(?i:between) (?P<weekday>{weekday}) (?i:and) (?P<last_weekday>{weekday})(?!\w)",
            resolve_weekday_range,
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
        _rule(r"(?:(?P<lead>(?i:since|until|till|in)) )?" + ISO_MONTH, resolve_iso_month),
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
        # "from February 28 to March 3", "28 February - 3 March 2025"
        _rule(
            rf"(?:(?i:from|between) )?(?P<first_month>{month_in_date}) {DAY}{ordinal}"
            rf"(?:,? {FIRST_YEAR})?(?:\s?[–-]\s?| (?:to|and|through|until) )"
            rf"(?P<month>{month_in_date}) {LAST_DAY}{ordinal}(?!\w|[.:,]?\d)(?:,? {YEAR})?",
            resolve_day_range,
        ),
        _rule(
            rf"(?:(?i:from|between) )?(?:(?i:the) )?{DAY}{ordinal} (?:(?i:of) )?"
            rf"(?P<first_month>{month_in_date})(?!\w)(?: {FIRST_YEAR})?"
            rf"(?:\s?[–-]\s?| (?:to|and|through|until) )(?:(?i:the) )?{LAST_DAY}{ordinal} "
            rf"(?:(?i:of) )?(?P<month>{month_in_date})(?!\w)(?:,? {YEAR})?",
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
        # Holidays: "on Easter Monday", "at Christmas", "Orthodox Easter", "Christmas Eve 2024"
        _rule(
            r"(?:(?P<lead>(?i:on|at|over|until|till|through|since|during)) )?(?:(?i:the) )?"
            r"(?:(?P<rel>(?i:last|next|this|coming)) )?(?P<orthodox>Orthodox )?"
            rf"(?P<holiday>{_alternatives(HOLIDAYS['en'])})(?!\w)(?:,? {YEAR})?",
            _holiday_resolver("en"),
        ),
        # "last week", "earlier this month", "late last year", "since last week"
        _rule(
            r"(?:(?P<lead>(?i:since|until|till)) )?(?:(?P<part>(?i:early|mid|late|the end of|"
            r"the beginning of|the start of|the middle of|earlier|later))(?:\s+|-))?"
            r"(?P<rel>(?i:last|next|this)) "
            r"(?P<unit>(?i:week|month|year))(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            r"(?P<part>(?i:the end of|the beginning of|the start of|the middle of)) (?i:the) "
            r"(?P<rel>)(?P<unit>(?i:week|month|year))(?!\w)",
            resolve_relative_period,
        ),
        _rule(
            r"(?:(?P<lead>(?i:until|till|through|since)) |(?i:at|over|on|during) )?(?:(?i:the) )?"
            r"(?:(?P<rel>(?i:last|next|this|past)) )?(?i:weekend)(?!\w)",
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
        # "for 30 days", "two weeks", "three months long", "for 48 hours"
        _rule(
            rf"(?:(?P<lead>(?i:for)) )?{count_or_one} (?P<unit>(?i:{units}))(?P<long> long)?"
            r"(?P<adjective>)(?!\w)",
            _duration_resolver("en"),
            duration=True,
        ),
        # "30-day", "a 90-day review", "two-week", "a 30-hour truce" (but not "five-year-old")
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


def _candidates(reading: Reading):
    text = reading.text
    for rule in RULES[reading.language]:
        position = 0
        while match := rule.pattern.search(text, position):
            try:
                edtf = rule.resolve(match, reading)
                kind = edtf and ("duration" if rule.duration else _kind(edtf))
            # A value EDTF cannot hold, or one past the calendar's ends ("morgen" on
            # 31 December 9999), is no date.
            except (ValidationError, OverflowError, ValueError):
                kind = None
            if kind:
                yield DateMention(match.start(), match.end(), match[0], edtf, kind)
                position = match.end()
            else:
                # A rejected match may hide a shorter, valid one inside it.
                position = match.start() + 1


def _first_word(mention: DateMention) -> str:
    return mention.text.split()[0].lower()


def _join_ranges(mentions: list[DateMention], reading: Reading) -> list[DateMention]:
    """One range from a start and an end written together ("ab heute bis Freitag", "seit 2022
    bis heute"), and a "bis"/"until" after "ab sofort"/"from now" starting at publication."""
    text, joined = reading.text, []
    for mention in mentions:
        if _first_word(mention) in UNTIL_LEADS and mention.kind == "interval":
            end = dates.parse(mention.edtf)
            previous = joined[-1] if joined else None
            cue = NOW_CUE.search(text, max(0, mention.start - 40), mention.start)
            start_bound = None
            if (
                previous
                and not text[previous.end : mention.start].strip()
                and _first_word(previous) in SINCE_LEADS
                and previous.kind == "interval"
            ):
                start = dates.parse(previous.edtf)
                if start.end_open and start.lower and end.upper and start.lower <= end.upper:
                    start_bound, first = _bound(start, "lower"), previous.start
                    joined.pop()
            elif (
                cue
                and (not previous or previous.end <= cue.start())
                and end.upper
                and end.upper >= reading.published
            ):
                start_bound, first = reading.published.isoformat(), cue.start()
            if start_bound:
                edtf = f"{start_bound}/{_bound(end, 'upper')}"
                mention = DateMention(
                    first, mention.end, text[first : mention.end], edtf, "interval"
                )
        joined.append(mention)
    return joined


def find_dates(text: str, language: str, published: datetime.date) -> list[DateMention]:
    """Date expressions in text, resolved against the publication date, in order of start offset."""
    if language not in languages.LANGUAGES:
        raise ValueError(languages.unsupported(language))
    reading = Reading(text, language, published)
    names = [match.span() for match in NAME_PATTERNS[language].finditer(text)]
    chosen: list[DateMention] = []
    # Longest first, so "18.03.2024" wins over the "2024" inside it.
    for mention in sorted(_candidates(reading), key=lambda m: (m.start - m.end, m.start)):
        if any(mention.start < end and start < mention.end for start, end in names):
            continue
        if any(mention.start < other.end and other.start < mention.end for other in chosen):
            continue
        chosen.append(mention)
    return _join_ranges(sorted(chosen, key=lambda m: m.start), reading)
