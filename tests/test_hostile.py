"""Hostile input stays inert: every editable text, on every page and fragment.

`hostile_event` stores a payload in every field an editor can fill (event,
evidence, actor, source, translation, and sentence text through an imported
body), so exports and JSON-LD can be checked with the same fixture. Pages are
parsed as a browser would and must hold no script but our own, no event
handler attribute, no javascript:/data: link, and show the payloads as text.
"""

import json
import re

import lxml.html
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import collect_errors, import_article
from timeline.forms import SourceImportForm
from timeline.models import Actor, Event, Evidence, Source, Translation

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JAVASCRIPT_URL = "javascript:alert(1)"
DATA_URL = "data:text/html,<script>alert(1)</script>"
SCRIPT_END = "</script><script>alert(1)</script>"
TEMPLATE = "{{ 7*7 }}"
PAYLOADS = [SCRIPT, BREAKOUT, JAVASCRIPT_URL, DATA_URL, SCRIPT_END, TEMPLATE]


def payload(field):
    """Every payload at once, tagged with the field it is stored in."""
    return f"{field}: " + " ".join(PAYLOADS)


# Escaped, as the text of a page shows it; proves the field was rendered at all.
SHOWN_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
BODY = "\n".join(
    [
        f"Der Kreml sagte am Dienstag {SCRIPT} und mehr.",
        f"Kiew widersprach {BREAKOUT} am Mittwoch.",
        f"Ein Link {JAVASCRIPT_URL} und {DATA_URL} stand hier.",
        f"Im JSON {SCRIPT_END} endet nichts.",
        f"Die Vorlage {TEMPLATE} bleibt Text.",
    ]
)


@pytest.fixture
def hostile_event(db):
    """A published event whose every editable text, and its source's, carries the payloads.

    Its `source` attribute is the imported source (payloads in the sentence
    texts, title, publisher, original_* and a javascript: URL written past
    the validator); `translation` is a payload translation of its first
    evidence sentence.
    """
    source = import_article(
        BODY,
        title=payload("source.title"),
        publisher=payload("source.publisher"),
        slug="hostile-source",
    ).source
    # Written past the form, as a script or an old row might: the pages must still not link it.
    Source.objects.filter(pk=source.pk).update(
        url=JAVASCRIPT_URL,
        original_publisher=payload("source.original_publisher"),
        original_title=payload("source.original_title"),
        original_language='"><s>',
    )
    source.refresh_from_db()
    first, second = source.sentences.order_by("position")[:2]
    actor = Actor.objects.create(name=payload("actor.name"), slug="hostile-actor")
    event = Event.objects.create(
        slug="hostile-event",
        title=payload("event.title")[:200],
        summary=payload("event.summary"),
        date_text=payload("event.date_text")[:200],
        when="2025-03-18",
        kind=Event.Kind.STATEMENT,
        status=Event.Status.PUBLISHED,
    )
    event.actors.add(actor)
    Evidence.objects.create(
        event=event,
        sentence=first,
        attribution=payload("evidence.attribution")[:200],
        note=payload("evidence.note"),
        quote=SCRIPT,
        order=0,
    )
    Evidence.objects.create(
        event=event, sentence=second, attribution=payload("second.attribution")[:200], order=1
    )
    event.translation = Translation.objects.create(
        sentence=first,
        language="en",
        text=payload("translation.text"),
        translator=payload("translation.translator")[:200],
    )
    event.source = source
    return event


URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "cite", "poster", "data", "background", "srcset",
    "data-hx-get", "data-hx-post", "data-hx-push-url", "data-hx-replace-url", "data-copy-url",
}  # fmt: skip
# Our scripts are static files; the admin adds its translation catalog.
SCRIPT_SOURCES = ("/static/", "/admin/jsi18n/")


def assert_inert(html, where):
    """`html` parsed as a browser would: nothing in it runs but our own static scripts."""
    document = lxml.html.document_fromstring(html)
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"<{element.tag} {name}=…>")
            squashed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
            if name.lower() in URL_ATTRIBUTES and squashed.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                problems.append(f"<{element.tag} {name}={value!r}>")
            if name.lower() == "style" or (name.lower() == "http-equiv" and "refresh" in squashed):
                problems.append(f"<{element.tag} {name}={value!r}>")
        if element.tag == "script":
            kind = element.get("type", "")
            if kind in ("application/ld+json", "application/json"):
                json.loads(element.text or "")  # data, and all of it: no </script> broke out
            elif not element.get("src", "").startswith(SCRIPT_SOURCES):
                problems.append(f"inline script: {(element.text or '')[:60]!r}")
        if element.tag in ("iframe", "object", "embed", "style"):
            problems.append(f"<{element.tag}> element")
        # Only the embed's own <base target="_top">: no href, so every link keeps its address.
        if element.tag == "base" and dict(element.attrib) != {"target": "_top"}:
            problems.append(f"<base {dict(element.attrib)}>")
        if element.tag == "img" and not element.get("src", "").startswith("/static/"):
            problems.append(f"<img src={element.get('src')!r}>")
    assert problems == [], f"{where}: {problems}"


@pytest.mark.parametrize(
    "html",
    [
        f"<p>{SCRIPT}</p>",
        f'<p title="{BREAKOUT}">',
        f'<a href="{JAVASCRIPT_URL}">x</a>',
        '<a href=" java\tscript:alert(1)">x</a>',
        f'<form action="{DATA_URL}"></form>',
        '<div data-hx-get="javascript:alert(1)"></div>',
        f'<script type="application/ld+json">{{"name": "{SCRIPT_END}"}}</script>',
        '<p style="color: red">',
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
        '<base href="https://evil.example/">',
    ],
)
def test_the_inertness_check_catches_what_it_looks_for(html):
    with pytest.raises((AssertionError, ValueError)):
        assert_inert(f"<!doctype html><html><body>{html}</body></html>", "a bad page")


def test_the_inertness_check_passes_escaped_text_and_our_own_scripts():
    assert_inert(
        '<!doctype html><html><head><script src="/static/js/timeline.js" defer></script>'
        r'<script type="application/ld+json">{"name": "<\/script>"}</script></head>'
        f'<body><p title="&quot;&gt;">{SHOWN_SCRIPT}</p><a href="/events/x/">x</a></body></html>',
        "a good page",
    )


def public_pages(event):
    """(where, url, headers) for every public page and fragment that can show the event."""
    permalink = event.get_absolute_url()
    htmx = {"HX-Request": "true"}
    return [
        ("timeline", "/", {}),
        ("timeline, filtered by actor, htmx", "/?actor=hostile-actor", {**htmx, "HX-Trigger": "filters"}),
        ("timeline, searching for a payload", "/?" + f"q={SCRIPT}", {}),
        ("permalink", permalink, {}),
        ("permalink, expanded entry", permalink, htmx),
        ("permalink, collapsed entry", f"{permalink}?entry=collapsed", htmx),
        ("table", "/events/table/", {}),
        ("table, htmx", f"/events/table/?q={BREAKOUT}", htmx),
        ("reader", event.source.get_absolute_url(), {}),
        ("embed", "/embed/", {}),
        ("embed, the event open", f"/embed/?event={event.slug}", {}),
        ("embed, searching for a payload, htmx", "/embed/?" + f"q={SCRIPT}", {**htmx, "HX-Trigger": "filters"}),
        ("embed, entry opened in it", permalink, {**htmx, "Timeline-URL": f"/embed/?q={BREAKOUT}"}),
        ("embed, entry collapsed in it", f"{permalink}?entry=collapsed", {**htmx, "Timeline-URL": f"/embed/?q={SCRIPT}"}),
    ]  # fmt: skip


def test_every_public_page_and_fragment_shows_the_payloads_as_text(client, hostile_event):
    for where, url, headers in public_pages(hostile_event):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, where
        html = response.content.decode()
        assert_inert(html, where)
        assert SHOWN_SCRIPT in html, f"{where} shows no payload: the check proved nothing"


@pytest.mark.parametrize(
    "field",
    [
        "event.title",
        "event.summary",
        "event.date_text",
        "evidence.attribution",
        "evidence.note",
        "actor.name",
        "source.title",
        "source.publisher",
        "source.original_publisher",
        "source.original_title",
        "translation.text",
        "translation.translator",
    ],
)
def test_each_field_reaches_the_permalink_escaped(client, hostile_event, field):
    html = client.get(hostile_event.get_absolute_url()).content.decode()
    assert f"{field}: {SHOWN_SCRIPT}" in html
    assert f"{field}: <script>" not in html


def test_sentence_text_and_the_template_payload_are_shown_verbatim(client, hostile_event):
    page = lxml.html.document_fromstring(client.get(hostile_event.get_absolute_url()).content)
    quoted = [" ".join(q.text_content().split()) for q in page.xpath("//blockquote")]
    assert f"Der Kreml sagte am Dienstag {SCRIPT} und mehr." in quoted
    reader = lxml.html.document_fromstring(
        client.get(hostile_event.source.get_absolute_url()).content
    )
    text = reader.text_content()
    assert f"Die Vorlage {TEMPLATE} bleibt Text." in text
    assert f"Im JSON {SCRIPT_END} endet nichts." in text


@pytest.mark.parametrize("url", [JAVASCRIPT_URL, DATA_URL, " JavaScript:alert(1)", "http://[::1"])
def test_a_source_url_that_is_no_web_address_is_never_linked(client, hostile_event, url):
    Source.objects.filter(pk=hostile_event.source.pk).update(url=url)
    html = client.get(hostile_event.source.get_absolute_url()).content.decode()
    assert "Original article" not in html
    assert_inert(html, url)


def test_a_web_address_is_linked(client, hostile_event):
    Source.objects.filter(pk=hostile_event.source.pk).update(url="https://www.ft.com/content/1")
    html = client.get(hostile_event.source.get_absolute_url()).content.decode()
    assert (
        '<a href="https://www.ft.com/content/1" rel="noopener noreferrer">Original article</a>'
        in html
    )


@pytest.mark.parametrize("url", [JAVASCRIPT_URL, DATA_URL])
def test_the_import_refuses_a_url_that_is_no_web_address(db, url):
    form = SourceImportForm(
        {
            "body": "Der Kreml sagte etwas.",
            "title": "T",
            "publisher": "P",
            "language": "de",
            "published_on": "2025-03-18",
            "url": url,
        }
    )
    assert not form.is_valid()
    assert "is not a web address" in " ".join(form.errors["url"])


@pytest.mark.parametrize(
    "current_url",
    [
        f"http://testserver/?q={BREAKOUT}",
        "http://testserver/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        f"http://testserver/?{JAVASCRIPT_URL}",
    ],
)
def test_a_hostile_current_url_header_lands_escaped(client, hostile_event, current_url):
    response = client.get(
        hostile_event.get_absolute_url(),
        headers={"HX-Request": "true", "HX-Current-URL": current_url},
    )
    html = response.content.decode()
    assert_inert(html, current_url)
    toggle = lxml.html.fragment_fromstring(html, create_parent="div").get_element_by_id(
        "toggle-hostile-event"
    )
    assert toggle.get("href").startswith("/?")


def test_the_admin_shows_the_payloads_as_text(staff_client, hostile_event):
    source = hostile_event.source
    for where, url in [
        ("event list", reverse("admin:timeline_event_changelist")),
        ("event form", reverse("admin:timeline_event_change", args=[hostile_event.pk])),
        ("source list", reverse("admin:timeline_source_changelist")),
        ("source form", reverse("admin:timeline_source_change", args=[source.pk])),
        ("sentences", reverse("admin:timeline_sentence_changelist")),
        ("translations", reverse("admin:timeline_translation_changelist")),
        ("actors", reverse("admin:timeline_actor_changelist")),
    ]:
        response = staff_client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        # The admin's own scripts are static files too; its JSON data blocks are JSON.
        assert_inert(html, f"admin {where}")
        assert SHOWN_SCRIPT in html, where


def test_a_reader_signed_in_as_editor_sees_the_same_inert_pages(staff_client, hostile_event):
    for where, url, headers in public_pages(hostile_event):
        assert_inert(staff_client.get(url, headers=headers).content.decode(), f"staff {where}")


def test_control_characters_in_pasted_text_are_dropped(db):
    result = import_article(
        "Der Kreml\x1b[31m sagte\x07 am\x7f Dienstag\x9b etwas.\u0085Kiew auch."
    )
    assert result.source.body == "Der Kreml[31m sagte am Dienstag etwas.\nKiew auch."


def test_nul_in_pasted_text_is_refused(db):
    form = SourceImportForm(
        {
            "body": "Der Kreml\x00 sagte etwas.",
            "title": "T",
            "publisher": "P",
            "language": "de",
            "published_on": "2025-03-18",
        }
    )
    assert not form.is_valid()
    assert any("Null characters are not allowed" in e or "NUL" in e for e in form.errors["body"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_dialog_opens_and_nothing_is_blocked_in_a_real_browser(page, live_server, hostile_event):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors = collect_errors(page)
    shown = f"event.title: {SCRIPT}"

    page.goto("/")
    expect(page.locator("#toggle-hostile-event")).to_contain_text(shown)
    page.locator("#toggle-hostile-event").click()  # htmx swaps in the expanded entry
    expect(page.locator("#toggle-hostile-event")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#panel-hostile-event .evidence__note").first).to_contain_text(
        f"evidence.note: {SCRIPT}"
    )

    page.goto(hostile_event.get_absolute_url())
    expect(page.locator("h1")).to_have_text(payload("event.title")[:200])
    page.goto(f"/events/table/?q={BREAKOUT}")
    expect(page.locator("#id_q")).to_have_value(BREAKOUT)
    page.goto(hostile_event.source.get_absolute_url())
    expect(page.locator("#source-title")).to_have_text(payload("source.title"))
    expect(page.locator("img")).to_have_count(0)

    assert dialogs == []
    assert errors == []
