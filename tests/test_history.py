"""Every change to events, evidence, sources, translations and actors is recorded: who, when,
what (field by field in the admin), and any earlier version can be restored from there.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.conftest import SEED_SOURCE, make_event, make_source
from tests.test_stale_saves import TUESDAY, form_data, open_form
from timeline.models import Actor, Event, Evidence, Source, Translation

pytestmark = pytest.mark.django_db


def event_url(event, view="change"):
    return reverse(f"admin:timeline_event_{view}", args=[event.pk])


def text_of(html):
    """The page's visible text, whitespace collapsed."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def save_event(client, event, **changes):
    """Open the event's change form, change fields as an editor would, and save."""
    form = open_form(client, event_url(event), "event_form")
    form.update({name: [value] for name, value in changes.items()})
    response = client.post(event_url(event), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


# Recording -----------------------------------------------------------------------------------------


def test_an_admin_save_records_who_changed_what_and_when(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    save_event(staff_client, event, title="Trump and Putin speak for two hours")
    latest, before = event.history.all()[:2]
    assert latest.history_type == "~"
    assert latest.history_user.username == "editor"
    assert latest.title == "Trump and Putin speak for two hours"
    assert before.title == event.title


def test_an_event_and_its_evidence_saved_together_are_one_point_in_history(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    form = open_form(staff_client, event_url(event), "event_form")
    form["title"] = ["New title"]
    form["evidence-0-note"] = ["Checked against the Kremlin's own readout."]
    staff_client.post(event_url(event), form)
    event_record = event.history.first()
    evidence_record = Evidence.history.filter(event_id=event.pk).first()
    assert evidence_record.note == "Checked against the Kremlin's own readout."
    assert evidence_record.history_date == event_record.history_date
    assert evidence_record.history_user.username == "editor"


def test_actors_translations_and_sources_are_recorded_too(staff_client, seeded):
    actor = Actor.objects.first()
    staff_client.post(
        reverse("admin:timeline_actor_change", args=[actor.pk]),
        {"name": "Renamed", "slug": actor.slug, "kind": actor.kind},
    )
    assert actor.history.first().name == "Renamed"
    assert actor.history.first().history_user.username == "editor"

    translation = Translation.objects.first()
    staff_client.post(
        reverse("admin:timeline_translation_change", args=[translation.pk]),
        {
            "sentence": translation.sentence_id,
            "language": translation.language,
            "text": "A better translation.",
            "translator": translation.translator,
        },
    )
    assert translation.history.first().text == "A better translation."

    source = Source.objects.get(slug=SEED_SOURCE)
    form = open_form(
        staff_client, reverse("admin:timeline_source_change", args=[source.pk]), "source_form"
    )
    form["title"] = ["Retitled"]
    staff_client.post(reverse("admin:timeline_source_change", args=[source.pk]), form)
    assert source.history.first().title == "Retitled"
    assert source.history.first().history_user.username == "editor"


def test_actors_of_an_event_are_part_of_its_history(seeded):
    event = Event.objects.get(slug=TUESDAY)
    before = set(event.actors.values_list("name", flat=True))
    event.actors.remove(event.actors.first())
    latest, previous = event.history.all()[:2]  # newest first
    assert {a.actor.name for a in latest.actors.all()} < before
    assert {a.actor.name for a in previous.actors.all()} == before


# Re-cutting a source: moved rows are changes, dropped rows deletions, each saying why -------------


def test_recutting_a_source_records_moved_and_dropped_links_honestly(db):
    source = make_source(body="Der Kreml sagte etwas. Das Weiße Haus widersprach. Ende.")
    moved = make_event("moved", sentences=[source.sentences.get(position=2)])
    dropped = make_event("dropped", sentences=[source.sentences.get(position=3)])
    link, gone = moved.evidence.get(), dropped.evidence.get()
    Translation.objects.create(
        sentence=source.sentences.get(position=2),
        language="en",
        text="The White House disagreed.",
        translator="Editors",
    )
    revisions = {e.pk: Event.objects.get(pk=e.pk).revision for e in (moved, dropped)}

    source.body = "Neu am Anfang. Der Kreml sagte etwas. Das Weiße Haus widersprach."
    source.resegment(accept_losses=True)

    # The moved link: the same row, one "changed" record with the reason, no deletion.
    assert Evidence.objects.get(pk=link.pk).sentence.position == 3
    records = list(Evidence.history.filter(id=link.pk).order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].sentence_id == source.sentences.get(position=3).pk
    assert "source text changed" in records[-1].history_change_reason
    assert "sentence 3" in records[-1].history_change_reason
    # The dropped link: a deletion saying why.
    deletion = Evidence.history.filter(id=gone.pk).first()
    assert deletion.history_type == "-"
    assert deletion.history_change_reason.startswith("Dropped:")
    # The translation moved with its sentence, recorded as a change.
    translation = Translation.objects.get()
    assert translation.history.first().history_type == "~"
    assert "sentence 3" in translation.history.first().history_change_reason
    # The source's own record and the rows' records are one point in time.
    assert records[-1].history_date == source.history.first().history_date
    # Both events' forms opened before are stale now.
    for event in (moved, dropped):
        assert Event.objects.get(pk=event.pk).revision > revisions[event.pk]


def test_recutting_an_unchanged_text_writes_no_evidence_history(db):
    source = make_source()
    event = make_event("kept", sentences=[source.sentences.get(position=1)])
    count = Evidence.history.filter(event_id=event.pk).count()
    source.resegment()
    assert Evidence.history.filter(event_id=event.pk).count() == count


# The admin's history pages -------------------------------------------------------------------------


def test_the_history_page_shows_each_change_field_by_field(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    save_event(staff_client, event, title="Trump and Putin speak for two hours", order="7")
    html = staff_client.get(event_url(event, "history")).content.decode()
    text = text_of(html)
    assert f"Title: {event.title} → Trump and Putin speak for two hours" in text
    assert f"Order: {event.order} → 7" in text
    assert "editor" in text
    # Bookkeeping (revision, updated) is not shown as a change.
    assert "Revision:" not in text and "Updated:" not in text
    # Nothing inline that the CSP would block.
    assert not re.search(r"\sstyle=", html)


def test_the_event_history_page_lists_its_evidence_changes(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    first = event.evidence.order_by("order", "pk").first()
    save_event(staff_client, event, **{"evidence-0-attribution": "Kremlin readout (TASS)"})
    page = BeautifulSoup(
        staff_client.get(event_url(event, "history")).content.decode(), "html.parser"
    )
    section = " ".join(page.find(id="evidence-history").get_text().split())
    assert f"Attribution: {first.attribution} → Kremlin readout (TASS)" in section
    record = Evidence.history.filter(id=first.pk).first()
    revert = reverse("admin:timeline_evidence_simple_history", args=[first.pk, record.pk])
    assert page.find(id="evidence-history").find("a", href=revert)


def test_a_history_page_escapes_what_editors_typed(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    save_event(staff_client, event, title="<script>alert(1)</script>")
    html = staff_client.get(event_url(event, "history")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Reverting -------------------------------------------------------------------------------------------


def test_an_event_is_reverted_to_an_earlier_version_from_its_history(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    original, records = event.history.first(), event.history.count()
    save_event(staff_client, event, title="A mistaken title", summary="A mistaken summary.")

    url = reverse("admin:timeline_event_simple_history", args=[event.pk, original.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    form = form_data(page.content.decode(), "historicalevent_form")
    assert form["title"] == [event.title]
    # The revert form is based on the row as it is now, not on the old version's revision.
    assert form["base_revision"] == [str(Event.objects.get(pk=event.pk).revision)]
    response = staff_client.post(url, form)
    assert response.status_code == 302

    reverted = Event.objects.get(pk=event.pk)
    assert (reverted.title, reverted.summary) == (event.title, event.summary)
    assert reverted.revision > event.revision + 1
    assert reverted.history.first().history_user.username == "editor"
    assert reverted.history.count() == records + 2  # the mistake, then the revert


def test_a_revert_based_on_a_stale_page_is_refused(staff_client, client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    original = event.history.first()
    url = reverse("admin:timeline_event_simple_history", args=[event.pk, original.pk])
    form = form_data(staff_client.get(url).content.decode(), "historicalevent_form")
    save_event(staff_client, event, title="Saved after the revert page was opened")
    response = staff_client.post(url, form)
    assert response.status_code == 200
    assert "Someone saved this event" in response.content.decode()
    assert Event.objects.get(pk=event.pk).title == "Saved after the revert page was opened"


def test_a_source_text_reverted_is_cut_into_sentences_again(staff_client, db):
    source = make_source(body="Erster Satz. Zweiter Satz.")
    original = source.history.first()
    url = reverse("admin:timeline_source_change", args=[source.pk])
    form = open_form(staff_client, url, "source_form")
    form["body"] = ["Ein ganz neuer Text. Mit drei. Sätzen."]
    assert staff_client.post(url, form).status_code == 302
    assert source.sentences.count() == 3

    revert = reverse("admin:timeline_source_simple_history", args=[source.pk, original.pk])
    form = form_data(staff_client.get(revert).content.decode(), "historicalsource_form")
    assert staff_client.post(revert, form).status_code == 302
    source.refresh_from_db()
    assert source.body == "Erster Satz. Zweiter Satz."
    assert list(source.sentences.values_list("text", flat=True)) == [
        "Erster Satz.",
        "Zweiter Satz.",
    ]


def test_a_deleted_evidence_link_is_restored_from_its_history(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    link = event.evidence.order_by("order", "pk").first()
    save_event(staff_client, event, **{"evidence-0-DELETE": "on"})
    assert not Evidence.objects.filter(pk=link.pk).exists()
    revision = Event.objects.get(pk=event.pk).revision

    before_deletion = Evidence.history.filter(id=link.pk, history_type="+").first()
    url = reverse("admin:timeline_evidence_simple_history", args=[link.pk, before_deletion.pk])
    form = form_data(staff_client.get(url).content.decode(), "historicalevidence_form")
    assert staff_client.post(url, form).status_code == 302
    restored = Evidence.objects.get(pk=link.pk)
    assert (restored.event_id, restored.sentence_id, restored.quote) == (
        link.event_id,
        link.sentence_id,
        link.quote,
    )
    # The event's open forms are stale now: its evidence changed.
    assert Event.objects.get(pk=event.pk).revision > revision


def test_evidence_has_no_list_of_its_own_on_the_admin_index(staff_client, seeded):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "/admin/timeline/event/" in html
    assert "/admin/timeline/evidence/" not in html
