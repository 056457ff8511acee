"""Real Chromium against a live server: what a reader sees."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def collect_errors(page):
    """A list that fills with console errors (CSP violations included) as the page runs."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_timeline_opens_and_links_to_a_permalink(page, seeded):
    errors = collect_errors(page)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceasefire timeline")
    expect(page.locator("#event-trump-putin-call-tuesday time")).to_have_text("18 March 2025")
    expect(page.locator("#event-putin-orders-30-day-energy-strike-pause time")).to_have_text(
        "18 March - 17 April 2025"
    )

    page.get_by_role("link", name="Trump and Putin speak by phone").click()
    expect(page).to_have_url(re.compile(r"/events/trump-putin-call-tuesday/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Trump and Putin speak by phone")
    expect(page.get_by_text("Kremlin readout").first).to_be_visible()
    assert errors == []


def test_permalink_opened_directly(page, seeded):
    response = page.goto("/events/putin-orders-30-day-energy-strike-pause/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Putin orders a 30-day pause")
    expect(page.locator("time").first).to_have_text("18 March - 17 April 2025")
    expect(page.get_by_text("30 Tage lang darauf zu verzichten")).to_be_visible()
