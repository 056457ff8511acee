"""Imports in linear time: HTML and Markdown conversion that no input can stall.

HTML is streamed once through lxml; Markdown goes through markdown-it-py.
What would still be too much (nesting past MAX_HTML_DEPTH, Markdown past
MAX_MARKDOWN_CHARS, files past MAX_UPLOAD_BYTES) is refused with a message
naming the limit. Time is measured outside the suite (figures in README,
"Importing articles"), never asserted here.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from timeline import formats, ingest
from timeline.forms import SourceImportForm
from timeline.models import Source

METADATA = {"title": "Long", "publisher": "Wire", "language": "de", "published_on": "2025-03-18"}
# Markup around each paragraph, as content management systems write it.
PARAGRAPH = (
    '<p class="article-body__paragraph" data-component="text-block" '
    'data-trackable="paragraph" data-x="' + "x" * 138 + '">S{n}.</p>\n'
)


def big_page(paragraphs=20_000):
    """A page just under the 5 MB upload limit: `paragraphs` paragraphs in heavy markup."""
    body = "".join(PARAGRAPH.format(n=n) for n in range(paragraphs))
    return f"<!doctype html><html><body><article>{body}</article></body></html>".encode()


def upload_form(name, data):
    return SourceImportForm(METADATA, {"upload": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_a_5_mb_page_of_20000_paragraphs_imports_as_20000_sentences():
    data = big_page()
    assert 4_900_000 < len(data) <= formats.MAX_UPLOAD_BYTES
    form = upload_form("long.html", data)
    assert form.is_valid(), form.errors.as_json()
    result = ingest.import_source(form.instance)
    assert result.sentences == 20_000
    source = Source.objects.get()
    assert source.body.splitlines()[:2] == ["S0.", "S1."]
    assert source.sentences.get(position=20_000).text == "S19999."


def test_100000_nested_divs_are_refused_naming_the_limit():
    deep = ("<div>" * 100_000 + "Text" + "</div>" * 100_000).encode()
    with pytest.raises(ValidationError) as refused:
        formats.text_from_file("deep.html", deep)
    assert refused.value.messages == [
        "“deep.html”: The HTML nests its elements more than 500 levels deep, the limit. "
        "Save the article as plain text and import that."
    ]
    assert refused.value.code == "depth"


@pytest.mark.django_db
def test_a_too_deep_upload_is_a_form_error_in_the_admin(staff_client):
    deep = SimpleUploadedFile("deep.html", b"<span>" * 20_000 + b"x")
    response = staff_client.post(
        reverse("admin:timeline_source_import"), {**METADATA, "body": "", "upload": deep}
    )
    assert response.status_code == 200
    assert any("500 levels deep" in error for error in response.context["form"].errors["upload"])
    assert not Source.objects.exists()


def test_nesting_up_to_the_limit_converts():
    html = "<div>" * 497 + "Tief genug." + "</div>" * 497  # html and body make 499
    assert formats.html_to_text(html) == "Tief genug."


def test_unclosed_elements_are_closed_without_recursion():
    assert formats.html_to_text("<b><i>" * 240 + "Ende") == "Ende"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>The call\nlasted two hours.</p>", "The call lasted two hours."),
        ("<pre>erste Zeile\nzweite Zeile</pre>", "erste Zeile\nzweite Zeile"),
        ("<ol start=18><li>Der Anruf</li><li>Die Pause</li></ol>", "18. Der Anruf\n19. Die Pause"),
        ("<table><tr><th>Tag</th><td>Ereignis</td></tr></table>", "Tag Ereignis"),
        ("<p>a<svg><text>chart</text></svg>b</p><template><p>hidden</p></template>", "ab"),
        ("<p>Kreml<!-- note -->sprecher</p>", "Kremlsprecher"),
        ("", ""),
    ],
)
def test_html_text_follows_the_blocks_not_the_line_breaks_of_the_markup(html, text):
    assert formats.html_to_text(html) == text


@pytest.mark.parametrize(
    "markdown",
    [
        "*" * 50_000,
        "_" * 50_000,
        "[" * 50_000,
        "`" * 50_000,
        "**a " * 12_500,
        "*a _" * 12_500,
        "[a](" * 12_500,
        "[" * 20_000 + "a" + "]" * 20_000,
        "> " * 25_000 + "tief",
        "- " * 25_000 + "tief",
        "<" * 50_000,
        "# " + " " * 50_000 + "x",
        "".join("`" * n + "a" for n in range(1, 300)),
    ],
    ids=lambda markdown: repr(markdown[:8]),
)
def test_pathological_markdown_converts_without_error(markdown):
    text = formats.text_from_file("odd.md", markdown.encode())
    assert isinstance(text, str)
    assert len(text) <= len(markdown)


def test_markdown_past_its_limit_is_refused_naming_the_limit():
    markdown = "Satz. " * (formats.MAX_MARKDOWN_CHARS // 6 + 1)
    with pytest.raises(ValidationError) as refused:
        formats.text_from_file("long.md", markdown.encode())
    assert refused.value.messages == [
        f"“long.md”: The Markdown has {len(markdown):,} characters; the limit is 400,000. "
        "Import a shorter text."
    ]


def test_markdown_keeps_a_line_that_starts_with_a_day_of_the_month():
    markdown = "18. März: Putin ordnet die Pause an.\n\nKiew stimmt zu.\nDer Kreml *schweigt*."
    assert formats.markdown_to_text(markdown) == (
        "18. März: Putin ordnet die Pause an.\nKiew stimmt zu.\nDer Kreml schweigt."
    )


def test_html_in_markdown_loses_its_scripts():
    assert formats.markdown_to_text("Text <script>alert(1)</script>und mehr") == "Text und mehr"


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("escape.html", b"<p>a&#27;b\x1bc&#x7f;d\x07e</p>", "abcde"),
        ("escape.md", b"a\x1bb\x0ec\x7fd\xc2\x9fe", "abcde"),
        ("escape.txt", b"a\x1bb\r\nc\x0b", "ab\nc"),
    ],
)
def test_control_characters_in_imported_text_are_dropped(name, data, text):
    assert formats.text_from_file(name, data) == text


def test_nul_bytes_are_refused_in_every_format():
    for name in ("x.txt", "x.md", "x.html"):
        with pytest.raises(ValidationError, match="contains NUL bytes"):
            formats.text_from_file(name, b"<p>a\x00b</p>")
