"""Shared fixtures: the seed story, small factories and a real Chromium.

The seed story is loaded once per test session, by `manage.py load_seeds` itself, into the
test database (`django_db_setup`). A test that asks for `seeded` sees it; whatever the test
changes is rolled back with its transaction (or, in a transactional test, flushed afterwards).
Every other database test sees an empty timeline, as if the seeds had never been loaded:
`_no_seed_story_unless_seeded` empties the timeline's tables inside the test's transaction.

Shared helpers live here and reach tests as fixtures of the same name, each returning its
function (`def test_x(client, db, make_event): make_event(...)`). Test modules do not import
this file: pytest loads it as `conftest`, and `from tests.conftest import …` would load it a
second time as another module. The plain functions stay importable for branches written before.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timeline import ingest
from timeline.forms import SourceImportForm
from timeline.history import unrecorded
from timeline.models import Actor, Event, Evidence, Source

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SEED_ARTICLE = SEEDS_DIR / "ft-2025-03-18-putin-trump-call.de.txt"
SEED_SOURCE = "ft-2025-03-18-putin-energy-pause"


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing for test users, and plain static files (no collectstatic manifest needed).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def timeline_models(include_auto_created=False):
    """The timeline app's models (with many-to-many tables if asked): where the seed story lives."""
    return apps.get_app_config("timeline").get_models(include_auto_created=include_auto_created)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the seed story loaded once, exactly as `make run` loads it.

    Its value is the story's rows as JSON, taken straight after loading, so that `seeded` can put
    them back after a transactional test's flush.
    """
    with django_db_blocker.unblock():
        call_command("load_seeds", verbosity=0)
        rows = (row for model in timeline_models() for row in model._base_manager.order_by("pk"))
        return serializers.serialize("json", rows)


@pytest.fixture
def seeded(db, django_db_setup):
    """The seed story loaded exactly as `make run` loads it (once a session: see above)."""
    if not connection.in_atomic_block:
        # A transactional test (live_server): an earlier one's flush may have emptied the
        # database, so the story comes back from the rows `load_seeds` wrote at the start,
        # into empty tables, and the id sequences move past them (PostgreSQL keeps its own).
        empty_the_timeline(reset_sequences=False)
        # The rows include their history: restoring them must not write history of its own.
        with unrecorded():
            connection.creation.deserialize_db_from_string(django_db_setup)
        models = list(timeline_models(include_auto_created=True))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def empty_the_timeline(reset_sequences):
    """Delete every row of the timeline app's tables."""
    tables = [model._meta.db_table for model in timeline_models(include_auto_created=True)]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=reset_sequences)
    )


@pytest.fixture
def seed_source(seeded):
    """The seed story's article, as its Source row."""
    return Source.objects.get(slug=SEED_SOURCE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty page cache.

    Cached pages are keyed by the content version, and each test's changes roll
    back with it, so two tests can reach the same version number with different
    content: a page one cached must not be served to the next.
    """
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_seed_story_unless_seeded(request):
    """A database test that does not ask for `seeded` starts with an empty timeline."""
    names = request.fixturenames
    if "seeded" in names:
        return
    uses_database = {"db", "transactional_db"} & set(names)
    if not (uses_database or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("db")
    # Inside the test's transaction, which rolls back; sequences restart as on a fresh database.
    empty_the_timeline(reset_sequences=True)


@pytest.fixture(scope="session")
def seed_article():
    """The seed article's file: the client's text, byte for byte."""
    return SEED_ARTICLE


@pytest.fixture(scope="session")
def seed_text(seed_article):
    """The seed article's text."""
    return seed_article.read_text(encoding="utf-8")


@pytest.fixture
def seeds_copy(tmp_path):
    """A writable copy of seeds/ for tests that break it on purpose."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    return target


def make_source(slug="test-source", body="Erster Satz am Dienstag. Zweiter Satz.", **fields):
    """A segmented source."""
    fields = {
        "title": "Testartikel",
        "publisher": "Test Publisher",
        "language": "de",
        "published_on": datetime.date(2025, 3, 18),
        **fields,
    }
    source = Source.objects.create(slug=slug, body=body, **fields)
    source.resegment()
    return source


def import_article(text, *, progress=None, dry_run=False, **fields):
    """Import `text` as editors do: SourceImportForm validates, ingest.import_source writes."""
    data = {
        "body": text,
        "title": "Testartikel",
        "publisher": "Test Wire",
        "language": "de",
        "published_on": "2025-03-18",
        **fields,
    }
    form = SourceImportForm(data)
    assert form.is_valid(), form.errors.as_json()
    return ingest.import_source(form.instance, progress=progress, dry_run=dry_run)


def make_event(slug, when="2025-03-18", status=Event.Status.PUBLISHED, sentences=(), **fields):
    """An event citing `sentences` as evidence."""
    fields = {"title": slug.replace("-", " ").title(), "kind": Event.Kind.CALL, **fields}
    event = Event.objects.create(slug=slug, when=when, status=status, **fields)
    for order, sentence in enumerate(sentences):
        Evidence.objects.create(event=event, sentence=sentence, attribution="Reporter", order=order)
    return event


def make_many_events(count, source=None):
    """`count` published events, each with two evidence sentences and an actor."""
    source = source or make_source(
        slug=f"bulk-{count}", body=" ".join(f"Satz Nummer {n}." for n in range(1, 2 * count + 1))
    )
    sentences = list(source.sentences.all())
    actor = Actor.objects.get_or_create(slug="bulk-actor", defaults={"name": "Bulk Actor"})[0]
    for n in range(count):
        event = make_event(
            f"bulk-event-{n}",
            when=f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            sentences=sentences[2 * n : 2 * n + 2],
        )
        event.actors.add(actor)
    return source


def change_data(event, **rows):
    """POST data for the event's change form, its evidence rows as saved, `rows` changed."""
    data = {
        "title": event.title,
        "slug": event.slug,
        "status": event.status,
        "kind": event.kind,
        "summary": event.summary,
        "when": event.when,
        "date_text": event.date_text,
        "timing": event.timing,
        "order": str(event.order),
        "revision": str(event.revision),
        "actors": [str(pk) for pk in event.actors.values_list("pk", flat=True)],
        "evidence-TOTAL_FORMS": str(event.evidence.count()),
        "evidence-INITIAL_FORMS": str(event.evidence.count()),
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }
    for index, evidence in enumerate(event.evidence.all()):
        prefix = f"evidence-{index}-"
        data.update(
            {
                f"{prefix}id": str(evidence.pk),
                f"{prefix}event": str(event.pk),
                f"{prefix}sentence": str(evidence.sentence_id),
                f"{prefix}attribution": evidence.attribution,
                f"{prefix}quote": evidence.quote if evidence.narrows_sentence else "",
                f"{prefix}note": evidence.note,
                f"{prefix}order": str(evidence.order),
            }
        )
    data.update({f"evidence-0-{name}": value for name, value in rows.items()})
    return data


@pytest.fixture(name="change_data")
def change_data_fixture(db):
    """`change_data(event, **rows)`: POST data for the event's admin change form."""
    return change_data


@pytest.fixture(name="make_source")
def make_source_fixture(db):
    """`make_source(slug=…, body=…, **fields)`: a segmented source."""
    return make_source


@pytest.fixture(name="import_article")
def import_article_fixture(db):
    """`import_article(text, **fields)`: an article imported as editors import it."""
    return import_article


@pytest.fixture(name="make_event")
def make_event_fixture(db):
    """`make_event(slug, when=…, status=…, sentences=(), **fields)`: an event with evidence."""
    return make_event


@pytest.fixture(name="make_many_events")
def make_many_events_fixture(db):
    """`make_many_events(count, source=None)`: `count` published events with evidence."""
    return make_many_events


ENGLISH_SOURCE = "test-wire-2025-03-19-energy-pause"
# Written for these tests: an English wire report on the Tuesday call, published the day after.
ENGLISH_REPORT = """\
Vladimir Putin has agreed to stop Russian strikes on Ukraine's energy infrastructure for 30 days, \
but he rejected Donald Trump's call for a full ceasefire.
On Tuesday, Putin agreed to a proposal from Trump that Russia and Ukraine halt attacks on each \
other's power plants and grid, the Kremlin said after a call of more than two hours.
The White House said the two leaders had agreed that "the movement to peace will begin with an \
energy and infrastructure ceasefire".
Technical negotiations on a maritime ceasefire in the Black Sea would begin immediately, the \
White House said.
According to the Kremlin readout, Putin said any settlement must end all foreign military aid \
and intelligence sharing with Kyiv.
Their first call, on February 12, began Trump's push to broker an end to the war.
Ukrainian President Volodymyr Zelensky said on Wednesday that Kyiv would support a halt to \
energy strikes but wanted to see the details first.
Ukrainian officials said they were still waiting for details of the call.
"""


def import_english_report():
    """The English report, imported through the same pipeline as the admin and import_source."""
    result = import_article(
        ENGLISH_REPORT,
        slug=ENGLISH_SOURCE,
        title="Putin agrees to 30-day pause in strikes on Ukraine's energy grid",
        publisher="Test Wire",
        language="en",
        published_on="2025-03-19",
    )
    assert result.created
    return result.source


def cite(event_slug, source, starts_with, attribution):
    """Link the sentence of `source` starting with `starts_with` to the event, after its others."""
    event = Event.objects.get(slug=event_slug)
    return Evidence.objects.create(
        event=event,
        sentence=source.sentences.get(text__startswith=starts_with),
        attribution=attribution,
        order=event.evidence.count(),
    )


@pytest.fixture(name="import_english_report")
def import_english_report_fixture(db):
    """`import_english_report()`: the English wire report as a second source; returns it."""
    return import_english_report


@pytest.fixture(name="cite")
def cite_fixture(db):
    """`cite(event_slug, source, starts_with, attribution)`: one more evidence link."""
    return cite


def count_queries(client, url, headers=None):
    """How many SQL queries one GET of `url` makes (with `headers`, such as HX-Request)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture(name="count_queries")
def count_queries_fixture(db):
    """`count_queries(client, url, headers=None)`: how many SQL queries one GET of `url` makes."""
    return count_queries


@pytest.fixture
def staff_client(client, django_user_model):
    """A client signed in as a superuser editor."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-123456")
    client.force_login(user)
    return client


def chromium_executable():
    """The system Chromium, when there is one; else None to use Playwright's own browser."""
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium; skipped only where none exists, and never when REQUIRE_BROWSER is set."""
    from playwright.sync_api import Error, sync_playwright

    required = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable(),
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
        except Error as error:
            message = f"No Chromium for browser tests (install Debian's chromium): {error}"
            if required:
                pytest.fail(message)
            pytest.skip(message)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; its `base` attribute is the live server's address."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def collect_errors(page):
    """A list that fills with console errors (CSP violations included) as the page runs."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def mark_document(page):
    """Tag the current document, so a later check can tell an htmx swap from a page load."""
    page.evaluate("window.keptAcrossSwaps = true")


def still_same_document(page):
    """Whether the document tagged by `mark_document` is still the one shown."""
    return page.evaluate("window.keptAcrossSwaps === true")


def assert_accessible(page):
    """No serious or critical axe-core violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


@pytest.fixture(name="collect_errors")
def collect_errors_fixture():
    """`collect_errors(page)`: a list that fills with the page's console errors."""
    return collect_errors


@pytest.fixture(name="mark_document")
def mark_document_fixture():
    """`mark_document(page)`: tag the document shown, for `still_same_document`."""
    return mark_document


@pytest.fixture(name="still_same_document")
def still_same_document_fixture():
    """`still_same_document(page)`: whether no page load replaced the tagged document."""
    return still_same_document


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    """`assert_accessible(page)`: no serious or critical axe-core violations."""
    return assert_accessible
