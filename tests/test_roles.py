"""Roles: Editors build the timeline, Reviewers publish it, nobody else sees drafts.

Real users in the real groups that the data migration creates, signed in
and going through the admin and the public pages as a browser would.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import make_event, make_source
from timeline.models import Actor, Event, Source, Translation

pytestmark = pytest.mark.django_db

DRAFT_BANNER = "Draft: only editors can see this event."


def staff_member(django_user_model, name, group=None, permissions=()):
    """A staff account in `group` (by name), with extra timeline `permissions` (codenames)."""
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw-123456")
    user.is_staff = True
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    for codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="timeline", codename=codename)
        )
    return user


@pytest.fixture
def users(django_user_model):
    """One account per role, plus staff with only "view event" and staff with nothing."""
    return {
        "editor": staff_member(django_user_model, "erika", "Editors"),
        "reviewer": staff_member(django_user_model, "rolf", "Reviewers"),
        "viewer": staff_member(django_user_model, "vera", permissions=["view_event"]),
        "staff": staff_member(django_user_model, "sven"),
    }


@pytest.fixture
def sign_in(client, users):
    """sign_in(role) gives the test client signed in as that role's account."""

    def sign_in(role):
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return sign_in


@pytest.fixture
def story(db):
    """A reporting source, a draft and a published event that cite it, an actor, a translation."""
    source = make_source(
        slug="wire-2025-03-18",
        body="Der Kreml sagte am Dienstag, Putin habe zugestimmt. Kiew verlangte Einzelheiten.",
    )
    first, second = source.sentences.all()
    draft = make_event("pause-draft", status=Event.Status.DRAFT, sentences=[first])
    published = make_event("call-published", sentences=[second])
    actor = Actor.objects.create(name="Kremlin", slug="kremlin", kind="government")
    translation = Translation.objects.create(
        sentence=first, language="en", text="The Kremlin said on Tuesday…", translator="Editors"
    )
    return {
        "source": source,
        "draft": draft,
        "published": published,
        "actor": actor,
        "translation": translation,
    }


def form_data(html, form_id):
    """What a browser would post back for the form `form_id` in `html`, unchanged."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "select":
            selected = field.find_all("option", selected=True)
            data[name] = [option.get("value", "") for option in selected]
        elif field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The groups ------------------------------------------------------------------------------


def codenames(group):
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_the_migration_creates_editors_and_reviewers_with_their_permissions():
    editors, reviewers = codenames("Editors"), codenames("Reviewers")
    for model in ("event", "evidence", "actor", "source", "translation"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= editors
    assert "publish_event" not in editors
    assert not {"delete_event", "delete_source", "delete_actor"} & editors
    assert {"publish_event", "change_event", "view_event", "view_source"} <= reviewers
    assert not {c for c in reviewers if c.startswith(("add_", "delete_"))}
    timeline = Permission.objects.filter(content_type__app_label="timeline")
    for group in ("Editors", "Reviewers"):
        # Nothing on users, groups or any other app.
        assert not Group.objects.get(name=group).permissions.exclude(pk__in=timeline).exists()


def test_the_publish_permission_is_named_for_people():
    permission = Permission.objects.get(codename="publish_event")
    assert permission.name == "Can publish and unpublish events"


# --- Admin pages each role may open ------------------------------------------------------------

ALLOWED, REFUSED = 200, 403


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("admin:timeline_event_changelist", {"editor": 200, "reviewer": 200, "viewer": 200}),
        ("admin:timeline_event_add", {"editor": 200, "reviewer": 403, "viewer": 403}),
        ("admin:timeline_event_change draft", {"editor": 200, "reviewer": 200, "viewer": 200}),
        ("admin:timeline_event_delete draft", {"editor": 403, "reviewer": 403, "viewer": 403}),
        ("admin:timeline_source_changelist", {"editor": 200, "reviewer": 200, "viewer": 403}),
        ("admin:timeline_source_add", {"editor": 200, "reviewer": 403, "viewer": 403}),
        ("admin:timeline_source_import", {"editor": 200, "reviewer": 403, "viewer": 403}),
        ("admin:timeline_source_change source", {"editor": 200, "reviewer": 200, "viewer": 403}),
        ("admin:timeline_source_delete source", {"editor": 403, "reviewer": 403, "viewer": 403}),
        ("admin:timeline_actor_add", {"editor": 200, "reviewer": 403, "viewer": 403}),
        ("admin:timeline_actor_change actor", {"editor": 200, "reviewer": 200, "viewer": 403}),
        ("admin:timeline_actor_delete actor", {"editor": 403, "reviewer": 403, "viewer": 403}),
        ("admin:timeline_translation_add", {"editor": 200, "reviewer": 403, "viewer": 403}),
        (
            "admin:timeline_translation_change translation",
            {"editor": 200, "reviewer": 200, "viewer": 403},
        ),
        (
            "admin:timeline_translation_delete translation",
            {"editor": 200, "reviewer": 403, "viewer": 403},
        ),
        ("admin:timeline_sentence_changelist", {"editor": 200, "reviewer": 200, "viewer": 403}),
        ("admin:auth_user_changelist", {"editor": 403, "reviewer": 403, "viewer": 403}),
        ("admin:auth_user_add", {"editor": 403, "reviewer": 403, "viewer": 403}),
        ("admin:auth_group_changelist", {"editor": 403, "reviewer": 403, "viewer": 403}),
    ],
)
def test_each_role_opens_exactly_its_admin_pages(sign_in, story, url, expected):
    name, _, obj = url.partition(" ")
    args = [story[obj].pk] if obj else []
    for role, status in expected.items():
        response = sign_in(role).get(reverse(name, args=args))
        assert response.status_code == status, f"{role} on {url}"


def test_the_admin_index_lists_only_what_each_role_may_see(sign_in, story):
    editor = sign_in("editor").get(reverse("admin:index")).content.decode()
    assert 'href="/admin/timeline/event/add/"' in editor
    assert "/admin/auth/user/" not in editor
    reviewer = sign_in("reviewer").get(reverse("admin:index")).content.decode()
    assert 'href="/admin/timeline/event/add/"' not in reviewer
    assert 'href="/admin/timeline/event/"' in reviewer
    assert "/admin/auth/" not in reviewer


# --- Adding and changing -----------------------------------------------------------------------


def add_event_data(sentence, status):
    return {
        "title": "Kiew verlangt Einzelheiten",
        "slug": "kyiv-asks-for-details",
        "status": status,
        "kind": "statement",
        "summary": "",
        "when": "2025-03-18",
        "date_text": "am Dienstag",
        "timing": "reported",
        "order": "0",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-sentence": str(sentence.pk),
        "evidence-0-attribution": "Ukrainian official",
        "evidence-0-order": "0",
    }


def test_an_editor_adds_an_event_and_it_stays_a_draft_even_if_the_post_says_published(
    sign_in, story
):
    sentence = story["source"].sentences.get(position=2)
    client = sign_in("editor")
    response = client.post(
        reverse("admin:timeline_event_add"), add_event_data(sentence, "published")
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="kyiv-asks-for-details")
    assert event.status == Event.Status.DRAFT
    assert event.evidence.get().sentence == sentence
    assert any("until a reviewer publishes it" in m for m in messages_of(response))


def test_a_reviewer_cannot_add_an_event(sign_in, story):
    sentence = story["source"].sentences.get(position=2)
    response = sign_in("reviewer").post(
        reverse("admin:timeline_event_add"), add_event_data(sentence, "draft")
    )
    assert response.status_code == 403
    assert not Event.objects.filter(slug="kyiv-asks-for-details").exists()


def change_url(event):
    return reverse("admin:timeline_event_change", args=[event.pk])


def test_an_editor_sees_the_status_but_cannot_change_it(sign_in, story):
    html = sign_in("editor").get(change_url(story["draft"])).content.decode()
    assert 'name="status"' not in html
    assert "Draft" in BeautifulSoup(html, "html.parser").select_one(".field-status").get_text()


@pytest.mark.parametrize(
    ("event", "posted_status"), [("draft", "published"), ("published", "draft")]
)
def test_an_editor_changes_an_event_but_not_its_status(sign_in, story, event, posted_status):
    event = story[event]
    client = sign_in("editor")
    data = form_data(client.get(change_url(event)).content.decode(), "event_form")
    data.update({"title": "Neuer Titel", "status": posted_status})
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = Event.objects.get(pk=event.pk)
    assert changed.title == "Neuer Titel"
    assert changed.status == event.status


@pytest.mark.parametrize(("event", "status"), [("draft", "published"), ("published", "draft")])
def test_a_reviewer_publishes_and_unpublishes_through_the_form(sign_in, story, event, status):
    event = story[event]
    client = sign_in("reviewer")
    data = form_data(client.get(change_url(event)).content.decode(), "event_form")
    assert "status" in data
    data["status"] = status
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get(pk=event.pk).status == status


def test_staff_with_only_view_event_cannot_change_an_event(sign_in, story):
    event = story["draft"]
    data = form_data(sign_in("editor").get(change_url(event)).content.decode(), "event_form")
    data.update({"title": "Heimlich geändert"})
    response = sign_in("viewer").post(change_url(event), data)
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).title == event.title


# --- Bulk actions ------------------------------------------------------------------------------


def run_action(client, action, *events):
    return client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": action, "_selected_action": [event.pk for event in events]},
        follow=True,
    )


@pytest.mark.parametrize(
    ("role", "action", "event", "status_after"),
    [
        ("reviewer", "publish", "draft", "published"),
        ("reviewer", "unpublish", "published", "draft"),
        ("editor", "publish", "draft", "draft"),
        ("editor", "unpublish", "published", "published"),
        ("viewer", "publish", "draft", "draft"),
        ("viewer", "unpublish", "published", "published"),
        ("editor", "delete_selected", "draft", "draft"),
        ("reviewer", "delete_selected", "published", "published"),
    ],
)
def test_bulk_actions_obey_the_publish_permission(
    sign_in, story, role, action, event, status_after
):
    client = sign_in(role)
    response = run_action(client, action, story[event])
    assert response.status_code == 200
    assert Event.objects.get(slug=story[event].slug).status == status_after


@pytest.mark.parametrize(
    ("role", "offered"),
    [("reviewer", {"publish", "unpublish"}), ("editor", set()), ("viewer", set())],
)
def test_the_changelist_offers_only_the_actions_a_role_may_take(sign_in, story, role, offered):
    html = sign_in(role).get(reverse("admin:timeline_event_changelist")).content.decode()
    select = BeautifulSoup(html, "html.parser").find("select", attrs={"name": "action"})
    options = {o["value"] for o in select.find_all("option")} if select else set()
    assert options - {""} == offered


def test_a_reviewers_bulk_publish_is_logged_under_their_name(sign_in, story, users):
    from django.contrib.admin.models import LogEntry

    run_action(sign_in("reviewer"), "publish", story["draft"])
    entry = LogEntry.objects.get(object_id=str(story["draft"].pk))
    assert entry.user == users["reviewer"]
    assert "Status" in entry.get_change_message()


def test_every_admin_action_declares_its_permission(django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw-1")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    undeclared = [
        f"{model.__name__}.{name} ({location.name})"
        for model, model_admin in admin.site._registry.items()
        for location in ActionLocation
        for name, action in model_admin.get_actions(request, location).items()
        if not getattr(action.func, "allowed_permissions", None)
    ]
    assert undeclared == []


# --- Sources and users -------------------------------------------------------------------------


def import_data(**fields):
    return {
        "body": "Der Kreml sagte am Mittwoch, die Pause gelte.",
        "title": "Pause gilt",
        "publisher": "Test Wire",
        "language": "de",
        "published_on": "2025-03-19",
        "url": "",
        "slug": "",
        **fields,
    }


def test_an_editor_imports_an_article(sign_in, story):
    response = sign_in("editor").post(reverse("admin:timeline_source_import"), import_data())
    assert response.status_code == 302
    assert Source.objects.filter(title="Pause gilt").exists()


@pytest.mark.parametrize("role", ["reviewer", "viewer", "staff"])
def test_others_cannot_import(sign_in, story, role):
    response = sign_in(role).post(reverse("admin:timeline_source_import"), import_data())
    assert response.status_code == 403
    assert not Source.objects.filter(title="Pause gilt").exists()


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_nobody_but_a_superuser_deletes_a_source(sign_in, story, role):
    source = story["source"]
    response = sign_in(role).post(
        reverse("admin:timeline_source_delete", args=[source.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_neither_role_touches_users(sign_in, users, role, django_user_model):
    client = sign_in(role)
    added = client.post(
        reverse("admin:auth_user_add"),
        {"username": "mallory", "password1": "pw-9876543x", "password2": "pw-9876543x"},
    )
    assert added.status_code == 403
    assert not django_user_model.objects.filter(username="mallory").exists()
    promoted = client.post(
        reverse("admin:auth_user_change", args=[users[role].pk]),
        {"username": users[role].username, "is_superuser": "on", "is_staff": "on"},
    )
    assert promoted.status_code == 403
    assert not django_user_model.objects.get(pk=users[role].pk).is_superuser


# --- Drafts on the public pages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_drafts"),
    [
        ("editor", True),
        ("reviewer", True),
        ("viewer", False),
        ("staff", False),
        ("anonymous", False),
    ],
)
def test_only_those_who_may_change_events_see_a_draft_under_a_banner(
    sign_in, story, role, sees_drafts
):
    client = sign_in(role)
    url = story["draft"].get_absolute_url()
    page = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    if not sees_drafts:
        assert page.status_code == fragment.status_code == 404
        return
    for response in (page, fragment):
        assert response.status_code == 200
        banner = BeautifulSoup(response.content.decode(), "html.parser").select(".draft-banner")
        assert [b.get_text() for b in banner] == [DRAFT_BANNER]
    # A published event has no banner, whoever looks.
    assert DRAFT_BANNER not in client.get(story["published"].get_absolute_url()).content.decode()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_drafts_appear_only_on_their_permalink(sign_in, story, role):
    client = sign_in(role)
    for url in ("/", "/events/table/", story["source"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert story["draft"].get_absolute_url() not in html, url
        assert story["published"].get_absolute_url() in html, url


@pytest.mark.parametrize(("role", "offered"), [("editor", True), ("reviewer", False)])
def test_the_reader_offers_event_from_this_sentence_to_those_who_may_add_events(
    sign_in, story, role, offered
):
    html = sign_in(role).get(story["source"].get_absolute_url()).content.decode()
    assert ("Event from this sentence" in html) is offered
