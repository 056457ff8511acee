"""Nothing is published without a reporting sentence: the form, the bulk action, the checks."""

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from timeline.checks import published_events_have_evidence
from timeline.models import Event

pytestmark = pytest.mark.django_db

NEEDS_EVIDENCE = (
    "A published event needs at least one evidence sentence that is reporting (not a "
    "promotion line): add one, or save the event as a draft."
)


@pytest.fixture
def article(db, make_source):
    """A source whose first line is newsletter promotion and whose second is reporting."""
    return make_source(
        body="Abonnieren Sie jetzt\nDer Kreml sagte am Dienstag, Putin habe zugestimmt."
    )


def add_form(status, sentences=()):
    data = {
        "title": "Putin agrees",
        "slug": "putin-agrees",
        "status": status,
        "kind": "statement",
        "summary": "",
        "when": "2025-03-18",
        "date_text": "am Dienstag",
        "timing": "reported",
        "order": "0",
        "evidence-TOTAL_FORMS": str(len(sentences)),
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }
    for index, sentence in enumerate(sentences):
        data[f"evidence-{index}-sentence"] = str(sentence.pk)
        data[f"evidence-{index}-attribution"] = "Kremlin readout"
        data[f"evidence-{index}-order"] = str(index)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_event_without_evidence_cannot_be_published_from_the_form(staff_client, article):
    response = staff_client.post(reverse("admin:timeline_event_add"), add_form("published"))
    assert response.status_code == 200
    assert NEEDS_EVIDENCE in response.content.decode()
    assert not Event.objects.filter(slug="putin-agrees").exists()


def test_a_draft_may_wait_for_its_evidence_and_says_it_is_a_draft(staff_client, article):
    response = staff_client.post(
        reverse("admin:timeline_event_add"), add_form("draft"), follow=True
    )
    event = Event.objects.get(slug="putin-agrees")
    assert event.status == "draft"
    assert any(
        "“Putin agrees” is saved as a draft: readers cannot see it yet." in m
        for m in messages_of(response)
    )
    # Its page tells the editor what is missing.
    page = staff_client.get(event.get_absolute_url()).content.decode()
    assert "No evidence is linked to this draft yet: it cannot be published without it." in page


def test_a_reporting_sentence_makes_it_publishable(staff_client, article):
    reporting = article.sentences.get(position=2)
    response = staff_client.post(
        reverse("admin:timeline_event_add"), add_form("published", [reporting])
    )
    assert response.status_code == 302
    assert Event.objects.get(slug="putin-agrees").status == "published"


def test_removing_the_last_evidence_of_a_published_event_is_refused(
    staff_client, article, make_event
):
    event = make_event("putin-agrees", sentences=[article.sentences.get(position=2)])
    evidence = event.evidence.get()
    data = add_form("published")
    data.update(
        {
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "1",
            "evidence-0-id": str(evidence.pk),
            "evidence-0-event": str(event.pk),
            "evidence-0-sentence": str(evidence.sentence_id),
            "evidence-0-attribution": evidence.attribution,
            "evidence-0-order": "0",
            "evidence-0-DELETE": "on",
        }
    )
    response = staff_client.post(reverse("admin:timeline_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    assert NEEDS_EVIDENCE in response.content.decode()
    assert event.evidence.count() == 1


def test_the_bulk_action_publishes_only_what_evidence_supports(staff_client, article, make_event):
    supported = make_event(
        "supported", status="draft", sentences=[article.sentences.get(position=2)]
    )
    bare = make_event("bare", status="draft", title="Bare claim")
    promoted = make_event(
        "promoted",
        status="draft",
        title="Promotion only",
        sentences=[article.sentences.get(position=1)],
    )
    response = staff_client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "publish", "_selected_action": [supported.pk, bare.pk, promoted.pk]},
        follow=True,
    )
    statuses = dict(Event.objects.values_list("slug", "status"))
    assert statuses == {"supported": "published", "bare": "draft", "promoted": "draft"}
    shown = " ".join(messages_of(response))
    assert "1 event(s) published." in shown
    assert "Not published, because no reporting sentence supports them yet" in shown
    assert ">Bare claim</a>, <a" in shown and ">Promotion only</a>" in shown


def test_manage_py_check_reports_published_events_without_evidence_and_fixes_nothing(
    article, make_event
):
    make_event("supported", sentences=[article.sentences.get(position=2)])
    make_event("bare")
    make_event("promoted", sentences=[article.sentences.get(position=1)])
    [warning] = published_events_have_evidence()
    assert warning.id == "timeline.W001"
    assert warning.msg == "2 published event(s) cite no reporting sentence: bare, promoted."
    assert "Nothing was changed." in warning.hint
    assert Event.objects.filter(status="published").count() == 3


def test_manage_py_check_prints_the_warning(article, capsys, make_event):
    make_event("bare")
    call_command("check")
    assert "timeline.W001" in capsys.readouterr().err


def test_the_seed_story_passes_the_check(seeded):
    assert published_events_have_evidence() == []
