"""Editors build the timeline in /admin/: events with evidence, sources with their sentences."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from timeline.models import Actor, Event, Source

pytestmark = pytest.mark.django_db

SEED_SOURCE = "ft-2025-03-18-putin-energy-pause"


def event_form(sentences=(), **fields):
    """POST data for the event add form, with one evidence row per sentence."""
    data = {
        "title": "Putin and Trump agree on expert groups",
        "slug": "expert-groups-admin",
        "status": "published",
        "kind": "agreement",
        "summary": "Both sides agree to form expert groups.",
        "when": "2025-03-18",
        "date_text": "am Dienstag",
        "timing": "reported",
        "order": "0",
        "evidence-TOTAL_FORMS": str(len(sentences)),
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }
    for index, (sentence, attribution) in enumerate(sentences):
        data[f"evidence-{index}-sentence"] = str(sentence.pk)
        data[f"evidence-{index}-attribution"] = attribution
        data[f"evidence-{index}-order"] = str(index)
    data.update(fields)
    return data


def test_editor_adds_an_event_with_two_evidence_sentences(staff_client, seed_source):
    kremlin = seed_source.sentences.get(text__startswith="Das Protokoll fügte hinzu")
    white_house = seed_source.sentences.get(text__startswith="Das Weiße Haus sagte")
    putin = Actor.objects.get(slug="vladimir-putin")

    response = staff_client.post(
        reverse("admin:timeline_event_add"),
        event_form(
            [(kremlin, "Kremlin readout"), (white_house, "White House statement")],
            actors=[str(putin.pk)],
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="expert-groups-admin")
    assert list(event.evidence.values_list("sentence__position", "attribution")) == [
        (kremlin.position, "Kremlin readout"),
        (white_house.position, "White House statement"),
    ]
    assert list(event.actors.all()) == [putin]
    assert event.when_lower.isoformat() == "2025-03-18"
    # The new event is public at its permalink straight away.
    assert staff_client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("18.03.2025", "“18.03.2025” is not a date this site can read. Write a day 2025-03-18"),
        (
            "2025-04-17/2025-03-18",
            "The span ends (18 March 2025) before it starts (17 April 2025).",
        ),
        ("2025-02-30", "30 February 2025 does not exist: February has 28 days."),
    ],
)
def test_invalid_date_gets_an_admin_error_and_nothing_is_saved(
    staff_client, seed_source, when, message
):
    sentence = seed_source.sentences.get(position=3)
    response = staff_client.post(
        reverse("admin:timeline_event_add"),
        event_form([(sentence, "Reporter")], when=when),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.filter(slug="expert-groups-admin").exists()


def test_the_same_sentence_twice_on_one_event_is_refused(staff_client, seed_source):
    sentence = seed_source.sentences.get(position=3)
    response = staff_client.post(
        reverse("admin:timeline_event_add"),
        event_form([(sentence, "Reporter"), (sentence, "Another")]),
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data for sentence" in response.content.decode()
    assert not Event.objects.filter(slug="expert-groups-admin").exists()


def test_sentence_autocomplete_searches_text_and_source_title(staff_client, seeded):
    url = reverse("admin:autocomplete")
    params = {"app_label": "timeline", "model_name": "evidence", "field_name": "sentence"}
    found = staff_client.get(url, {**params, "term": "Expertengruppen"}).json()["results"]
    assert len(found) == 1
    # The sentence first (tests/test_editor_flow.py checks the whole label), then its source.
    assert found[0]["text"].startswith("#14 · Das Protokoll fügte hinzu")

    by_title = staff_client.get(url, {**params, "term": "Putin ordnet"}).json()["results"]
    # Every reporting sentence of the article, never its newsletter promotion lines.
    assert len(by_title) == 20  # the first page of the 25 reporting sentences
    assert not any("Newsletter" in option["text"] for option in by_title)


def test_event_list_shows_readable_dates_and_evidence_counts(staff_client, seeded):
    response = staff_client.get(reverse("admin:timeline_event_changelist"))
    html = response.content.decode()
    assert "18 March – 16 April 2025" in html
    assert "October 2024" in html
    changelist = response.context["cl"]
    counts = {event.slug: event.evidence_count for event in changelist.result_list}
    assert counts["trump-putin-call-tuesday"] == 5


def test_event_list_filters_and_search(staff_client, seeded):
    url = reverse("admin:timeline_event_changelist")
    calls = staff_client.get(url, {"kind__exact": "call"}).context["cl"].result_list
    assert {e.slug for e in calls} == {"trump-putin-call-february-2025", "trump-putin-call-tuesday"}
    # Search reaches the evidence sentences, not only titles.
    found = staff_client.get(url, {"q": "Schwarzmeer"}).context["cl"].result_list
    assert [e.slug for e in found] == ["black-sea-maritime-ceasefire-talks"]


def test_change_form_links_to_the_site_and_previews_the_date(staff_client, seeded):
    event = Event.objects.get(slug="putin-orders-30-day-energy-strike-pause")
    html = staff_client.get(
        reverse("admin:timeline_event_change", args=[event.pk])
    ).content.decode()
    assert "View on site" in html
    assert "18 March – 16 April 2025" in html
    assert 'data-prepopulated-fields="[{&quot;id&quot;: &quot;#id_slug&quot;' in html


def test_source_admin_shows_its_sentences_read_only(staff_client, seed_source):
    html = staff_client.get(
        reverse("admin:timeline_source_change", args=[seed_source.pk])
    ).content.decode()
    assert "Entsperren Sie den White House Watch-Newsletter kostenlos" in html
    assert "Expertengruppen einrichten würden" in html
    # Read-only: no editable inputs for sentence text.
    assert 'name="sentences-0-text"' not in html


def test_adding_a_source_in_the_admin_segments_it(staff_client, db):
    response = staff_client.post(
        reverse("admin:timeline_source_add"),
        {
            "slug": "second-report",
            "title": "Second report",
            "publisher": "Test Wire",
            "language": "en",
            "published_on": "2025-03-19",
            "url": "",
            "body": "The call lasted two hours. Both sides said so.",
            "sentences-TOTAL_FORMS": "0",
            "sentences-INITIAL_FORMS": "0",
            "sentences-MIN_NUM_FORMS": "0",
            "sentences-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(slug="second-report")
    assert list(source.sentences.values_list("text", flat=True)) == [
        "The call lasted two hours.",
        "Both sides said so.",
    ]


def test_publish_action_changes_the_status_and_logs_who_did_it(
    staff_client, db, make_source, make_event
):
    source = make_source()
    draft = make_event("draft-call", status="draft", sentences=source.sentences.all()[:1])
    staff_client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == "published"
    entry = LogEntry.objects.get(object_id=str(draft.pk))
    assert entry.user.username == "editor"
    assert entry.is_change()
    assert entry.get_change_message() == "Changed Status."

    staff_client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "unpublish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert LogEntry.objects.filter(object_id=str(draft.pk)).count() == 2


def test_publishing_what_is_already_published_logs_nothing(
    staff_client, db, make_event, make_source
):
    event = make_event("public", sentences=make_source().sentences.all()[:1])
    staff_client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )
    assert not LogEntry.objects.filter(object_id=str(event.pk)).exists()


# Evidence rows: the quote is the whole sentence unless narrowed ---------------------------------


@pytest.fixture
def linked(db, make_event, make_source):
    """An event citing the first of three sentences, and the source."""
    source = make_source(
        body="Der Kreml sagte am Dienstag etwas. Das Weiße Haus widersprach. Ende."
    )
    event = make_event("linked", sentences=[source.sentences.get(position=1)])
    return event, source


def test_the_stored_quote_is_the_whole_sentence_and_the_form_shows_it_empty(staff_client, linked):
    event, source = linked
    evidence = event.evidence.get()
    assert evidence.quote == "Der Kreml sagte am Dienstag etwas."
    html = staff_client.get(reverse("admin:timeline_event_change", args=[event.pk])).content
    assert b'name="evidence-0-quote"' in html
    assert b"Der Kreml sagte am Dienstag etwas.</textarea>" not in html


def test_pointing_a_row_at_another_sentence_quotes_that_sentence(staff_client, linked, change_data):
    event, source = linked
    other = source.sentences.get(position=2)
    response = staff_client.post(
        reverse("admin:timeline_event_change", args=[event.pk]),
        change_data(event, sentence=str(other.pk)),
    )
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    evidence = event.evidence.get()
    assert evidence.sentence == other
    assert evidence.quote == "Das Weiße Haus widersprach."
    # The selector is re-anchored too: 32 characters of what precedes the new sentence.
    assert evidence.selector.prefix == " Kreml sagte am Dienstag etwas. "


def test_a_narrowed_quote_is_kept_and_left_behind_when_the_sentence_changes(
    staff_client, linked, change_data
):
    event, source = linked
    url = reverse("admin:timeline_event_change", args=[event.pk])
    response = staff_client.post(url, change_data(event, quote="am Dienstag"))
    assert response.status_code == 302
    evidence = event.evidence.get()
    assert (evidence.quote, evidence.selector.prefix) == ("am Dienstag", "Der Kreml sagte ")

    # Another sentence with the narrowed quote untouched quotes the whole new sentence.
    other = source.sentences.get(position=2)
    response = staff_client.post(url, change_data(event, sentence=str(other.pk)))
    assert response.status_code == 302
    assert event.evidence.get().quote == "Das Weiße Haus widersprach."


def test_a_quote_that_is_not_in_the_sentence_is_refused(staff_client, linked, change_data):
    event, _ = linked
    response = staff_client.post(
        reverse("admin:timeline_event_change", args=[event.pk]),
        change_data(event, quote="am Mittwoch"),
    )
    assert response.status_code == 200
    assert "The quote must be text of the chosen sentence" in response.content.decode()
    assert event.evidence.get().quote == "Der Kreml sagte am Dienstag etwas."


def test_promotion_lines_are_never_offered_as_evidence(staff_client, seeded):
    url = reverse("admin:autocomplete")
    params = {"app_label": "timeline", "model_name": "evidence", "field_name": "sentence"}
    found = staff_client.get(url, {**params, "term": "Newsletter"}).json()["results"]
    assert found == []
    # The same rule holds for a crafted POST, not only in the picker.
    promotion = Source.objects.get(slug=SEED_SOURCE).sentences.get(position=1)
    assert promotion.is_boilerplate
    response = staff_client.post(
        reverse("admin:timeline_event_add"), event_form([(promotion, "Newsletter")])
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_anonymous_users_cannot_reach_the_admin(client, db):
    response = client.get(reverse("admin:timeline_event_add"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
