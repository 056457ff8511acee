"""An editor's way through the admin without traps: the picker, required fields, one date format,
help that renders, and "Event from this sentence" that proposes honestly."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from timeline.models import Event, Source
from timeline.suggestions import TITLE_LENGTH, suggest_event, suggest_title

pytestmark = pytest.mark.django_db

SEED_SOURCE = "ft-2025-03-18-putin-energy-pause"

PAUSE_SENTENCE = "Vladimir Putin hat Russlands Militär angewiesen, 30 Tage lang"


def add_form_from(staff_client, sentence):
    url = reverse("admin:timeline_event_add") + f"?from_sentence={sentence.pk}"
    return BeautifulSoup(staff_client.get(url).content.decode(), "html.parser")


def test_a_sentence_with_only_a_duration_gets_a_span_from_the_nearest_reported_day(seeded):
    sentence = Source.objects.get(slug=SEED_SOURCE).sentences.get(text__startswith=PAUSE_SENTENCE)
    suggestion = suggest_event(sentence)
    # The next sentence reports the call "am Dienstag", 18 March 2025: 30 days, both ends counted.
    assert suggestion["when"] == "2025-03-18/2025-04-16"
    assert suggestion["date_text"] == "30 Tage lang"


def test_without_a_reported_day_nearby_the_span_starts_on_the_publication_date(db, make_source):
    source = make_source(body="Die Waffenruhe gilt 30 Tage lang. Mehr wurde nicht gesagt.")
    suggestion = suggest_event(source.sentences.get(position=1))
    assert suggestion["when"] == "2025-03-18/2025-04-16"


def test_the_proposed_title_ends_at_a_whole_word_and_is_short(seeded):
    for sentence in Source.objects.get(slug=SEED_SOURCE).sentences.filter(is_boilerplate=False):
        title = suggest_event(sentence)["title"]
        assert len(title) <= TITLE_LENGTH
        assert "…" not in title
        assert sentence.text.startswith(title)
        following = sentence.text[len(title) : len(title) + 1]
        assert following in ("", " ", ",", ".", ";", ":", "“", "”"), (title, following)


@pytest.mark.parametrize(
    ("text", "language", "title"),
    [
        ("Der Kreml sagte, man werde die Gespräche mit den USA und der Ukraine fortsetzen.", "de",
         "Der Kreml sagte, man werde die Gespräche mit den USA und der Ukraine"),
        ("The White House said the two presidents agreed that the movement to peace will begin.",
         "en", "The White House said the two presidents agreed that the movement"),
        ("Die Verhandlungen wurden nach langen Gesprächen unter den Beteiligten und der", "de",
         "Die Verhandlungen wurden nach langen Gesprächen unter den Beteiligten"),
        ("Kurz.", "de", "Kurz"),
    ],
)  # fmt: skip
def test_a_title_never_ends_on_a_dangling_word(text, language, title):
    assert suggest_title(text, language) == title


def test_the_slug_is_cut_at_word_boundaries_and_kept_unique(seeded):
    sentence = Source.objects.get(slug=SEED_SOURCE).sentences.get(text__startswith=PAUSE_SENTENCE)
    slug = suggest_event(sentence)["slug"]
    assert slug == "vladimir-putin-hat-russlands-militar-angewiesen-30-tage-lang"
    Event.objects.create(slug=slug, title="Taken", when="2025-03-18")
    assert suggest_event(sentence)["slug"] == (
        "vladimir-putin-hat-russlands-militar-angewiesen-30-tage-2"
    )


def test_the_add_form_from_a_duration_sentence_is_prefilled_with_the_span(staff_client, seeded):
    sentence = Source.objects.get(slug=SEED_SOURCE).sentences.get(text__startswith=PAUSE_SENTENCE)
    soup = add_form_from(staff_client, sentence)
    assert soup.find("input", {"name": "when"})["value"] == "2025-03-18/2025-04-16"
    assert soup.find("input", {"name": "date_text"})["value"] == "30 Tage lang"
    assert soup.find("select", {"name": "status"}).find("option", selected=True)["value"] == (
        "draft"
    )


def test_the_evidence_picker_shows_the_sentence_with_its_position(staff_client, seeded):
    url = reverse("admin:autocomplete")
    params = {"app_label": "timeline", "model_name": "evidence", "field_name": "sentence"}
    results = staff_client.get(url, {**params, "term": "Expertengruppen"}).json()["results"]
    [found] = results
    # The sentence first, whole (so the searched words are visible), then its source.
    assert found["text"].startswith("#14 · Das Protokoll fügte hinzu, dass Moskau und Washington")
    assert "Expertengruppen" in found["text"]
    assert found["text"].endswith("(Financial Times, Putin ordnet 30-tägigen Verzicht auf "
                                  "Angriffe gegen ukrainische Energieinfrastruktur an)")  # fmt: skip

    # After a choice, the change form shows the same label for the chosen sentence.
    event = Event.objects.get(slug="expert-groups-on-ceasefire")
    page = staff_client.get(reverse("admin:timeline_event_change", args=[event.pk])).content
    soup = BeautifulSoup(page.decode(), "html.parser")
    chosen = soup.find("select", {"name": "evidence-0-sentence"}).find("option", selected=True)
    assert chosen.get_text().startswith("#14 · Das Protokoll fügte hinzu")


def test_required_fields_are_marked(staff_client, db):
    page = staff_client.get(reverse("admin:timeline_event_add")).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("link", href=re.compile(r"css/admin\.css$"))
    assert "required" in soup.find("label", {"for": "id_title"})["class"]
    attribution = soup.find("th", class_="column-attribution")
    assert "required" in attribution["class"]
    css = Source._meta.apps.get_app_config("timeline").path + "/../static/css/admin.css"
    with open(css, encoding="utf-8") as stylesheet:
        assert 'th.required::after { content: " *"' in stylesheet.read().replace("\n", " ")


def test_help_texts_render_as_written(staff_client, db):
    page = staff_client.get(reverse("admin:timeline_event_add")).content.decode()
    assert "The permalink: /events/&lt;slug&gt;/. Keep it stable once published." in page
    assert "/events//" not in BeautifulSoup(page, "html.parser").get_text()


@pytest.mark.parametrize(
    "url",
    [
        "admin:timeline_source_import",
        "admin:timeline_source_add",
    ],
)
def test_the_publication_date_has_one_iso_format_and_a_native_date_input(staff_client, db, url):
    soup = BeautifulSoup(staff_client.get(reverse(url)).content.decode(), "html.parser")
    date_input = soup.find("input", {"name": "published_on"})
    assert date_input["type"] == "date"
    help_text = soup.find(id="id_published_on_helptext")
    assert help_text is None or not re.search(r"\d{2}[./]\d{2}[./]\d{4}", help_text.get_text())
    assert len(soup.select("input[name=published_on]")) == 1


def test_an_edtf_mistake_gets_a_sentence_with_examples(staff_client, db):
    response = staff_client.post(
        reverse("admin:timeline_event_add"),
        {
            "title": "T", "slug": "t", "status": "draft", "kind": "other", "when": "2025-02-30",
            "timing": "reported", "order": "0", "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0", "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
        },
    )  # fmt: skip
    errors = response.context["adminform"].form.errors["when"]
    assert errors == ["30 February 2025 does not exist: February has 28 days."]
    response = staff_client.post(
        reverse("admin:timeline_event_add"),
        {
            "title": "T", "slug": "t", "status": "draft", "kind": "other", "when": "18.03.2025",
            "timing": "reported", "order": "0", "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0", "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
        },
    )  # fmt: skip
    [error] = response.context["adminform"].form.errors["when"]
    assert error.startswith("“18.03.2025” is not a date this site can read. Write a day 2025-03-18")
    assert "Error at position" not in error
