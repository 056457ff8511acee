"""Segmentation keeps exact offsets; quotes find exactly one sentence."""

import pysbd
import pytest
from django.db import IntegrityError

from timeline import quotes, sentences
from timeline.models import Evidence, EvidenceWouldBeLost, Sentence


def test_every_segment_is_the_body_sliced_at_its_offsets(seed_text):
    segments = sentences.cut(seed_text, "de")
    assert [s.position for s in segments] == list(range(1, len(segments) + 1))
    for segment in segments:
        assert seed_text[segment.start : segment.end] == segment.text
        assert segment.text == segment.text.strip()


def test_seed_article_splits_into_its_lines_and_sentences(seed_text):
    segments = sentences.cut(seed_text, "de")
    # 25 lines of reporting and promotion; "Er fügte hinzu: „Viele Elemente …“" stays one sentence.
    assert segments[0].text == "Entsperren Sie den White House Watch-Newsletter kostenlos"
    assert segments[2].text.startswith("Vladimir Putin hat Russlands Militär angewiesen")
    assert segments[-1].text.endswith("für seine zweite Amtszeit.")
    assert not any("\n" in s.text for s in segments)


def test_a_long_line_is_cut_as_pysbd_cuts_it_whole(seed_text):
    # Long lines are read through a window (pysbd's time grows with the square of a line).
    line = " ".join(seed_text.splitlines()[2:]) * 3
    assert len(line) > 5 * sentences.WINDOW_CHARS
    whole = pysbd.Segmenter(language="de", clean=False).segment(line)
    assert [s.text for s in sentences.cut(line, "de")] == [p.strip() for p in whole if p.strip()]


def test_a_sentence_longer_than_the_window_stays_whole():
    long_sentence = "Der Kreml sagte " + "und dann " * 600 + "nichts."
    body = f"Erster Satz. {long_sentence} Letzter Satz."
    assert [s.text for s in sentences.cut(body, "de")] == [
        "Erster Satz.",
        long_sentence,
        "Letzter Satz.",
    ]


def test_abbreviations_do_not_end_a_sentence():
    segments = sentences.cut("Mr. Smith called on Tuesday. He spoke to Dr. Jones.", "en")
    assert [s.text for s in segments] == ["Mr. Smith called on Tuesday.", "He spoke to Dr. Jones."]


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError, match="Unsupported language “xx”"):
        sentences.cut("Text.", "xx")


def test_find_quote_names_missing_and_ambiguous_quotes():
    segments = sentences.cut("Am Dienstag rief er an. Am Dienstag schrieb er.", "de")
    assert quotes.find_quote(segments, "rief er an").position == 1
    with pytest.raises(quotes.QuoteError, match="matches no sentence"):
        quotes.find_quote(segments, "am Mittwoch")
    with pytest.raises(quotes.QuoteError, match=r"matches 2 sentences \(#1, #2\)"):
        quotes.find_quote(segments, "Am Dienstag")
    assert quotes.find_quote(segments, "Dienstag", suffix=" schrieb").position == 2


def test_resegment_keeps_evidence_on_its_sentence_when_the_text_moves(db, make_source, make_event):
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


def test_resegment_refuses_to_lose_evidence_and_changes_nothing(db, make_source, make_event):
    source = make_source(body="Erster Satz. Der Kreml sagte etwas.")
    make_event("call", sentences=[source.sentences.get(position=2)])
    source.body = "Erster Satz. Ganz anders."
    with pytest.raises(
        EvidenceWouldBeLost,
        match="1 evidence link.*their quote is gone: Call: “Der Kreml sagte etwas.”",
    ):
        source.resegment()
    assert list(source.sentences.values_list("text", flat=True)) == [
        "Erster Satz.",
        "Der Kreml sagte etwas.",
    ]


def test_sentence_position_is_unique_within_a_source(db, make_source):
    source = make_source()
    with pytest.raises(IntegrityError):
        Sentence.objects.create(source=source, position=1, text="x", start=0, end=1)


def test_sentence_text_must_be_the_body_slice(db, make_source):
    from django.core.exceptions import ValidationError

    source = make_source(body="Erster Satz. Zweiter Satz.")
    sentence = source.sentences.get(position=1)
    sentence.full_clean()
    sentence.text = "Erfundener Satz."
    with pytest.raises(ValidationError, match="is not the source body"):
        sentence.full_clean()


def test_locate_uses_prefix_and_suffix_to_choose_between_repeats():
    body = "Am Dienstag sagte Moskau Ja. Am Dienstag sagte Kiew Nein."
    second = quotes.TextQuote.around(body, 29, 40)
    assert second.exact == "Am Dienstag" and second.prefix.endswith("Moskau Ja. ")
    assert quotes.locate(body, second) == 29
    assert quotes.locate("Vorwort. " + body, second) == 38
    assert quotes.locate(body, quotes.TextQuote("Am Dienstag")) is None  # ambiguous
    assert quotes.locate(body, quotes.TextQuote("am Mittwoch")) is None  # gone


def test_a_partial_quote_survives_an_edit_elsewhere_in_its_sentence(db, make_source, make_event):
    source = make_source(body="Einleitung. Der Kreml sagte, Putin habe positiv reagiert.")
    event = make_event("call")
    Evidence.objects.create(
        event=event,
        sentence=source.sentences.get(position=2),
        attribution="Kremlin",
        quote="Putin habe positiv reagiert",
    )
    source.body = (
        "Neue Einleitung. Noch ein Satz. Laut Kreml sagte man, Putin habe positiv reagiert."
    )
    source.resegment()
    evidence = Evidence.objects.get(event=event)
    assert evidence.sentence.position == 3
    assert evidence.quote_prefix.endswith("sagte man, ")


def test_repeated_sentences_keep_their_own_links(db, make_source, make_event):
    source = make_source(body="Kiew schweigt. Der Kreml sagte Ja. Kiew schweigt. Ende.")
    first, second = source.sentences.get(position=1), source.sentences.get(position=3)
    make_event("early", sentences=[first])
    make_event("late", sentences=[second])
    source.body = "Vorab. Kiew schweigt. Der Kreml sagte Ja. Kiew schweigt. Ende."
    source.resegment()
    positions = dict(Evidence.objects.values_list("event__slug", "sentence__position"))
    assert positions == {"early": 2, "late": 4}


def test_confirmed_losses_drop_exactly_the_listed_links(db, make_source, make_event):
    source = make_source(body="Bleibt stehen. Verschwindet gleich.")
    make_event("kept", sentences=[source.sentences.get(position=1)])
    make_event("dropped", sentences=[source.sentences.get(position=2)])
    source.body = "Bleibt stehen. Etwas Neues."
    lost = source.resegment(accept_losses=True).dropped
    assert [e.event.slug for e in lost] == ["dropped"]
    assert list(Evidence.objects.values_list("event__slug", flat=True)) == ["kept"]
    assert list(source.sentences.values_list("text", flat=True)) == [
        "Bleibt stehen.",
        "Etwas Neues.",
    ]


def test_links_of_one_event_may_swap_sentences(db, make_source, make_event):
    source = make_source(body="Erster Satz. Zweiter Satz. Dritter Satz.")
    event = make_event("call", sentences=list(source.sentences.filter(position__in=[1, 2])))
    source.body = "Neuer Satz. Erster Satz. Zweiter Satz. Dritter Satz."
    source.resegment()
    links = list(Evidence.objects.filter(event=event).values_list("quote", "sentence__position"))
    assert sorted(links) == [("Erster Satz.", 2), ("Zweiter Satz.", 3)]
