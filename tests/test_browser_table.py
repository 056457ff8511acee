"""The events table in real Chromium: htmx swaps only the table, history works, no barriers."""

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLES = "#table tbody td:nth-child(2)"


def test_sort_header_swaps_only_the_table_and_back_restores_it(
    page, seeded, collect_errors, mark_document, still_same_document
):
    errors = collect_errors(page)
    page.goto("/events/table/")
    chronological = page.locator(TITLES).all_inner_texts()
    # One day on or before 16 March: the earliest possible day comes first.
    assert chronological[0] == "US president proposes an unconditional 30-day ceasefire"
    mark_document(page)

    # Keyboard first: the link keeps focus after htmx replaces the table around it.
    page.locator("#sort-title").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/events/table/\?sort=title$"))
    expect(page.locator("#table th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    by_title = sorted(chronological)
    expect(page.locator(TITLES)).to_have_text(by_title)
    expect(page.locator("#sort-title")).to_be_focused()
    expect(page.locator("#table-caption")).to_contain_text("sorted by title (ascending)")
    assert still_same_document(page)

    page.locator("#sort-title").click()
    expect(page).to_have_url(re.compile(r"\?sort=-title$"))
    expect(page.locator(TITLES)).to_have_text(by_title[::-1])
    expect(page.locator("#table th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    assert still_same_document(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?sort=title$"))
    expect(page.locator(TITLES)).to_have_text(by_title)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/events/table/$"))
    expect(page.locator(TITLES)).to_have_text(chronological)
    expect(page.locator("#table th[aria-sort]")).to_have_count(0)
    assert errors == []


def test_pagination_swaps_only_the_table(
    page, db, make_many_events, collect_errors, mark_document, still_same_document
):
    make_many_events(30)
    errors = collect_errors(page)
    page.goto("/events/table/")
    expect(page.locator(TITLES)).to_have_count(25)
    expect(page.get_by_role("status")).to_have_text("30 events, page 1 of 2")
    first_page = page.locator(TITLES).all_inner_texts()
    mark_document(page)

    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator(TITLES)).to_have_count(5)
    # The count sits outside the table and is updated in place, so screen readers announce it.
    expect(page.get_by_role("status")).to_have_text("30 events, page 2 of 2")
    expect(page.locator("#page-2")).to_have_attribute("aria-current", "page")
    assert not set(page.locator(TITLES).all_inner_texts()) & set(first_page)
    assert still_same_document(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/events/table/$"))
    expect(page.locator(TITLES)).to_have_text(first_page)
    assert errors == []


def test_filters_swap_the_table_and_explain_invalid_values(
    page, seeded, collect_errors, mark_document, still_same_document
):
    errors = collect_errors(page)
    page.goto("/events/table/")
    mark_document(page)
    # Sorted through htmx: the form learns the new sort out of band and keeps it.
    page.locator("#sort-date").click()
    expect(page).to_have_url(re.compile(r"\?sort=date$"))
    page.locator("#sort-date").click()
    expect(page).to_have_url(re.compile(r"\?sort=-date$"))
    history_length = page.evaluate("history.length")

    page.get_by_label("Search").press_sequentially("Energie")
    expect(page).to_have_url(re.compile(r"q=Energie"))
    expect(page).to_have_url(re.compile(r"sort=-date"))
    # On PostgreSQL the German and English stems of "Energie" and "energy" meet, and one
    # more event, titled in English only ("energy infrastructure"), is found (timeline.search).
    matching = 8 if connection.vendor == "postgresql" else 7
    expect(page.get_by_role("status")).to_have_text(f"{matching} events")
    expect(page.locator(TITLES)).to_have_count(matching)

    start = page.get_by_label("From", exact=True)
    start.fill("2025-13")
    start.press("Enter")
    expect(page).to_have_url(re.compile(r"start=2025-13"))
    expect(page.locator("#id_start_errors")).to_have_text(
        "“2025-13” is not a date in the calendar: there is no month 13."
    )
    # The valid filter still applies.
    expect(page.locator(TITLES)).to_have_count(matching)

    start.fill("2025-03")
    start.press("Enter")
    expect(page.locator("#id_start_errors")).to_be_empty()
    expect(page.get_by_label("Search")).to_have_value("Energie")
    assert still_same_document(page)
    # Filtering replaces the URL: Back does not step through every prefix typed.
    assert page.evaluate("history.length") == history_length
    assert errors == [], errors


def test_table_works_without_javascript(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/events/table/")
        page.locator("#sort-title").click()
        expect(page).to_have_url(re.compile(r"\?sort=title$"))
        expect(page.locator("#table th[aria-sort]")).to_have_attribute("aria-sort", "ascending")

        page.get_by_label("Kind").select_option("call")
        page.get_by_label("From", exact=True).fill("2025-13")
        page.get_by_role("button", name="Show events").click()
        expect(page).to_have_url(re.compile(r"kind=call.*start=2025-13.*sort=title"))
        expect(page.locator("#id_start_errors")).to_contain_text("not a date in the calendar")
        expect(page.locator(TITLES)).to_have_text(
            ["Trump and Putin speak by phone", "Trump–Putin call starts the US mediation effort"]
        )
    finally:
        context.close()


def test_table_scrolls_inside_its_region_on_a_phone(page, seeded):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/events/table/")
    overflow = page.evaluate(
        """() => {
            const region = document.querySelector('.table-scroll');
            return {
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                table: region.scrollWidth - region.clientWidth,
            };
        }"""
    )
    assert overflow["page"] <= 0, "the page itself scrolls sideways"
    assert overflow["table"] > 0, "the table should scroll inside its region"
    box = page.locator("#sort-title").bounding_box()
    assert box["height"] >= 24
