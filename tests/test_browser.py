"""Real Chromium against a live server: what a reader sees and does."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY = "trump-putin-call-tuesday"


def test_timeline_opens_with_its_events_in_order(page, seeded, collect_errors):
    errors = collect_errors(page)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceasefire timeline")
    expect(page.locator(f"#event-{TUESDAY} .when")).to_have_text("18 March 2025")
    expect(page.locator("#event-putin-orders-30-day-energy-strike-pause .when")).to_have_text(
        "18 March – 16 April 2025"
    )
    expect(page.locator(".event__toggle")).to_have_count(18)
    expect(page.locator(".event__toggle").first).to_have_attribute("role", "button")
    assert errors == []


def test_expand_and_collapse_by_mouse_pushes_the_permalink(
    page, live_server, seeded, collect_errors, mark_document, still_same_document
):
    errors = collect_errors(page)
    page.goto("/")
    mark_document(page)
    toggle = page.locator(f"#toggle-{TUESDAY}")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    expect(page.locator(f"#toggle-{TUESDAY}")).to_have_attribute("aria-expanded", "true")
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    panel = page.locator(f"#panel-{TUESDAY}")
    expect(panel.locator(".evidence-group__title", has_text="Kremlin readout")).to_be_visible()
    expect(
        panel.locator(".evidence-group__title", has_text="White House statement")
    ).to_be_visible()
    assert still_same_document(page)

    page.locator(f"#toggle-{TUESDAY}").click()
    expect(page.locator(f"#toggle-{TUESDAY}")).to_have_attribute("aria-expanded", "false")
    expect(page).to_have_url(f"{live_server.url}/")
    # Collapsed again: the compact quotes are back, the grouped evidence panel is gone.
    expect(panel.locator(".evidence-group")).to_have_count(0)
    expect(panel.locator(".quotes--compact")).to_be_visible()
    assert still_same_document(page)
    assert errors == []


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_expand_and_collapse_by_keyboard(
    page, live_server, seeded, mark_document, still_same_document, key
):
    # Page timers stand still from here on: each swapped-in toggle must answer the very next key
    # press without waiting for one (htmx used to wire it up 20 ms after focusing it, and a key
    # pressed in that window followed the plain link and reloaded the page at the top).
    page.clock.install()
    page.goto("/")
    page.clock.pause_at(page.evaluate("Date.now()"))
    mark_document(page)
    toggle = page.locator(f"#toggle-{TUESDAY}")
    toggle.focus()
    expect(toggle).to_be_in_viewport()
    top = toggle.bounding_box()["y"]

    page.keyboard.press(key)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    # Focus stays on the control after the swap, so the next key press collapses it.
    expect(toggle).to_be_focused()
    expect(toggle).to_be_in_viewport()

    page.keyboard.press(key)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(toggle).to_be_focused()
    expect(toggle).to_be_in_viewport()
    # Collapsed in place: no page load, and neither Space nor the swap moved the page.
    assert still_same_document(page)
    assert toggle.bounding_box()["y"] == pytest.approx(top, abs=1)


def test_back_and_forward_restore_the_timeline_state(page, live_server, seeded):
    page.goto("/")
    page.locator(f"#toggle-{TUESDAY}").click()
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(f"#toggle-{TUESDAY}")).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceasefire timeline")

    page.go_forward()
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    expect(
        page.locator(f"#panel-{TUESDAY}").locator(
            ".evidence-group__title", has_text="Kremlin readout"
        )
    ).to_be_visible()


def test_reloading_a_permalink_gives_the_full_event_page(page, live_server, seeded):
    page.goto("/")
    page.locator(f"#toggle-{TUESDAY}").click()
    expect(page).to_have_url(f"{live_server.url}/events/{TUESDAY}/")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trump and Putin speak by phone")
    expect(
        page.get_by_role("link", name=re.compile("Previous: Trump suggests land"))
    ).to_be_visible()


def test_permalink_opened_directly(page, seeded):
    response = page.goto("/events/putin-orders-30-day-energy-strike-pause/")
    assert response.status == 200
    assert "HX-Request" in response.headers["vary"]
    expect(page.get_by_role("heading", level=1)).to_contain_text("Putin orders a 30-day pause")
    expect(page.locator(".when").first).to_have_text("18 March – 16 April 2025")
    expect(page.locator("blockquote", has_text="30 Tage lang darauf zu verzichten")).to_be_visible()
    # Announced, not observed, and the German quote has its translation beneath it.
    expect(page.locator(".event__duration").first).to_have_text("(announced for 30 days)")
    expect(page.locator(".translation").first).to_contain_text("refrain for 30 days")


def test_copy_link_puts_the_permalink_on_the_clipboard(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"/events/{TUESDAY}/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/events/{TUESDAY}/"
    context.close()


def test_filtering_by_actor_updates_list_count_and_url(
    page, live_server, seeded, mark_document, still_same_document
):
    page.goto("/")
    mark_document(page)
    page.get_by_label("Actor").select_option("volodymyr-zelensky")
    expect(page.locator("#announcer")).to_have_text("2 events found.")
    expect(page.locator(".result-count")).to_have_text("2 events")
    expect(page).to_have_url(re.compile(r"\?.*actor=volodymyr-zelensky"))
    expect(page.locator(".event__toggle")).to_have_count(2)
    assert still_same_document(page)

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".event__toggle")).to_have_count(18)


def test_typing_a_search_filters_after_a_pause(page, seeded):
    page.goto("/")
    page.get_by_label("Search").fill("Schwarzmeer")
    expect(page.locator(".event__toggle")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=Schwarzmeer"))


def test_invalid_date_filter_shows_its_message(page, seeded):
    page.goto("/")
    page.get_by_label("From", exact=True).fill("2025-13")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#id_start_error")).to_have_text(
        "“2025-13” is not a date in the calendar: there is no month 13."
    )


def test_everything_works_without_javascript(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Trump and Putin speak by phone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trump and Putin speak by phone")

    page.goto("/?kind=pause")
    expect(page.locator(".event__toggle")).to_have_count(1)
    page.goto("/")
    page.get_by_text("Filter events").click()
    page.get_by_label("Kind").select_option("call")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"kind=call"))
    expect(page.locator(".event__toggle")).to_have_count(2)
    context.close()


def test_reader_highlights_the_sentence_in_the_fragment(page, seeded):
    page.goto("/sources/ft-2025-03-18-putin-energy-pause/#s-15")
    target = page.locator("#s-15")
    expect(target).to_be_in_viewport()
    highlighted = target.evaluate("el => getComputedStyle(el).backgroundColor")
    other = page.locator("#s-22").evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlighted == "rgb(255, 243, 176)"
    assert other != highlighted
    expect(target.get_by_role("link", name="Trump and Putin speak by phone")).to_be_visible()


def test_phone_width_has_no_horizontal_scrolling(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    for url in ["/", f"/events/{TUESDAY}/", "/sources/ft-2025-03-18-putin-energy-pause/"]:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
    context.close()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/events/{TUESDAY}/",
        "/sources/ft-2025-03-18-putin-energy-pause/#s-15",
        "/events/table/",
        "/events/table/?sort=-evidence&start=2025-13&q=Putin",
    ],
)
def test_pages_have_no_serious_accessibility_violations(page, seeded, assert_accessible, url):
    page.goto(url)
    assert_accessible(page)


def test_expanded_timeline_has_no_serious_accessibility_violations(
    page, live_server, seeded, assert_accessible
):
    page.goto("/")
    page.locator(f"#toggle-{TUESDAY}").click()
    expect(
        page.locator(f"#panel-{TUESDAY}").locator(
            ".evidence-group__title", has_text="Kremlin readout"
        )
    ).to_be_visible()
    assert_accessible(page)


def test_editor_turns_a_reader_sentence_into_a_draft_event(
    page, live_server, seeded, django_user_model, assert_accessible
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-123456")
    reader = "/sources/ft-2025-03-18-putin-energy-pause/"
    page.goto(f"/admin/login/?next={reader}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-123456")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}{reader}")
    assert_accessible(page)

    sentence = page.locator("p.sentence", has_text="Letzte Woche unterzeichnete Kiew")
    expect(sentence.locator(".date-label")).to_have_text(
        [
            "Date mentioned, “Letzte Woche”: one day between 10 and 16 March 2025",
            "Date mentioned, “30-tägigen”: 30 days",
        ]
    )
    sentence.get_by_role("link", name="Event from this sentence").click()

    expect(page).to_have_url(re.compile(r"/admin/timeline/event/add/\?from_sentence=\d+$"))
    expect(page.locator("#id_when")).to_have_value("[2025-03-10..2025-03-16]")
    expect(page.locator("#id_date_text")).to_have_value("Letzte Woche")
    expect(page.locator("#id_status")).to_have_value("draft")
    expect(page.locator("#id_title")).to_have_value(
        re.compile(r"^Letzte Woche unterzeichnete Kiew")
    )
    expect(page.locator("#id_evidence-0-attribution")).to_have_value("Financial Times (reporting)")
    expect(page.locator("#id_evidence-0-sentence option:checked")).to_contain_text(
        "Letzte Woche unterzeichnete Kiew"
    )
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/admin/timeline/event/")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    row = page.locator("#result_list tbody tr", has_text="Letzte Woche unterzeichnete Kiew")
    expect(row).to_have_count(1)
    expect(row.locator(".field-status")).to_have_text("Draft")
    expect(row.locator(".field-date")).to_have_text("one day between 10 and 16 March 2025")
