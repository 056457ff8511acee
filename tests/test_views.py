"""Public pages through the test client: the timeline, permalinks, drafts, query counts."""

import re

import pytest
from django.urls import reverse

from tests.conftest import SEED_SOURCE, make_event, make_many_events, make_source
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_timeline_lists_published_events_in_chronological_order(client, seeded):
    html = client.get("/").content.decode()
    titles = [
        "Trump promises to end the war in Ukraine",
        "Zelensky first floats a truce on strikes against energy targets",
        "First Trump–Putin call",
        "Trump says land and power plants will be divided",
        "Trump and Putin speak by phone",
        "Putin orders a 30-day pause in strikes on Ukraine&#x27;s energy infrastructure",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "shown",
    [
        "October 2024",
        "February 2025",
        "18 March 2025",
        "18 March - 17 April 2025",
        "10 - 16 March 2025",
        ">2024<",
    ],
)
def test_timeline_shows_dates_as_precise_as_known(client, seeded, shown):
    assert shown in client.get("/").content.decode()


def test_timeline_quotes_evidence_with_its_source(client, seeded):
    html = client.get("/").content.decode()
    assert "Der ukrainische Präsident Wolodymyr Selenskyj hatte im Oktober zunächst" in html
    assert "Financial Times, 18 March 2025" in html
    source_url = reverse("source-detail", args=[SEED_SOURCE])
    assert f'href="{source_url}#s-' in html


def test_permalink_shows_the_event_with_its_evidence(client, seeded):
    response = client.get(reverse("event-detail", args=["trump-putin-call-tuesday"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Trump and Putin speak by phone" in html
    assert "18 March 2025" in html
    assert "Kremlin readout" in html and "White House statement" in html
    assert "übereingestimmt, dass dieser Konflikt mit einem dauerhaften Frieden enden muss" in html


def test_unknown_permalink_is_404(client, db):
    assert client.get("/events/no-such-event/").status_code == 404


def test_drafts_are_hidden_from_anonymous_visitors(client, db):
    source = make_source()
    make_event("published-call", sentences=source.sentences.all()[:1])
    draft = make_event("secret-draft", status=Event.Status.DRAFT, title="Unfinished draft")
    assert "Unfinished draft" not in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_permalink(staff_client, db):
    draft = make_event("secret-draft", status=Event.Status.DRAFT, title="Unfinished draft")
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only editors can see this event." in response.content.decode()


def test_user_text_is_escaped(client, db):
    source = make_source(body="<script>alert(1)</script> steht hier.")
    make_event("hostile", title="<img src=x onerror=alert(1)>", sentences=source.sentences.all())
    html = client.get("/").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_pages_carry_a_strict_content_security_policy(client, seeded):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # No inline scripts or styles in our own pages.
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and "style=" not in html


def count_queries(client, url):
    """How many SQL queries one GET of `url` makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_timeline_query_count_does_not_grow_with_events(client, db):
    make_many_events(5)
    few = count_queries(client, "/")
    Event.objects.all().delete()
    make_many_events(50)
    assert count_queries(client, "/") == few
    assert few <= 4
