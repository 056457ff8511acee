"""Date mentions are computed when a sentence is cut and stored; pages never run the tagger."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from timeline import temporal
from timeline.models import Sentence, Source

pytestmark = pytest.mark.django_db

SEED_SOURCE = "ft-2025-03-18-putin-energy-pause"


@pytest.fixture
def tagger_forbidden(monkeypatch):
    """Makes any call of the tagger fail the test."""

    def forbidden(*args, **kwargs):
        raise AssertionError("a page ran the date tagger")

    monkeypatch.setattr(temporal, "find_dates", forbidden)


def test_cutting_a_source_stores_the_dates_of_each_sentence(db, make_source):
    source = make_source(body="Erster Satz am Dienstag. Zweiter Satz im Oktober.")
    first, second = source.sentences.all()
    assert first.mentions == [
        {"start": 12, "end": 23, "text": "am Dienstag", "edtf": "2025-03-18", "kind": "date"}
    ]
    assert [m.edtf for m in second.date_mentions()] == ["2024-10"]


def test_public_pages_and_the_source_admin_never_run_the_tagger(
    client, staff_client, seeded, tagger_forbidden
):
    source = Source.objects.get(slug=SEED_SOURCE)
    for url in [
        "/",
        "/events/trump-putin-call-tuesday/",
        "/events/table/",
        source.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200
    page = staff_client.get(reverse("admin:timeline_source_change", args=[source.pk]))
    assert page.status_code == 200
    assert "18 March 2025" in page.content.decode()


def test_a_new_publication_date_retags_the_sentences(db, make_source):
    source = make_source(body="Er sprach am Dienstag.")
    source.published_on = datetime.date(2025, 3, 26)
    source.save()
    assert source.retag() == 1
    assert Sentence.objects.get().date_mentions()[0].edtf == "2025-03-25"


def test_retag_dates_recomputes_what_the_tagger_now_finds(seeded, monkeypatch):
    Sentence.objects.update(mentions=[])
    out = StringIO()
    call_command("retag_dates", "--dry-run", stdout=out)
    assert "Dry run:" in out.getvalue()
    assert not Sentence.objects.exclude(mentions=[]).exists()

    out = StringIO()
    call_command("retag_dates", stdout=out)
    tagged = Sentence.objects.exclude(mentions=[]).count()
    assert tagged > 5
    assert f"{SEED_SOURCE}: {tagged} sentence(s) with new dates" in out.getvalue()
    assert f"{tagged} sentence(s) in 1 source(s) have new dates." in out.getvalue()

    out = StringIO()
    call_command("retag_dates", stdout=out)
    assert "0 sentence(s) in 1 source(s) have new dates." in out.getvalue()
