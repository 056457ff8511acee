"""Styled error pages (DEBUG off): what is missing or broke, the way back, and a search box."""

import lxml.html
import pytest
from django.urls import path

import timeline.urls

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a bug in a view")


# The project's URLs plus one view that fails, for the 500 page (see the `urls` marks below).
urlpatterns = [path("broken/", broken_view), *timeline.urls.urlpatterns]


@pytest.fixture(autouse=True)
def production_errors(settings):
    """Django shows its own debug pages with DEBUG on; these are the pages readers get."""
    settings.DEBUG = False


def assert_way_back(html):
    """A link to the timeline and a search form that GETs the timeline with `q`."""
    page = lxml.html.fromstring(html)
    assert page.xpath("//main//a[@href='/' and normalize-space()='Back to the timeline']")
    (form,) = page.xpath("//main//form[@role='search']")
    assert form.get("method") == "get"
    assert form.get("action") == "/"
    (field,) = form.xpath(".//input[@type='search']")
    assert field.get("name") == "q"
    (label,) = form.xpath(f".//label[@for='{field.get('id')}']")
    assert label.text_content().strip() == "Search the timeline"
    # The site's own stylesheet and header: a page of the site, not a bare "Not Found".
    assert page.xpath("//head/link[@rel='stylesheet' and @href='/static/css/site.css']")
    assert page.xpath("//header[@class='site-header']")
    return page


def test_an_unknown_event_slug_says_no_event_has_that_address(client):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    page = assert_way_back(response.content.decode())
    assert page.xpath("string(//h1)") == "No event at this address"
    assert " ".join(page.xpath("string(//main//p[1])").split()) == (
        "No event has the address /events/no-such-event/. The link may be mistyped or cut "
        "short, or the event may have been removed."
    )


def test_an_unknown_source_says_no_article_has_that_address(client):
    response = client.get("/sources/no-such-article/")
    assert response.status_code == 404
    page = assert_way_back(response.content.decode())
    assert page.xpath("string(//h1)") == "No article at this address"
    assert "/sources/no-such-article/" in page.xpath("string(//main//code)")


def test_any_other_unknown_address_is_a_styled_404(client):
    response = client.get("/nowhere/<script>alert(1)</script>/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    page = assert_way_back(html)
    assert page.xpath("string(//h1)") == "Page not found"
    assert page.xpath("string(//main//code)") == "/nowhere/<script>alert(1)</script>/"


def test_the_search_box_leads_to_matching_events(client, seeded):
    response = client.get("/events/trump-putin/")
    assert response.status_code == 404
    results = client.get("/", {"q": "Eishockey"}).content.decode()
    assert "trump-putin-call-tuesday" in results


@pytest.mark.urls(__name__)
def test_a_server_error_gets_a_styled_500_page_without_touching_the_database(
    client, django_db_blocker
):
    client.raise_request_exception = False
    # The 500 page is rendered with no request and no context; it must not need the database
    # (which may be what failed). Any query would raise here.
    with django_db_blocker.block():
        response = client.get("/broken/")
    assert response.status_code == 500
    page = assert_way_back(response.content.decode())
    assert page.xpath("string(//h1)") == "Something went wrong on our side"
    assert "a bug in a view" not in response.content.decode()
