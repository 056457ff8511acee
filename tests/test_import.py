"""Importing an article: the pipeline (ingest.import_source) and `manage.py import_source`."""

import datetime
import functools
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from timeline import ingest, sentences
from timeline.forms import SourceImportForm
from timeline.models import MAX_BODY_CHARS, Sentence, Source

pytestmark = pytest.mark.django_db

SEED_PROMOTION = [
    "Entsperren Sie den White House Watch-Newsletter kostenlos",
    "Ihr Leitfaden dafür, was die US-Wahlen 2024 für Washington und die Welt bedeuten",
]
MARCH_18 = datetime.date(2025, 3, 18)


def run(path, *args, **options):
    """Run import_source on `path`; returns its output."""
    out = StringIO()
    call_command("import_source", str(path), *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def run_seed(seed_article):
    """`run_seed(*args, **options)`: import_source on the seed article, with its metadata."""
    return functools.partial(
        run,
        seed_article,
        "--title",
        "Putin ordnet Verzicht an",
        "--language",
        "de",
        "--published",
        "2025-03-18",
        "--publisher",
        "Financial Times",
    )


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_the_seed_article_imports_as_27_sentences_with_its_two_promotion_lines(
    run_seed, seed_article, seed_text
):
    output = run_seed()

    source = Source.objects.get()
    assert source.slug == "putin-ordnet-verzicht-an"
    assert (source.language, source.published_on) == ("de", MARCH_18)
    assert source.body == seed_text
    assert source.checksum == sentences.checksum(seed_text)
    rows = list(source.sentences.all())
    assert len(rows) == 27
    assert [s.text for s in rows if s.is_boilerplate] == SEED_PROMOTION
    assert [s.position for s in rows if s.is_boilerplate] == [1, 2]
    for sentence in rows:
        assert source.body[sentence.start : sentence.end] == sentence.text
    assert rows[-1].end == len(source.body)
    # Progress, step by step.
    assert f"Reading {seed_article}…" in output
    assert f"Cutting {len(seed_text):,} characters into sentences (de)…" in output
    assert "27 sentences, 2 marked as boilerplate." in output
    assert "Created source “putin-ordnet-verzicht-an”." in output


def test_importing_the_same_text_again_changes_nothing_and_says_so(run_seed):
    run_seed()
    source = Source.objects.get()
    before = list(Sentence.objects.values_list("pk", "text"))

    output = run_seed("--title", "Another title")

    assert "already imported as “putin-ordnet-verzicht-an”" in output
    assert Source.objects.count() == 1
    assert list(Sentence.objects.values_list("pk", "text")) == before
    assert Source.objects.get().title == source.title


def test_the_seed_loaded_by_load_seeds_is_already_there(seed_source, run_seed):
    output = run_seed()
    assert f"already imported as “{seed_source.slug}”" in output
    assert Source.objects.count() == 1


def test_slug_defaults_to_the_title_made_unique(tmp_path):
    first = write(tmp_path, "a.txt", "Erster Bericht.")
    second = write(tmp_path, "b.txt", "Zweiter Bericht.")
    args = ["--title", "Gespräch über Energie", "--language", "de", "--published", "2025-03-18"]
    run(first, *args, "--publisher", "Wire")
    run(second, *args, "--publisher", "Wire")
    assert sorted(Source.objects.values_list("slug", flat=True)) == [
        "gesprach-uber-energie",
        "gesprach-uber-energie-2",
    ]


def test_publisher_defaults_to_the_urls_host(import_article):
    result = import_article(
        "The call lasted two hours.",
        title="Call",
        publisher="",
        language="en",
        url="https://www.ft.com/content/123",
    )
    assert result.source.publisher == "ft.com"


def test_english_text_is_cut_with_english_rules(import_article):
    text = "Mr. Smith called Dr. Jones on Tuesday. They spoke for an hour."
    result = import_article(text, title="Call", publisher="Wire", language="en")
    assert result.created
    assert list(result.source.sentences.values_list("text", flat=True)) == [
        "Mr. Smith called Dr. Jones on Tuesday.",
        "They spoke for an hour.",
    ]


def test_german_text_is_cut_with_german_rules(import_article):
    text = "Das sagte u. a. der Kreml am 18. März. Die Ukraine widersprach."
    result = import_article(text, title="Kreml", publisher="Wire", language="de")
    assert list(result.source.sentences.values_list("text", flat=True)) == [
        "Das sagte u. a. der Kreml am 18. März.",
        "Die Ukraine widersprach.",
    ]


def test_html_is_reduced_to_its_text(tmp_path):
    page = write(
        tmp_path,
        "article.html",
        """<!doctype html>
        <html><head><title>FT</title><style>p { color: red }</style></head>
        <body>
          <header>Financial Times · Menu</header>
          <nav><a href="/">Home</a> <a href="/world">World</a></nav>
          <article>
            <h1>Putin &amp; Trump   agree</h1>
            <p>The call lasted   two hours.<br>Both sides said so&nbsp;&ndash; at last.</p>
            <script>alert("not text")</script>
            <ul><li>Energy</li><li>Black <em>Sea</em></li></ul>
            <!-- a comment -->
          </article>
          <aside>Read more: other stories</aside>
          <footer>© FT</footer>
        </body></html>""",
    )
    run(page, "--title", "Call", "--language", "en", "--published", "2025-03-18", "--url",
        "https://www.ft.com/content/1")  # fmt: skip
    assert Source.objects.get().body == (
        "Putin & Trump agree\n"
        "The call lasted two hours.\n"
        "Both sides said so – at last.\n"
        "Energy\n"
        "Black Sea"
    )


def test_markdown_loses_its_markup_but_keeps_its_lines(tmp_path):
    article = write(
        tmp_path,
        "article.md",
        "# Putin and Trump agree #\n"
        "\n"
        "The call lasted **two hours**, said _the_ [Kremlin](https://kremlin.ru/).\n"
        "Both sides *said so*.\n"
        "## Energy\n",
    )
    run(article, "--title", "Call", "--language", "en", "--published", "2025-03-18",
        "--publisher", "Wire")  # fmt: skip
    assert Source.objects.get().body == (
        "Putin and Trump agree\n"
        "The call lasted two hours, said the Kremlin.\n"
        "Both sides said so.\n"
        "Energy"
    )


@pytest.mark.parametrize(
    ("language", "text", "promotion"),
    [
        (
            "en",
            "Subscribe to our newsletter\n"
            "The Kremlin said the newsletter was wrong. Sign up was slow, it added.\n"
            "Sign up was slow, the Kremlin said.\n"
            "Advertisement\n"
            "Read more: Putin's other calls. Trump's call\n"
            "We use cookies to improve your experience.\n"
            "He said: Follow us to the end.",
            [
                "Subscribe to our newsletter",
                "Advertisement",
                # A promotion line is promotion to its end, whatever the segmenter made of it.
                "Read more: Putin's other calls.",
                "Trump's call",
                "We use cookies to improve your experience.",
            ],
        ),
        (
            "de",
            "Lesen Sie auch: Putins Plan\n"
            "Melden Sie sich für unseren Newsletter an\n"
            "Anzeige\n"
            "Die Werbung des Kremls verfing nicht. Werbung.\n"
            "Abonnieren Sie jetzt\n"
            "Der Kreml sagte, man melde sich an.",
            [
                "Lesen Sie auch: Putins Plan",
                "Melden Sie sich für unseren Newsletter an",
                "Anzeige",
                "Abonnieren Sie jetzt",
            ],
        ),
    ],
    ids=["en", "de"],
)
def test_boilerplate_patterns_mark_promotion_lines_only(language, text, promotion):
    assert [s.text for s in sentences.cut(text, language) if s.is_boilerplate] == promotion


TOO_LONG = "Satz. " * (MAX_BODY_CHARS // 6 + 1)
VALID = ["--title", "Call", "--language", "de", "--published", "2025-03-18", "--publisher", "W"]


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("empty.txt", "", VALID, "The text is empty"),
        ("blank.txt", " \n\t\n  ", VALID, "The text is empty"),
        ("nul.txt", b"Text\x00\x01\x02", VALID, "contains NUL bytes"),
        ("latin1.txt", "Gespräch".encode("latin-1"), VALID, "is not UTF-8 text (byte 5 is 0xe4)"),
        ("long.txt", TOO_LONG, VALID, "the limit is 200,000"),
        ("report.pdf", "%PDF-1.7", VALID, "“report.pdf” is not a .txt, .md or .html file"),
        ("report.docx", "PK", VALID, "“report.docx” is not a .txt, .md or .html file"),
        ("empty.html", "<script>x()</script><nav>Menu</nav>", VALID, "The text is empty"),
        (
            "ok.txt",
            "Satz.",
            [*VALID, "--language", "fr"],
            "invalid choice: 'fr' (choose from 'de', 'en')",
        ),
        ("ok.txt", "Satz.", [*VALID, "--published", "2025-02-30"], "is not a real date"),
        ("ok.txt", "Satz.", [*VALID, "--published", "18.03.2025"], "form YYYY-MM-DD"),
        ("ok.txt", "Satz.", [*VALID, "--url", "javascript:alert(1)"], "is not a web address"),
        ("ok.txt", "Satz.", [*VALID, "--url", "ftp://ft.com/a.txt"], "is not a web address"),
        ("ok.txt", "Satz.", [*VALID, "--url", "https://"], "--url: "),
        ("ok.txt", "Satz.", [*VALID, "--slug", "Not A Slug"], "--slug: Enter a valid “slug”"),
        ("ok.txt", "Satz.", [*VALID[:6], "--publisher", ""], "--publisher: Name the publisher"),
        ("ok.txt", "Satz.", [*VALID, "--title", "  "], "--title: This field is required."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(tmp_path, name, content, args, message):
    path = write(tmp_path, name, content)
    with pytest.raises(CommandError, match=re.escape(message)):
        run(path, *args)
    assert Source.objects.count() == 0
    assert Sentence.objects.count() == 0


def test_missing_publication_date_is_refused(tmp_path):
    path = write(tmp_path, "ok.txt", "Satz.")
    with pytest.raises(CommandError, match="--published"):
        run(path, "--title", "Call", "--language", "de")
    assert Source.objects.count() == 0


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nowhere.txt", *VALID)


def test_a_slug_in_use_is_refused_by_name(tmp_path, run_seed):
    run_seed("--slug", "ft-call")
    other = write(tmp_path, "other.txt", "Ein anderer Bericht.")
    with pytest.raises(CommandError, match="A source with the slug “ft-call” already exists"):
        run(other, *VALID, "--slug", "ft-call")
    assert Source.objects.count() == 1


def test_a_failure_midway_leaves_nothing_behind(monkeypatch, run_seed):
    def broken(self, *args, **kwargs):
        self.save()
        Sentence.objects.create(source=self, position=1, text="x", start=0, end=1)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Source, "resegment", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run_seed()
    assert Source.objects.count() == 0
    assert Sentence.objects.count() == 0


def test_dry_run_reports_and_writes_nothing(run_seed):
    output = run_seed("--dry-run")
    assert "27 sentences, 2 marked as boilerplate." in output
    assert "Dry run: would create source “putin-ordnet-verzicht-an”; nothing was written." in output
    assert Source.objects.count() == 0


def test_dry_run_still_refuses_bad_input(tmp_path, run_seed):
    with pytest.raises(CommandError, match="invalid choice: 'xx'"):
        run_seed("--dry-run", "--language", "xx")


def test_verbosity_0_is_silent_and_2_lists_the_boilerplate(run_seed):
    assert run_seed(verbosity=0) == ""
    Source.objects.all().delete()
    output = run_seed(verbosity=2)
    assert f"  boilerplate: {SEED_PROMOTION[0]}" in output
    assert f"  boilerplate: {SEED_PROMOTION[1]}" in output


def test_the_pipeline_reports_progress_through_its_callback(import_article, seed_text):
    lines = []
    result = import_article(seed_text, title="Seed", publisher="FT", progress=lines.append)
    assert (result.created, result.sentences, result.boilerplate) == (True, 27, SEED_PROMOTION)
    assert lines == [
        f"Cutting {len(seed_text):,} characters into sentences (de)…",
        "27 sentences, 2 marked as boilerplate.",
    ]


def test_a_slug_taken_while_importing_is_refused_on_the_slug_field(make_source):
    form = SourceImportForm(
        {"body": "Satz.", "title": "T", "publisher": "P", "language": "de",
         "published_on": "2025-03-18", "slug": "taken"}
    )  # fmt: skip
    assert form.is_valid()
    make_source(slug="taken", body="Ein anderer Text.")
    with pytest.raises(ValidationError) as refused:
        ingest.import_source(form.instance)
    assert refused.value.message_dict == {
        "slug": ["A source with the slug “taken” already exists."]
    }
    assert Source.objects.count() == 1
