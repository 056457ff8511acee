"""`manage.py load_seeds`: the seed story as data, idempotent, atomic, with clear quote errors."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from timeline.models import Actor, Event, Evidence, Sentence, Source

# The article is the client's text, byte for byte (sha256 of ../shared/seeds/000_822effe7b59d270b.txt).
ARTICLE_SHA256 = "5c85622f0902401a0378e1f04955a00c153ec7fd28a458fd4fd9d5031434f18d"


def load(*args, **options):
    out = io.StringIO()
    call_command("load_seeds", *args, stdout=out, **options)
    return out.getvalue()


def database_snapshot():
    return (
        list(Source.objects.values_list("slug", "checksum")),
        list(Sentence.objects.values_list("source__slug", "position", "text")),
        list(Event.objects.values_list("slug", "title", "when")),
        list(Evidence.objects.values_list("event__slug", "sentence__position", "attribution")),
    )


def test_seed_article_is_the_clients_text_byte_for_byte(seed_article):
    data = seed_article.read_bytes()
    assert hashlib.sha256(data).hexdigest() == ARTICLE_SHA256
    shared = seed_article.parents[2] / "shared" / "seeds" / "000_822effe7b59d270b.txt"
    if shared.exists():
        assert shared.read_bytes() == data


@pytest.mark.django_db
def test_loads_the_article_with_metadata_and_boilerplate():
    output = load()
    assert "Sources: 1 created" in output
    source = Source.objects.get(slug="ft-2025-03-18-putin-energy-pause")
    assert source.publisher == "Financial Times"
    assert source.language == "de"
    assert str(source.published_on) == "2025-03-18"
    boilerplate = list(
        source.sentences.filter(is_boilerplate=True).values_list("position", flat=True)
    )
    assert boilerplate == [1, 2]
    for sentence in source.sentences.all():
        assert source.body[sentence.start : sentence.end] == sentence.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "when", "date_text"),
    [
        ("trump-putin-call-february-2025", "2025-02", "im Februar"),
        ("zelensky-floats-energy-strike-truce", "2024-10", "im Oktober"),
        ("trump-putin-call-tuesday", "2025-03-18", "am Dienstag"),
        ("putin-orders-30-day-energy-strike-pause", "2025-03-18/2025-04-16", "30 Tage lang"),
        ("trump-sunday-remarks-land-and-power-plants", "2025-03-16", "In Kommentaren vom Sonntag"),
        ("kyiv-backs-30-day-ceasefire", "[2025-03-10..2025-03-16]", "Letzte Woche"),
        (
            "trump-campaign-promise-to-end-the-war",
            "2024",
            "während seines Präsidentschaftswahlkampfs 2024",
        ),
    ],
)
def test_the_clients_events_are_dated_as_the_article_allows(seeded, slug, when, date_text):
    event = Event.objects.get(slug=slug)
    assert (event.when, event.date_text, event.status) == (when, date_text, "published")
    assert event.evidence.exists()
    for evidence in event.evidence.select_related("sentence"):
        assert evidence.attribution
        assert not evidence.sentence.is_boilerplate
        # The date as written stands in one of the quoted sentences, or the event says it differently.
    assert any(date_text in e.sentence.text for e in event.evidence.select_related("sentence"))


@pytest.mark.django_db
def test_tuesday_call_cites_both_the_kremlin_and_the_white_house(seeded):
    attributions = set(
        Event.objects.get(slug="trump-putin-call-tuesday").evidence.values_list(
            "attribution", flat=True
        )
    )
    assert {"Kremlin readout", "White House statement"} <= attributions
    assert (
        Actor.objects.get(slug="vladimir-putin")
        .events.filter(slug="trump-putin-call-tuesday")
        .exists()
    )


@pytest.mark.django_db
def test_second_run_changes_nothing_and_says_so(seeded):
    before = database_snapshot()
    output = load()
    assert database_snapshot() == before
    assert "Nothing to change" in output
    assert "0 created, 0 updated" in output


@pytest.mark.django_db
def test_dry_run_reports_but_writes_nothing():
    output = load(dry_run=True)
    assert "Events: 18 created, 0 updated" in output
    assert "Dry run: nothing was written." in output
    assert not Source.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_changed_seed_is_reported_as_updated(seeds_copy):
    load(seeds_dir=seeds_copy)
    events = seeds_copy / "events.toml"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            'title = "Trump–Putin call starts the US mediation effort"',
            'title = "A Trump–Putin call starts the US mediation effort"',
        ),
        encoding="utf-8",
    )
    output = load(seeds_dir=seeds_copy, verbosity=2)
    assert "Events: 0 created, 1 updated" in output
    assert "updated event: trump-putin-call-february-2025" in output
    assert (
        Event.objects.get(slug="trump-putin-call-february-2025").title
        == "A Trump–Putin call starts the US mediation effort"
    )


@pytest.mark.django_db
def test_missing_only_keeps_what_editors_changed(seeded):
    Event.objects.filter(slug="trump-putin-call-tuesday").update(title="Edited by an editor")
    output = load(missing_only=True)
    assert "Nothing to change" in output
    assert Event.objects.get(slug="trump-putin-call-tuesday").title == "Edited by an editor"


def break_quote(seeds_copy, old, new):
    events = seeds_copy / "events.toml"
    text = events.read_text(encoding="utf-8")
    assert old in text
    events.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.django_db
def test_a_quote_matching_no_sentence_stops_with_event_and_quote_and_saves_nothing(seeds_copy):
    break_quote(
        seeds_copy,
        'quote = "Das Gespräch vom Dienstag folgte einem Gespräch zwischen Trump und Putin im Februar"',
        'quote = "Das Gespräch vom Mittwoch folgte einem Gespräch zwischen Trump und Putin im Februar"',
    )
    with pytest.raises(CommandError) as excinfo:
        load(seeds_dir=seeds_copy)
    message = str(excinfo.value)
    assert "trump-putin-call-february-2025" in message
    assert (
        "“Das Gespräch vom Mittwoch folgte einem Gespräch zwischen Trump und Putin im Februar” "
        "matches no sentence"
    ) in message
    # Atomic: the article and the events before the broken one were rolled back too.
    assert not Source.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_an_ambiguous_quote_stops_and_leaves_the_database_as_it_was(seeded, seeds_copy):
    before = database_snapshot()
    break_quote(
        seeds_copy,
        'quote = "Das Protokoll fügte hinzu, dass Moskau und Washington Expertengruppen einrichten würden"',
        'quote = "Der Kreml sagte"',
    )
    with pytest.raises(
        CommandError,
        match=r"expert-groups-on-ceasefire.*“Der Kreml sagte” matches 3 sentences \(#4, #11, #20\)",
    ):
        load(seeds_dir=seeds_copy)
    assert database_snapshot() == before


@pytest.mark.django_db
def test_an_invalid_date_in_the_seeds_names_the_event(seeds_copy):
    break_quote(seeds_copy, 'when = "2024-10"', 'when = "2024-10-32"')
    with pytest.raises(
        CommandError, match="zelensky-floats-energy-strike-truce.*32 October 2024 does not exist"
    ):
        load(seeds_dir=seeds_copy)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_broken_toml_is_reported_with_its_path(seeds_copy):
    (seeds_copy / "events.toml").write_text("[[event]\n", encoding="utf-8")
    with pytest.raises(CommandError, match="events.toml is not valid TOML"):
        load(seeds_dir=seeds_copy)


@pytest.mark.django_db
def test_a_date_as_written_that_no_quote_contains_is_refused(seeds_copy):
    break_quote(seeds_copy, 'date_text = "im Oktober"', 'date_text = "Anfang Oktober"')
    with pytest.raises(CommandError) as excinfo:
        load(seeds_dir=seeds_copy)
    assert str(excinfo.value) == (
        "Event “zelensky-floats-energy-strike-truce”: date_text “Anfang Oktober” occurs in none "
        "of its quotes; quote the sentence that dates the event, or leave date_text empty."
    )
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_an_unknown_timing_is_refused(seeds_copy):
    break_quote(seeds_copy, 'timing = "announced"', 'timing = "rumoured"')
    with pytest.raises(CommandError, match="timing “rumoured” is not one of"):
        load(seeds_dir=seeds_copy)


@pytest.mark.django_db
def test_a_translation_into_the_sources_own_language_is_refused(seeds_copy):
    translations = seeds_copy / "translations.toml"
    text = translations.read_text(encoding="utf-8")
    translations.write_text(text.replace('language = "en"', 'language = "de"', 1), encoding="utf-8")
    with pytest.raises(CommandError, match="translate into another supported language"):
        load(seeds_dir=seeds_copy)


def test_every_seeded_event_says_only_what_its_quotes_support(seeded):
    """date_text comes from a quote; every event rests on reporting; the pause is announced."""
    for event in Event.objects.prefetch_related("evidence__sentence"):
        quotes = [evidence.quote for evidence in event.evidence.all()]
        assert quotes, event.slug
        if event.date_text:
            assert any(event.date_text in quote for quote in quotes), event.slug
        assert not any(evidence.sentence.is_boilerplate for evidence in event.evidence.all())
    pause = Event.objects.get(slug="putin-orders-30-day-energy-strike-pause")
    assert (pause.when, pause.timing, pause.length_label) == (
        "2025-03-18/2025-04-16",
        "announced",
        "announced for 30 days",
    )
