"""Links that last: a renamed event keeps answering at every slug it had, with a 301."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from tests.conftest import make_event, make_source
from timeline.models import Event, EventSlug

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentence(db):
    return make_source().sentences.first()


def rename(event, slug):
    event.slug = slug
    event.full_clean()
    event.save()
    return event


def test_renaming_twice_keeps_both_old_slugs_redirecting_permanently(client, sentence):
    event = make_event("putin-call", sentences=[sentence])
    rename(event, "trump-putin-call")
    rename(event, "trump-putin-call-tuesday")
    for old in ("putin-call", "trump-putin-call"):
        response = client.get(f"/events/{old}/")
        assert response.status_code == 301, old
        assert response["Location"] == "/events/trump-putin-call-tuesday/"
    assert client.get("/events/trump-putin-call-tuesday/").status_code == 200
    assert sorted(event.old_slugs.values_list("slug", flat=True)) == [
        "putin-call",
        "trump-putin-call",
    ]


def test_the_redirect_keeps_the_query_string(client, sentence):
    event = make_event("old-name", sentences=[sentence])
    rename(event, "new-name")
    response = client.get("/events/old-name/?utm_source=chat&x=%C3%A4+b")
    assert response.status_code == 301
    assert response["Location"] == "/events/new-name/?utm_source=chat&x=%C3%A4+b"


def test_the_htmx_fragment_of_an_old_slug_redirects_too(client, sentence):
    event = make_event("old-name", sentences=[sentence])
    rename(event, "new-name")
    response = client.get("/events/old-name/?entry=collapsed", headers={"HX-Request": "true"})
    assert response.status_code == 301
    assert response["Location"] == "/events/new-name/?entry=collapsed"
    followed = client.get(response["Location"], headers={"HX-Request": "true"})
    assert followed.content.decode().strip().startswith('<li class="event event--call"')


def test_renaming_back_makes_the_slug_a_permalink_again(client, sentence):
    event = make_event("first-name", sentences=[sentence])
    rename(event, "second-name")
    rename(event, "first-name")
    assert client.get("/events/first-name/").status_code == 200
    assert client.get("/events/second-name/")["Location"] == "/events/first-name/"
    assert list(event.old_slugs.values_list("slug", flat=True)) == ["second-name"]


def test_saving_without_renaming_records_nothing(sentence):
    event = make_event("steady", sentences=[sentence])
    event.title = "A new title, same address"
    event.save()
    event.save(update_fields=["status", "updated"])
    assert not EventSlug.objects.exists()


def test_an_old_slug_of_a_draft_redirects_only_for_those_who_may_see_drafts(staff_client, sentence):
    draft = make_event("draft-old", status=Event.Status.DRAFT, sentences=[sentence])
    rename(draft, "draft-new")
    # Readers learn nothing about drafts: the old address is as unknown as the new one.
    reader = Client()
    assert reader.get("/events/draft-old/").status_code == 404
    assert reader.get("/events/draft-new/").status_code == 404
    response = staff_client.get("/events/draft-old/")
    assert response.status_code == 301
    assert response["Location"] == "/events/draft-new/"


def test_a_new_event_cannot_take_another_events_old_slug(sentence):
    renamed = make_event("ceasefire-talks", title="Ceasefire talks", sentences=[sentence])
    rename(renamed, "ceasefire-talks-in-jeddah")
    newcomer = Event(slug="ceasefire-talks", title="Other talks", when="2025-03-20")
    with pytest.raises(ValidationError) as error:
        newcomer.full_clean()
    assert error.value.message_dict["slug"] == [
        "“ceasefire-talks” was the address of the event “Ceasefire talks” and still leads "
        "there; choose another slug."
    ]


def test_another_event_cannot_be_renamed_to_an_old_slug_either(sentence):
    renamed = make_event("old-address", title="Renamed", sentences=[sentence])
    rename(renamed, "new-address")
    other = make_event("other-event")
    other.slug = "old-address"
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "still leads there" in error.value.message_dict["slug"][0]


def test_the_admin_shows_the_old_slug_message_and_saves_nothing(staff_client, sentence):
    renamed = make_event("old-address", title="Renamed", sentences=[sentence])
    rename(renamed, "new-address")
    response = staff_client.post(
        "/admin/timeline/event/add/",
        {
            "title": "Newcomer",
            "slug": "old-address",
            "status": "draft",
            "kind": "other",
            "when": "2025-03-18",
            "timing": "reported",
            "order": "0",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "“old-address” was the address of the event “Renamed”" in response.content.decode()
    assert not Event.objects.filter(title="Newcomer").exists()


def test_renaming_in_the_admin_keeps_the_old_address(staff_client, sentence):
    event = make_event("putin-call", sentences=[sentence])
    evidence = event.evidence.get()
    response = staff_client.post(
        f"/admin/timeline/event/{event.pk}/change/",
        {
            "title": event.title,
            "slug": "trump-putin-call",
            "status": "published",
            "kind": "call",
            "when": "2025-03-18",
            "timing": "reported",
            "order": "0",
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "1",
            "evidence-0-id": str(evidence.pk),
            "evidence-0-event": str(event.pk),
            "evidence-0-sentence": str(sentence.pk),
            "evidence-0-attribution": evidence.attribution,
            "evidence-0-order": "0",
        },
    )
    assert response.status_code == 302
    reader = Client()
    assert reader.get("/events/putin-call/")["Location"] == "/events/trump-putin-call/"


def test_the_admin_lists_an_events_old_addresses(staff_client, sentence):
    event = make_event("old-address", sentences=[sentence])
    rename(event, "new-address")
    html = staff_client.get(f"/admin/timeline/event/{event.pk}/change/").content.decode()
    assert "<code>/events/old-address/</code>" in html


def test_suggested_slugs_skip_old_slugs(sentence):
    renamed = make_event("putin-orders-a-pause", sentences=[sentence])
    rename(renamed, "putin-orders-a-30-day-pause")
    assert Event.objects.unique_slug("Putin orders a pause") == "putin-orders-a-pause-2"


def test_deleting_an_event_forgets_its_old_slugs(client, sentence):
    event = make_event("old-address", sentences=[sentence])
    rename(event, "new-address")
    event.delete()
    assert not EventSlug.objects.exists()
    assert client.get("/events/old-address/").status_code == 404


def test_an_unknown_slug_is_a_404_without_a_redirect(client, db):
    response = client.get("/events/never-existed/")
    assert response.status_code == 404
    assert "Location" not in response


@pytest.mark.parametrize("options", [["--missing-only"], []])
def test_loading_the_seeds_again_respects_an_editors_rename(client, seeded, options):
    event = Event.objects.get(slug="trump-putin-call-tuesday")
    rename(event, "trump-putin-phone-call-18-march")
    call_command("load_seeds", *options, verbosity=0)
    # Not created again under the seed's slug, which still leads to the renamed event.
    assert Event.objects.count() == 18
    assert not Event.objects.filter(slug="trump-putin-call-tuesday").exists()
    response = client.get("/events/trump-putin-call-tuesday/")
    assert response["Location"] == "/events/trump-putin-phone-call-18-march/"
