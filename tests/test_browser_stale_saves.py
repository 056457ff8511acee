"""Two editors in two real browsers open the same event; the second save is refused, not applied."""

import pytest
from playwright.sync_api import expect

from tests.conftest import collect_errors
from timeline.models import Event, Evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY = "trump-putin-call-tuesday"
PASSWORD = "pw-for-two-editors"


def signed_in(browser, live_server, username):
    """A browser context of its own (cookies and all), signed in to the admin as `username`."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(username)
    return context, page


def test_the_second_of_two_editors_saving_the_same_event_is_refused(
    browser, live_server, seeded, django_user_model
):
    for name in ("alice", "bob"):
        django_user_model.objects.create_superuser(name, f"{name}@example.org", PASSWORD)
    event = Event.objects.get(slug=TUESDAY)
    first = event.evidence.order_by("order", "pk").first()
    url = f"/admin/timeline/event/{event.pk}/change/"
    (context_a, a), (context_b, b) = (
        signed_in(browser, live_server, "alice"),
        signed_in(browser, live_server, "bob"),
    )
    try:
        errors_b = collect_errors(b)
        a.goto(url)
        b.goto(url)

        # Alice retitles the event and re-attributes its first evidence row, and saves.
        a.locator("#id_title").fill("Trump and Putin speak for two hours")
        a.locator("#id_evidence-0-attribution").fill("Kremlin readout (TASS)")
        a.get_by_role("button", name="Save", exact=True).click()
        expect(a.locator(".messagelist")).to_contain_text("was changed successfully")

        # Bob, still on the page he opened before, changes the summary and saves.
        b.locator("#id_summary").fill("Bob's summary, written on the old version.")
        b.get_by_role("button", name="Save", exact=True).click()

        expect(b).to_have_url(f"{live_server.url}{url}")
        expect(b.locator(".errornote")).to_be_visible()
        expect(b.locator(".errorlist.nonfield")).to_contain_text("Someone saved this event")
        conflict = b.locator("fieldset.conflict")
        expect(conflict).to_contain_text("alice")
        expect(conflict).to_contain_text(
            f"Title: {event.title} → Trump and Putin speak for two hours"
        )
        expect(conflict).to_contain_text(
            f"Attribution: {first.attribution} → Kremlin readout (TASS)"
        )
        # Bob's text is still in his form, to copy from.
        expect(b.locator("#id_summary")).to_have_value("Bob's summary, written on the old version.")

        # Alice's change stands; nothing of Bob's was saved.
        stored = Event.objects.get(pk=event.pk)
        assert stored.title == "Trump and Putin speak for two hours"
        assert stored.summary == event.summary
        assert Evidence.objects.get(pk=first.pk).attribution == "Kremlin readout (TASS)"

        # Reloading gives Bob the current version, which he can then save.
        conflict.get_by_role("link", name="Reload the current version").click()
        expect(b.locator("#id_title")).to_have_value("Trump and Putin speak for two hours")
        expect(b.locator(".errornote")).to_have_count(0)
        b.locator("#id_summary").fill("Bob's summary, on the current version.")
        b.get_by_role("button", name="Save", exact=True).click()
        expect(b.locator(".messagelist")).to_contain_text("was changed successfully")
        assert Event.objects.get(pk=event.pk).summary == "Bob's summary, on the current version."
        assert [e for e in errors_b if "Content Security Policy" in e] == []
    finally:
        context_a.close()
        context_b.close()


def test_an_editor_reverts_a_change_from_the_history_page(
    browser, live_server, seeded, django_user_model
):
    django_user_model.objects.create_superuser("alice", "alice@example.org", PASSWORD)
    event = Event.objects.get(slug=TUESDAY)
    context, page = signed_in(browser, live_server, "alice")
    try:
        errors = collect_errors(page)
        page.goto(f"/admin/timeline/event/{event.pk}/change/")
        page.locator("#id_title").fill("A mistaken title")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

        page.get_by_role("link", name="History").click()
        history = page.locator("#change-history")
        expect(history).to_contain_text(f"Title: {event.title} → A mistaken title")
        # The oldest entry is the event as the seeds made it: open it and revert to it.
        history.locator("tbody tr").last.get_by_role("link").click()
        expect(page.locator("#id_title")).to_have_value(event.title)
        page.get_by_role("button", name="Revert").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        assert Event.objects.get(pk=event.pk).title == event.title
        assert [e for e in errors if "Content Security Policy" in e] == []
    finally:
        context.close()
