"""Sentence links: text-fragment links that open the original article at the quote.

The encoder (timeline.quotes.text_fragment) follows the WICG Text Fragments
spec: `#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`, every term
percent-encoded with "-", "," and "&" always encoded; a range for long quotes;
context terms only when the quote alone would first match elsewhere.
"""

import re
from urllib.parse import unquote

import pytest

from tests.conftest import SEED_SOURCE, make_event, make_source
from timeline import quotes
from timeline.models import Evidence

pytestmark = pytest.mark.django_db


def selector_for(body, text, occurrence=1):
    """The text-quote selector of the `occurrence`-th `text` in `body`."""
    start = -1
    for _ in range(occurrence):
        start = body.index(text, start + 1)
    return quotes.TextQuote.around(body, start, start + len(text))


def terms(directive):
    """The decoded terms of a text directive, in order, context marks kept."""
    assert directive.startswith(":~:text=")
    return [unquote(term) for term in directive.removeprefix(":~:text=").split(",")]


# --- Encoding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("Waffenruhe", "Waffenruhe"),
        ("30-tägige Pause", "30%2Dt%C3%A4gige%20Pause"),
        ("Land, Kraftwerke & Frieden", "Land%2C%20Kraftwerke%20%26%20Frieden"),
        ("„positiv reagiert“", "%E2%80%9Epositiv%20reagiert%E2%80%9C"),
        ("100% #1 ?a=b/c", "100%25%20%231%20%3Fa%3Db%2Fc"),
        ("Putin's U.S._plan~", "Putin%27s%20U.S._plan~"),
    ],
)
def test_terms_encode_syntax_characters_spaces_and_non_ascii(text, encoded):
    assert quotes.encode_term(text) == encoded
    assert unquote(encoded) == text


def test_a_unique_quote_is_matched_alone():
    body = "Erster Satz am Dienstag. Der Kreml sagte, es sei gut.\nZweiter Absatz."
    directive = quotes.text_fragment(body, selector_for(body, "Der Kreml sagte, es sei gut."))
    assert directive == ":~:text=Der%20Kreml%20sagte%2C%20es%20sei%20gut."


def test_the_first_of_two_identical_quotes_needs_no_context():
    # A browser finds the first match, which is this one (matching ignores case).
    body = "Der Kreml sagte Ja. Dann: der Kreml sagte Ja."
    directive = quotes.text_fragment(body, selector_for(body, "Der Kreml sagte Ja."))
    assert terms(directive) == ["Der Kreml sagte Ja."]


def test_a_repeated_quote_gets_whole_word_context_from_its_own_lines():
    body = (
        "Putin stimmte zu.\n"
        "Nach dem langen Gespräch sagte Peskow: Putin stimmte zu. Danach folgten weitere "
        "Gespräche.\nEnde."
    )
    selector = selector_for(body, "Putin stimmte zu.", occurrence=2)
    # The stored context cuts words ("m langen…", "…Gespräch"); the link's context is whole
    # words, as a browser matches it.
    assert selector.prefix.startswith("m langen")
    assert selector.suffix.endswith("weitere Gespräch")
    prefix, exact, suffix = terms(quotes.text_fragment(body, selector))
    assert prefix == "langen Gespräch sagte Peskow:-"
    assert exact == "Putin stimmte zu."
    assert suffix == "-Danach folgten weitere"


def test_context_never_crosses_a_line_but_may_come_from_the_neighbouring_line():
    body = "Kurz.\nEs gilt.\nLang davor.\nEs gilt.\nDanach kommt mehr."
    prefix, exact, suffix = terms(
        quotes.text_fragment(body, selector_for(body, "Es gilt.", occurrence=2))
    )
    assert (prefix, exact, suffix) == ("Lang davor.-", "Es gilt.", "-Danach kommt mehr.")


def test_a_long_quote_becomes_a_range_of_its_first_and_last_words():
    sentence = (
        "Wladimir Putin hat das russische Militär angewiesen, dreißig Tage lang auf Angriffe "
        "gegen die ukrainische Energieinfrastruktur zu verzichten, sich aber nicht zu einer "
        "bedingungslosen Waffenruhe bereit erklärt."
    )
    assert len(sentence) > quotes.RANGE_OVER_CHARS
    body = f"Vorspann. {sentence} Nachsatz."
    directive = quotes.text_fragment(body, selector_for(body, sentence))
    assert terms(directive) == [
        "Wladimir Putin hat das russische",
        "einer bedingungslosen Waffenruhe bereit erklärt.",
    ]


def test_a_range_whose_start_comes_earlier_gets_context():
    start_words = "Die Gespräche sollen bald beginnen"
    long_quote = (
        f"{start_words}, sagte der Sprecher des Kremls nach dem Telefonat der beiden "
        "Präsidenten am Dienstagabend in Moskau vor Journalisten."
    )
    assert len(long_quote) > quotes.RANGE_OVER_CHARS
    body = f"{start_words}, hieß es vorab. Später am Tag: {long_quote} Mehr folgt."
    found = terms(quotes.text_fragment(body, selector_for(body, long_quote)))
    # The whole words within the selector's 32 characters before the quote.
    assert found[0] == "hieß es vorab. Später am Tag:-"
    assert found[1:3] == [
        "Die Gespräche sollen bald beginnen,",
        "Dienstagabend in Moskau vor Journalisten.",
    ]
    assert found[3] == "-Mehr folgt."


def test_the_url_keeps_its_own_query_and_fragment():
    body = "Ein Satz."
    selector = selector_for(body, "Ein Satz.")
    assert (
        quotes.text_fragment_url("https://example.org/a?x=1&y=2", body, selector)
        == "https://example.org/a?x=1&y=2#:~:text=Ein%20Satz."
    )
    assert (
        quotes.text_fragment_url("https://example.org/a#teil-2", body, selector)
        == "https://example.org/a#teil-2:~:text=Ein%20Satz."
    )


def test_a_quote_no_longer_in_the_body_is_still_linked_by_its_text():
    selector = quotes.TextQuote("Verschwundener Satz.", "davor ", " danach")
    assert quotes.text_fragment("Ganz anderer Text.", selector) == (
        ":~:text=Verschwundener%20Satz."
    )


# --- On the pages ------------------------------------------------------------------------


def source_with_url(body, url="https://news.example.org/2025/03/18/putin-pause"):
    return make_source(slug="wire-putin-pause", body=body, url=url, language="de")


def test_permalink_links_each_quote_to_the_article_online_at_that_sentence(client, db):
    source = source_with_url(
        "Putin stimmte zu.\nDer Kreml sagte, Putin stimmte zu. Das Weiße Haus schwieg."
    )
    first, second, _ = source.sentences.all()
    event = make_event("putin-agrees", sentences=[second])
    html = client.get(event.get_absolute_url()).content.decode()
    # The reader's anchor stays.
    assert f'href="/sources/wire-putin-pause/#s-{second.position}"' in html
    link = re.search(r'<a class="evidence__original" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert link, "no text-fragment link on the permalink"
    href = link.group(1).replace("&amp;", "&")
    assert href == (
        "https://news.example.org/2025/03/18/putin-pause"
        "#:~:text=Der%20Kreml%20sagte%2C%20Putin%20stimmte%20zu."
    )
    assert link.group(2) == f"Sentence {second.position} in the article online"
    assert 'rel="noopener noreferrer"' in link.group(0)


def test_a_narrowed_quote_that_repeats_is_linked_with_its_context(client, db):
    body = "Putin stimmte zu.\nDer Kreml sagte, Putin stimmte zu. Das Weiße Haus schwieg."
    source = source_with_url(body)
    second = source.sentences.get(position=2)
    event = make_event("putin-agrees")
    evidence = Evidence(event=event, sentence=second, attribution="Kremlin readout")
    evidence.anchor_to(second, "Putin stimmte zu.")
    evidence.save()
    prefix, exact, suffix = terms(evidence.original_url.split("#", 1)[1])
    assert (prefix, exact, suffix) == (
        "Der Kreml sagte,-",
        "Putin stimmte zu.",
        "-Das Weiße Haus schwieg.",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert evidence.original_url.replace("&", "&amp;") in html


def test_the_expanded_timeline_entry_offers_the_same_link(client, db):
    source = source_with_url("Ein Satz über die Waffenruhe. Noch einer.")
    event = make_event("truce", sentences=[source.sentences.first()])
    html = client.get(event.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert (
        'href="https://news.example.org/2025/03/18/putin-pause'
        '#:~:text=Ein%20Satz%20%C3%BCber%20die%20Waffenruhe."' in html
    )


def test_sources_without_an_address_offer_no_link_online(client, seeded):
    html = client.get("/events/trump-putin-call-tuesday/").content.decode()
    assert ":~:text=" not in html
    assert 'class="evidence__original"' not in html
    assert f'href="/sources/{SEED_SOURCE}/#s-4"' in html
