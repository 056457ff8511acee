"""The paged timeline in real Chromium: scrolling to the end loads the next page in place."""

import re

import pytest
from playwright.sync_api import expect

from timeline.paging import PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTRIES = "#results li.event"


def test_scrolling_to_the_end_loads_the_next_page_without_leaving_the_page(
    page, db, make_many_events, collect_errors, mark_document, still_same_document
):
    make_many_events(PAGE_SIZE + 10)
    errors = collect_errors(page)
    page.goto("/")
    expect(page.locator(ENTRIES)).to_have_count(PAGE_SIZE)
    mark_document(page)
    history_length = page.evaluate("history.length")

    # Reaching the "Later events" link is enough: htmx fetches page 2 and puts it in its place.
    page.locator("#timeline-more").scroll_into_view_if_needed()
    expect(page.locator(ENTRIES)).to_have_count(PAGE_SIZE + 10)
    expect(page.locator("#timeline-more")).to_have_count(0)  # the last page has no next link
    expect(page.locator("#announcer")).to_have_text("10 more events loaded.")
    # The same document at the same URL, and nothing pushed into the history.
    assert still_same_document(page)
    expect(page).to_have_url(re.compile(r"/$"))
    assert page.evaluate("history.length") == history_length
    # Every event once, and no heading twice.
    ids = page.locator(ENTRIES).evaluate_all("items => items.map(item => item.id)")
    assert len(set(ids)) == PAGE_SIZE + 10
    headings = page.locator("#results h2, #results h3").all_inner_texts()
    assert len(headings) == len(set(headings))
    # An entry of the appended page opens like any other.
    last = page.locator(ENTRIES).last.locator(".event__toggle")
    last.click()
    expect(page.locator(ENTRIES).last).to_have_class(re.compile("event--expanded"))
    assert errors == []


def test_following_later_events_from_the_keyboard_moves_focus_to_the_first_new_event(
    page, db, make_many_events, collect_errors
):
    make_many_events(PAGE_SIZE + 10)
    errors = collect_errors(page)
    page.goto("/")
    # Tabbing onto the link brings it into view (so htmx loads the page) and holds focus there.
    page.locator("#timeline-more a").focus()
    expect(page.locator(ENTRIES)).to_have_count(PAGE_SIZE + 10)
    first_new = page.locator(ENTRIES).nth(PAGE_SIZE).locator(".event__toggle")
    expect(first_new).to_be_focused()
    assert errors == []
