"""The free-text index of events: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL.

Each event has one search document: its title, summary, the text of its evidence
sentences and their translations. `timeline_event_search_document` is a view that
computes it; `timeline_event_search` stores it, indexed. Triggers in the database
refresh an event's row whenever any of those texts changes, so every write path
(the admin, imports, bulk updates, fixtures, raw SQL) keeps the index current and
the very next search sees the change. `manage.py rebuild_search` refills it from
the view.

The SQL is written out here, not imported from timeline.search, so that this
migration keeps doing what it did when the app code moves on.
"""

from django.db import migrations

SQLITE_TEXT = """
    e.title || ' ' || e.summary
    || ' ' || coalesce((
        SELECT group_concat(s.text, ' ') FROM timeline_evidence ev
        JOIN timeline_sentence s ON s.id = ev.sentence_id
        WHERE ev.event_id = e.id), '')
    || ' ' || coalesce((
        SELECT group_concat(t.text, ' ') FROM timeline_evidence ev
        JOIN timeline_translation t ON t.sentence_id = ev.sentence_id
        WHERE ev.event_id = e.id), '')
"""


def sqlite_refresh(events):
    """Statements that replace the rows of the events selected by the SQL `events`."""
    return f"""
        DELETE FROM timeline_event_search WHERE rowid IN ({events});
        INSERT INTO timeline_event_search (rowid, document)
            SELECT event_id, document FROM timeline_event_search_document
            WHERE event_id IN ({events});
    """


SQLITE_EVENTS_CITING = "SELECT event_id FROM timeline_evidence WHERE sentence_id = {}.sentence_id"

SQLITE_FORWARD = [
    # unicode61 with remove_diacritics 2 folds case and accents: "gesprach" finds "Gespräch".
    """CREATE VIRTUAL TABLE timeline_event_search USING fts5(
        document, tokenize = 'unicode61 remove_diacritics 2'
    )""",
    f"""CREATE VIEW timeline_event_search_document AS
        SELECT e.id AS event_id, {SQLITE_TEXT} AS document FROM timeline_event e""",
    f"""CREATE TRIGGER timeline_event_search_event_insert AFTER INSERT ON timeline_event
        BEGIN {sqlite_refresh("NEW.id")} END""",
    f"""CREATE TRIGGER timeline_event_search_event_update
        AFTER UPDATE OF id, title, summary ON timeline_event
        BEGIN
            DELETE FROM timeline_event_search WHERE rowid = OLD.id;
            {sqlite_refresh("NEW.id")}
        END""",
    """CREATE TRIGGER timeline_event_search_event_delete AFTER DELETE ON timeline_event
        BEGIN DELETE FROM timeline_event_search WHERE rowid = OLD.id; END""",
    f"""CREATE TRIGGER timeline_event_search_evidence_insert AFTER INSERT ON timeline_evidence
        BEGIN {sqlite_refresh("NEW.event_id")} END""",
    f"""CREATE TRIGGER timeline_event_search_evidence_update AFTER UPDATE ON timeline_evidence
        BEGIN {sqlite_refresh("OLD.event_id, NEW.event_id")} END""",
    f"""CREATE TRIGGER timeline_event_search_evidence_delete AFTER DELETE ON timeline_evidence
        BEGIN {sqlite_refresh("OLD.event_id")} END""",
    f"""CREATE TRIGGER timeline_event_search_sentence_update
        AFTER UPDATE OF text ON timeline_sentence
        BEGIN {sqlite_refresh("SELECT event_id FROM timeline_evidence WHERE sentence_id = NEW.id")}
        END""",
    f"""CREATE TRIGGER timeline_event_search_translation_insert
        AFTER INSERT ON timeline_translation
        BEGIN {sqlite_refresh(SQLITE_EVENTS_CITING.format("NEW"))} END""",
    f"""CREATE TRIGGER timeline_event_search_translation_update
        AFTER UPDATE ON timeline_translation
        BEGIN
            {sqlite_refresh(SQLITE_EVENTS_CITING.format("OLD"))}
            {sqlite_refresh(SQLITE_EVENTS_CITING.format("NEW"))}
        END""",
    f"""CREATE TRIGGER timeline_event_search_translation_delete
        AFTER DELETE ON timeline_translation
        BEGIN {sqlite_refresh(SQLITE_EVENTS_CITING.format("OLD"))} END""",
    """INSERT INTO timeline_event_search (rowid, document)
        SELECT event_id, document FROM timeline_event_search_document""",
]

SQLITE_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS timeline_event_search_{name}"
        for name in [
            "event_insert",
            "event_update",
            "event_delete",
            "evidence_insert",
            "evidence_update",
            "evidence_delete",
            "sentence_update",
            "translation_insert",
            "translation_update",
            "translation_delete",
        ]
    ),
    "DROP VIEW IF EXISTS timeline_event_search_document",
    "DROP TABLE IF EXISTS timeline_event_search",
]


def postgresql_vector(text, language_column):
    """A tsvector of the aggregated `text`: unstemmed, plus stemmed per language it is in.

    The unstemmed ('simple') lexemes let a prefix query match inside compounds and names
    ("Waffen" in "Waffenruhe"); the stemmed ones let "Gespräche" find "Gespräch".
    """
    return f"""
        to_tsvector('simple', string_agg({text}, ' '))
        || to_tsvector('german', coalesce(
            string_agg({text}, ' ') FILTER (WHERE {language_column} = 'de'), ''))
        || to_tsvector('english', coalesce(
            string_agg({text}, ' ') FILTER (WHERE {language_column} = 'en'), ''))
    """


POSTGRESQL_FORWARD = [
    """CREATE TABLE timeline_event_search (
        event_id bigint PRIMARY KEY,
        document tsvector NOT NULL
    )""",
    # fastupdate off: an edit writes its index entries at once. Edits are few and searches
    # many; with the default pending list, every search would also read the unsorted list
    # of recent rows until the next vacuum, and the planner prices that as a scan.
    """CREATE INDEX timeline_event_search_document_gin ON timeline_event_search
        USING gin (document) WITH (fastupdate = off)""",
    # Editors write titles and summaries in either language: both stemmers index them.
    f"""CREATE VIEW timeline_event_search_document AS
        SELECT e.id AS event_id,
            to_tsvector('simple', e.title || ' ' || e.summary)
            || to_tsvector('german', e.title || ' ' || e.summary)
            || to_tsvector('english', e.title || ' ' || e.summary)
            || coalesce((
                SELECT {postgresql_vector("s.text", "so.language")}
                FROM timeline_evidence ev
                JOIN timeline_sentence s ON s.id = ev.sentence_id
                JOIN timeline_source so ON so.id = s.source_id
                WHERE ev.event_id = e.id), ''::tsvector)
            || coalesce((
                SELECT {postgresql_vector("t.text", "t.language")}
                FROM timeline_evidence ev
                JOIN timeline_translation t ON t.sentence_id = ev.sentence_id
                WHERE ev.event_id = e.id), ''::tsvector)
            AS document
        FROM timeline_event e""",
    """CREATE FUNCTION timeline_event_search_refresh(ids bigint[]) RETURNS void
        LANGUAGE sql AS $$
            DELETE FROM timeline_event_search WHERE event_id = ANY(ids);
            INSERT INTO timeline_event_search (event_id, document)
                SELECT event_id, document FROM timeline_event_search_document
                WHERE event_id = ANY(ids);
        $$""",
    """CREATE FUNCTION timeline_event_search_on_event() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM timeline_event_search WHERE event_id = OLD.id;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                PERFORM timeline_event_search_refresh(ARRAY[NEW.id]);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER timeline_event_search_event
        AFTER INSERT OR DELETE OR UPDATE OF id, title, summary ON timeline_event
        FOR EACH ROW EXECUTE FUNCTION timeline_event_search_on_event()""",
    # A TRUNCATE (Django's flush) fires no row triggers: empty the index with it.
    """CREATE FUNCTION timeline_event_search_on_truncate() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM timeline_event_search;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER timeline_event_search_event_truncate
        AFTER TRUNCATE ON timeline_event
        FOR EACH STATEMENT EXECUTE FUNCTION timeline_event_search_on_truncate()""",
    """CREATE FUNCTION timeline_event_search_on_evidence() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                PERFORM timeline_event_search_refresh(ARRAY[OLD.event_id]);
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                PERFORM timeline_event_search_refresh(ARRAY[NEW.event_id]);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER timeline_event_search_evidence
        AFTER INSERT OR DELETE OR UPDATE ON timeline_evidence
        FOR EACH ROW EXECUTE FUNCTION timeline_event_search_on_evidence()""",
    """CREATE FUNCTION timeline_event_search_on_sentence() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM timeline_event_search_refresh(ARRAY(
                SELECT event_id FROM timeline_evidence WHERE sentence_id = NEW.id));
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER timeline_event_search_sentence
        AFTER UPDATE OF text ON timeline_sentence
        FOR EACH ROW EXECUTE FUNCTION timeline_event_search_on_sentence()""",
    """CREATE FUNCTION timeline_event_search_on_translation() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                PERFORM timeline_event_search_refresh(ARRAY(
                    SELECT event_id FROM timeline_evidence WHERE sentence_id = OLD.sentence_id));
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                PERFORM timeline_event_search_refresh(ARRAY(
                    SELECT event_id FROM timeline_evidence WHERE sentence_id = NEW.sentence_id));
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER timeline_event_search_translation
        AFTER INSERT OR DELETE OR UPDATE ON timeline_translation
        FOR EACH ROW EXECUTE FUNCTION timeline_event_search_on_translation()""",
    # The source's language picks the stemmer of its sentences.
    """CREATE FUNCTION timeline_event_search_on_source() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM timeline_event_search_refresh(ARRAY(
                SELECT ev.event_id FROM timeline_evidence ev
                JOIN timeline_sentence s ON s.id = ev.sentence_id
                WHERE s.source_id = NEW.id));
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER timeline_event_search_source
        AFTER UPDATE OF language ON timeline_source
        FOR EACH ROW EXECUTE FUNCTION timeline_event_search_on_source()""",
    """INSERT INTO timeline_event_search (event_id, document)
        SELECT event_id, document FROM timeline_event_search_document""",
]

POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS timeline_event_search_event ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_event_search_event_truncate ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_event_search_evidence ON timeline_evidence",
    "DROP TRIGGER IF EXISTS timeline_event_search_sentence ON timeline_sentence",
    "DROP TRIGGER IF EXISTS timeline_event_search_translation ON timeline_translation",
    "DROP TRIGGER IF EXISTS timeline_event_search_source ON timeline_source",
    *(
        f"DROP FUNCTION IF EXISTS timeline_event_search_{name}"
        for name in [
            "on_event",
            "on_truncate",
            "on_evidence",
            "on_sentence",
            "on_translation",
            "on_source",
            "refresh",
        ]
    ),
    "DROP VIEW IF EXISTS timeline_event_search_document",
    "DROP TABLE IF EXISTS timeline_event_search",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def run(statements, schema_editor):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor):
    """Create the index for this database's engine (other engines search without one)."""
    forward, _ = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    run(forward, schema_editor)


def backward(apps, schema_editor):
    _, backward = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    run(backward, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0014_content_version"),
    ]

    operations = [migrations.RunPython(forward, backward)]
