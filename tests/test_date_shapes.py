"""Every EDTF shape, read from the parsed value, on the timeline, the permalink and the table."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

# (slug, EDTF, as readers see it, (year heading, month heading) on the timeline)
SHAPES = [
    ("open-start", "../2025-03", "until March 2025", ("Start not reported", None)),
    ("unknown-start", "/2025-03-18", "until 18 March 2025 (start not known)", ("Start not reported", None)),
    ("campaign-year", "2024", "2024", ("2024", "During 2024 (month not reported)")),
    ("spring", "2025-21", "Spring 2025", ("2025", "Spring 2025")),
    ("approximate", "2025-02-12~", "c. 12 February 2025", ("2025", "February 2025")),
    ("uncertain", "2025-03?", "March 2025 (uncertain)", ("2025", "March 2025")),
    ("one-day-last-week", "[2025-03-10..2025-03-16]", "one day between 10 and 16 March 2025", ("2025", "March 2025")),
    ("pause", "2025-03-18/2025-04-16", "18 March – 16 April 2025", ("2025", "March 2025")),
    ("open-end", "2025-03-18/..", "from 18 March 2025", ("2025", "March 2025")),
]  # fmt: skip


@pytest.fixture
def shapes(db, make_event, make_source):
    """One published event per shape, each citing a sentence of its own."""
    source = make_source(body=" ".join(f"Satz {n}." for n in range(1, len(SHAPES) + 1)))
    sentences = list(source.sentences.all())
    for (slug, when, _, _), sentence in zip(SHAPES, sentences, strict=True):
        make_event(slug, when=when, sentences=[sentence])


def entries_by_heading(html):
    """{slug: (year heading, month heading or None)} as the timeline files each event."""
    soup = BeautifulSoup(html, "html.parser")
    filed = {}
    for section in soup.select("section.year"):
        year = section.find("h2").get_text(strip=True)
        month = None
        for element in section.find_all(["h3", "li"]):
            if element.name == "h3":
                month = element.get_text(strip=True)
            elif "event" in element.get("class", []):
                filed[element["id"].removeprefix("event-")] = (year, month)
    return filed


def test_each_shape_is_filed_under_an_honest_heading_on_the_timeline(client, shapes):
    html = client.get("/").content.decode()
    assert entries_by_heading(html) == {slug: heading for slug, _, _, heading in SHAPES}
    assert "None" not in BeautifulSoup(html, "html.parser").find(id="results").get_text()


def test_open_starts_come_first_then_the_years_in_order(client, shapes):
    soup = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    assert [h2.get_text(strip=True) for h2 in soup.select("section.year > h2")] == [
        "Start not reported",
        "2024",
        "2025",
    ]
    # Chronological by first day, then last: "March 2025?" (1-31 March) before spring
    # (1 March-31 May), before the days of March; the heading follows each run of events.
    assert [h3.get_text(strip=True) for h3 in soup.select("section.year h3")] == [
        "During 2024 (month not reported)",
        "February 2025",
        "March 2025",
        "Spring 2025",
        "March 2025",
    ]


@pytest.mark.parametrize(("slug", "when", "shown", "heading"), SHAPES)
def test_each_shape_reads_the_same_on_timeline_permalink_and_table(
    client, shapes, slug, when, shown, heading
):
    timeline = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    assert timeline.select_one(f"#event-{slug} .when").get_text() == shown
    assert timeline.select_one(f"#event-{slug} .when")["data-edtf"] == when

    permalink = BeautifulSoup(client.get(f"/events/{slug}/").content.decode(), "html.parser")
    assert permalink.select_one(".permalink .when").get_text() == shown

    table = BeautifulSoup(client.get("/events/table/").content.decode(), "html.parser")
    row = next(
        tr for tr in table.select("table.events tbody tr") if tr.find("a", href=f"/events/{slug}/")
    )
    assert row.select_one("td.events__date").get_text(strip=True) == shown


def test_only_closed_spans_of_exact_days_show_a_length(client, shapes):
    soup = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    durations = {
        li["id"].removeprefix("event-"): li.select_one(".event__duration").get_text()
        for li in soup.select("li.event")
        if li.select_one(".event__duration")
    }
    assert durations == {"pause": "(30 days)"}
    # One day in a week is not drawn as a span.
    assert "event--span" not in soup.select_one("#event-one-day-last-week")["class"]
    assert "event--span" in soup.select_one("#event-pause")["class"]


def test_the_table_sorts_the_shapes_by_their_bounds(client, shapes):
    def order(query):
        soup = BeautifulSoup(client.get(f"/events/table/{query}").content.decode(), "html.parser")
        return [a["href"].split("/")[2] for a in soup.select("td.events__title a")]

    chronological = [
        "unknown-start",
        "open-start",
        "campaign-year",
        "approximate",
        "uncertain",
        "spring",
        "one-day-last-week",
        "pause",
        "open-end",
    ]
    assert order("?sort=date") == chronological
    assert order("?sort=-date") == list(reversed(chronological))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # An open start reaches back without limit, an open end forward.
        ("?end=2020", {"open-start", "unknown-start"}),
        ("?start=2026", {"open-end"}),
        # 17 March: inside March and spring, before the pause, after last week.
        (
            "?start=2025-03-17&end=2025-03-17",
            {"open-start", "unknown-start", "spring", "uncertain"},
        ),
    ],
)
def test_filters_use_the_bounds_of_each_shape(client, shapes, query, expected):
    soup = BeautifulSoup(client.get(f"/{query}").content.decode(), "html.parser")
    found = {li["id"].removeprefix("event-") for li in soup.select("li.event")}
    assert found == expected
