"""Real Chromium: the overview and the ceasefire bands at phone and desktop widths, by keyboard."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible, collect_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results"
ENERGY = "energy-strike-pause-march-2025"


def fits_width(page, width):
    """Nothing on the page reaches past `width`: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [390, 1280])
def test_overview_fits_the_screen_with_its_marks_visible(page, seeded, width):
    errors = collect_errors(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/?as_of=2025-03-25")
    figure = page.locator("figure.overview")
    svg = figure.locator("svg.overview__svg")
    expect(svg).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    figure.screenshot(path=SCREENSHOTS / f"overview-{width}.png")
    page.screenshot(path=SCREENSHOTS / f"timeline-{width}.png", full_page=True)

    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["height"] > 100
    assert fits_width(page, width)
    # Every event is drawn, inside the drawing, and shows.
    marks = svg.locator("a.overview__mark")
    expect(marks).to_have_count(18)
    for index in range(marks.count()):
        mark = marks.nth(index).bounding_box()
        assert mark and mark["width"] > 0 and mark["height"] > 0
        assert (
            box["x"] - 1 <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"] + 1
        )
    expect(svg.locator("a[href='/events/trump-putin-call-tuesday/'] circle")).to_be_visible()
    # The labels that show stay within the screen; on a phone every other month gives way.
    for label in svg.locator("text").all():
        if label.is_visible():
            text = label.bounding_box()
            assert text["x"] >= 0 and text["x"] + text["width"] <= width, label.text_content()
    visible_months = [t for t in svg.locator(".overview__tick text").all() if t.is_visible()]
    assert len(visible_months) == (4 if width == 390 else 8)
    expect(svg.locator(".overview__marker text")).to_have_text("25 Mar 2025")
    band = page.locator(f"#ceasefire-{ENERGY}")
    expect(band.locator(".ceasefire-band__status")).to_have_text("in force, day 8 of 30")
    bar = band.locator("rect.ceasefire-band__in_force").bounding_box()
    assert bar["x"] + bar["width"] <= width
    assert errors == []


def test_marks_are_reached_by_keyboard_and_lead_to_the_permalink(page, live_server, seeded):
    errors = collect_errors(page)
    page.goto("/?as_of=2025-03-25")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('overview__mark')"):
            break
    focused = page.locator(":focus")
    expect(focused).to_have_class(re.compile("overview__mark"))
    href = focused.get_attribute("href")
    assert href.startswith("/events/")
    # Named by its date and kind; described (and shown on hover) by its date and title.
    name = focused.get_attribute("aria-label")
    title = focused.locator("title").text_content()
    assert name.split(", ")[0] == title.split(": ")[0]
    expect(focused).to_have_accessible_description(title)
    # The next Tab goes to the next mark, not out of the drawing.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class(re.compile("overview__mark"))
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{href}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title.split(": ", 1)[1])
    assert errors == []


def test_the_overview_can_be_skipped(page, seeded):
    page.goto("/")
    skip = page.locator(".overview__skip")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#results$"))


def test_timeline_with_overview_is_accessible(page, seeded):
    page.goto("/?as_of=2025-03-25")
    expect(page.locator("svg.overview__svg")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_ceasefire_page_reads_on_a_phone_and_a_wide_screen(page, seeded, width):
    errors = collect_errors(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/ceasefires/{ENERGY}/?as_of=2025-03-25")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "30-day pause in strikes on Ukraine's energy infrastructure"
    )
    expect(page.locator(".ceasefire__status strong")).to_have_text("In force, day 8 of 30")
    expect(page.locator(".lifecycle__step")).to_have_count(3)
    groups = page.locator(".terms .evidence-group")
    expect(groups).to_have_count(3)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"ceasefire-{width}.png", full_page=True)
    assert fits_width(page, width)
    first, second = groups.nth(0).bounding_box(), groups.nth(1).bounding_box()
    if width == 1280:
        # Side by side: the parties' wording in columns.
        assert first["y"] == second["y"] and first["x"] < second["x"]
    else:
        assert second["y"] > first["y"]
    assert_accessible(page)
    assert errors == []


def test_choosing_a_day_on_the_ceasefire_page_works_without_javascript(
    browser, live_server, seeded
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/ceasefires/{ENERGY}/")
    page.get_by_label("As of").fill("2025-04-16")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"\?as_of=2025-04-16$"))
    expect(page.locator(".ceasefire__status strong")).to_have_text("In force, day 30 of 30")
    context.close()


def test_choosing_a_day_on_the_timeline_swaps_the_bands_in_place(page, live_server, seeded):
    errors = collect_errors(page)
    page.goto("/?kind=pause")
    page.evaluate("window.keptAcrossSwaps = true")
    field = page.get_by_role("textbox", name="As of")
    field.fill("2025-04-16")
    field.press("Tab")
    status = page.locator(f"#ceasefire-{ENERGY} .ceasefire-band__status")
    expect(status).to_have_text("in force, day 30 of 30")
    expect(page).to_have_url(
        re.compile(r"kind=pause.*as_of=2025-04-16|as_of=2025-04-16.*kind=pause")
    )
    expect(page.locator(".overview__marker text")).to_have_text("16 Apr 2025")
    assert page.evaluate("window.keptAcrossSwaps === true")
    field = page.get_by_role("textbox", name="As of")
    field.fill("16.04.2025")
    field.press("Tab")
    expect(page.locator("#id_as_of_errors")).to_have_text(
        "“16.04.2025” is not a day: write it as YYYY-MM-DD, e.g. 2025-03-25."
    )
    expect(page.locator(".event__toggle")).to_have_count(1)
    assert errors == []
