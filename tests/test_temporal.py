"""Date expressions in German and English news text, resolved against the publication date."""

import datetime

import pytest

from timeline import dates, languages
from timeline.temporal import KINDS, WEEKS_AHEAD, DateMention, find_dates

TUESDAY = datetime.date(2025, 3, 18)  # the seed article's publication date
SUNDAY = datetime.date(2025, 3, 16)
SATURDAY = datetime.date(2025, 3, 15)
NEW_YEAR = datetime.date(2025, 1, 5)  # a Sunday, so "last month" and "December" are last year
DECEMBER = datetime.date(2024, 12, 10)
WEDNESDAY = datetime.date(2025, 3, 19)
FRIDAY = datetime.date(2025, 3, 21)
MAY_6 = datetime.date(2025, 5, 6)  # a Tuesday, three days before Victory Day
DECEMBER_20 = datetime.date(2024, 12, 20)  # a Friday, three weeks before 10 January
APRIL_10 = datetime.date(2025, 4, 10)  # a Thursday, ten days before Easter


def found(text, language="de", published=TUESDAY):
    """(text, edtf) of every mention, after checking what must hold for all of them."""
    mentions = find_dates(text, language, published)
    assert mentions == sorted(mentions, key=lambda m: m.start)
    for mention, following in zip(mentions, mentions[1:], strict=False):
        assert mention.end <= following.start, f"{mention} overlaps {following}"
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.kind in KINDS
        if mention.kind == "duration":
            assert dates.is_duration(mention.edtf)
        else:
            # Every value is one the timeline can place and show, of the kind its shape says.
            assert mention.kind == kind_of(dates.parse(mention.edtf))
    return [(mention.text, mention.edtf) for mention in mentions]


def kind_of(when):
    if when.shape == "interval":
        return "interval"
    if when.shape == "one_of_set":
        return "set"
    return "date" if when.precision == "day" else when.precision


def test_seed_article_yields_exactly_its_date_expressions(seed_text):
    assert found(seed_text) == [
        ("2024", "2024"),  # "die US-Wahlen 2024"
        ("30 Tage lang", "P30D"),
        ("am Dienstag", "2025-03-18"),
        ("vom Sonntag", "2025-03-16"),
        ("30-tägige", "P30D"),
        ("am Dienstag", "2025-03-18"),
        ("Letzte Woche", "[2025-03-10..2025-03-16]"),
        ("30-tägigen", "P30D"),
        ("am Dienstag", "2025-03-18"),
        ("im Oktober", "2024-10"),
        ("vom Dienstag", "2025-03-18"),
        ("im Februar", "2025-02"),
        ("In den letzten Wochen", "2025-02~/2025-03-18"),
        ("2024", "2024"),  # "Präsidentschaftswahlkampfs 2024"
    ]


def test_seed_article_mentions_carry_offsets_and_kinds(seed_text):
    mentions = find_dates(seed_text, "de", TUESDAY)
    call = seed_text.index("Das Gespräch vom Dienstag") + len("Das Gespräch ")
    assert DateMention(call, call + 12, "vom Dienstag", "2025-03-18", "date") in mentions
    assert {m.kind for m in mentions} == {"year", "duration", "date", "set", "interval", "month"}


CASES = [
    # Weekdays: the most recent such day on or before publication.
    ("de", TUESDAY, "Putin sagte am Dienstag, er sei bereit.", [("am Dienstag", "2025-03-18")]),
    ("de", TUESDAY, "In Kommentaren vom Sonntag", [("vom Sonntag", "2025-03-16")]),
    ("de", TUESDAY, "Am Mittwoch hatte Kiew zugestimmt.", [("Am Mittwoch", "2025-03-12")]),
    ("de", TUESDAY, "Sie telefonierten am Dienstagabend.", [("am Dienstagabend", "2025-03-18")]),
    ("de", TUESDAY, "Dienstagabend sprachen sie.", [("Dienstagabend", "2025-03-18")]),
    ("de", TUESDAY, "am vergangenen Dienstag", [("am vergangenen Dienstag", "2025-03-11")]),
    ("de", TUESDAY, "am kommenden Freitag", [("am kommenden Freitag", "2025-03-21")]),
    (
        "de",
        TUESDAY,
        "Donnerstag vergangener Woche",
        [("Donnerstag vergangener Woche", "2025-03-13")],
    ),
    (
        "de",
        TUESDAY,
        "in der Nacht zum Dienstag",
        [("in der Nacht zum Dienstag", "2025-03-17/2025-03-18")],
    ),
    ("de", TUESDAY, "seit Sonntag", [("seit Sonntag", "2025-03-16/..")]),
    ("en", TUESDAY, "Trump spoke to Putin on Tuesday.", [("on Tuesday", "2025-03-18")]),
    ("en", TUESDAY, "After Wednesday's call in Jeddah", [("Wednesday", "2025-03-12")]),
    ("en", TUESDAY, "The Kremlin said on Tuesday night", [("on Tuesday night", "2025-03-18")]),
    ("en", TUESDAY, "Tuesday night's readout", [("Tuesday night", "2025-03-18")]),
    ("en", TUESDAY, "as he said last Tuesday", [("last Tuesday", "2025-03-11")]),
    ("en", TUESDAY, "talks resume next Monday", [("next Monday", "2025-03-24")]),
    (
        "en",
        SUNDAY,
        "on Sunday and on Saturday",
        [("on Sunday", "2025-03-16"), ("on Saturday", "2025-03-15")],
    ),
    # Relative days.
    (
        "de",
        TUESDAY,
        "heute, gestern, vorgestern, morgen und übermorgen",
        [
            ("heute", "2025-03-18"),
            ("gestern", "2025-03-17"),
            ("vorgestern", "2025-03-16"),
            ("morgen", "2025-03-19"),
            ("übermorgen", "2025-03-20"),
        ],
    ),
    (
        "de",
        TUESDAY,
        "Gestern Abend und heute Morgen",
        [("Gestern Abend", "2025-03-17"), ("heute Morgen", "2025-03-18")],
    ),
    ("de", TUESDAY, "am gestrigen Montag", [("am gestrigen Montag", "2025-03-17")]),
    (
        "en",
        TUESDAY,
        "today, yesterday, tomorrow and last night",
        [
            ("today", "2025-03-18"),
            ("yesterday", "2025-03-17"),
            ("tomorrow", "2025-03-19"),
            ("last night", "2025-03-17"),
        ],
    ),
    ("en", TUESDAY, "the day before yesterday", [("the day before yesterday", "2025-03-16")]),
    # Calendar weeks, months and years relative to publication.
    (
        "de",
        TUESDAY,
        "Letzte Woche unterzeichnete Kiew",
        [("Letzte Woche", "[2025-03-10..2025-03-16]")],
    ),
    ("de", TUESDAY, "vergangene Woche", [("vergangene Woche", "[2025-03-10..2025-03-16]")]),
    (
        "de",
        TUESDAY,
        "in der vergangenen Woche",
        [("in der vergangenen Woche", "[2025-03-10..2025-03-16]")],
    ),
    ("de", TUESDAY, "Diese Woche noch", [("Diese Woche", "[2025-03-17..2025-03-23]")]),
    ("de", TUESDAY, "nächste Woche", [("nächste Woche", "[2025-03-24..2025-03-30]")]),
    ("en", TUESDAY, "Kyiv agreed last week", [("last week", "[2025-03-10..2025-03-16]")]),
    ("en", TUESDAY, "this week's call", [("this week", "[2025-03-17..2025-03-23]")]),
    ("en", TUESDAY, "earlier this week", [("earlier this week", "[2025-03-17..2025-03-18]")]),
    ("de", TUESDAY, "nächsten Monat", [("nächsten Monat", "2025-04")]),
    ("de", NEW_YEAR, "im vergangenen Monat", [("im vergangenen Monat", "2024-12")]),
    ("en", DECEMBER, "next month", [("next month", "2025-01")]),
    ("en", TUESDAY, "last year", [("last year", "2024")]),
    ("de", TUESDAY, "Ende letzten Jahres", [("Ende letzten Jahres", "[2024-09..2024-12]")]),
    ("en", TUESDAY, "late last year", [("late last year", "[2024-09..2024-12]")]),
    ("de", TUESDAY, "am Wochenende", [("am Wochenende", "[2025-03-15..2025-03-16]")]),
    ("en", SATURDAY, "over the weekend", [("over the weekend", "[2025-03-15..2025-03-16]")]),
    ("en", SATURDAY, "last weekend", [("last weekend", "[2025-03-08..2025-03-09]")]),
    # Rolling windows ending (or starting) at publication.
    (
        "de",
        TUESDAY,
        "In den letzten Wochen hat Trump",
        [("In den letzten Wochen", "2025-02~/2025-03-18")],
    ),
    ("en", TUESDAY, "in recent weeks", [("in recent weeks", "2025-02~/2025-03-18")]),
    (
        "de",
        TUESDAY,
        "in den vergangenen 30 Tagen",
        [("in den vergangenen 30 Tagen", "2025-02-17/2025-03-18")],
    ),
    (
        "en",
        TUESDAY,
        "over the past two weeks",
        [("over the past two weeks", "2025-03-05/2025-03-18")],
    ),
    (
        "en",
        TUESDAY,
        "in the coming days",
        [("in the coming days", "2025-03-18/2025-03-24~")],
    ),
    ("de", TUESDAY, "vor drei Tagen", [("vor drei Tagen", "2025-03-15")]),
    ("de", TUESDAY, "vor zwei Jahren", [("vor zwei Jahren", "2023")]),
    ("en", TUESDAY, "two weeks ago", [("two weeks ago", "2025-03-04~")]),
    ("en", TUESDAY, "three months ago", [("three months ago", "2024-12")]),
    ("de", TUESDAY, "seit drei Jahren", [("seit drei Jahren", "2022/..")]),
    # Months: the most recent one unless the text points ahead.
    ("de", TUESDAY, "Selenskyj hatte im Oktober", [("im Oktober", "2024-10")]),
    ("de", TUESDAY, "ein Gespräch im Februar", [("im Februar", "2025-02")]),
    ("de", TUESDAY, "im März", [("im März", "2025-03")]),
    ("de", TUESDAY, "im nächsten Oktober", [("im nächsten Oktober", "2025-10")]),
    ("de", TUESDAY, "im Oktober 2024", [("im Oktober 2024", "2024-10")]),
    (
        "de",
        TUESDAY,
        "im Oktober vergangenen Jahres",
        [("im Oktober vergangenen Jahres", "2024-10")],
    ),
    ("de", TUESDAY, "Mitte März", [("Mitte März", "[2025-03-11..2025-03-20]")]),
    # A part of a month is read like a day: Anfang Mai begins within the weeks after publication.
    ("de", TUESDAY, "Anfang Mai", [("Anfang Mai", "[2025-05-01..2025-05-10]")]),
    ("de", TUESDAY, "Ende Mai", [("Ende Mai", "[2024-05-21..2024-05-31]")]),
    ("de", TUESDAY, "bis Ende Mai", [("bis Ende Mai", "../2025-05-31")]),
    ("en", TUESDAY, "in February", [("in February", "2025-02")]),
    ("en", TUESDAY, "early March", [("early March", "[2025-03-01..2025-03-10]")]),
    ("en", TUESDAY, "in mid-March", [("in mid-March", "[2025-03-11..2025-03-20]")]),
    ("en", TUESDAY, "late October", [("late October", "[2024-10-21..2024-10-31]")]),
    ("en", TUESDAY, "October 2024", [("October 2024", "2024-10")]),
    ("en", TUESDAY, "next October", [("next October", "2025-10")]),
    ("en", TUESDAY, "last March", [("last March", "2024-03")]),
    ("en", TUESDAY, "In May they met", [("In May", "2024-05")]),
    ("en", NEW_YEAR, "in December", [("in December", "2024-12")]),
    # Explicit dates; without a year the most recent on or before publication, unless it
    # falls in the weeks after it.
    ("de", TUESDAY, "am 18. März 2025", [("am 18. März 2025", "2025-03-18")]),
    ("de", TUESDAY, "18.03.2025", [("18.03.2025", "2025-03-18")]),
    ("de", TUESDAY, "Am 18. März", [("Am 18. März", "2025-03-18")]),
    ("de", TUESDAY, "am 20. März", [("am 20. März", "2025-03-20")]),
    ("de", TUESDAY, "am 7. Okt. 2023", [("am 7. Okt. 2023", "2023-10-07")]),
    (
        "de",
        TUESDAY,
        "am Samstag, dem 15. März 2025",
        [("am Samstag, dem 15. März 2025", "2025-03-15")],
    ),
    ("de", TUESDAY, "vom 10. bis 12. März", [("vom 10. bis 12. März", "2025-03-10/2025-03-12")]),
    ("de", TUESDAY, "am 29. Februar", [("am 29. Februar", "2024-02-29")]),
    ("de", datetime.date(2027, 3, 1), "am 29. Februar", [("am 29. Februar", "2024-02-29")]),
    ("de", TUESDAY, "am 31. April", []),
    ("en", TUESDAY, "March 18, 2025", [("March 18, 2025", "2025-03-18")]),
    ("en", TUESDAY, "on 18 March 2025", [("on 18 March 2025", "2025-03-18")]),
    ("en", TUESDAY, "18 March", [("18 March", "2025-03-18")]),
    ("en", TUESDAY, "the 11th of March", [("the 11th of March", "2025-03-11")]),
    ("en", TUESDAY, "2025-03-18", [("2025-03-18", "2025-03-18")]),
    ("en", TUESDAY, "March 11-12", [("March 11-12", "2025-03-11/2025-03-12")]),
    # Years, decades, seasons, quarters and spans of years.
    ("de", TUESDAY, "die US-Wahlen 2024 für Washington", [("2024", "2024")]),
    ("de", TUESDAY, "seines Präsidentschaftswahlkampfs 2024 zu", [("2024", "2024")]),
    ("de", TUESDAY, "im Jahr 2022", [("im Jahr 2022", "2022")]),
    ("en", TUESDAY, "in 2022", [("in 2022", "2022")]),
    ("en", TUESDAY, "the 2024 elections", [("2024", "2024")]),
    ("de", TUESDAY, "Ende 2024", [("Ende 2024", "[2024-09..2024-12]")]),
    ("en", TUESDAY, "mid-2024", [("mid-2024", "[2024-05..2024-08]")]),
    ("de", TUESDAY, "in den 1990er Jahren", [("in den 1990er Jahren", "199X")]),
    ("en", TUESDAY, "in the summer of 2024", [("in the summer of 2024", "2024-22")]),
    ("de", TUESDAY, "im ersten Quartal 2025", [("im ersten Quartal 2025", "2025-33")]),
    ("de", TUESDAY, "zwischen 2019 und 2022", [("zwischen 2019 und 2022", "2019/2022")]),
    ("en", TUESDAY, "the 2024/25 season", [("2024/25", "2024/2025")]),
    # Open intervals.
    ("de", TUESDAY, "seit 2022", [("seit 2022", "2022/..")]),
    ("en", TUESDAY, "since 2022", [("since 2022", "2022/..")]),
    ("de", TUESDAY, "seit Oktober", [("seit Oktober", "2024-10/..")]),
    ("en", TUESDAY, "since March 2024", [("since March 2024", "2024-03/..")]),
    ("de", TUESDAY, "bis 2030", [("bis 2030", "../2030")]),
    ("de", TUESDAY, "ab Oktober", [("ab Oktober", "2025-10/..")]),
    # Durations.
    ("de", TUESDAY, "30 Tage lang", [("30 Tage lang", "P30D")]),
    ("de", TUESDAY, "eine bedingungslose 30-tägige Waffenruhe", [("30-tägige", "P30D")]),
    ("de", TUESDAY, "einen 30-tägigen Waffenstillstand", [("30-tägigen", "P30D")]),
    ("de", TUESDAY, "zwei Wochen lang", [("zwei Wochen lang", "P2W")]),
    ("de", TUESDAY, "für drei Monate", [("für drei Monate", "P3M")]),
    ("de", TUESDAY, "drei Monate", [("drei Monate", "P3M")]),
    ("de", TUESDAY, "eine zweiwöchige Pause", [("zweiwöchige", "P2W")]),
    ("de", TUESDAY, "ein Jahr lang", [("ein Jahr lang", "P1Y")]),
    ("de", TUESDAY, "48 Stunden", [("48 Stunden", "PT48H")]),
    ("en", TUESDAY, "a 30-day ceasefire", [("30-day", "P30D")]),
    ("en", TUESDAY, "for 30 days", [("for 30 days", "P30D")]),
    ("en", TUESDAY, "for two weeks", [("for two weeks", "P2W")]),
    ("en", TUESDAY, "a 90-day review", [("90-day", "P90D")]),
    ("en", TUESDAY, "for a week", [("for a week", "P1W")]),
    # Words that only look like dates.
    ("de", TUESDAY, "Die Gespräche mit Kiew, die mit Spannung erwartet wurden.", []),
    ("de", TUESDAY, "Maik stand auf der Tagesordnung.", []),
    (
        "de",
        TUESDAY,
        "Die Märzen-Ausgabe lag neben der Frankfurter Allgemeinen Sonntagszeitung.",
        [],
    ),
    ("de", TUESDAY, "Das sagte sie der Welt am Sonntag.", []),
    ("de", TUESDAY, "Der Oktober war warm, sagte August Diehl.", []),
    ("de", TUESDAY, "Am Morgen war es kalt.", []),
    ("de", TUESDAY, "2024 Menschen flohen, rund 2000 kehrten zurück.", []),
    ("de", TUESDAY, "Artikel 2024 und 2024,5 Prozent und 12024.", []),
    ("de", TUESDAY, "ein Tag der Trauer; der 45-jährige Beamte", []),
    ("de", TUESDAY, "das Ende der ausländischen Unterstützung und die politische Mitte", []),
    ("en", TUESDAY, "They may agree to march on Washington.", []),
    ("en", TUESDAY, "One day he said the five-year-old was hungry.", []),
    ("en", TUESDAY, "The Mail on Sunday and the Sunday Times; Super Tuesday; Theresa May.", []),
    ("en", TUESDAY, "About 2024 people were evacuated; 2024 soldiers died.", []),
    ("en", TUESDAY, "March forward, said April Ryan.", []),
]


@pytest.mark.parametrize(
    ("language", "published", "text", "expected"),
    CASES,
    ids=[f"{language}: {text}" for language, _, text, _ in CASES],
)
def test_find_dates(language, published, text, expected):
    assert found(text, language, published) == expected


def test_a_full_date_wins_over_the_year_inside_it():
    assert found("Am 18.03.2024 und im Jahr 2024") == [
        ("Am 18.03.2024", "2024-03-18"),
        ("im Jahr 2024", "2024"),
    ]


def test_a_longer_expression_wins_over_a_shorter_one_at_the_same_place():
    assert found("seit Oktober 2024", "de") == [("seit Oktober 2024", "2024-10/..")]
    assert found("in den letzten 30 Tagen", "de") == [
        ("in den letzten 30 Tagen", "2025-02-17/2025-03-18")
    ]


def test_an_impossible_day_falls_back_to_the_month_it_names():
    assert found("am 30. Februar 2025") == [("Februar 2025", "2025-02")]


def test_offsets_are_python_string_indexes_in_text_with_umlauts():
    text = "Ärger über Öl: Selenskyj äußerte sich im Oktober."
    (mention,) = find_dates(text, "de", TUESDAY)
    assert (mention.start, mention.end) == (text.index("im Oktober"), len(text) - 1)


@pytest.mark.parametrize("language", ["fr", "", "DE", None])
def test_unsupported_language_is_a_value_error_naming_the_supported_ones(language):
    with pytest.raises(ValueError, match="Unsupported language") as excinfo:
        find_dates("am Dienstag", language, TUESDAY)
    assert str(excinfo.value) == languages.unsupported(language)
    assert "de (German), en (English)" in str(excinfo.value)


@pytest.mark.parametrize("language", list(languages.LANGUAGES))
def test_every_language_of_the_project_list_is_understood(language):
    assert find_dates("2025-03-18", language, TUESDAY)[0].edtf == "2025-03-18"


def test_empty_text_has_no_mentions():
    assert find_dates("", "en", TUESDAY) == []


def cases(table):
    """Parametrize a table of (language, published, text, expected) with readable ids."""
    return pytest.mark.parametrize(
        ("language", "published", "text", "expected"),
        table,
        ids=[f"{language} {published}: {text}" for language, published, text, _ in table],
    )


# --- Kinds come from the parsed value -------------------------------------------------------


def test_each_kind_follows_the_shape_and_precision_of_the_value():
    text = (
        "Am 18. März, im Oktober, 2024, im Sommer 2024, in den 1990er Jahren, "
        "seit 2022, letzte Woche und 30 Tage lang."
    )
    assert [(m.text, m.kind) for m in find_dates(text, "de", TUESDAY)] == [
        ("Am 18. März", "date"),
        ("im Oktober", "month"),
        ("2024", "year"),
        ("im Sommer 2024", "season"),
        ("in den 1990er Jahren", "decade"),
        ("seit 2022", "interval"),
        ("letzte Woche", "set"),
        ("30 Tage lang", "duration"),
    ]
    assert set(KINDS) == {
        "date",
        "month",
        "year",
        "season",
        "decade",
        "interval",
        "set",
        "duration",
    }


def test_an_approximate_day_is_a_date():
    (mention,) = find_dates("two weeks ago", "en", TUESDAY)
    assert (mention.edtf, mention.kind) == ("2025-03-04~", "date")


# --- Honest precision: one day of a period is one of a set, never a span -----------------------

ONE_OF_A_SET = [
    (
        "de",
        TUESDAY,
        "Letzte Woche stimmte Kiew zu.",
        [("Letzte Woche", "[2025-03-10..2025-03-16]")],
    ),
    ("en", TUESDAY, "Kyiv agreed last week.", [("last week", "[2025-03-10..2025-03-16]")]),
    ("de", TUESDAY, "Diese Woche reist er.", [("Diese Woche", "[2025-03-17..2025-03-23]")]),
    ("en", TUESDAY, "They meet next week.", [("next week", "[2025-03-24..2025-03-30]")]),
    ("en", TUESDAY, "Earlier this week", [("Earlier this week", "[2025-03-17..2025-03-18]")]),
    ("en", TUESDAY, "later this week", [("later this week", "[2025-03-18..2025-03-23]")]),
    # Parts of a week: Monday-Wednesday, Tuesday-Thursday, Thursday-Sunday.
    ("de", TUESDAY, "Anfang der Woche", [("Anfang der Woche", "[2025-03-17..2025-03-19]")]),
    ("de", TUESDAY, "Mitte der Woche", [("Mitte der Woche", "[2025-03-18..2025-03-20]")]),
    ("de", TUESDAY, "Ende nächster Woche", [("Ende nächster Woche", "[2025-03-27..2025-03-30]")]),
    (
        "en",
        TUESDAY,
        "by the end of the week",
        [("the end of the week", "[2025-03-20..2025-03-23]")],
    ),
    ("en", TUESDAY, "late last week", [("late last week", "[2025-03-13..2025-03-16]")]),
    # Parts of a month and of a year.
    ("de", TUESDAY, "Anfang März", [("Anfang März", "[2025-03-01..2025-03-10]")]),
    ("de", TUESDAY, "Ende Februar", [("Ende Februar", "[2025-02-21..2025-02-28]")]),
    ("en", TUESDAY, "late February", [("late February", "[2025-02-21..2025-02-28]")]),
    ("de", TUESDAY, "Mitte des Monats", [("Mitte des Monats", "[2025-03-11..2025-03-20]")]),
    ("de", TUESDAY, "Anfang des Jahres", [("Anfang des Jahres", "[2025-01..2025-04]")]),
    ("en", TUESDAY, "early next year", [("early next year", "[2026-01..2026-04]")]),
    ("de", TUESDAY, "Mitte 2023", [("Mitte 2023", "[2023-05..2023-08]")]),
    # Weekends: Saturday or Sunday.
    (
        "de",
        WEDNESDAY,
        "Am Wochenende gab es Angriffe.",
        [("Am Wochenende", "[2025-03-15..2025-03-16]")],
    ),
    ("en", WEDNESDAY, "last weekend", [("last weekend", "[2025-03-15..2025-03-16]")]),
    ("en", WEDNESDAY, "next weekend", [("next weekend", "[2025-03-22..2025-03-23]")]),
    # Quarters are EDTF level-2 codes.
    ("en", TUESDAY, "in the third quarter of 2024", [("in the third quarter of 2024", "2024-35")]),
    ("de", TUESDAY, "im vierten Quartal", [("im vierten Quartal", "2024-36")]),
    ("en", TUESDAY, "Q2 2025", [("Q2 2025", "2025-34")]),
    (
        "de",
        TUESDAY,
        "seit dem ersten Quartal 2025",
        [("seit dem ersten Quartal 2025", "2025-01/..")],
    ),
    # Leads turn a set into an open interval from its first or to its last day.
    ("de", TUESDAY, "seit Anfang März", [("seit Anfang März", "2025-03-01/..")]),
    ("de", TUESDAY, "bis Mitte April", [("bis Mitte April", "../2025-04-20")]),
    ("en", TUESDAY, "since late last year", [("since late last year", "2024-09/..")]),
]


@cases(ONE_OF_A_SET)
def test_a_period_that_dates_one_occurrence_is_one_of_a_set(language, published, text, expected):
    assert found(text, language, published) == expected


EXPLICIT_RANGES = [
    ("de", TUESDAY, "vom 10. bis 16. März", [("vom 10. bis 16. März", "2025-03-10/2025-03-16")]),
    ("en", TUESDAY, "10–16 March", [("10–16 March", "2025-03-10/2025-03-16")]),
    (
        "en",
        TUESDAY,
        "between 10 and 16 March",
        [("between 10 and 16 March", "2025-03-10/2025-03-16")],
    ),
    ("en", TUESDAY, "the 2024/25 budget", [("2024/25", "2024/2025")]),
    (
        "de",
        TUESDAY,
        "vom 28. Februar bis 3. März",
        [("vom 28. Februar bis 3. März", "2025-02-28/2025-03-03")],
    ),
    (
        "de",
        TUESDAY,
        "vom 28. Dezember 2023 bis 2. Januar 2024",
        [("vom 28. Dezember 2023 bis 2. Januar 2024", "2023-12-28/2024-01-02")],
    ),
    (
        "en",
        TUESDAY,
        "from February 26 to March 2",
        [("from February 26 to March 2", "2025-02-26/2025-03-02")],
    ),
    (
        "en",
        TUESDAY,
        "28 February – 3 March 2025",
        [("28 February – 3 March 2025", "2025-02-28/2025-03-03")],
    ),
    # Weekday ranges: the first day as a weekday is read, the last the next such day after it.
    (
        "de",
        TUESDAY,
        "Von Montag bis Mittwoch tagten sie.",
        [("Von Montag bis Mittwoch", "2025-03-17/2025-03-19")],
    ),
    (
        "en",
        TUESDAY,
        "They met from Friday to Sunday.",
        [("from Friday to Sunday", "2025-03-14/2025-03-16")],
    ),
    (
        "en",
        TUESDAY,
        "Talks will run Thursday through Saturday.",
        [("Thursday through Saturday", "2025-03-20/2025-03-22")],
    ),
    (
        "de",
        TUESDAY,
        "in der Nacht zum Sonntag",
        [("in der Nacht zum Sonntag", "2025-03-15/2025-03-16")],
    ),
]


@cases(EXPLICIT_RANGES)
def test_explicit_ranges_stay_intervals(language, published, text, expected):
    assert found(text, language, published) == expected


# --- Windows: both end days counted, vague ends never an invented day ------------------------

WINDOWS = [
    (
        "de",
        TUESDAY,
        "in den letzten 30 Tagen",
        [("in den letzten 30 Tagen", "2025-02-17/2025-03-18")],
    ),
    ("en", TUESDAY, "over the past week", [("over the past week", "2025-03-12/2025-03-18")]),
    ("en", TUESDAY, "in the past 7 days", [("in the past 7 days", "2025-03-12/2025-03-18")]),
    (
        "de",
        TUESDAY,
        "in den nächsten 30 Tagen",
        [("in den nächsten 30 Tagen", "2025-03-18/2025-04-16")],
    ),
    (
        "en",
        TUESDAY,
        "over the next two weeks",
        [("over the next two weeks", "2025-03-18/2025-03-31")],
    ),
    # Months and years through relativedelta: no hand-made month ends.
    (
        "de",
        datetime.date(2025, 5, 31),
        "in den vergangenen drei Monaten",
        [("in den vergangenen drei Monaten", "2025-03-01/2025-05-31")],
    ),
    (
        "en",
        datetime.date(2024, 2, 29),
        "over the past year",
        [("over the past year", "2023-03-01/2024-02-29")],
    ),
    # Vague windows: the far end approximate, as precise as the unit honestly is.
    ("de", TUESDAY, "In den letzten Wochen", [("In den letzten Wochen", "2025-02~/2025-03-18")]),
    ("en", TUESDAY, "in recent weeks", [("in recent weeks", "2025-02~/2025-03-18")]),
    (
        "en",
        TUESDAY,
        "over the past few weeks",
        [("over the past few weeks", "2025-02~/2025-03-18")],
    ),
    (
        "de",
        TUESDAY,
        "in den kommenden Wochen",
        [("in den kommenden Wochen", "2025-03-18/2025-04~")],
    ),
    ("en", TUESDAY, "in the coming months", [("in the coming months", "2025-03-18/2025-06~")]),
    ("en", TUESDAY, "in recent days", [("in recent days", "2025-03-12~/2025-03-18")]),
    ("de", TUESDAY, "in den letzten Jahren", [("in den letzten Jahren", "2022~/2025-03-18")]),
    # Points back from publication.
    ("de", datetime.date(2025, 3, 31), "vor einem Monat", [("vor einem Monat", "2025-02")]),
    ("en", TUESDAY, "three days ago", [("three days ago", "2025-03-15")]),
    ("de", TUESDAY, "seit zwei Monaten", [("seit zwei Monaten", "2025-01/..")]),
]


@cases(WINDOWS)
def test_windows_at_publication(language, published, text, expected):
    assert found(text, language, published) == expected


# --- Dates that look ahead: future clauses ---------------------------------------------------

FUTURE_CLAUSES = [
    # German markers: wollen, sollen, werden with a verb, geplant, bevorstehend, kommend ...
    (
        "de",
        WEDNESDAY,
        "Trump will am Freitag mit Putin telefonieren.",
        [("am Freitag", "2025-03-21")],
    ),
    (
        "de",
        WEDNESDAY,
        "Die Minister wollen am Montag in Riad verhandeln.",
        [("am Montag", "2025-03-24")],
    ),
    (
        "de",
        WEDNESDAY,
        "Selenskyj sagte, er wolle am Montag nach Washington reisen.",
        [("am Montag", "2025-03-24")],
    ),
    (
        "de",
        WEDNESDAY,
        "Die Delegation soll am Dienstag eintreffen.",
        [("am Dienstag", "2025-03-25")],
    ),
    ("de", WEDNESDAY, "Am Montag sollen die Gespräche beginnen.", [("Am Montag", "2025-03-24")]),
    (
        "de",
        WEDNESDAY,
        "Der Kreml wird am Montag eine Antwort geben.",
        [("am Montag", "2025-03-24")],
    ),
    (
        "de",
        WEDNESDAY,
        "Peskow erklärte, Putin werde am Montag anrufen.",
        [("am Montag", "2025-03-24")],
    ),
    (
        "de",
        WEDNESDAY,
        "Bekannt ist, dass die Unterhändler am Montag zusammenkommen werden.",
        [("am Montag", "2025-03-24")],
    ),
    ("de", WEDNESDAY, "Das Abkommen wird am Montag unterzeichnet.", [("am Montag", "2025-03-24")]),
    ("de", WEDNESDAY, "Das für Montag geplante Treffen in Riad", [("Montag", "2025-03-24")]),
    ("de", WEDNESDAY, "Vor dem bevorstehenden Gipfel am Montag", [("am Montag", "2025-03-24")]),
    ("de", WEDNESDAY, "Die kommende Verhandlungsrunde am Montag", [("am Montag", "2025-03-24")]),
    (
        "de",
        WEDNESDAY,
        "Die Regierung plant am Montag eine Abstimmung.",
        [("am Montag", "2025-03-24")],
    ),
    ("de", WEDNESDAY, "Die Abstimmung ist für Montag angesetzt.", [("Montag", "2025-03-24")]),
    ("de", WEDNESDAY, "Putin will im Februar nach Peking reisen.", [("im Februar", "2026-02")]),
    ("de", WEDNESDAY, "Die Wahl soll am 2. März stattfinden.", [("am 2. März", "2026-03-02")]),
    # English markers: will, 'll, shall, is set to, expected to, plans to, scheduled, due to ...
    ("en", WEDNESDAY, "Trump will speak to Putin on Friday.", [("on Friday", "2025-03-21")]),
    ("en", WEDNESDAY, "On Monday, the envoys will meet in Riyadh.", [("On Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "He said they'll sign on Monday.", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "Kyiv won't attend on Monday.", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "The talks are set to resume on Monday.", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "Putin is expected to reply on Monday.", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "The envoy plans to fly to Moscow on Monday.", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "A vote is scheduled for Monday.", [("Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "The delegation is due to arrive on Monday.", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "Witkoff set to meet Putin on Monday", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "ahead of the upcoming summit on Monday", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "Elections will be held in February.", [("in February", "2026-02")]),
    ("en", WEDNESDAY, "The truce will expire on 2 March.", [("on 2 March", "2026-03-02")]),
    ("de", WEDNESDAY, "Kiew erwartet am Montag eine Antwort.", [("am Montag", "2025-03-24")]),
    ("de", WEDNESDAY, "Moskau rechnet am Montag mit Gesprächen.", [("am Montag", "2025-03-24")]),
    ("en", WEDNESDAY, "Officials expect a decision on Monday.", [("on Monday", "2025-03-24")]),
    ("en", WEDNESDAY, "The next round is likely on Monday.", [("on Monday", "2025-03-24")]),
    # A weekday listed after another follows it.
    (
        "de",
        WEDNESDAY,
        "Die Unterhändler wollen am Dienstag und Mittwoch tagen.",
        [("am Dienstag", "2025-03-25"), ("Mittwoch", "2025-03-26")],
    ),
    (
        "en",
        WEDNESDAY,
        "Talks will take place on Wednesday and Thursday.",
        [("on Wednesday", "2025-03-19"), ("Thursday", "2025-03-20")],
    ),
    # Publication's own weekday in a future clause is that very day.
    ("de", TUESDAY, "Trump will am Dienstag mit Putin sprechen.", [("am Dienstag", "2025-03-18")]),
    ("en", TUESDAY, "Trump will speak to Putin on Tuesday.", [("on Tuesday", "2025-03-18")]),
    # The coming weekend.
    (
        "de",
        WEDNESDAY,
        "Am Wochenende soll weiter verhandelt werden.",
        [("Am Wochenende", "[2025-03-22..2025-03-23]")],
    ),
]


@cases(FUTURE_CLAUSES)
def test_a_date_in_a_future_clause_looks_ahead(language, published, text, expected):
    assert found(text, language, published) == expected


PAST_CLAUSES = [
    # The default: news reports the past.
    ("de", WEDNESDAY, "Trump sprach am Freitag mit Putin.", [("am Freitag", "2025-03-14")]),
    ("en", WEDNESDAY, "Trump spoke to Putin on Friday.", [("on Friday", "2025-03-14")]),
    ("de", WEDNESDAY, "Kiew stimmte im Februar zu.", [("im Februar", "2025-02")]),
    # A future clause elsewhere in the sentence does not reach the date.
    (
        "de",
        WEDNESDAY,
        "Das Weiße Haus teilte am Montag mit, dass Trump am Donnerstag anrufen wird.",
        [("am Montag", "2025-03-17"), ("am Donnerstag", "2025-03-20")],
    ),
    (
        "de",
        WEDNESDAY,
        "Trump sprach am Montag mit Selenskyj und will ihn am Donnerstag treffen.",
        [("am Montag", "2025-03-17"), ("am Donnerstag", "2025-03-20")],
    ),
    (
        "en",
        WEDNESDAY,
        "Trump said on Monday he will call Putin on Thursday.",
        [("on Monday", "2025-03-17"), ("on Thursday", "2025-03-20")],
    ),
    (
        "en",
        WEDNESDAY,
        "On Monday, the Kremlin said it will answer soon.",
        [("On Monday", "2025-03-17")],
    ),
    (
        "en",
        WEDNESDAY,
        "Putin spoke on Monday and will travel on Thursday.",
        [("on Monday", "2025-03-17"), ("on Thursday", "2025-03-20")],
    ),
    # Words that look like markers but are not: "will" as a noun, the passive "wurde",
    # "worden", "würde", "werden" with an adjective, hearsay "soll ... haben", a past plan.
    ("en", WEDNESDAY, "The will of the people was clear on Monday.", [("on Monday", "2025-03-17")]),
    ("en", WEDNESDAY, "On Monday he spoke of free will.", [("On Monday", "2025-03-17")]),
    (
        "en",
        WEDNESDAY,
        "He lacked the political will to act on Monday.",
        [("on Monday", "2025-03-17")],
    ),
    ("en", WEDNESDAY, "Putin's will prevailed on Monday.", [("on Monday", "2025-03-17")]),
    ("en", WEDNESDAY, "Flights were halted due to fog on Monday.", [("on Monday", "2025-03-17")]),
    ("en", WEDNESDAY, "The talks were expected to begin on Monday.", [("on Monday", "2025-03-17")]),
    ("de", WEDNESDAY, "Das Abkommen wurde am Montag unterzeichnet.", [("am Montag", "2025-03-17")]),
    ("de", WEDNESDAY, "Es ist am Montag unterzeichnet worden.", [("am Montag", "2025-03-17")]),
    ("de", WEDNESDAY, "Er sagte, er würde am Montag kommen.", [("am Montag", "2025-03-17")]),
    ("de", WEDNESDAY, "In Moskau wird es am Montag kalt.", [("am Montag", "2025-03-17")]),
    (
        "de",
        WEDNESDAY,
        "Witkoff soll am Montag mit Putin gesprochen haben.",
        [("am Montag", "2025-03-17")],
    ),
    ("de", WEDNESDAY, "Das Treffen sollte am Montag stattfinden.", [("am Montag", "2025-03-17")]),
    ("de", WEDNESDAY, "Am Montag wollte Trump anrufen.", [("Am Montag", "2025-03-17")]),
    # A plan told in the past tense.
    ("de", WEDNESDAY, "Das Treffen war für Montag geplant.", [("Montag", "2025-03-17")]),
    (
        "de",
        WEDNESDAY,
        "Die Gespräche, die für Montag angesetzt waren, fielen aus.",
        [("Montag", "2025-03-17")],
    ),
    ("en", WEDNESDAY, "The vote was scheduled for Monday.", [("Monday", "2025-03-17")]),
    (
        "de",
        WEDNESDAY,
        "Das am Dienstag mit Spannung erwartete Gespräch",
        [("am Dienstag", "2025-03-18")],
    ),
    # Listed weekdays in the past stay the most recent ones.
    (
        "de",
        WEDNESDAY,
        "Am Montag und am Dienstag wurde gekämpft.",
        [("Am Montag", "2025-03-17"), ("am Dienstag", "2025-03-18")],
    ),
    # "kommend" as part of its own date does not make the rest of the clause future.
    (
        "de",
        WEDNESDAY,
        "Am Montag kündigte er für die kommende Woche Gespräche an.",
        [("Am Montag", "2025-03-17"), ("kommende Woche", "[2025-03-24..2025-03-30]")],
    ),
    # A weekday after "vom" names a day that has been, whatever the clause.
    (
        "de",
        WEDNESDAY,
        "Trump will über die Kommentare vom Montag sprechen.",
        [("vom Montag", "2025-03-17")],
    ),
]


@cases(PAST_CLAUSES)
def test_a_date_outside_a_future_clause_looks_back(language, published, text, expected):
    assert found(text, language, published) == expected


# --- bis / until / through: ranges that end ahead --------------------------------------------

UNTIL = [
    # A single day after publication ends a period that starts at publication.
    (
        "de",
        WEDNESDAY,
        "Die Waffenruhe gilt bis Freitagabend.",
        [("bis Freitagabend", "2025-03-19/2025-03-21")],
    ),
    (
        "de",
        WEDNESDAY,
        "eine Feuerpause bis zum Sonntag",
        [("bis zum Sonntag", "2025-03-19/2025-03-23")],
    ),
    (
        "en",
        WEDNESDAY,
        "Russia halted strikes until Friday.",
        [("until Friday", "2025-03-19/2025-03-21")],
    ),
    (
        "en",
        WEDNESDAY,
        "The truce runs through Sunday.",
        [("through Sunday", "2025-03-19/2025-03-23")],
    ),
    ("de", WEDNESDAY, "bis morgen", [("bis morgen", "2025-03-19/2025-03-20")]),
    ("en", WEDNESDAY, "until tomorrow", [("until tomorrow", "2025-03-19/2025-03-20")]),
    # On publication's own weekday the end is a week later: the same day is "bis heute".
    ("de", FRIDAY, "Die Frist läuft bis Freitag.", [("bis Freitag", "2025-03-21/2025-03-28")]),
    ("de", WEDNESDAY, "bis heute", [("bis heute", "../2025-03-19")]),
    # Coarser ends, and ends without a start in the text, leave the start open.
    ("de", TUESDAY, "bis Ende Mai", [("bis Ende Mai", "../2025-05-31")]),
    ("de", TUESDAY, "bis März", [("bis März", "../2025-03")]),
    ("en", TUESDAY, "until 2030", [("until 2030", "../2030")]),
    ("de", TUESDAY, "bis zum 1. März 2025", [("bis zum 1. März 2025", "../2025-03-01")]),
    ("de", TUESDAY, "bis zum Wochenende", [("bis zum Wochenende", "../2025-03-23")]),
    # A start written before the end.
    (
        "de",
        TUESDAY,
        "ab sofort bis Ende Mai",
        [("ab sofort bis Ende Mai", "2025-03-18/2025-05-31")],
    ),
    ("en", TUESDAY, "from now until Friday", [("from now until Friday", "2025-03-18/2025-03-21")]),
    ("de", TUESDAY, "ab heute bis Freitag", [("ab heute bis Freitag", "2025-03-18/2025-03-21")]),
    ("de", TUESDAY, "seit 2022 bis heute", [("seit 2022 bis heute", "2022/2025-03-18")]),
    ("de", TUESDAY, "ab Montag bis Freitag", [("ab Montag bis Freitag", "2025-03-24/2025-03-28")]),
    ("de", TUESDAY, "ab Montag", [("ab Montag", "2025-03-24/..")]),
    ("en", MAY_6, "a ceasefire starting Monday", [("starting Monday", "2025-05-12/..")]),
    # A time of day between the lead and the day.
    (
        "en",
        SATURDAY,
        "a truce until midnight on Sunday",
        [("until midnight on Sunday", "2025-03-15/2025-03-16")],
    ),
    (
        "de",
        SATURDAY,
        "Die Feuerpause gilt bis Mitternacht am Sonntag.",
        [("bis Mitternacht am Sonntag", "2025-03-15/2025-03-16")],
    ),
    # In the past perfect the end has been.
    (
        "de",
        WEDNESDAY,
        "Bis Sonntag hatte Russland die Stadt zurückerobert.",
        [("Bis Sonntag", "../2025-03-16")],
    ),
    (
        "en",
        WEDNESDAY,
        "Russia had held the town until Sunday.",
        [("until Sunday", "../2025-03-16")],
    ),
    # A simple past passive still ends ahead: the extension runs to the coming Friday.
    (
        "de",
        WEDNESDAY,
        "Die Waffenruhe wurde bis Freitag verlängert.",
        [("bis Freitag", "2025-03-19/2025-03-21")],
    ),
    (
        "en",
        WEDNESDAY,
        "Moscow said the truce was valid until Friday.",
        [("until Friday", "2025-03-19/2025-03-21")],
    ),
    # "through" before a possessive is no range.
    ("en", WEDNESDAY, "He went through Sunday's papers.", [("Sunday", "2025-03-16")]),
]


@cases(UNTIL)
def test_until_ranges_end_ahead(language, published, text, expected):
    assert found(text, language, published) == expected


# --- A day and month in the weeks after publication ------------------------------------------

WEEKS_AFTER = [
    ("en", MAY_6, "The ceasefire lasts until May 9.", [("until May 9", "2025-05-06/2025-05-09")]),
    ("en", MAY_6, "Russia marks the anniversary on May 9.", [("on May 9", "2025-05-09")]),
    ("de", MAY_6, "Die Parade am 9. Mai in Moskau", [("am 9. Mai", "2025-05-09")]),
    ("en", DECEMBER_20, "Talks resume on January 10.", [("on January 10", "2025-01-10")]),
    ("de", DECEMBER_20, "Gespräche am 10. Januar", [("am 10. Januar", "2025-01-10")]),
    # Parts of a month too: they are days.
    (
        "en",
        DECEMBER_20,
        "Talks may resume by mid-January.",
        [("mid-January", "[2025-01-11..2025-01-20]")],
    ),
    ("de", TUESDAY, "Ende Mai", [("Ende Mai", "[2024-05-21..2024-05-31]")]),
    # Further ahead than WEEKS_AHEAD weeks, the most recent one.
    ("de", TUESDAY, "am 20. Juni", [("am 20. Juni", "2024-06-20")]),
    ("en", TUESDAY, "on 13 May", [("on 13 May", "2025-05-13")]),
    ("en", TUESDAY, "on 14 May", [("on 14 May", "2024-05-14")]),
    # The weekday written with it picks the year in which it fits.
    ("de", TUESDAY, "am Donnerstag, 20. Juni", [("am Donnerstag, 20. Juni", "2024-06-20")]),
    ("en", TUESDAY, "on Friday, 20 June", [("on Friday, 20 June", "2025-06-20")]),
]


@cases(WEEKS_AFTER)
def test_a_day_in_the_weeks_after_publication_is_read_ahead(language, published, text, expected):
    assert found(text, language, published) == expected


def test_the_weeks_ahead_are_eight():
    assert WEEKS_AHEAD == 8
    assert datetime.date(2025, 5, 13) - TUESDAY == datetime.timedelta(weeks=WEEKS_AHEAD)


# --- Holidays ---------------------------------------------------------------------------------

HOLIDAYS = [
    # Movable feasts from Easter (20 April 2025, 31 March 2024).
    ("de", APRIL_10, "Am Ostermontag kam es zu Angriffen.", [("Am Ostermontag", "2025-04-21")]),
    ("en", APRIL_10, "on Easter Monday", [("on Easter Monday", "2025-04-21")]),
    ("de", APRIL_10, "Karfreitag", [("Karfreitag", "2025-04-18")]),
    ("en", APRIL_10, "Good Friday prayers", [("Good Friday", "2025-04-18")]),
    ("de", APRIL_10, "zu Ostern", [("zu Ostern", "2025-04-20")]),
    ("en", APRIL_10, "at Easter", [("at Easter", "2025-04-20")]),
    ("de", APRIL_10, "am Ostersonntag", [("am Ostersonntag", "2025-04-20")]),
    ("de", APRIL_10, "an Christi Himmelfahrt", [("an Christi Himmelfahrt", "2025-05-29")]),
    ("en", APRIL_10, "on Ascension Day", [("on Ascension Day", "2025-05-29")]),
    ("de", MAY_6, "am Pfingstmontag", [("am Pfingstmontag", "2025-06-09")]),
    ("en", MAY_6, "on Whit Monday", [("on Whit Monday", "2025-06-09")]),
    # Sixty days ahead is further than the weeks after publication: the last one.
    ("de", APRIL_10, "am Pfingstmontag", [("am Pfingstmontag", "2024-05-20")]),
    ("de", datetime.date(2024, 6, 1), "Ostern 2024", [("Ostern 2024", "2024-03-31")]),
    # Orthodox Easter: 5 May 2024, a month after the Western one.
    (
        "de",
        datetime.date(2024, 4, 20),
        "zum orthodoxen Osterfest",
        [("zum orthodoxen Osterfest", "2024-05-05")],
    ),
    (
        "en",
        datetime.date(2024, 4, 20),
        "an Orthodox Easter truce",
        [("Orthodox Easter", "2024-05-05")],
    ),
    (
        "en",
        datetime.date(2024, 5, 20),
        "on Orthodox Easter Sunday",
        [("on Orthodox Easter Sunday", "2024-05-05")],
    ),
    (
        "de",
        TUESDAY,
        "zum orthodoxen Weihnachtsfest",
        [("zum orthodoxen Weihnachtsfest", "2025-01-07")],
    ),
    # Fixed days.
    ("de", TUESDAY, "an Heiligabend", [("an Heiligabend", "2024-12-24")]),
    ("en", TUESDAY, "on Christmas Eve", [("on Christmas Eve", "2024-12-24")]),
    ("de", TUESDAY, "am ersten Weihnachtstag", [("am ersten Weihnachtstag", "2024-12-25")]),
    ("de", TUESDAY, "am zweiten Weihnachtstag", [("am zweiten Weihnachtstag", "2024-12-26")]),
    ("en", TUESDAY, "on Christmas Day", [("on Christmas Day", "2024-12-25")]),
    ("en", TUESDAY, "on Boxing Day", [("on Boxing Day", "2024-12-26")]),
    ("de", TUESDAY, "zu Weihnachten", [("zu Weihnachten", "[2024-12-24..2024-12-26]")]),
    ("de", TUESDAY, "an Silvester", [("an Silvester", "2024-12-31")]),
    ("en", TUESDAY, "on New Year's Eve", [("on New Year's Eve", "2024-12-31")]),
    ("de", TUESDAY, "an Neujahr", [("an Neujahr", "2025-01-01")]),
    ("en", TUESDAY, "on New Year’s Day", [("on New Year’s Day", "2025-01-01")]),
    ("de", TUESDAY, "am Tag der Arbeit", [("am Tag der Arbeit", "2025-05-01")]),
    ("en", MAY_6, "May Day rallies", [("May Day", "2025-05-01")]),
    ("de", MAY_6, "zum Tag des Sieges", [("zum Tag des Sieges", "2025-05-09")]),
    ("en", MAY_6, "on Victory Day", [("on Victory Day", "2025-05-09")]),
    # Which way: a future clause looks ahead, "bis" ends ahead, "seit" looks back.
    (
        "de",
        TUESDAY,
        "Bis Weihnachten soll der Krieg enden.",
        [("Bis Weihnachten", "../2025-12-26")],
    ),
    (
        "en",
        TUESDAY,
        "A deal will be signed on Christmas Eve.",
        [("on Christmas Eve", "2025-12-24")],
    ),
    ("de", TUESDAY, "bis Ostern", [("bis Ostern", "2025-03-18/2025-04-20")]),
    ("de", TUESDAY, "seit Ostern", [("seit Ostern", "2024-03-31/..")]),
    ("en", TUESDAY, "since Christmas", [("since Christmas", "2024-12-25/..")]),
    ("en", TUESDAY, "last Christmas", [("last Christmas", "2024-12-25")]),
    ("en", TUESDAY, "next Easter", [("next Easter", "2025-04-20")]),
    ("en", TUESDAY, "Christmas Eve 2023", [("Christmas Eve 2023", "2023-12-24")]),
]


@cases(HOLIDAYS)
def test_holidays_resolve_like_dates(language, published, text, expected):
    assert found(text, language, published) == expected


NOT_HOLIDAYS = [
    ("en", TUESDAY, "the Good Friday Agreement"),
    ("en", TUESDAY, "a trip to Easter Island"),
    ("en", TUESDAY, "since the Easter Rising"),
    ("en", TUESDAY, "on Christmas Island"),
    ("en", TUESDAY, "an Easter truce and Christmas lights"),
    ("de", TUESDAY, "Der Schauspieler Silvester Groth und die Ostermärsche"),
    ("de", TUESDAY, "Weihnachtsmärkte und Osterfeuer, das Pfingstwunder"),
    ("en", TUESDAY, "a happy New Year message"),
]


@pytest.mark.parametrize(
    ("language", "published", "text"), NOT_HOLIDAYS, ids=[text for _, _, text in NOT_HOLIDAYS]
)
def test_names_that_only_contain_a_holiday_date_nothing(language, published, text):
    assert found(text, language, published) == []


# --- Hours stay hours; ISO dates ---------------------------------------------------------------

HOURS_AND_ISO = [
    ("de", TUESDAY, "eine 48-stündige Waffenruhe", [("48-stündige", "PT48H")]),
    ("de", TUESDAY, "48 Stunden lang", [("48 Stunden lang", "PT48H")]),
    ("de", TUESDAY, "eine 72-Stunden-Waffenruhe", [("72-Stunden", "PT72H")]),
    ("de", TUESDAY, "eine 30-Tage-Frist", [("30-Tage", "P30D")]),
    ("en", TUESDAY, "for 48 hours", [("for 48 hours", "PT48H")]),
    ("en", TUESDAY, "a 30-hour truce", [("30-hour", "PT30H")]),
    ("en", TUESDAY, "Published 2025-03-18.", [("2025-03-18", "2025-03-18")]),
    ("de", TUESDAY, "Stand: 2025-03-18T14:30Z", [("2025-03-18T14:30Z", "2025-03-18")]),
    ("de", TUESDAY, "seit 2025-03", [("seit 2025-03", "2025-03/..")]),
    (
        "en",
        TUESDAY,
        "figures for 2024-11 and 2024-12",
        [("2024-11", "2024-11"), ("2024-12", "2024-12")],
    ),
    # Not inside an URL, a file name, an ID, a query string or a bigger number.
    ("en", TUESDAY, "see https://example.com/news/2025-03-18/putin", []),
    ("en", TUESDAY, "the file report-2025-03.pdf and 2025-03-18.pdf", []),
    ("en", TUESDAY, "case ID 2025-03-18-0042 and ?date=2025-03-18", []),
    ("en", TUESDAY, "serial 12025-03-18 and 2025-13", []),
    # A year followed by its successor's two digits is a span of years.
    ("en", TUESDAY, "the 2011-12 season", [("2011-12", "2011/2012")]),
]


@cases(HOURS_AND_ISO)
def test_hours_and_iso_dates(language, published, text, expected):
    assert found(text, language, published) == expected
