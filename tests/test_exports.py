"""Exports, feeds and discovery, each read back by the parser its users have.

/events.json (jsonschema), /events/timelinejs.json, /events.ics (icalendar),
/feed/ (feedparser), the table's CSV (tablib) and XLSX (openpyxl), /sitemap.xml
(ElementTree) and /robots.txt: dates at their precision, the timeline's filters,
no drafts, and a number of queries that does not grow with the events.
"""

import datetime
import json
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import icalendar
import jsonschema
import openpyxl
import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SEED_SOURCE, make_event, make_many_events, make_source
from timeline.models import Actor, Event, Source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "static" / "schema" / "events.schema.json").read_text())


# --- Reading each export back: the slugs of its events, in its order ---------------------------


def slugs_from_json(response):
    return [event["slug"] for event in response.json()["events"]]


def slugs_from_timelinejs(response):
    return [slide["unique_id"] for slide in response.json()["events"]]


def calendar_events(response):
    """The VEVENTs of an iCalendar response, parsed by the icalendar package."""
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def slugs_from_ics(response):
    return [str(item["UID"]).removesuffix("@testserver") for item in calendar_events(response)]


def slugs_from_feed(response):
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return [urlsplit(entry.link).path.split("/")[2] for entry in feed.entries]


def csv_rows(response):
    """The CSV download as a tablib Dataset (headers from its first row)."""
    return tablib.Dataset().load(response.content.decode("utf-8"), format="csv")


def slugs_from_csv(response):
    return [url.rstrip("/").rsplit("/", 1)[1] for url in csv_rows(response)["Permalink"]]


def xlsx_rows(response):
    """The XLSX download's first sheet as a list of value tuples (headers first), via openpyxl."""
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    return list(workbook.active.values)


def slugs_from_xlsx(response):
    header, *rows = xlsx_rows(response)
    column = header.index("Permalink")
    return [row[column].rstrip("/").rsplit("/", 1)[1] for row in rows]


# name: (path, extra query, reader)
EXPORTS = {
    "json": (reverse("events-json"), "", slugs_from_json),
    "timelinejs": (reverse("events-timelinejs"), "", slugs_from_timelinejs),
    "ics": (reverse("events-ics"), "", slugs_from_ics),
    "feed": (reverse("event-feed"), "", slugs_from_feed),
    "csv": (reverse("event-table"), "_export=csv", slugs_from_csv),
    "xlsx": (reverse("event-table"), "_export=xlsx", slugs_from_xlsx),
}
# The exports a program asks for directly; they refuse a wrong filter (the table's follow the page).
FILTER_CHECKED = ["json", "timelinejs", "ics", "feed"]


def export_url(name, query=""):
    path, extra, _ = EXPORTS[name]
    query = "&".join(part for part in (query, extra) if part)
    return f"{path}?{query}" if query else path


def exported_slugs(client, name, query=""):
    response = client.get(export_url(name, query))
    assert response.status_code == 200, response.content[:500]
    return EXPORTS[name][2](response)


def seed_sentence(position=None):
    """A reporting sentence of the seed article."""
    sentences = Source.objects.get(slug=SEED_SOURCE).sentences.filter(is_boilerplate=False)
    return sentences.get(position=position) if position else sentences.first()


@pytest.fixture
def draft(seeded):
    """A draft call on the seed day, with evidence: it would match every filter below."""
    return make_event(
        "secret-draft-plan",
        when="2025-03-18",
        status=Event.Status.DRAFT,
        title="Secret draft plan",
        summary="Not for readers yet.",
        kind=Event.Kind.CALL,
        sentences=[seed_sentence()],
    )


# --- /events.json ------------------------------------------------------------------------------


def test_events_json_is_valid_against_the_shipped_schema(client, seeded):
    response = client.get(reverse("events-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    published = Event.objects.published()
    assert document["count"] == published.count() == len(document["events"]) == 18
    assert [e["slug"] for e in document["events"]] == [e.slug for e in published]
    assert document["filters"] == {}


def test_events_json_names_its_schema_and_may_be_read_from_any_site(client, seeded):
    response = client.get(reverse("events-json"))
    schema_url = response.json()["schema"]
    assert schema_url == "http://testserver/static/schema/events.schema.json"
    assert response["Link"] == f'<{schema_url}>; rel="describedby"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["url"] == "http://testserver/events.json"


def test_events_json_gives_each_date_in_edtf_with_its_bounds_shape_and_words(client, seeded):
    events = {e["slug"]: e for e in client.get(reverse("events-json")).json()["events"]}
    dated = {
        slug: (e["when"], e["shape"], e["precision"], e["lower"], e["upper"], e["display"])
        for slug, e in events.items()
    }
    assert dated["kyiv-backs-30-day-ceasefire"] == (
        "[2025-03-10..2025-03-16]",
        "one_of_set",
        "day",
        "2025-03-10",
        "2025-03-16",
        "one day between 10 and 16 March 2025",
    )
    assert dated["trump-putin-call-february-2025"] == (
        "2025-02",
        "point",
        "month",
        "2025-02-01",
        "2025-02-28",
        "February 2025",
    )
    assert dated["trump-campaign-promise-to-end-the-war"][1:5] == (
        "point",
        "year",
        "2024-01-01",
        "2024-12-31",
    )
    # Proposed "by 16 March at the latest": no lower bound.
    assert dated["us-proposes-30-day-ceasefire"][3:5] == (None, "2025-03-16")
    pause = events["putin-orders-30-day-energy-strike-pause"]
    assert (pause["when"], pause["shape"], pause["lower"], pause["upper"]) == (
        "2025-03-18/2025-04-16",
        "interval",
        "2025-03-18",
        "2025-04-16",
    )
    assert (pause["days"], pause["timing"], pause["kind"]) == (30, "announced", "pause")
    assert events["trump-putin-call-tuesday"]["date_text"] == "am Dienstag"


def test_events_json_quotes_evidence_with_offsets_translation_attribution_and_source(
    client, seeded
):
    events = {e["slug"]: e for e in client.get(reverse("events-json")).json()["events"]}
    body = Source.objects.get(slug=SEED_SOURCE).body
    call = events["trump-putin-call-tuesday"]
    assert {actor["slug"] for actor in call["actors"]} >= {"donald-trump", "vladimir-putin"}
    assert call["url"] == "http://testserver/events/trump-putin-call-tuesday/"
    for event in events.values():
        for evidence in event["evidence"]:
            sentence = evidence["sentence"]
            assert body[sentence["start"] : sentence["end"]] == sentence["text"]
            assert body[evidence["quote_start"] : evidence["quote_end"]] == evidence["quote"]
            assert evidence["quote"] in sentence["text"]
            assert sentence["url"].endswith(f"/sources/{SEED_SOURCE}/#s-{sentence['position']}")
            assert evidence["source"]["slug"] == SEED_SOURCE
    kremlin = next(e for e in call["evidence"] if e["attribution"] == "Kremlin readout")
    assert kremlin["translations"][0]["language"] == "en"
    assert kremlin["translations"][0]["text"].startswith("The Kremlin said")
    source = kremlin["source"]
    assert (source["publisher"], source["published_on"], source["language"]) == (
        "Financial Times",
        "2025-03-18",
        "de",
    )
    assert source["reader_url"] == f"http://testserver/sources/{SEED_SOURCE}/"
    kyiv = events["kyiv-backs-30-day-ceasefire"]["evidence"][0]
    assert kyiv["note"]  # the translation error in the German text


# --- Filters, drafts and queries, for every export ---------------------------------------------


def expected(query):
    """The slugs the timeline's filters select for `query`, worked out without them."""
    published = Event.objects.published()
    if query == "kind=call":
        return set(published.filter(kind="call").values_list("slug", flat=True))
    if query == "actor=vladimir-putin":
        return set(published.filter(actors__slug="vladimir-putin").values_list("slug", flat=True))
    if query == "start=2025-03-17&end=2025-03-31":
        return {
            e.slug
            for e in published
            if (e.when_upper is None or e.when_upper >= datetime.date(2025, 3, 17))
            and (e.when_lower is None or e.when_lower <= datetime.date(2025, 3, 31))
        }
    if query == "q=Schwarzen+Meer":
        matching = set()
        for event in published.prefetch_related("evidence__sentence"):
            texts = [event.title, event.summary, *(e.sentence.text for e in event.evidence.all())]
            if all(any(w in t.lower() for t in texts) for w in ("schwarzen", "meer")):
                matching.add(event.slug)
        assert "black-sea-maritime-ceasefire-talks" in matching
        return matching
    raise AssertionError(query)


@pytest.mark.parametrize("name", list(EXPORTS))
@pytest.mark.parametrize(
    "query",
    ["kind=call", "actor=vladimir-putin", "start=2025-03-17&end=2025-03-31", "q=Schwarzen+Meer"],
)
def test_every_export_applies_the_timeline_filters(client, seeded, name, query):
    slugs = exported_slugs(client, name, query)
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == expected(query)
    assert 0 < len(slugs) < 18


@pytest.mark.parametrize("name", FILTER_CHECKED)
@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2025-13", "start: “2025-13” is not a date in the calendar: there is no month 13."),
        ("kind=truce", "kind: Select a valid choice. truce is not one of the available choices."),
        ("actor=nobody", "actor: Select a valid choice."),
    ],
)
def test_a_wrong_filter_value_is_refused_with_a_400_naming_it(client, seeded, name, query, message):
    response = client.get(export_url(name, f"{query}&q=Kreml"))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("These filters could not be applied; correct or remove them:\n")
    assert message in text
    assert "q:" not in text


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_the_table_downloads_leave_out_a_wrong_filter_as_the_table_page_does(client, seeded, name):
    assert set(exported_slugs(client, name, "start=2025-13&kind=call")) == expected("kind=call")


@pytest.mark.parametrize("name", list(EXPORTS))
def test_no_export_or_feed_shows_a_draft(client, draft, name):
    slugs = exported_slugs(client, name)
    assert draft.slug not in slugs
    assert len(slugs) == 18
    response = client.get(export_url(name))
    content = repr(xlsx_rows(response)) if name == "xlsx" else response.content.decode("utf-8")
    assert "secret-draft-plan" not in content
    assert "Secret draft plan" not in content


def test_the_sitemap_shows_no_draft(client, draft):
    content = client.get(reverse("sitemap")).content.decode()
    assert "/events/trump-putin-call-tuesday/" in content
    assert "secret-draft-plan" not in content


# Queries per export: the content version (timeline.caching), the events, then (except the
# feed) actors, evidence with its sentences and sources, and the sentences' translations, each
# fetched once for all events.
QUERIES = {"json": 5, "timelinejs": 5, "ics": 5, "feed": 2}


@pytest.mark.parametrize("count", [10, 200])
def test_exports_take_as_many_queries_for_200_events_as_for_10(
    client, db, django_assert_num_queries, count
):
    make_many_events(count)
    for name, queries in QUERIES.items():
        with django_assert_num_queries(queries):
            response = client.get(export_url(name))
        assert response.status_code == 200
        assert len(EXPORTS[name][2](response)) == min(count, 50 if name == "feed" else count)


# --- TimelineJS 3 ------------------------------------------------------------------------------


def slides(client, query=""):
    response = client.get(export_url("timelinejs", query))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return {slide["unique_id"]: slide for slide in response.json()["events"]}


def test_timelinejs_dates_are_only_as_precise_as_the_value(client, seeded):
    by_slug = slides(client)
    assert by_slug["trump-campaign-promise-to-end-the-war"]["start_date"] == {"year": 2024}
    assert by_slug["zelensky-floats-energy-strike-truce"]["start_date"] == {
        "year": 2024,
        "month": 10,
    }
    assert by_slug["trump-putin-call-february-2025"]["display_date"] == "February 2025"
    call = by_slug["trump-putin-call-tuesday"]
    assert call["start_date"] == {"year": 2025, "month": 3, "day": 18}
    assert "end_date" not in call
    assert call["display_date"] == "18 March 2025"
    assert call["group"] == "Call"


def test_timelinejs_spans_end_and_a_day_in_a_range_says_so(client, seeded):
    by_slug = slides(client)
    pause = by_slug["putin-orders-30-day-energy-strike-pause"]
    assert pause["start_date"] == {"year": 2025, "month": 3, "day": 18}
    assert pause["end_date"] == {"year": 2025, "month": 4, "day": 16}
    assert pause["display_date"] == "18 March – 16 April 2025"
    kyiv = by_slug["kyiv-backs-30-day-ceasefire"]
    assert kyiv["start_date"] == {"year": 2025, "month": 3, "day": 10}
    assert kyiv["end_date"] == {"year": 2025, "month": 3, "day": 16}
    assert kyiv["display_date"] == "one day between 10 and 16 March 2025"
    pressure = by_slug["trump-presses-zelensky"]
    assert pressure["start_date"] == {"year": 2025, "month": 2}
    assert pressure["end_date"] == {"year": 2025, "month": 3, "day": 18}


def test_timelinejs_slides_have_our_slugs_headlines_and_quotes(client, seeded):
    response = client.get(reverse("events-timelinejs"))
    document = response.json()
    assert document["title"]["text"]["headline"] == "Ceasefire Timeline"
    assert [slide["unique_id"] for slide in document["events"]] == [
        event.slug for event in Event.objects.published()
    ]
    call = next(s for s in document["events"] if s["unique_id"] == "trump-putin-call-tuesday")
    assert call["text"]["headline"] == "Trump and Putin speak by phone"
    text = call["text"]["text"]
    assert '<a href="http://testserver/events/trump-putin-call-tuesday/">' in text
    assert '<blockquote><p lang="de">in einem mit Spannung erwarteten Gespräch' in text
    assert '<p lang="en">Translation: The Kremlin said' in text
    assert "<p>— Kremlin readout</p>" in text


def test_timelinejs_escapes_what_editors_wrote(client, db):
    source = make_source(body="Der Kreml sagte am Dienstag etwas.")
    make_event(
        "hostile",
        title='<img src=x onerror="alert(1)">',
        summary="</p><script>alert(2)</script>",
        sentences=list(source.sentences.all()),
    )
    slide = slides(client)["hostile"]
    assert slide["text"]["headline"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert "<script>" not in slide["text"]["text"]
    assert "&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in slide["text"]["text"]


def test_timelinejs_places_open_ends_at_their_known_end_and_leaves_out_unknown_dates(client, db):
    make_event("from-tuesday", when="2025-03-18/..")
    make_event("until-march", when="../2025-03")
    make_event("by-sunday", when="[..2025-03-16]")
    make_event("no-date-known", when="../..")
    by_slug = slides(client)
    assert by_slug["from-tuesday"]["start_date"] == {"year": 2025, "month": 3, "day": 18}
    assert by_slug["from-tuesday"]["display_date"] == "from 18 March 2025"
    assert by_slug["until-march"]["start_date"] == {"year": 2025, "month": 3}
    assert by_slug["by-sunday"]["display_date"] == "one day on or before 16 March 2025"
    assert all("end_date" not in by_slug[slug] for slug in ("from-tuesday", "until-march"))
    assert "no-date-known" not in by_slug


# --- iCalendar ---------------------------------------------------------------------------------


def calendar(client, query=""):
    response = client.get(export_url("ics", query))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(item["UID"]): item for item in calendar_events(response)}


def days(item):
    """(DTSTART, DTEND) of a VEVENT as dates, after checking both are all-day values."""
    start, end = item["DTSTART"], item["DTEND"]
    assert start.params["VALUE"] == end.params["VALUE"] == "DATE"
    assert type(start.dt) is type(end.dt) is datetime.date
    return start.dt, end.dt


def test_calendar_has_one_all_day_event_per_published_event_with_a_stable_uid(client, seeded):
    response = client.get(reverse("events-ics"))
    parsed = icalendar.Calendar.from_ical(response.content)
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["X-WR-CALNAME"]) == "Ceasefire Timeline"
    items = calendar(client)
    assert set(items) == {f"{e.slug}@testserver" for e in Event.objects.published()}
    call = items["trump-putin-call-tuesday@testserver"]
    assert days(call) == (datetime.date(2025, 3, 18), datetime.date(2025, 3, 19))
    assert str(call["SUMMARY"]) == "Trump and Putin speak by phone"
    assert str(call["URL"]) == "http://testserver/events/trump-putin-call-tuesday/"
    assert str(call["DESCRIPTION"]).startswith("18 March 2025\n\nTrump and Putin held")
    assert "Sources: Financial Times, 2025-03-18" in str(call["DESCRIPTION"])
    updated = Event.objects.get(slug="trump-putin-call-tuesday").updated
    assert call["DTSTAMP"].dt == call["LAST-MODIFIED"].dt == updated.replace(microsecond=0)
    # Editing an event changes its content, not its identity.
    event = Event.objects.get(slug="trump-putin-call-tuesday")
    event.title = "Trump and Putin talk"
    event.save()
    again = calendar(client)["trump-putin-call-tuesday@testserver"]
    assert str(again["SUMMARY"]) == "Trump and Putin talk"


def test_calendar_spans_cover_their_end_days_and_months_years_and_ranges_all_their_days(
    client, seeded
):
    items = calendar(client)
    # DTEND is exclusive: the day after the last day.
    assert days(items["putin-orders-30-day-energy-strike-pause@testserver"]) == (
        datetime.date(2025, 3, 18),
        datetime.date(2025, 4, 17),
    )
    assert days(items["zelensky-floats-energy-strike-truce@testserver"]) == (
        datetime.date(2024, 10, 1),
        datetime.date(2024, 11, 1),
    )
    assert days(items["trump-campaign-promise-to-end-the-war@testserver"]) == (
        datetime.date(2024, 1, 1),
        datetime.date(2025, 1, 1),
    )
    kyiv = items["kyiv-backs-30-day-ceasefire@testserver"]
    assert days(kyiv) == (datetime.date(2025, 3, 10), datetime.date(2025, 3, 17))
    assert str(kyiv["DESCRIPTION"]).startswith("one day between 10 and 16 March 2025\n\n")
    pause = items["putin-orders-30-day-energy-strike-pause@testserver"]
    assert "Announced: the dates are as announced, not as observed." in str(pause["DESCRIPTION"])
    assert str(pause["TRANSP"]) == "TRANSPARENT"
    assert pause["CATEGORIES"].cats == ["Pause or ceasefire"]


def test_calendar_shows_an_open_ended_value_on_its_known_end_and_leaves_out_unknown_dates(
    client, db
):
    make_event("from-tuesday", when="2025-03-18/..")
    make_event("until-march", when="../2025-03")
    make_event("no-date-known", when="../..")
    make_event("planned-talks", when="2025-04", timing=Event.Timing.PLANNED)
    items = calendar(client)
    assert days(items["from-tuesday@testserver"]) == (
        datetime.date(2025, 3, 18),
        datetime.date(2025, 3, 19),
    )
    assert str(items["from-tuesday@testserver"]["DESCRIPTION"]).startswith("from 18 March 2025")
    assert days(items["until-march@testserver"]) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
    )
    assert "no-date-known@testserver" not in items
    assert str(items["planned-talks@testserver"]["STATUS"]) == "TENTATIVE"


def test_calendar_text_is_escaped_by_icalendar_and_reads_back_unchanged(client, db):
    title = 'Talks; "phase one", then\nphase two \\ more'
    make_event("escaped", title=title, summary="A, B; C")
    response = client.get(reverse("events-ics"))
    assert b'SUMMARY:Talks\\; "phase one"\\, then\\nphase two \\\\ more' in response.content
    item = calendar(client)["escaped@testserver"]
    assert str(item["SUMMARY"]) == title
    assert str(item["DESCRIPTION"]).endswith("A, B; C")


# --- Atom --------------------------------------------------------------------------------------


def test_feed_lists_new_and_changed_events_newest_change_first(client, seeded):
    now = timezone.now()
    Event.objects.update(updated=now - datetime.timedelta(days=30))
    Event.objects.filter(slug="trump-putin-call-february-2025").update(updated=now)
    Event.objects.filter(slug="kyiv-backs-30-day-ceasefire").update(
        updated=now - datetime.timedelta(days=1)
    )
    response = client.get(reverse("event-feed"))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    assert feed.feed.title == "Ceasefire Timeline: new and changed events"
    assert feed.feed.link == "http://testserver/"
    slugs = slugs_from_feed(response)
    assert slugs[:2] == ["trump-putin-call-february-2025", "kyiv-backs-30-day-ceasefire"]
    assert len(slugs) == 18
    first = feed.entries[0]
    assert first.title == "Trump–Putin call starts the US mediation effort"
    assert first.link == "http://testserver/events/trump-putin-call-february-2025/"
    assert first.id == first.link
    assert first.updated_parsed[:6] == now.utctimetuple()[:6]
    assert first.summary.startswith("<p>February 2025</p><p>A phone call between Trump and Putin")
    assert first.tags[0].term == "Call"


def test_feed_links_to_the_timeline_with_the_same_filters(client, seeded):
    feed = feedparser.parse(client.get(export_url("feed", "kind=call&q=Telefon")).content)
    assert feed.feed.link == "http://testserver/?q=Telefon&kind=call"
    assert set(slugs_from_feed(client.get(export_url("feed", "kind=call")))) == expected(
        "kind=call"
    )


def test_feed_summaries_are_escaped_html(client, db):
    make_event("hostile", title="<b>Bold</b> claim", summary="<script>alert(1)</script>")
    response = client.get(reverse("event-feed"))
    assert b"<script>" not in response.content
    entry = feedparser.parse(response.content).entries[0]
    assert entry.title == "<b>Bold</b> claim"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.summary


def test_every_page_announces_the_feed(client, seeded):
    html = client.get(reverse("event-list")).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/feed/" '
        'title="Ceasefire Timeline: new and changed events">' in html
    )


# --- The table's CSV and XLSX ------------------------------------------------------------------

COLUMNS = ["Date", "Date (EDTF)", "Title", "Kind", "Actors", "Evidence", "Sources", "Permalink"]


def test_table_csv_has_plain_text_columns_for_every_published_event(client, seeded):
    response = client.get(export_url("csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="ceasefire-timeline-events.csv"'
    )
    rows = csv_rows(response)
    assert rows.headers == COLUMNS
    by_slug = {
        row[7].rstrip("/").rsplit("/", 1)[1]: dict(zip(COLUMNS, row, strict=True)) for row in rows
    }
    assert len(by_slug) == 18
    pause = by_slug["putin-orders-30-day-energy-strike-pause"]
    assert pause == {
        "Date": "18 March – 16 April 2025",
        "Date (EDTF)": "2025-03-18/2025-04-16",
        "Title": "Putin orders a 30-day pause in strikes on Ukraine's energy infrastructure",
        "Kind": "Pause or ceasefire",
        "Actors": pause["Actors"],
        "Evidence": pause["Evidence"],
        "Sources": "Financial Times, 18 March 2025",
        "Permalink": "http://testserver/events/putin-orders-30-day-energy-strike-pause/",
    }
    assert "Vladimir Putin" in pause["Actors"]
    assert "<" not in pause["Actors"] and "&" not in pause["Actors"]
    assert (
        int(pause["Evidence"])
        == Event.objects.get(slug=pause["Permalink"].split("/")[-2]).evidence.count()
    )


def test_table_downloads_have_every_row_in_the_table_s_order_not_one_page(client, db):
    make_many_events(30)
    ascending = exported_slugs(client, "csv", "sort=date")
    assert len(ascending) == 30
    assert exported_slugs(client, "xlsx", "sort=-date") == list(reversed(ascending))
    assert exported_slugs(client, "csv", "sort=date&page=2") == ascending


def test_table_xlsx_reads_back_and_keeps_formula_like_titles_as_text(client, db):
    actor = Actor.objects.create(slug="a-and-b", name="A & B")
    event = make_event("formula", title='=HYPERLINK("http://example.org","x")', when="2024-10")
    event.actors.add(actor)
    response = client.get(export_url("xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Events"
    assert [cell.value for cell in sheet[1]] == COLUMNS
    row = {column: cell for column, cell in zip(COLUMNS, sheet[2], strict=True)}
    assert row["Title"].value == '=HYPERLINK("http://example.org","x")'
    assert row["Title"].data_type == "s"
    assert row["Date"].value == "October 2024"
    assert row["Actors"].value == "A & B"


def test_table_offers_only_csv_and_xlsx(client, seeded):
    response = client.get(reverse("event-table"), {"_export": "ods"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_table_page_links_to_its_downloads_with_its_filters_and_sort(client, seeded):
    html = client.get(reverse("event-table"), {"kind": "call", "sort": "-date", "page": "1"})
    html = html.content.decode()
    assert '<nav class="exports" aria-labelledby="exports-heading" data-hx-boost="false">' in html
    assert 'href="?kind=call&amp;sort=-date&amp;_export=csv" download' in html
    assert 'href="?kind=call&amp;sort=-date&amp;_export=xlsx" download' in html
    assert 'href="/events.json?kind=call"' in html
    assert 'href="/events.ics?kind=call"' in html
    assert 'href="/feed/?kind=call"' in html
    # htmx swaps the table region with the links, so they follow the filters there too.
    fragment = client.get(reverse("event-table"), {"kind": "order"}, headers={"HX-Request": "true"})
    assert 'href="/events.json?kind=order"' in fragment.content.decode()


# --- Discovery ---------------------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_published_events_and_sources_with_when_they_changed(client, seeded):
    changed = datetime.datetime(2025, 3, 20, 9, 30, tzinfo=datetime.UTC)
    Event.objects.filter(slug="trump-putin-call-tuesday").update(updated=changed)
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }
    events = {f"http://testserver{e.get_absolute_url()}": e for e in Event.objects.published()}
    assert set(events) <= set(entries)
    for url, event in events.items():
        assert entries[url] == event.updated.date().isoformat()
    assert entries["http://testserver/events/trump-putin-call-tuesday/"] == "2025-03-20"
    assert f"http://testserver/sources/{SEED_SOURCE}/" in entries
    assert "http://testserver/" in entries and "http://testserver/events/table/" in entries
    assert len(entries) == len(events) + Source.objects.count() + 2


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin_only(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\nSitemap: http://testserver/sitemap.xml\n"
    )
