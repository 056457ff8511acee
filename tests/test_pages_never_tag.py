"""No public page runs the date tagger: every date mention a page shows was stored before.

The sentence's `mentions` are computed when it is cut and by `manage.py retag_dates`
(tests/test_stored_dates.py); here the tagger raises, and every public address, with
every event, version, source and ceasefire of the seed story, still renders.
"""

import pytest

from timeline import temporal
from timeline.models import Ceasefire, Event, Source


@pytest.fixture
def tagger_forbidden(monkeypatch):
    """Makes any call of the tagger fail the test."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a page ran the date tagger")

    monkeypatch.setattr(temporal, "find_dates", forbidden)


def public_addresses():
    """Every public page and format of the seed story, with a search and filters."""
    events = list(Event.objects.published())
    return [
        "/",
        "/?q=Kreml&kind=call&start=2025",
        "/embed/",
        "/events/table/",
        "/events/table/?q=Waffen&sort=-evidence",
        "/events/table/?_export=csv",
        "/events/table/?_export=xlsx",
        "/events/timelinejs.json",
        "/events.json",
        "/events.ics",
        "/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/ceasefires.csv",
        *(event.get_absolute_url() for event in events),
        *(version.get_absolute_url() for e in events for version in e.published_versions()),
        *(source.get_absolute_url() for source in Source.objects.all()),
        *(ceasefire.get_absolute_url() for ceasefire in Ceasefire.objects.published()),
    ]


def test_no_public_page_runs_the_tagger(client, seeded, tagger_forbidden):
    addresses = public_addresses()
    assert len(addresses) > 30  # every event, version, source and ceasefire is in the list
    for address in addresses:
        assert client.get(address).status_code == 200, address
        htmx = client.get(address, headers={"HX-Request": "true"})
        assert htmx.status_code == 200, address
