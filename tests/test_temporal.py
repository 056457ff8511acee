"""Date expressions in German and English news text, resolved against the publication date."""

import datetime
from pathlib import Path

import pytest
from edtf import parse_edtf

from timeline.temporal import KINDS, DateMention, find_dates

SEED_ARTICLE = (
    Path(__file__).resolve().parent.parent / "seeds" / "ft-2025-03-18-putin-trump-call.de.txt"
)
TUESDAY = datetime.date(2025, 3, 18)  # the seed article's publication date
SUNDAY = datetime.date(2025, 3, 16)
SATURDAY = datetime.date(2025, 3, 15)
NEW_YEAR = datetime.date(2025, 1, 5)  # a Sunday, so "last month" and "December" are last year
DECEMBER = datetime.date(2024, 12, 10)


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
            assert mention.edtf.startswith("P")
        else:
            parse_edtf(mention.edtf)  # raises on anything that is not EDTF
    return [(mention.text, mention.edtf) for mention in mentions]


def test_seed_article_yields_exactly_its_date_expressions():
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert found(text) == [
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


def test_seed_article_mentions_carry_offsets_and_kinds():
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    mentions = find_dates(text, "de", TUESDAY)
    call = text.index("Das Gespräch vom Dienstag") + len("Das Gespräch ")
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
    ("de", TUESDAY, "Anfang Mai", [("Anfang Mai", "[2024-05-01..2024-05-10]")]),
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
def test_unsupported_language_is_a_value_error(language):
    with pytest.raises(ValueError, match="Unsupported language"):
        find_dates("am Dienstag", language, TUESDAY)


def test_empty_text_has_no_mentions():
    assert find_dates("", "en", TUESDAY) == []
