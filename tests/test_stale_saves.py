"""Two editors, one event or source: a save based on a stale version is refused, never applied.

Each test opens the same change form twice (editor B's copy goes stale while editor A
saves), then posts B's copy as the browser would. B's save must be refused with what A
changed (field, old and new value, who and when) and a link to reload; A's change must
still be in the database, and nothing of B's (fields, evidence rows, a re-cut text).
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.conftest import SEED_SOURCE, make_event, make_source
from timeline.history import StaleRevision
from timeline.models import Event, Evidence, Source

pytestmark = pytest.mark.django_db

TUESDAY = "trump-putin-call-tuesday"
STALE = "Someone saved this"


def form_data(html, form_id):
    """What a browser posts for the form `form_id` in `html`, as rendered: {name: [values]}."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, f"no form #{form_id}"
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file", "button"):
            continue
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "textarea":
            # Browsers drop the one line break that follows <textarea>, and post CRLF.
            data[name] = [field.text.removeprefix("\n").replace("\n", "\r\n")]
        elif field.name == "select":
            options = field.find_all("option")
            chosen = [o.get("value", o.text) for o in options if o.has_attr("selected")]
            if not chosen and options and not field.has_attr("multiple"):
                chosen = [options[0].get("value", options[0].text)]
            data[name] = chosen
        else:
            data[name] = [field.get("value", "")]
    return data


def event_url(event):
    return reverse("admin:timeline_event_change", args=[event.pk])


def source_url(source):
    return reverse("admin:timeline_source_change", args=[source.pk])


def open_form(client, url, form_id):
    """The change form at `url` as an editor's browser holds it."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id)


@pytest.fixture
def editors(client, django_user_model):
    """Two signed-in editors, A (alice) and B (bob), each with a browser of their own."""
    from django.test import Client

    alice = django_user_model.objects.create_superuser("alice", "alice@example.org", "pw-alice-1")
    bob = django_user_model.objects.create_superuser("bob", "bob@example.org", "pw-bob-12")
    a, b = Client(), Client()
    a.force_login(alice)
    b.force_login(bob)
    return a, b


def refusal(response):
    """The conflict list of a refused save, as text with spaces collapsed."""
    assert response.status_code == 200, "the stale save was not refused"
    page = BeautifulSoup(response.content.decode(), "html.parser")
    errors = page.find(class_="errornote")
    assert errors is not None, "no error note on the refused form"
    conflict = page.find("fieldset", class_="conflict")
    assert conflict is not None, "no list of what changed"
    return page, " ".join(conflict.get_text().split())


# Event fields ----------------------------------------------------------------------------------


def test_a_stale_event_save_is_refused_with_what_changed_in_between(editors, seeded):
    a, b = editors
    event = Event.objects.get(slug=TUESDAY)
    url = event_url(event)
    form_a, form_b = open_form(a, url, "event_form"), open_form(b, url, "event_form")
    assert form_b["base_revision"] == [str(event.revision)]

    form_a["title"] = ["Trump and Putin speak for two hours"]
    assert a.post(url, form_a).status_code == 302
    form_b["summary"] = ["B's summary, written on the old version."]
    response = b.post(url, form_b)

    page, listed = refusal(response)
    assert STALE in page.find(class_="errorlist nonfield").get_text()
    # Who, what, old → new.
    assert "alice" in listed
    assert f"Title: {event.title} → Trump and Putin speak for two hours" in listed
    reload = page.find("a", class_="conflict__reload")
    assert reload["href"] == url
    # B's copy is still in the form to copy from, and still based on the old revision.
    assert page.find("textarea", attrs={"name": "summary"}).text.strip().startswith("B's summary")
    assert page.find("input", attrs={"name": "base_revision"})["value"] == str(event.revision)
    # Nothing of B's was saved: A's title stands, the summary is as before.
    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, stored.summary) == ("Trump and Putin speak for two hours", event.summary)
    # Reloading shows A's version, and saving from it works.
    form_b = open_form(b, url, "event_form")
    assert form_b["title"] == ["Trump and Putin speak for two hours"]
    form_b["summary"] = ["B's summary, on the current version."]
    assert b.post(url, form_b).status_code == 302
    stored.refresh_from_db()
    assert (stored.title, stored.summary) == (
        "Trump and Putin speak for two hours",
        "B's summary, on the current version.",
    )


def test_a_second_submit_of_the_refused_form_is_refused_again(editors, seeded):
    a, b = editors
    event = Event.objects.get(slug=TUESDAY)
    url = event_url(event)
    form_a, form_b = open_form(a, url, "event_form"), open_form(b, url, "event_form")
    form_a["title"] = ["A's title"]
    a.post(url, form_a)
    form_b["title"] = ["B's title"]
    refused = b.post(url, form_b)
    # The refusal page keeps B's old revision: saving it again as it stands is refused too.
    again = form_data(refused.content.decode(), "event_form")
    refusal(b.post(url, again))
    assert Event.objects.get(pk=event.pk).title == "A's title"


def test_every_save_moves_the_revision_on(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    before = event.revision
    form = open_form(staff_client, event_url(event), "event_form")
    form["order"] = ["3"]
    staff_client.post(event_url(event), form)
    event.refresh_from_db()
    assert event.revision > before
    # Saved outside the admin too (commands, actions): the database counts.
    stale_copy = Event.objects.get(pk=event.pk)
    event.save()
    stale_copy.save()
    assert Event.objects.get(pk=event.pk).revision == event.revision + 1


def test_publishing_from_the_list_makes_open_forms_stale(editors, seeded):
    a, b = editors
    source = make_source()
    draft = make_event("draft-call", status="draft", sentences=source.sentences.all()[:1])
    form_b = open_form(b, event_url(draft), "event_form")
    a.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    form_b["title"] = ["B's title"]
    _, listed = refusal(b.post(event_url(draft), form_b))
    assert "Status: Draft → Published" in listed
    assert Event.objects.get(pk=draft.pk).status == "published"


# Evidence inlines --------------------------------------------------------------------------------


def test_a_stale_evidence_inline_is_refused_through_the_events_revision(editors, seeded):
    a, b = editors
    event = Event.objects.get(slug=TUESDAY)
    url = event_url(event)
    form_a, form_b = open_form(a, url, "event_form"), open_form(b, url, "event_form")
    first = event.evidence.order_by("order", "pk").first()
    assert form_a["evidence-0-id"] == [str(first.pk)]

    # A changes only an evidence row; B deletes that row and changes its own field.
    form_a["evidence-0-attribution"] = ["Kremlin readout, as translated"]
    assert a.post(url, form_a).status_code == 302
    form_b["evidence-0-DELETE"] = ["on"]
    form_b["summary"] = ["B's summary."]
    page, listed = refusal(b.post(url, form_b))
    assert "Evidence" in listed
    assert f"Attribution: {first.attribution} → Kremlin readout, as translated" in listed
    assert "alice" in listed
    # The row A changed is still there, as A left it; B's field was not saved.
    assert Evidence.objects.get(pk=first.pk).attribution == "Kremlin readout, as translated"
    assert Event.objects.get(pk=event.pk).summary == event.summary


def test_a_new_evidence_row_on_a_stale_form_is_not_added(editors, seeded):
    a, b = editors
    event = Event.objects.get(slug=TUESDAY)
    url = event_url(event)
    form_a, form_b = open_form(a, url, "event_form"), open_form(b, url, "event_form")
    removed = event.evidence.order_by("order", "pk").first()
    form_a["evidence-0-DELETE"] = ["on"]
    assert a.post(url, form_a).status_code == 302
    count = event.evidence.count()

    other = Source.objects.get(slug=SEED_SOURCE).sentences.filter(is_boilerplate=False).last()
    total = int(form_b["evidence-TOTAL_FORMS"][0])
    prefix = f"evidence-{total - 1}-"  # the empty extra row
    form_b[f"{prefix}sentence"] = [str(other.pk)]
    form_b[f"{prefix}attribution"] = ["B's attribution"]
    _, listed = refusal(b.post(url, form_b))
    assert f"Evidence “{removed.quote}” ({removed.attribution}) deleted" in listed
    assert event.evidence.count() == count
    assert not Evidence.objects.filter(attribution="B's attribution").exists()


# Source text ---------------------------------------------------------------------------------------


def test_a_stale_source_text_is_refused_and_never_cut(editors, db):
    a, b = editors
    source = make_source(body="Erster Satz am Dienstag. Zweiter Satz. Dritter Satz.")
    url = source_url(source)
    form_a, form_b = open_form(a, url, "source_form"), open_form(b, url, "source_form")

    form_a["body"] = ["Erster Satz am Dienstag. Zweiter Satz, neu gefasst. Dritter Satz."]
    assert a.post(url, form_a).status_code == 302
    form_b["body"] = ["Ganz anderer Text von B. Er ersetzt alles."]
    form_b["title"] = ["B's title"]
    page, listed = refusal(b.post(url, form_b))
    assert "Text:" in listed and "neu gefasst" in listed
    assert "alice" in listed

    source.refresh_from_db()
    assert source.title == "Testartikel"
    assert source.body == "Erster Satz am Dienstag. Zweiter Satz, neu gefasst. Dritter Satz."
    # The sentences are A's text, cut once: B's text was never cut.
    assert list(source.sentences.values_list("text", flat=True)) == [
        "Erster Satz am Dienstag.",
        "Zweiter Satz, neu gefasst.",
        "Dritter Satz.",
    ]


def test_a_stale_source_metadata_save_is_refused_too(editors, db):
    a, b = editors
    source = make_source()
    url = source_url(source)
    form_a, form_b = open_form(a, url, "source_form"), open_form(b, url, "source_form")
    form_a["publisher"] = ["A's publisher"]
    assert a.post(url, form_a).status_code == 302
    form_b["publisher"] = ["B's publisher"]
    _, listed = refusal(b.post(url, form_b))
    assert "Publisher: Test Publisher → A's publisher" in listed
    assert Source.objects.get(pk=source.pk).publisher == "A's publisher"


# The race between the check and the save ------------------------------------------------------


def test_a_save_that_lands_between_the_check_and_the_write_is_still_refused(
    editors, seeded, monkeypatch
):
    """B's form passes its check just before A's save lands: B's write is refused, not applied."""
    a, b = editors
    event = Event.objects.get(slug=TUESDAY)
    url = event_url(event)
    form_a, form_b = open_form(a, url, "event_form"), open_form(b, url, "event_form")
    form_a["title"] = ["A's title"]
    assert a.post(url, form_a).status_code == 302

    real = Event.stored_revision
    calls = []

    def blind_to_a_once(self):
        """The check in B's form.clean() reads the revision as it was before A's save."""
        calls.append(self.pk)
        return event.revision if len(calls) == 1 else real(self)

    monkeypatch.setattr(Event, "stored_revision", blind_to_a_once)
    form_b["summary"] = ["B's summary."]
    response = b.post(url, form_b)
    _, listed = refusal(response)
    assert "Title: " in listed and "A's title" in listed
    stored = Event.objects.get(pk=event.pk)
    assert (stored.title, stored.summary) == ("A's title", event.summary)


def test_the_lock_refuses_a_moved_revision(seeded):
    event = Event.objects.get(slug=TUESDAY)
    event.lock_revision(event.revision)  # still there: held
    Event.bump_revisions([event.pk])
    with pytest.raises(StaleRevision):
        event.lock_revision(event.revision)


def test_forms_post_their_revision_as_a_hidden_field(staff_client, seeded):
    event = Event.objects.get(slug=TUESDAY)
    html = staff_client.get(event_url(event)).content.decode()
    field = re.search(r'<input type="hidden" name="base_revision"[^>]*>', html).group(0)
    assert f'value="{event.revision}"' in field
    source = Source.objects.get(slug=SEED_SOURCE)
    html = staff_client.get(source_url(source)).content.decode()
    assert f'name="base_revision" value="{source.revision}"' in html
