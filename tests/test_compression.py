"""Responses as sent: pages and data gzipped for clients that ask, static files precompressed.

Django's GZipMiddleware compresses HTML and JSON when the request accepts gzip (adding random
padding against BREACH), and says so in `Vary: Accept-Encoding` so that no cache hands a
compressed body to a client that cannot read it. Static files never reach it: whitenoise
answers them with the `.br`/`.gz` files collectstatic wrote beside each hashed file, cached by
browsers for ten years because a changed file gets a new name.
"""

import gzip
import json

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils.cache import has_vary_header

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
FOREVER = "max-age=315360000, public, immutable"


def test_html_is_gzipped_when_the_client_accepts_it(client, seeded):
    response = client.get("/", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert has_vary_header(response, "Accept-Encoding")
    html = gzip.decompress(response.content).decode()
    assert "Trump" in html and html.lstrip().lower().startswith("<!doctype html>")


def test_json_is_gzipped_when_the_client_accepts_it(client, seeded):
    response = client.get("/events.json", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert has_vary_header(response, "Accept-Encoding")
    assert json.loads(gzip.decompress(response.content))


@pytest.mark.parametrize("url", ["/", "/events.json"])
def test_nothing_is_compressed_for_a_client_that_does_not_ask(client, seeded, url):
    for headers in ({}, {"Accept-Encoding": "identity"}):
        response = client.get(url, headers=headers)
        assert not response.has_header("Content-Encoding"), headers
        assert has_vary_header(response, "Accept-Encoding")
        assert response.content.decode()


def test_compressed_pages_differ_each_time_against_breach(client, seeded):
    # Django pads the gzip header with random bytes, so the compressed length leaks less.
    first = client.get("/events.json", headers=GZIP).content
    second = client.get("/events.json", headers=GZIP).content
    assert first != second
    assert gzip.decompress(first) == gzip.decompress(second)


# Static files, collected as in production.


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic with production's storage into a fresh STATIC_ROOT; yields that folder."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_collectstatic_writes_hashed_names_with_brotli_and_gzip_beside_them(collected):
    hashed = staticfiles_storage.stored_name("css/site.css")
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    for suffix in ("", ".gz", ".br"):
        assert (collected / (hashed + suffix)).is_file(), hashed + suffix


def test_whitenoise_sends_the_smallest_encoding_the_client_takes(collected, db):
    url = staticfiles_storage.url("css/site.css")
    client = Client()  # a new handler, so whitenoise scans the collected folder
    plain = client.get(url)
    assert not plain.has_header("Content-Encoding")
    size = len(b"".join(plain.streaming_content))
    brotli = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert brotli["Content-Encoding"] == "br"
    gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    assert has_vary_header(gzipped, "Accept-Encoding")
    assert int(brotli["Content-Length"]) < int(gzipped["Content-Length"]) < size


def test_hashed_static_files_are_cached_for_ever_and_unhashed_ones_briefly(collected, db):
    client = Client()
    hashed = client.get(staticfiles_storage.url("css/site.css"), headers=GZIP)
    assert hashed.status_code == 200
    assert hashed["Cache-Control"] == FOREVER
    # The unhashed name also answers (for a link someone kept), but may change at any deploy.
    unhashed = client.get("/static/css/site.css")
    assert unhashed.status_code == 200
    assert "immutable" not in unhashed["Cache-Control"]


def test_a_gzip_client_revalidates_a_cached_page_with_the_etag_it_was_sent(client, seeded):
    # Django's gzip marks the page cache's ETag weak (W/"…"): sent back, it still matches.
    first = client.get("/", headers=GZIP)
    assert first["Content-Encoding"] == "gzip" and first.has_header("ETag")
    again = client.get("/", headers={**GZIP, "If-None-Match": first["ETag"]})
    assert again.status_code == 304
