"""English at /, German at /de/: both complete, a switcher to the same page, dates per language.

The catalog (locale/de/LC_MESSAGES/django.po) is compiled by `make run` and `make test`; these
tests read the compiled .mo through Python's own gettext module, so they check what Django
serves, and regenerate the catalog from the source to prove nothing is left untranslated.
"""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

from timeline import dates
from timeline.models import Ceasefire, Event, Source, Translation

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

SEED_SOURCE = "ft-2025-03-18-putin-energy-pause"
PAUSE = "putin-orders-30-day-energy-strike-pause"
CEASEFIRE = "energy-strike-pause-march-2025"

# Phrases of the English interface that must never reach a German page.
ENGLISH_PHRASES = [
    "Skip to content", "Filter events", "Clear filters", "Show all events", "events found",
    "Embed this timeline", "The story at a glance", "Permalink to this", "Copy link",
    "in the article", "Editor's note", "English translation", "Original article",
    "Highlighted sentences", "Events table", "These events as data", "Scroll sideways",
    "Announced duration", "step by step", "Took effect", "announced for", "(announced end)",
    "in force, day", "Any actor", "Any kind", "Date mentioned", "As written", "as written",
    "Page not found", "Back to the timeline", "Search the timeline", "Versions",
    "Sources differ", "Neighbouring events", "Published events", "YYYY-MM-DD",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _english_again_afterwards():
    """Back to the default language after each test.

    A request to /de/ leaves German active in the thread (LocaleMiddleware activates a language
    per request and never deactivates it); tests that run later without a request, such as
    the date unit tests, expect the default.
    """
    yield
    translation.deactivate()


def msgfmt():
    """The msgfmt command, or a failure that says how to get it."""
    command = shutil.which("msgfmt")
    if command is None:
        pytest.fail("msgfmt not found: install GNU gettext (Debian: apt-get install gettext).")
    return command


@pytest.fixture(scope="module")
def catalog():
    """{msgid: msgstr} of the compiled German catalog, as Django reads it."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        pytest.fail(f"{MO.relative_to(ROOT)} is missing or older than its .po: run `make test`.")
    with MO.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def soup_of(response):
    assert response.status_code in (200, 404), response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def visible_text(soup):
    """The text a reader meets: the body's text and its labels, titles and placeholders."""
    body = soup.body or soup
    attributes = [
        value
        for element in body.find_all(True)
        for name, value in element.attrs.items()
        if name in ("aria-label", "title", "placeholder", "data-copied", "data-failed")
    ]
    return " ".join([body.get_text(" "), *attributes, soup.title.get_text() if soup.title else ""])


def german_pages():
    return {
        "timeline": "/de/",
        "table": "/de/events/table/",
        "permalink": f"/de/events/{PAUSE}/",
        "version": f"/de/events/{PAUSE}/v/1/",
        "reader": f"/de/sources/{SEED_SOURCE}/",
        "ceasefire": f"/de/ceasefires/{CEASEFIRE}/",
        "embed": "/de/embed/",
        "not found": "/de/no-such-page/",
        "no such event": "/de/events/no-such-event/",
    }


# The catalog: complete, and complete for the source as it is now.


def test_msgfmt_finds_no_untranslated_or_fuzzy_message():
    result = subprocess.run(
        [msgfmt(), "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


def test_every_string_in_the_source_has_a_german_translation(tmp_path):
    # makemessages on a copy of the project: it rewrites the catalog it finds, never ours.
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo")
    for name in ("timeline", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    regenerated = copy / PO.relative_to(ROOT)
    result = subprocess.run(
        [msgfmt(), "--statistics", "-o", "/dev/null", str(regenerated)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, (
        f"{result.stderr.strip()}: run `manage.py makemessages -l de` and translate the new "
        f"strings in {PO.relative_to(ROOT)}"
    )


def test_the_compiled_catalog_translates_the_interface(catalog):
    assert catalog["Timeline"] == "Chronik"
    assert catalog[("%(count)d day", 1)] == "%(count)d Tage"
    assert catalog["day month year\x04%(day)s %(month)s %(year)s"] == "%(day)s. %(month)s %(year)s"


# Every public page in German.


@pytest.mark.parametrize("name", list(german_pages()))
def test_every_public_page_renders_in_german(client, seeded, catalog, name):
    soup = soup_of(client.get(german_pages()[name]))
    assert soup.html["lang"] == "de"
    text = visible_text(soup)
    found = [phrase for phrase in ENGLISH_PHRASES if phrase in text]
    assert not found, (name, found)
    # Any longer interface string of the catalog that differs in German must not show in English.
    leaks = [
        english
        for english, german in catalog.items()
        if isinstance(english, str)
        and english != german
        and len(english) > 15
        and "%" not in english
        and "<" not in english
        and english in text
    ]
    assert not leaks, (name, leaks)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/de/", "Chronik der Waffenruhe"),
        ("/de/events/table/", "Ereignistabelle"),
        ("/de/no-such-page/", "Seite nicht gefunden"),
        ("/de/events/no-such-event/", "Kein Ereignis unter dieser Adresse"),
    ],
)
def test_german_pages_have_german_headings(client, seeded, catalog, url, heading):
    assert soup_of(client.get(url)).h1.get_text(strip=True) == heading


def test_the_english_pages_stay_english(client, seeded, catalog):
    soup = soup_of(client.get("/"))
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text() == "Ceasefire timeline"
    assert "Filter events" in visible_text(soup)


def test_the_ceasefire_page_tells_its_status_and_duration_in_german(client, seeded, catalog):
    soup = soup_of(client.get(f"/de/ceasefires/{CEASEFIRE}/?as_of=2025-03-25"))
    status = soup.select_one(".ceasefire__status").get_text(" ", strip=True)
    assert status.startswith("In Kraft"), status
    assert "Tag 8 von 30" in status and "25. März 2025" in status
    assert "30 Tage" in soup.select_one(".ceasefire__facts").get_text()
    english = soup_of(client.get(f"/ceasefires/{CEASEFIRE}/?as_of=2025-03-25"))
    assert "day 8 of 30" in english.select_one(".ceasefire__status").get_text()


def test_the_table_columns_and_caption_are_german(client, seeded, catalog):
    soup = soup_of(client.get("/de/events/table/?sort=date"))
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert headers == ["Datum", "Titel", "Art", "Akteure", "Belege", "Quellen"]
    assert soup.caption.get_text(" ", strip=True) == (
        "Veröffentlichte Ereignisse, sortiert nach Datum (aufsteigend)"
    )


def test_htmx_fragments_under_de_are_german(client, seeded, catalog):
    filtered = client.get("/de/?kind=call", headers={"HX-Request": "true", "HX-Trigger": "filters"})
    soup = soup_of(filtered)
    assert "2 Ereignisse gefunden." in soup.get_text()
    assert soup.select_one("#filters")["action"] == "/de/"
    entry = soup_of(client.get(f"/de/events/{PAUSE}/", headers={"HX-Request": "true"}))
    assert "Permalink zu diesem Ereignis" in entry.get_text()
    assert "Permalink to this event" not in entry.get_text()
    assert entry.select_one(".share__link")["href"] == f"/de/events/{PAUSE}/"


# The switcher, <html lang> and hreflang.


def switcher(soup):
    """{language code: link} of the page's language switcher."""
    return {a["hreflang"]: a for a in soup.select("nav.language-switcher a")}


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("/events/table/?q=Putin&kind=call", "/de/events/table/?q=Putin&kind=call"),
        ("/de/events/table/?q=Putin&kind=call", "/events/table/?q=Putin&kind=call"),
        ("/?actor=vladimir-putin", "/de/?actor=vladimir-putin"),
        (f"/events/{PAUSE}/", f"/de/events/{PAUSE}/"),
        (f"/de/sources/{SEED_SOURCE}/", f"/sources/{SEED_SOURCE}/"),
        (
            f"/ceasefires/{CEASEFIRE}/?as_of=2025-03-25",
            f"/de/ceasefires/{CEASEFIRE}/?as_of=2025-03-25",
        ),
        ("/de/no-such-page/", "/no-such-page/"),
    ],
)
def test_the_switcher_links_to_the_same_page_and_query_in_the_other_language(
    client, seeded, catalog, url, other
):
    links = switcher(soup_of(client.get(url)))
    current = "de" if url.startswith("/de/") else "en"
    target = "en" if current == "de" else "de"
    assert links[current]["aria-current"] == "true"
    assert links[current]["href"] == url
    assert "aria-current" not in links[target].attrs
    assert links[target]["href"] == other
    assert links["en"].get_text() == "English" and links["de"].get_text() == "Deutsch"
    assert links["de"]["lang"] == "de"


def test_the_embed_switches_language_inside_its_frame(client, seeded, catalog):
    links = switcher(soup_of(client.get("/embed/?kind=call")))
    assert links["de"]["href"] == "/de/embed/?kind=call"
    assert links["de"]["target"] == "_self"


@pytest.mark.parametrize("url", ["/events/table/", "/de/events/table/"])
def test_pages_name_their_language_and_their_alternates(client, seeded, catalog, url):
    soup = soup_of(client.get(url))
    assert soup.html["lang"] == ("de" if url.startswith("/de/") else "en")
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        "en": "http://testserver/events/table/",
        "x-default": "http://testserver/events/table/",
        "de": "http://testserver/de/events/table/",
    }


def test_the_language_comes_from_the_address_alone(client, seeded, catalog):
    # A browser asking for German still gets English at /: the address decides, so shared
    # caches need not keep a copy per browser language.
    english = client.get("/", headers={"Accept-Language": "de"})
    assert soup_of(english).html["lang"] == "en"
    assert english["Content-Language"].startswith("en")
    assert "accept-language" not in english.get("Vary", "").lower()
    assert "HX-Request" in english["Vary"]
    german = client.get("/de/", headers={"Accept-Language": "en"})
    assert german["Content-Language"] == "de"
    assert "accept-language" not in german.get("Vary", "").lower()


def test_data_feeds_and_admin_have_one_address_outside_the_language_prefix(client, seeded):
    for url in ("/events.json", "/events.ics", "/feed/", "/robots.txt", "/ceasefires.csv"):
        assert client.get(url).status_code == 200, url
        assert client.get(f"/de{url}").status_code == 404, url
    assert client.get("/de/admin/").status_code == 404


# Dates per language, at their EDTF precision.


@pytest.mark.parametrize(
    ("value", "english", "german"),
    [
        ("2025-03-18", "18 March 2025", "18. März 2025"),
        ("2025-03", "March 2025", "März 2025"),
        ("2025-21", "Spring 2025", "Frühjahr 2025"),
        ("2024", "2024", "2024"),
        ("2025-02-12~", "c. 12 February 2025", "ca. 12. Februar 2025"),
        ("2025-03-18?", "18 March 2025 (uncertain)", "18. März 2025 (unsicher)"),
        ("2025-03-18/2025-04-16", "18 March – 16 April 2025", "18. März – 16. April 2025"),
        ("2025-03-10/2025-03-16", "10–16 March 2025", "10.–16. März 2025"),
        (
            "[2025-03-10..2025-03-16]",
            "one day between 10 and 16 March 2025",
            "ein Tag zwischen 10. und 16. März 2025",
        ),
        ("2025-03-18/..", "from 18 March 2025", "ab 18. März 2025"),
        ("2024-10-XX", "a day in October 2024", "ein Tag im Oktober 2024"),
        (
            "[2025-03-18,2025-03-20]",
            "18 March 2025 or 20 March 2025",
            "18. März 2025 oder 20. März 2025",
        ),
    ],
)
def test_dates_are_shown_per_language_at_their_precision(catalog, value, english, german):
    with translation.override("en"):
        assert dates.display(value) == english
    with translation.override("de"):
        assert dates.display(value) == german


@pytest.mark.parametrize(
    ("duration", "english", "german"),
    [
        ("P30D", "30 days", "30 Tage"),
        ("P1D", "1 day", "1 Tag"),
        ("P1M2W", "1 month, 2 weeks", "1 Monat, 2 Wochen"),
    ],
)
def test_durations_use_each_languages_plural_forms(catalog, duration, english, german):
    with translation.override("en"):
        assert dates.Duration.parse(duration).words() == english
    with translation.override("de"):
        assert dates.Duration.parse(duration).words() == german


def test_an_announced_span_is_labelled_as_announced_in_both_languages(client, seeded, catalog):
    english = soup_of(client.get(f"/events/{PAUSE}/")).select_one(".event__date").get_text()
    german = soup_of(client.get(f"/de/events/{PAUSE}/")).select_one(".event__date").get_text()
    assert "18 March – 16 April 2025 (announced for 30 days)" in english
    assert "18. März – 16. April 2025 (angekündigt für 30 Tage)" in german
    assert "im Wortlaut: „30 Tage lang“" in german


def test_the_copy_link_button_reports_in_german(client, seeded, catalog):
    button = soup_of(client.get(f"/de/events/{PAUSE}/")).select_one("button.copy-link")
    assert button.get_text() == "Link kopieren"
    assert button["data-copied"] == "Link kopiert."
    assert button["data-failed"].startswith("Kopieren nicht möglich")


def test_the_timeline_groups_by_german_month_names(client, seeded, catalog):
    soup = soup_of(client.get("/de/"))
    months = [h3.get_text() for h3 in soup.select("h3.month")]
    assert "März 2025" in months and "Oktober 2024" in months


def test_the_overview_names_its_marks_in_each_language(client, seeded, catalog):
    german = {a["aria-label"] for a in soup_of(client.get("/de/")).select("a.overview__mark")}
    english = {a["aria-label"] for a in soup_of(client.get("/")).select("a.overview__mark")}
    # German keeps its nouns capitalised; English lowercases the kind inside the name.
    assert "Oktober 2024, Vorschlag" in german
    assert "October 2024, proposal" in english


# Evidence: the original, and its translation into the interface language where one exists.


def test_german_evidence_shows_its_english_translation_under_the_english_interface(
    client, seeded, catalog
):
    figure = soup_of(client.get(f"/events/{PAUSE}/")).select_one("figure.evidence")
    assert figure.select_one(".evidence__text")["lang"] == "de"
    assert figure.select_one(".translation")["lang"] == "en"


def test_german_evidence_shows_no_translation_under_the_german_interface(client, seeded, catalog):
    soup = soup_of(client.get(f"/de/events/{PAUSE}/"))
    assert soup.select("figure.evidence blockquote")
    assert soup.select(".translation") == []
    assert soup_of(client.get("/de/")).select(".translation") == []


def test_english_evidence_shows_its_german_translation_under_the_german_interface(
    client, seeded, catalog, import_english_report, cite
):
    source = import_english_report()
    evidence = cite(PAUSE, source, "Vladimir Putin has agreed", "Test Wire (reporting)")
    Translation.objects.create(
        sentence=evidence.sentence,
        language="de",
        text="Wladimir Putin hat zugestimmt, russische Angriffe 30 Tage lang einzustellen.",
        translator="Ceasefire Timeline editors",
    )
    soup = soup_of(client.get(f"/de/events/{PAUSE}/"))
    translated = [
        figure
        for figure in soup.select("figure.evidence")
        if figure.select_one(".evidence__text")["lang"] == "en"
    ]
    assert len(translated) == 1
    label = translated[0].select_one(".translation__label").get_text()
    assert label == "Übersetzung (Deutsch, Ceasefire Timeline editors):"
    assert translated[0].select_one(".translation")["lang"] == "de"
    # Under the English interface the English original stands alone.
    english = soup_of(client.get(f"/events/{PAUSE}/"))
    for figure in english.select("figure.evidence"):
        if figure.select_one(".evidence__text")["lang"] == "en":
            assert figure.select_one(".translation") is None


def test_every_seed_page_exists_in_both_languages(client, seeded, catalog):
    urls = [e.get_absolute_url() for e in Event.objects.published()]
    urls += [s.get_absolute_url() for s in Source.objects.all()]
    urls += [c.get_absolute_url() for c in Ceasefire.objects.filter(status="published")]
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(f"/de{url}").status_code == 200, url
