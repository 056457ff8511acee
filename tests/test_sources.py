"""Events with evidence from several sources: grouped by source, and where their dates differ."""

import re

import pytest
from django.urls import reverse

from timeline.models import Event

pytestmark = pytest.mark.django_db

TUESDAY = "trump-putin-call-tuesday"
FEBRUARY = "trump-putin-call-february-2025"


@pytest.fixture
def add_second_source(seeded, import_english_report, cite):
    """`add_second_source()`: the English report, cited for the Tuesday and the February call."""

    def add_second_source():
        source = import_english_report()
        cite(TUESDAY, source, "On Tuesday, Putin agreed", "Kremlin readout")
        cite(TUESDAY, source, "The White House said", "White House statement")
        cite(FEBRUARY, source, "Their first call", "Test Wire (reporting)")
        return source

    return add_second_source


@pytest.fixture
def two_sources(add_second_source):
    """The seed story plus the English report, cited for the Tuesday and the February call."""
    return add_second_source()


def permalink(client, slug, **headers):
    return client.get(reverse("event-detail", args=[slug]), headers=headers).content.decode()


def source_sections(html):
    """{publisher: the markup of that source's evidence} in page order."""
    parts = html.split('<section class="source-evidence"')[1:]
    sections = {}
    for part in parts:
        publisher = re.search(r'<p class="source-evidence__title">([^,]+),', part).group(1)
        sections[publisher] = part
    return sections


def text_of(html):
    """The text of `html`, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_english_report_is_segmented_and_dated(two_sources):
    assert two_sources.sentences.count() == 8
    first_call = two_sources.sentences.get(position=6)
    assert [m.edtf for m in first_call.date_mentions()] == ["2025-02-12"]


def test_permalink_groups_evidence_by_source_then_attribution(client, two_sources, seed_source):
    html = permalink(client, TUESDAY)
    sections = source_sections(html)
    assert list(sections) == ["Financial Times", "Test Wire"]
    ft, wire = sections["Financial Times"], sections["Test Wire"]

    assert "18 March 2025" in ft and f'href="/sources/{seed_source.slug}/"' in ft
    assert "Der Kreml sagte, dass der russische Präsident" in ft
    assert re.findall(r'<p class="evidence-group__title">([^<]+)</p>', ft) == [
        "Kremlin readout",
        "White House statement",
    ]

    assert "Test Wire, 19 March 2025" in wire
    assert f'href="/sources/{two_sources.slug}/" lang="en">Putin agrees to 30-day pause' in wire
    assert "On Tuesday, Putin agreed to a proposal from Trump" in wire
    assert "The White House said the two leaders had agreed" in wire
    assert "Der Kreml sagte" not in wire
    # Within the source, parties still stand side by side.
    assert "evidence-groups--compare" in wire
    assert re.findall(r'<p class="evidence-group__title">([^<]+)</p>', wire) == [
        "Kremlin readout",
        "White House statement",
    ]
    assert f'href="/sources/{two_sources.slug}/#s-2"' in wire
    assert 'lang="en"' in wire


def test_sources_that_date_the_event_differently_are_pointed_out(client, two_sources):
    html = permalink(client, FEBRUARY)
    note = re.search(r'<p class="sources-differ"[^>]*>(.*?)</p>', html, re.DOTALL)
    assert note, "the February call should carry a note on the differing dates"
    assert text_of(note.group(1)) == (
        "Sources differ on the date: Financial Times says February 2025 (“im Februar”); "
        "Test Wire says 12 February 2025 (“on February 12”). The timeline gives February 2025."
    )
    assert '<span lang="de">im Februar</span>' in note.group(1)
    assert list(source_sections(html)) == ["Financial Times", "Test Wire"]


def test_no_note_where_the_sources_agree(client, two_sources):
    # Both say Tuesday 18 March: the German "am Dienstag", the English "On Tuesday" a day later.
    assert "sources-differ" not in permalink(client, TUESDAY)


def test_no_note_for_a_single_source(client, seeded):
    assert "sources-differ" not in permalink(client, FEBRUARY)


def test_a_source_that_gives_no_date_does_not_disagree(client, seeded, import_english_report, cite):
    source = import_english_report()
    cite(FEBRUARY, source, "Ukrainian officials said", "Ukrainian officials")
    html = permalink(client, FEBRUARY)
    assert list(source_sections(html)) == ["Financial Times", "Test Wire"]
    assert "sources-differ" not in html


def test_dates_about_other_things_are_left_out_of_the_comparison(
    seeded, import_english_report, cite
):
    # The seed's February sentence also says "vom Dienstag" (18 March): only "im Februar"
    # overlaps the event's February, so only it is compared.
    source = import_english_report()
    cite(FEBRUARY, source, "Their first call", "Test Wire (reporting)")
    event = Event.objects.with_evidence().get(slug=FEBRUARY)
    reports = event.evidence_by_source()
    assert [sorted(report.date_values) for report in reports] == [["2025-02"], ["2025-02-12"]]
    assert event.date_disagreement(reports) == reports


def test_a_refined_date_still_shows_the_disagreement(seeded, import_english_report, cite):
    source = import_english_report()
    cite(FEBRUARY, source, "Their first call", "Test Wire (reporting)")
    event = Event.objects.get(slug=FEBRUARY)
    event.when = "2025-02-12"
    event.save()
    event = Event.objects.with_evidence().get(slug=FEBRUARY)
    reports = event.evidence_by_source()
    # "im Februar" covers the 12th; "vom Dienstag" does not.
    assert [sorted(report.date_values) for report in reports] == [["2025-02"], ["2025-02-12"]]
    assert event.date_disagreement(reports)


def test_the_expanded_timeline_entry_groups_by_source_too(client, two_sources):
    html = permalink(client, FEBRUARY, **{"HX-Request": "true"})
    assert html.lstrip().startswith('<li class="event event--call event--expanded"')
    assert list(source_sections(html)) == ["Financial Times", "Test Wire"]
    assert "Sources differ on the date: Financial Times says February 2025" in text_of(html)
    tuesday = permalink(client, TUESDAY, **{"HX-Request": "true"})
    assert list(source_sections(tuesday)) == ["Financial Times", "Test Wire"]
    assert "sources-differ" not in tuesday


def test_reader_of_the_english_report_links_its_events_and_dates(client, two_sources):
    html = client.get(two_sources.get_absolute_url()).content.decode()
    second = re.search(r'<p id="s-2".*?</p>', html, re.DOTALL).group(0)
    assert f'href="/events/{TUESDAY}/"' in second
    assert "18 March 2025</span>" in second and "“On Tuesday”" in second
    sixth = re.search(r'<p id="s-6".*?</p>', html, re.DOTALL).group(0)
    assert f'href="/events/{FEBRUARY}/"' in sixth and "12 February 2025</span>" in sixth


def test_a_second_source_adds_no_queries(client, seeded, count_queries, add_second_source):
    urls = [reverse("event-detail", args=[TUESDAY]), reverse("event-detail", args=[FEBRUARY])]
    htmx = {"HX-Request": "true"}
    one_source = [count_queries(client, url) for url in urls]
    fragments_one = [count_queries(client, url, headers=htmx) for url in urls]
    add_second_source()
    assert [count_queries(client, url) for url in urls] == one_source
    assert [count_queries(client, url, headers=htmx) for url in urls] == fragments_one


def test_date_as_written_carries_the_language_of_its_source(
    client, seeded, import_english_report, make_event
):
    source = import_english_report()
    make_event(
        "first-call-per-test-wire",
        when="2025-02-12",
        date_text="on February 12",
        sentences=source.sentences.filter(position=6),
    )
    html = permalink(client, "first-call-per-test-wire")
    assert '“<span lang="en">on February 12</span>”' in html
    assert '“<span lang="de">im Februar</span>”' in permalink(client, FEBRUARY)
