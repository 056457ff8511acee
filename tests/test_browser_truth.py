"""The page tells the truth, in real Chromium: the URL names what is open, reloads land at the title.

Also the smaller promises of the same audit: disclosure state only with JavaScript, the live
region updated in place, no layout shift from the filter panel, a table that shows more columns
lie to the right on a phone.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible, collect_errors, mark_document, still_same_document
from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY = "trump-putin-call-tuesday"
FEBRUARY = "trump-putin-call-february-2025"
PAUSE = "putin-orders-30-day-energy-strike-pause"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Waits two frames, so whatever the page does after load has been laid out and observed.
AFTER_TWO_FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Every layout shift since navigation, user-initiated or not, summed.
LAYOUT_SHIFT = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => { for (const entry of list.getEntries()) total += entry.value; })
        .observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""


def expect_open(page, *slugs):
    """Exactly the entries `slugs` are expanded, each toggle saying so."""
    expanded = page.locator(".event--expanded")
    expect(expanded).to_have_count(len(slugs))
    for slug in slugs:
        expect(page.locator(f"#event-{slug}")).to_have_class(re.compile(r"\bevent--expanded\b"))
        expect(page.locator(f"#toggle-{slug}")).to_have_attribute("aria-expanded", "true")


def new_page(browser, live_server, viewport, **options):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
    return context, context.new_page()


# One event open at a time, and the URL names it.


def test_opening_an_event_closes_the_open_one_and_the_url_names_it(page, live_server, seeded):
    errors = collect_errors(page)
    page.goto("/?kind=call")
    mark_document(page)

    page.locator(f"#toggle-{FEBRUARY}").click()
    expect(page).to_have_url(f"{live_server.url}/events/{FEBRUARY}/")
    expect_open(page, FEBRUARY)

    page.locator(f"#toggle-{TUESDAY}").click()
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    expect_open(page, TUESDAY)
    february = page.locator(f"#toggle-{FEBRUARY}")
    expect(february).to_have_attribute("aria-expanded", "false")
    expect(february).to_have_attribute("role", "button")
    expect(page.locator(f"#panel-{FEBRUARY} .quotes--compact")).to_be_visible()
    expect(page.locator(f"#toggle-{TUESDAY}")).to_be_focused()
    expect(page.locator(f"#toggle-{TUESDAY}")).to_be_in_viewport()

    # Collapsing goes back to the filtered timeline it was opened from, through February's URL.
    page.locator(f"#toggle-{TUESDAY}").click()
    expect(page).to_have_url(f"{live_server.url}/?kind=call")
    expect_open(page)
    assert still_same_document(page)
    assert errors == []


def test_back_and_forward_step_through_one_open_event_at_a_time(page, live_server, seeded):
    errors = collect_errors(page)
    page.goto("/")
    mark_document(page)
    page.locator(f"#toggle-{FEBRUARY}").click()
    expect(page).to_have_url(f"{live_server.url}/events/{FEBRUARY}/")
    page.locator(f"#toggle-{TUESDAY}").click()
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    expect_open(page, TUESDAY)

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/events/{FEBRUARY}/")
    expect_open(page, FEBRUARY)
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/")
    expect_open(page)
    page.go_forward()
    expect(page).to_have_url(f"{live_server.url}/events/{FEBRUARY}/")
    expect_open(page, FEBRUARY)
    page.go_forward()
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    expect_open(page, TUESDAY)
    assert still_same_document(page)
    assert errors == []


def test_keyboard_opens_one_event_after_another_without_a_reload(page, live_server, seeded):
    # Page timers stand still, as in test_browser.py: each swapped-in toggle, the one collapsed
    # out of band included, must answer the very next key without waiting for one.
    page.clock.install()
    page.goto("/")
    page.clock.pause_at(page.evaluate("Date.now()"))
    mark_document(page)

    page.locator(f"#toggle-{FEBRUARY}").focus()
    page.keyboard.press("Enter")
    expect_open(page, FEBRUARY)
    page.locator(f"#toggle-{TUESDAY}").focus()
    page.keyboard.press("Space")
    expect_open(page, TUESDAY)
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    expect(page.locator(f"#toggle-{TUESDAY}")).to_be_focused()

    page.keyboard.press("Enter")
    expect_open(page)
    expect(page).to_have_url(f"{live_server.url}/")
    page.locator(f"#toggle-{FEBRUARY}").focus()
    page.keyboard.press("Enter")
    expect_open(page, FEBRUARY)
    expect(page).to_have_url(f"{live_server.url}/events/{FEBRUARY}/")
    assert still_same_document(page)


# A permalink starts at its title, however it was reached.


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reloading_a_permalink_opened_on_the_timeline_starts_at_its_title(
    browser, live_server, seeded, viewport
):
    context, page = new_page(browser, live_server, viewport)
    errors = collect_errors(page)
    page.goto("/")
    page.locator(f"#toggle-{PAUSE}").click()
    expect(page).to_have_url(f"{live_server.url}/events/{PAUSE}/")
    expect_open(page, PAUSE)
    # Far down the timeline: the scroll position a reload used to carry over to the permalink.
    assert page.evaluate("scrollY") > viewport["height"]

    page.reload()
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(re.compile("^Putin orders a 30-day pause"))
    page.evaluate(AFTER_TWO_FRAMES)
    expect(title).to_be_in_viewport()
    assert page.evaluate("scrollY") == 0

    # Back and forward still lead to the timeline and to the event.
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceasefire timeline")
    page.go_forward()
    expect(page).to_have_url(f"{live_server.url}/events/{PAUSE}/")
    expect(page.locator(f"#panel-{PAUSE}, #event-title").first).to_be_visible()
    assert errors == []
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_cold_visit_of_a_permalink_starts_at_its_title(browser, live_server, seeded, viewport):
    context, page = new_page(browser, live_server, viewport)
    page.goto(f"/events/{PAUSE}/")
    page.evaluate(AFTER_TWO_FRAMES)
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    assert page.evaluate("scrollY") == 0
    context.close()


# Disclosure state only once JavaScript has made the links disclosures.


def test_event_links_are_plain_links_without_javascript(browser, live_server, seeded):
    context, page = new_page(browser, live_server, DESKTOP, java_script_enabled=False)
    page.goto("/")
    toggle = page.locator(f"#toggle-{TUESDAY}")
    expect(toggle).to_have_attribute("href", f"/events/{TUESDAY}/")
    assert (
        toggle.evaluate("el => el.hasAttribute('aria-expanded') || el.hasAttribute('role')")
        is False
    )
    expect(page.get_by_role("link", name="Trump and Putin speak by phone")).to_be_visible()
    expect(page.get_by_role("button", name="Trump and Putin speak by phone")).to_have_count(0)
    context.close()


def test_javascript_makes_event_links_disclosures_including_swapped_ones(page, seeded):
    page.goto("/")
    expect(page.get_by_role("button", name="Trump and Putin speak by phone")).to_have_attribute(
        "aria-expanded", "false"
    )
    page.locator(f"#toggle-{TUESDAY}").click()
    # The expanded entry came from the server as a plain link; the htmx:load handler upgraded it.
    expect(page.get_by_role("button", name="Trump and Putin speak by phone")).to_have_attribute(
        "aria-expanded", "true"
    )
    page.locator(f"#toggle-{TUESDAY}").click()
    expect(page.get_by_role("button", name="Trump and Putin speak by phone")).to_have_attribute(
        "aria-expanded", "false"
    )


# The filter count is announced by the live region already on the page.


def test_the_filter_count_updates_the_live_region_in_place(page, seeded):
    page.goto("/")
    announcer = page.locator("#announcer")
    announcer.evaluate("el => { el.keptAcrossFilters = true; }")
    expected = Event.objects.published().filter(actors__slug="volodymyr-zelensky").count()

    page.get_by_label("Actor").select_option("volodymyr-zelensky")
    expect(announcer).to_have_text(f"{expected} events found.")
    expect(page.locator("#announcer")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="events found.")).to_have_count(1)
    assert announcer.evaluate("el => el.keptAcrossFilters === true")

    page.get_by_label("Actor").select_option("")
    expect(announcer).to_have_text(f"{Event.objects.published().count()} events found.")
    assert announcer.evaluate("el => el.keptAcrossFilters === true")


# The filter panel: open on wide screens from the first paint, folded on phones.


def test_the_filter_panel_on_a_wide_screen_causes_no_layout_shift(browser, live_server, seeded):
    context, page = new_page(browser, live_server, DESKTOP)
    page.goto("/")
    panel = page.locator("details.filters-panel")
    # timeline.js has opened it (the reader can fold it), and nothing moved for it.
    expect(panel).to_have_attribute("open", "")
    expect(page.get_by_label("Actor")).to_be_visible()
    assert page.evaluate(LAYOUT_SHIFT) == 0
    # Folding and unfolding it is the reader's own doing, and works.
    page.get_by_text("Filter events").click()
    expect(page.get_by_label("Actor")).to_be_hidden()
    page.get_by_text("Filter events").click()
    expect(page.get_by_label("Actor")).to_be_visible()
    context.close()


@pytest.mark.parametrize(("viewport", "shown"), [(DESKTOP, True), (PHONE, False)])
def test_without_javascript_the_filters_show_on_wide_screens_and_fold_on_phones(
    browser, live_server, seeded, viewport, shown
):
    context, page = new_page(browser, live_server, viewport, java_script_enabled=False)
    page.goto("/")
    actor = page.get_by_label("Actor")
    if shown:
        expect(actor).to_be_visible()
    else:
        expect(actor).to_be_hidden()
        page.get_by_text("Filter events").click()
        expect(actor).to_be_visible()
    context.close()


def test_the_folded_filter_panel_on_a_phone_stays_folded(browser, live_server, seeded):
    context, page = new_page(browser, live_server, PHONE)
    page.goto("/")
    page.evaluate(AFTER_TWO_FRAMES)
    expect(page.get_by_label("Actor")).to_be_hidden()
    expect(page.locator(f"#toggle-{FEBRUARY}")).to_be_visible()
    assert page.evaluate(LAYOUT_SHIFT) == 0
    page.get_by_text("Filter events").click()
    expect(page.get_by_label("Actor")).to_be_visible()
    context.close()


# The events table on a phone.


def test_the_table_on_a_phone_keeps_its_first_column_and_says_more_lie_to_the_right(
    browser, live_server, seeded
):
    context, page = new_page(browser, live_server, PHONE)
    page.goto("/events/table/")
    hint = page.get_by_text("Scroll sideways for more columns.")
    expect(hint).to_be_visible()
    region = page.locator(".table-scroll")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    heading = page.locator("#table thead th").first
    date = page.locator("#table tbody tr").first.locator("td").nth(0)
    title = page.locator("#table tbody tr").first.locator("td").nth(1)
    date.scroll_into_view_if_needed()
    heading_x, date_x = heading.bounding_box()["x"], date.bounding_box()["x"]
    title_x = title.bounding_box()["x"]

    region.evaluate("el => { el.scrollLeft = 200; }")
    page.evaluate(AFTER_TWO_FRAMES)
    # The other columns slide under the date column, which stays where it was.
    assert heading.bounding_box()["x"] == pytest.approx(heading_x, abs=1)
    assert date.bounding_box()["x"] == pytest.approx(date_x, abs=1)
    assert title.bounding_box()["x"] == pytest.approx(title_x - 200, abs=1)
    assert page.evaluate(
        "(() => { const cell = document.querySelector('#table tbody td');"
        " const r = cell.getBoundingClientRect();"
        " return document.elementFromPoint(r.left + 5, r.top + 5).closest('td') === cell; })()"
    ), "the date column should lie over the columns scrolled under it"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible(page)

    # Where the table fits, there is nothing to say.
    page.set_viewport_size(DESKTOP)
    expect(hint).to_be_hidden()
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    context.close()
