"""Translations sit beneath the original, labelled; notes travel with quotes; sources say what
they translate."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from timeline.models import Evidence, Sentence, Source, Translation

pytestmark = pytest.mark.django_db

SEED_SOURCE = "ft-2025-03-18-putin-energy-pause"

PAUSE = "putin-orders-30-day-energy-strike-pause"
TRANSLATION_NOTE = "German translation of an English-language report by Financial Times."


def soup_of(client, url):
    return BeautifulSoup(client.get(url).content.decode(), "html.parser")


def test_every_quoted_seed_sentence_has_an_english_translation(seeded):
    quoted = Sentence.objects.filter(evidence__isnull=False).distinct()
    assert quoted.count() > 20
    for sentence in quoted:
        translation = sentence.translation("en")
        assert translation is not None, sentence.text
        assert translation.translator == "Ceasefire Timeline editors"
        assert translation.original == sentence.text


def test_the_permalink_shows_each_quote_with_its_translation_beneath_it(client, seeded):
    soup = soup_of(client, f"/events/{PAUSE}/")
    figure = soup.select_one("figure.evidence")
    original = figure.select_one(".evidence__text")
    assert original["lang"] == "de"
    assert "30 Tage lang" in original.blockquote.get_text()
    translation = figure.select_one(".translation")
    assert translation["lang"] == "en"
    assert translation.select_one(".translation__label").get_text() == (
        "English translation (Ceasefire Timeline editors):"
    )
    assert "refrain for 30 days from attacking Ukrainian energy infrastructure" in (
        translation.get_text()
    )
    # Beneath the original, not before it.
    children = [child for child in figure.children if getattr(child, "name", None)]
    assert children.index(original) < children.index(translation)


def test_the_timeline_entry_shows_translations_and_notes_too(client, seeded):
    soup = soup_of(client, "/")
    entry = soup.select_one("#event-kyiv-backs-30-day-ceasefire")
    assert entry.select_one("blockquote")["lang"] == "de"
    assert entry.select_one(".translation")["lang"] == "en"
    note = entry.select_one(".evidence__note").get_text()
    assert note.startswith("Editor's note:")
    assert "unterzeichnete" in note


def test_editors_notes_warn_of_the_translation_errors(client, seeded):
    notes = " ".join(Evidence.objects.values_list("note", flat=True))
    for word in ("unterzeichnete", "Haupteinigung", "rechtliche"):
        assert word in notes
    page = soup_of(client, "/events/putin-condition-end-of-foreign-aid-and-intelligence/")
    assert "Haupteinigung" in page.select_one(".evidence__note").get_text()


def test_the_source_says_what_it_translates_on_the_reader_and_permalinks(client, seeded):
    source = Source.objects.get(slug=SEED_SOURCE)
    assert source.translation_note == TRANSLATION_NOTE
    reader = soup_of(client, source.get_absolute_url())
    assert reader.select_one(".reader__translation").get_text().startswith(TRANSLATION_NOTE)
    permalink = soup_of(client, f"/events/{PAUSE}/")
    assert TRANSLATION_NOTE in permalink.select_one(".source-evidence__translation").get_text()


def test_the_reader_shows_translations_beneath_their_sentences(client, seeded):
    reader = soup_of(client, reverse("source-detail", args=[SEED_SOURCE]))
    translated = [p for p in reader.select("p.sentence") if p.select_one(".translation")]
    assert len(translated) == Translation.objects.count()
    first = translated[0]
    assert first.select_one('span[lang="de"]') is not None
    assert first.select_one(".translation")["lang"] == "en"


def test_an_original_source_has_no_translation_note(client, db, make_source):
    source = make_source()
    assert source.translation_note == ""
    assert soup_of(client, source.get_absolute_url()).select_one(".reader__translation") is None


def test_a_translation_moves_with_its_sentence_when_the_text_changes(db, make_source):
    source = make_source(body="Erster Satz. Der Kreml sagte etwas.")
    kremlin = source.sentences.get(position=2)
    Translation.objects.create(
        sentence=kremlin, language="en", text="The Kremlin said something.", translator="Ed"
    )
    source.body = "Neuer Anfang. Erster Satz. Der Kreml sagte etwas."
    result = source.resegment()
    translation = Translation.objects.get()
    assert translation.sentence.position == 3
    assert translation.sentence.text == "Der Kreml sagte etwas."
    assert result.dropped_translations == []


def test_a_translation_whose_sentence_is_gone_is_dropped_and_reported(db, make_source):
    source = make_source(body="Erster Satz. Der Kreml sagte etwas.")
    Translation.objects.create(
        sentence=source.sentences.get(position=2), language="en", text="…", translator="Ed"
    )
    source.body = "Erster Satz. Der Kreml schwieg."
    result = source.resegment()
    assert [t.text for t in result.dropped_translations] == ["…"]
    assert not Translation.objects.exists()


def test_a_translation_into_the_sentences_own_language_is_refused(db, make_source):
    sentence = make_source().sentences.first()
    translation = Translation(sentence=sentence, language="de", text="x", translator="Ed")
    with pytest.raises(ValidationError) as refused:
        translation.full_clean()
    assert refused.value.message_dict["language"] == [
        "A translation is into another language than the sentence's own."
    ]


def test_editors_translate_a_sentence_from_its_source_page(staff_client, db, make_source):
    source = make_source()
    sentence = source.sentences.first()
    page = staff_client.get(reverse("admin:timeline_source_change", args=[source.pk])).content
    add_url = reverse("admin:timeline_translation_add") + f"?sentence={sentence.pk}"
    assert f'href="{add_url}"'.encode() in page.replace(b"&amp;", b"&")

    response = staff_client.post(
        reverse("admin:timeline_translation_add"),
        {
            "sentence": sentence.pk,
            "language": "en",
            "text": "First sentence on Tuesday.",
            "translator": "A. Editor",
        },
    )
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert (translation.sentence, translation.original) == (sentence, sentence.text)


def test_translations_appear_for_published_evidence_on_a_new_event(
    client, db, make_event, make_source
):
    source = make_source(body="Der Kreml sagte am Dienstag etwas.")
    sentence = source.sentences.get()
    Translation.objects.create(
        sentence=sentence, language="en", text="The Kremlin said something on Tuesday.",
        translator="Ed",
    )  # fmt: skip
    make_event("said", sentences=[sentence])
    soup = soup_of(client, "/events/said/")
    assert (
        soup.select_one(".translation")
        .get_text()
        .endswith("The Kremlin said something on Tuesday.")
    )
