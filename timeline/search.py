"""Free-text search of events through the database's own index, on SQLite and PostgreSQL.

Migration 0015 builds the index: an FTS5 table on SQLite, a tsvector column with a
GIN index on PostgreSQL, one row per event (title, summary, the evidence sentences
and their translations), kept current by triggers. This module is the only code
that knows the engines apart: `matching` filters events, `rebuild` refills the index.

A reader's text becomes words, never query syntax: quotes, `*`, `-`, parentheses
and NUL bytes separate words, `OR` and `NEAR` are words like any other, so no input
reaches the engine's parser as an operator and no input can cause a server error.
Every word must match, as a word or the start of one ("Waffen" finds "Waffenruhe"); on PostgreSQL
the German and English stemmers also match inflections ("Gesprächen" finds "Gespräche").
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

# Letters and digits; everything else (underscore included) separates words.
WORD = re.compile(r"[^\W_]+")
# Enough for any real search, and a bound on the query the database parses.
MAX_WORDS = 16
MAX_WORD_LENGTH = 64

# Refilling the index from the view that computes each event's row (see migration 0015).
# FTS5 tables key their rows by rowid.
EVENT_IDS = "SELECT event_id FROM timeline_event_search_document ORDER BY event_id"
EMPTY = "DELETE FROM timeline_event_search"
FILL = {
    "sqlite": (
        "INSERT INTO timeline_event_search (rowid, document) "
        "SELECT event_id, document FROM timeline_event_search_document "
        "WHERE event_id BETWEEN %s AND %s"
    ),
    "postgresql": (
        "INSERT INTO timeline_event_search (event_id, document) "
        "SELECT event_id, document FROM timeline_event_search_document "
        "WHERE event_id BETWEEN %s AND %s"
    ),
}


def words(text):
    """The words of a reader's search text, lower-cased, without any query syntax."""
    found = WORD.findall(text.lower())[:MAX_WORDS]
    return [word[:MAX_WORD_LENGTH] for word in found]


def is_indexed():
    """Whether this database has the index (SQLite and PostgreSQL do; others search by scan)."""
    return connection.vendor in FILL


def matching(queryset, text):
    """The events of `queryset` that match every word of `text` (none when it has no words)."""
    found = words(text)
    if not found:
        return queryset.none()
    if not is_indexed():
        return _scanned(queryset, found)
    for word in found:
        queryset = queryset.filter(pk__in=_events_matching(word))
    return queryset


def _events_matching(word):
    """The ids of the events whose row in the index matches `word` (always a parameter)."""
    if connection.vendor == "sqlite":
        # Quoted, the word is a string, never an operator; starred, it is a prefix.
        return RawSQL(
            "SELECT rowid FROM timeline_event_search WHERE timeline_event_search MATCH %s",
            [f'"{word}"*'],
        )
    # Any configuration may match: unstemmed ('simple') for prefixes inside compounds
    # and names, German and English for inflections. `:*` makes each a prefix.
    return RawSQL(
        "SELECT event_id FROM timeline_event_search WHERE document @@ ("
        "to_tsquery('simple', %s) || to_tsquery('german', %s) || to_tsquery('english', %s))",
        [f"{word}:*"] * 3,
    )


def _scanned(queryset, found):
    """Without an index: every word contained in the title, summary or a quoted sentence."""
    for word in found:
        matches = queryset.model.objects.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(evidence__sentence__text__icontains=word)
            | Q(evidence__sentence__translations__text__icontains=word)
        ).values("pk")
        queryset = queryset.filter(pk__in=matches)
    return queryset


def rebuild(batch_size=500, progress=None):
    """Recompute every event's row of the index from the view; returns the number of events.

    Idempotent: the index is emptied first, then filled in batches of event ids, calling
    `progress(done, total)` after each batch.
    """
    if not is_indexed():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(EVENT_IDS)
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(EMPTY)
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            cursor.execute(FILL[connection.vendor], [batch[0], batch[-1]])
            if progress:
                progress(start + len(batch), len(ids))
    return len(ids)
