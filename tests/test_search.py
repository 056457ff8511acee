"""The free-text filter `q` searches the database's full-text index, on SQLite and PostgreSQL.

Every test here runs on whichever engine DATABASE_URL names; CI runs them on both.
Each event is found by its title, summary, quoted sentences and their translations,
as whole words or their beginnings; drafts never reach a reader; the index follows
every edit at once; no input breaks the query; and the query plan uses the index.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timeline import search
from timeline.filters import EventFilter
from timeline.models import Event, Evidence, Sentence, Translation

pytestmark = pytest.mark.django_db

BODY = (
    "Putin stimmte am Dienstag einer Waffenruhe für Energieanlagen zu. "
    "Die Gespräche über das Schwarze Meer sollen in Dschidda beginnen. "
    "Selenskyj sagte, Kiew brauche alle Informationen."
)


@pytest.fixture
def story(make_source, make_event):
    """A German source, three published events citing its sentences and one draft."""
    source = make_source(slug="story", body=BODY)
    truce, talks, kyiv = source.sentences.all()
    Translation.objects.create(
        sentence=talks,
        language="en",
        text="Talks about the Black Sea are to begin in Jeddah.",
        translator="Ceasefire Timeline editors",
        original=talks.text,
    )
    make_event("energy-pause", title="Putin agrees to an energy pause", sentences=[truce])
    make_event(
        "black-sea-talks",
        title="Black Sea talks announced",
        summary="Technical teams are to meet on shipping.",
        sentences=[talks],
    )
    make_event("kyiv-asks", title="Kyiv asks for information", sentences=[kyiv])
    make_event(
        "secret-draft",
        title="Unpublished Waffenruhe draft",
        status=Event.Status.DRAFT,
        sentences=[truce],
    )
    return source


def found(text, queryset=None):
    """The slugs of the published events that the filter finds for `text`, sorted."""
    queryset = Event.objects.published() if queryset is None else queryset
    events = EventFilter({"q": text}, queryset=queryset).qs
    return sorted(events.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("energy", ["energy-pause"]),  # in the title
        ("shipping", ["black-sea-talks"]),  # only in the summary
        ("Dschidda", ["black-sea-talks"]),  # only in the quoted sentence
        ("Jeddah", ["black-sea-talks"]),  # only in its translation
        ("informationen", ["kyiv-asks"]),  # case does not matter
        ("Waffen", ["energy-pause"]),  # the start of a compound: "Waffenruhe"
        ("energieanl", ["energy-pause"]),  # the start of a word
        ("gesprache", ["black-sea-talks"]),  # accents do not matter
        ("Putin Dienstag", ["energy-pause"]),  # every word, title and quote together
        ("Putin Dschidda", []),  # every word must match the one event
        ("Meer Jeddah", ["black-sea-talks"]),  # the original and its translation together
    ],
)
def test_finds_events_by_every_text_they_hold(story, text, expected):
    assert found(text) == expected


def test_german_inflections_find_each_other_where_the_engine_stems(story):
    # Prefixes carry a reader from a short form to a longer one on both engines.
    assert found("Gespräch") == ["black-sea-talks"]  # the text has "Gespräche"
    assert found("Energieanlage") == ["energy-pause"]  # the text has "Energieanlagen"
    # A longer inflection takes a stemmer: PostgreSQL's german configuration reduces
    # "Gesprächen" and "Gespräche" to one stem; SQLite's FTS5 does not stem.
    expected = ["black-sea-talks"] if connection.vendor == "postgresql" else []
    assert found("Gesprächen") == expected


def test_drafts_are_never_found_by_readers(client, story):
    assert found("Unpublished") == []
    html = client.get("/", {"q": "Waffenruhe"}).content.decode()
    assert "Putin agrees to an energy pause" in html
    assert "Unpublished Waffenruhe draft" not in html


def test_the_search_page_finds_by_a_quote(client, story):
    html = client.get("/events/table/", {"q": "Dschidda"}).content.decode()
    assert "Black Sea talks announced" in html
    assert "Kyiv asks for information" not in html


def test_an_edited_title_is_found_by_the_very_next_search(story):
    event = Event.objects.get(slug="kyiv-asks")
    event.title = "Kyiv wants the full picture"
    event.save()
    assert found("picture") == ["kyiv-asks"]
    assert found("information") == ["kyiv-asks"]  # still in the quote: "Informationen"
    event.summary = "Zelensky's office asked for everything."
    event.save()
    assert found("office") == ["kyiv-asks"]


def test_new_and_removed_evidence_update_the_index_at_once(story):
    event = Event.objects.get(slug="kyiv-asks")
    talks = Sentence.objects.get(text__contains="Dschidda")
    evidence = Evidence.objects.create(event=event, sentence=talks, attribution="Reporter")
    assert found("Dschidda") == ["black-sea-talks", "kyiv-asks"]
    assert found("Jeddah") == ["black-sea-talks", "kyiv-asks"]  # its translation too
    evidence.delete()
    assert found("Dschidda") == ["black-sea-talks"]


def test_translations_and_sentence_texts_update_the_index_at_once(story):
    translation = Translation.objects.get()
    translation.text = "Negotiations on the Black Sea will start in Riyadh."
    translation.save()
    assert found("Riyadh") == ["black-sea-talks"]
    assert found("Jeddah") == []
    translation.delete()
    assert found("Riyadh") == []
    # Bulk updates bypass Django's signals; the database's triggers still see them.
    Sentence.objects.filter(text__contains="Selenskyj").update(text="Selenskyj forderte Karten.")
    assert found("Karten") == ["kyiv-asks"]


def test_a_deleted_event_leaves_the_index(story):
    Event.objects.get(slug="energy-pause").delete()
    assert found("Waffenruhe", Event.objects.all()) == ["secret-draft"]
    Event.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM timeline_event_search")
        assert cursor.fetchone()[0] == 0


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"Waffenruhe',
        "Waffenruhe*",
        "*",
        "-Waffenruhe",
        "Waffenruhe OR Dschidda",
        "NEAR(Waffenruhe Dschidda)",
        "Waffenruhe NOT Dschidda",
        "((Waffenruhe",
        "Waffenruhe)",
        "document:Waffenruhe",
        "^Waffenruhe",
        "Waffen & | ! <-> :* '",
        "Waffenruhe\x00",
        "x" * 10_000,
        " ".join(["Waffenruhe"] * 500),
        "der die das the a",  # stop words only, in both stemmed languages
        "_",
        "ß ǅ ﬁ ١٢٣ 🕊️ ⁂ x²",
        "\u0301\u0308",  # combining marks alone
    ],
)
def test_hostile_input_is_only_words(story, text):
    # Straight against the engine, past the form's 200-character limit and NUL check.
    assert isinstance(list(search.matching(Event.objects.all(), text)), list)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Waffenruhe', ["energy-pause"]),
        ("Waffenruhe OR Dschidda", []),  # OR is a word; no event holds "or…", "Waffen…", "Dsch…"
        ("NEAR(Waffenruhe)", []),
        ("-Waffenruhe", ["energy-pause"]),  # no exclusion: the minus is not an operator
        ("((Dschidda", ["black-sea-talks"]),
        ("", ["black-sea-talks", "energy-pause", "kyiv-asks"]),  # no search: every event
        ("!!!", []),  # no word to look for finds nothing
    ],
)
def test_operators_are_read_as_separators(story, text, expected):
    assert found(text) == expected


def test_hostile_input_never_causes_a_server_error(client, story):
    for text in ['"', "NEAR(", "a OR", "-", "*", "((", "x" * 200, "' OR 1=1 --", "\x00"]:
        for url in ["/", "/events/table/", "/embed/"]:
            assert client.get(url, {"q": text}).status_code == 200


def test_every_word_is_one_bounded_subquery(story):
    # Straight to the search (the form refuses more than 200 characters before it).
    with CaptureQueriesContext(connection) as queries:
        list(search.matching(Event.objects.all(), " ".join(f"w{n}" for n in range(100))))
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert sql.count("FROM timeline_event_search") == search.MAX_WORDS


def explain(sql, params):
    """The plan the engine picks for `sql`, as one lower-cased text."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of rows makes a scan (or a walk along the primary key) cheaper than
            # any search index: with both off, the plan shows the index a search would use.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(part) for row in cursor.fetchall() for part in row).lower()


def test_the_query_plan_uses_the_index(story):
    sql, params = EventFilter({"q": "Waffen Dienstag"}).qs.query.sql_with_params()
    plan = explain(sql, params)
    if connection.vendor == "postgresql":
        assert "timeline_event_search_document_gin" in plan
        assert not re.search(r"seq scan on timeline_event_search\b", plan)
    else:
        # FTS5 answers MATCH from its own index: "virtual table index 0:m…".
        assert "scan timeline_event_search virtual table index" in plan
        assert ":m" in plan


def test_rebuild_search_refills_the_index_and_is_idempotent(story):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM timeline_event_search")
    assert found("Waffenruhe") == []

    out = StringIO()
    call_command("rebuild_search", "--batch-size", "2", stdout=out)
    assert "[2/4] events indexed" in out.getvalue()
    assert "[4/4] events indexed" in out.getvalue()
    assert f"Search index rebuilt: 4 event(s) on {connection.vendor}." in out.getvalue()
    assert found("Waffenruhe") == ["energy-pause"]

    call_command("rebuild_search", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM timeline_event_search")
        assert cursor.fetchone()[0] == 4
    assert found("Jeddah") == ["black-sea-talks"]


def test_the_seed_story_is_indexed_by_load_seeds(seeded):
    # Loaded by `manage.py load_seeds` through the ORM: the triggers indexed every event.
    assert found("Schwarzmeer") == ["black-sea-maritime-ceasefire-talks"]
