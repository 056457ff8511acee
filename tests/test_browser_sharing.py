"""Sharing in a real Chromium: hostile text stays data, text-fragment links land on the quote."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible, collect_errors, make_event, make_source
from timeline.models import Evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"


def test_a_hostile_title_is_shown_as_text_and_runs_nothing(page):
    errors = collect_errors(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    event = make_event(
        "hostile", title=HOSTILE, summary=HOSTILE, sentences=[make_source().sentences.first()]
    )
    page.goto(event.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE)
    # One data block, which the page parses back as the event it describes.
    blocks = page.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)
    described = json.loads(blocks.text_content())
    assert described["name"] == HOSTILE
    expect(page.locator("script:not([src]):not([type='application/ld+json'])")).to_have_count(0)
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
    assert errors == []


# The article "online": Playwright answers for this address, so nothing leaves the machine.
ARTICLE_URL = "https://news.example.org/2025/03/18/putin-pause"
FILLER = [f"Absatz {n} handelt von ganz anderen Dingen." for n in range(1, 61)]
LINES = ["Putin stimmte zu.", *FILLER, "Der Kreml sagte, Putin stimmte zu. Das Weiße Haus schwieg."]


def serve_article(route):
    """The article as its publisher's site would show it: one paragraph per line."""
    paragraphs = "".join(
        f'<p id="line-{number}">{line}</p>' for number, line in enumerate(LINES, start=1)
    )
    route.fulfill(
        content_type="text/html; charset=utf-8",
        body=f'<!doctype html><html lang="de"><title>Artikel</title><body>{paragraphs}</body></html>',
    )


def test_the_link_online_opens_the_article_at_the_quoted_sentence(page):
    page.route(f"{ARTICLE_URL}*", serve_article)
    source = make_source(slug="wire", body="\n".join(LINES), url=ARTICLE_URL)
    sentence = source.sentences.get(text="Der Kreml sagte, Putin stimmte zu.")
    event = make_event("putin-agrees")
    evidence = Evidence(event=event, sentence=sentence, attribution="Kremlin readout")
    # The quote is narrowed to words that first occur at the top of the article.
    evidence.anchor_to(sentence, "Putin stimmte zu.")
    evidence.save()

    page.goto(event.get_absolute_url())
    # The reader's own anchor is still there beside the link online.
    expect(page.locator(f'a[href="/sources/wire/#s-{sentence.position}"]')).to_be_visible()
    page.locator("a.evidence__original").click()
    expect(page).to_have_url(re.compile(re.escape(ARTICLE_URL)))
    # Chromium scrolled to the quoted sentence near the end, not to the first "Putin stimmte zu."
    expect(page.locator(f"#line-{len(LINES)}")).to_be_in_viewport()
    expect(page.locator("#line-1")).not_to_be_in_viewport()


def test_the_404_page_leads_back_on_a_phone(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = collect_errors(page)
    response = page.goto("/events/trump-putin-cal/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No event at this address")
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_role("searchbox", name="Search the timeline").fill("Eishockey")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(f"{live_server.url}/?q=Eishockey")
    expect(page.locator("#toggle-trump-putin-call-tuesday")).to_be_visible()
    page.goto("/events/trump-putin-cal/")
    page.get_by_role("link", name="Back to the timeline").click()
    expect(page).to_have_url(f"{live_server.url}/")
    # The 404 itself is logged by the browser as a failed resource; nothing else may be.
    assert [e for e in errors if "404" not in e] == []
    context.close()
