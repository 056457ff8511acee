"""Shared fixtures: the seed story, small factories and a real Chromium."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from timeline import ingest
from timeline.forms import SourceImportForm
from timeline.models import Actor, Event, Evidence, Source

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SEED_SOURCE = "ft-2025-03-18-putin-energy-pause"


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing for test users, and plain static files (no collectstatic manifest needed).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seeded(db):
    """The seed story loaded exactly as `make run` loads it."""
    call_command("load_seeds", verbosity=0)


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
