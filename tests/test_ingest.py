"""Segmentation keeps exact offsets; quotes find exactly one sentence."""

import pytest
from django.db import IntegrityError

from tests.conftest import SEEDS_DIR, make_event, make_source
from timeline import ingest
from timeline.models import Evidence, Sentence

SEED_TEXT = (SEEDS_DIR / "ft-2025-03-18-putin-trump-call.de.txt").read_text(encoding="utf-8")


def test_every_segment_is_the_body_sliced_at_its_offsets():
    segments = ingest.segment(SEED_TEXT, "de")
    assert [s.position for s in segments] == list(range(1, len(segments) + 1))
    for segment in segments:
        assert SEED_TEXT[segment.start : segment.end] == segment.text
        assert segment.text == segment.text.strip()


def test_seed_article_splits_into_its_lines_and_sentences():
    segments = ingest.segment(SEED_TEXT, "de")
    # 25 lines of reporting and promotion; "Er fügte hinzu: „Viele Elemente …“" stays one sentence.
    assert segments[0].text == "Entsperren Sie den White House Watch-Newsletter kostenlos"
    assert segments[2].text.startswith("Vladimir Putin hat Russlands Militär angewiesen")
    assert segments[-1].text.endswith("für seine zweite Amtszeit.")
    assert not any("\n" in s.text for s in segments)


def test_abbreviations_do_not_end_a_sentence():
    segments = ingest.segment("Mr. Smith called on Tuesday. He spoke to Dr. Jones.", "en")
    assert [s.text for s in segments] == ["Mr. Smith called on Tuesday.", "He spoke to Dr. Jones."]


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError, match="Unsupported language “xx”"):
        ingest.segment("Text.", "xx")


def test_find_quote_names_missing_and_ambiguous_quotes():
    segments = ingest.segment("Am Dienstag rief er an. Am Dienstag schrieb er.", "de")
    assert ingest.find_quote(segments, "rief er an").position == 1
    with pytest.raises(ingest.QuoteError, match="matches no sentence"):
        ingest.find_quote(segments, "am Mittwoch")
    with pytest.raises(ingest.QuoteError, match=r"matches 2 sentences \(#1, #2\)"):
        ingest.find_quote(segments, "Am Dienstag")
    assert ingest.find_quote(segments, "Dienstag", suffix=" schrieb").position == 2


def test_resegment_keeps_evidence_on_its_sentence_when_the_text_moves(db):
    source = make_source(body="Erster Satz. Der Kreml sagte etwas.")
    kremlin = source.sentences.get(position=2)
    event = make_event("call", sentences=[kremlin])
    source.body = "Neuer Anfang. Erster Satz. Der Kreml sagte etwas."
    source.save()
    source.resegment()
    evidence = Evidence.objects.get(event=event)
    assert evidence.sentence.position == 3
    assert evidence.sentence.text == "Der Kreml sagte etwas."
    assert source.sentences.count() == 3


def test_resegment_refuses_to_lose_evidence_and_changes_nothing(db):
    source = make_source(body="Erster Satz. Der Kreml sagte etwas.")
    make_event("call", sentences=[source.sentences.get(position=2)])
    source.body = "Erster Satz. Ganz anders."
    with pytest.raises(ingest.QuoteError, match="Call: the quote “Der Kreml sagte etwas.”"):
        source.resegment()
    assert list(source.sentences.values_list("text", flat=True)) == [
        "Erster Satz.",
        "Der Kreml sagte etwas.",
    ]


def test_sentence_position_is_unique_within_a_source(db):
    source = make_source()
    with pytest.raises(IntegrityError):
        Sentence.objects.create(source=source, position=1, text="x", start=0, end=1)


def test_sentence_text_must_be_the_body_slice(db):
    from django.core.exceptions import ValidationError

    source = make_source(body="Erster Satz. Zweiter Satz.")
    sentence = source.sentences.get(position=1)
    sentence.full_clean()
    sentence.text = "Erfundener Satz."
    with pytest.raises(ValidationError, match="is not the source body"):
        sentence.full_clean()
