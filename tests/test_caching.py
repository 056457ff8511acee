"""Public pages come from the cache until anything they show changes; browsers revalidate.

Run on both cache backends: Django's local-memory cache (the default) and Redis
(127.0.0.1:6379, as `REDIS_URL` configures it in production). CI runs the
whole suite on SQLite and on PostgreSQL.
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from timeline.models import ContentVersion, Event, Source, Translation

pytestmark = pytest.mark.django_db

TUESDAY = "trump-putin-call-tuesday"
PAGES = [
    "/",
    "/?kind=call",
    f"/events/{TUESDAY}/",
    "/events/table/",
    "/sources/ft-2025-03-18-putin-energy-pause/",
    "/ceasefires/energy-strike-pause-march-2025/",
    "/events.json",
    "/embed/",
]


def redis_answers():
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False
    return True


def directives(response):
    """The Cache-Control directives of `response`, in any order."""
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture(params=["locmem", "redis"])
def backend(request, settings):
    """Each test once with the local-memory cache and once with Redis."""
    if request.param == "redis":
        if not redis_answers():
            pytest.fail("Redis at 127.0.0.1:6379 does not answer: the cache tests need it.")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/15",
                "KEY_PREFIX": "ceasefire-tests",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Django's setting_changed receiver makes the cache handler forget the old backend.
    cache.clear()
    yield request.param
    cache.clear()


@pytest.mark.parametrize("url", PAGES)
def test_a_repeated_anonymous_request_is_served_from_the_cache(
    client, seeded, backend, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    # Only the content version is read: one query, whatever the page.
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_after_an_admin_save_the_very_next_request_shows_the_change(
    staff_client, seeded, backend, change_data
):
    client = Client()
    event = Event.objects.get(slug=TUESDAY)
    for url in ["/", event.get_absolute_url(), "/events/table/", "/events.json"]:
        client.get(url)
    data = change_data(event)
    data["title"] = "Trump and Putin speak by phone for two hours"
    response = staff_client.post(reverse("admin:timeline_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    for url in ["/", event.get_absolute_url(), "/events/table/", "/events.json"]:
        assert "for two hours" in client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "change",
    ["translation", "source title", "actor name", "unpublish", "delete event", "retag"],
)
def test_every_kind_of_change_reaches_the_pages(client, seeded, backend, change):
    before = ContentVersion.current()[0]
    client.get("/")
    client.get("/sources/ft-2025-03-18-putin-energy-pause/")
    if change == "translation":
        translation = Translation.objects.first()
        translation.text = "A corrected translation."
        translation.save()
        expected, url = "A corrected translation.", "/"
    elif change == "source title":
        source = Source.objects.get(slug="ft-2025-03-18-putin-energy-pause")
        source.title = "Ein neuer Titel"
        source.save(update_fields=["title"])
        expected, url = "Ein neuer Titel", "/sources/ft-2025-03-18-putin-energy-pause/"
    elif change == "actor name":
        event = Event.objects.get(slug=TUESDAY)
        actor = event.actors.get(slug="donald-trump")
        actor.name = "Donald J. Trump"
        actor.save()
        expected, url = "Donald J. Trump", "/"
    elif change == "unpublish":
        event = Event.objects.get(slug=TUESDAY)
        event.status = Event.Status.DRAFT
        event.save()
        assert f'id="event-{TUESDAY}"' not in client.get("/").content.decode()
        assert ContentVersion.current()[0] > before
        return
    elif change == "delete event":
        Event.objects.get(slug="kyiv-asks-for-full-information").delete()
        assert "kyiv-asks-for-full-information" not in client.get("/").content.decode()
        return
    else:
        source = Source.objects.get()
        source.sentences.update(mentions=[])
        source.retag()
        expected, url = "18 March 2025", "/sources/ft-2025-03-18-putin-energy-pause/"
    assert ContentVersion.current()[0] > before
    assert expected in client.get(url).content.decode()


def test_browsers_and_proxies_revalidate_with_etag_and_last_modified(client, seeded, backend):
    first = client.get("/")
    assert directives(first) == {"public", "max-age=0", "must-revalidate"}
    etag, modified = first["ETag"], first["Last-Modified"]
    unchanged = client.get("/", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag

    Event.objects.filter(slug=TUESDAY).get().save()
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed["Last-Modified"]
    assert modified


def test_variants_by_htmx_headers_and_query_string_are_kept_apart(client, seeded, backend):
    page = client.get(f"/events/{TUESDAY}/")
    fragment = client.get(f"/events/{TUESDAY}/", headers={"HX-Request": "true"})
    assert page.content.decode().lstrip().startswith("<!doctype html>")
    assert fragment.content.decode().lstrip().startswith("<li")
    # Served from the cache, each is still its own variant.
    assert client.get(f"/events/{TUESDAY}/").content == page.content
    again = client.get(f"/events/{TUESDAY}/", headers={"HX-Request": "true"})
    assert again.content == fragment.content
    assert "HX-Request" in fragment["Vary"] and "Cookie" in fragment["Vary"]
    calls = client.get("/?kind=call").content
    assert calls != client.get("/").content
    assert client.get("/?kind=call").content == calls


def test_signed_in_editors_get_fresh_private_pages_and_never_fill_the_cache(
    staff_client, seeded, backend, make_event
):
    make_event("secret-draft", status=Event.Status.DRAFT, title="Unfinished draft")
    editor_page = staff_client.get("/events/secret-draft/")
    assert editor_page.status_code == 200
    assert directives(editor_page) == {"no-cache", "private"}
    assert "ETag" not in editor_page
    # The anonymous reader does not get the editor's rendering.
    client = Client()
    assert client.get("/events/secret-draft/").status_code == 404
    assert (
        "Event from this sentence"
        not in client.get("/sources/ft-2025-03-18-putin-energy-pause/").content.decode()
    )


def test_errors_are_not_cached(client, seeded, backend, django_assert_max_num_queries):
    assert client.get("/events/no-such-event/").status_code == 404
    with django_assert_max_num_queries(10):
        assert client.get("/events/no-such-event/").status_code == 404


def test_pages_told_as_of_today_are_rendered_again_the_next_day(
    client, seeded, backend, monkeypatch
):
    energy = "/ceasefires/energy-strike-pause-march-2025/"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2025, 4, 16))
    on_the_last_day = client.get(energy)
    assert "day 30 of 30" in on_the_last_day.content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2025, 4, 17))
    next_day = client.get(energy, headers={"If-None-Match": on_the_last_day["ETag"]})
    assert next_day.status_code == 200
    assert "day 30 of 30" not in next_day.content.decode()
