"""Permalinks that unfurl: canonical link, Open Graph, Twitter card and schema.org JSON-LD.

Read back the way other sites read them, with a real structured-data parser
(extruct) for JSON-LD, Open Graph and microdata, and lxml for the head.
"""

import struct
from urllib.request import urlopen

import extruct
import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import SEED_SOURCE, make_event, make_source
from timeline.models import Actor, Event, Evidence

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
PERMALINK = "/events/trump-putin-call-tuesday/"
SHARE_IMAGE = f"{ORIGIN}/static/img/share.png"


def read_back(client, path, base=ORIGIN):
    """The page at `path` as parsers see it: extruct's data, and the parsed head."""
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(
        html, base_url=f"{base}{path}", syntaxes=["json-ld", "opengraph", "microdata"]
    )
    return data, lxml.html.fromstring(html)


def the_one(items, kind):
    """The single JSON-LD item of @type `kind` (the page describes itself once)."""
    found = [item for item in items if item.get("@type") == kind]
    assert len(found) == 1, items
    return found[0]


def open_graph(data):
    """Open Graph properties as a dict (each property once on these pages)."""
    (graph,) = data["opengraph"]
    properties = dict(graph["properties"])
    assert len(properties) == len(graph["properties"]), "a property is given twice"
    return properties


def meta_names(head):
    """<meta name=…> values, e.g. the Twitter card's."""
    return {m.get("name"): m.get("content") for m in head.xpath("//head/meta[@name]")}


def canonical(head):
    (link,) = head.xpath("//head/link[@rel='canonical']")
    return link.get("href")


# --- The event permalink -----------------------------------------------------------------


def test_permalink_names_its_absolute_canonical_address(client, seeded):
    _, head = read_back(client, PERMALINK)
    assert canonical(head) == f"{ORIGIN}{PERMALINK}"
    # Tracking parameters and the like never become part of the canonical address.
    _, head = read_back(client, f"{PERMALINK}?utm_source=chat")
    assert canonical(head) == f"{ORIGIN}{PERMALINK}"


def test_permalink_unfurls_with_open_graph_and_a_large_twitter_card(client, seeded):
    data, head = read_back(client, PERMALINK)
    event = Event.objects.get(slug="trump-putin-call-tuesday")
    og = open_graph(data)
    assert og["og:type"] == "article"
    assert og["og:title"] == "Trump and Putin speak by phone"
    assert og["og:description"] == f"18 March 2025: {event.summary}"
    assert og["og:url"] == f"{ORIGIN}{PERMALINK}"
    assert og["og:site_name"] == "Ceasefire Timeline"
    assert og["og:image"] == SHARE_IMAGE
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["og:image:type"] == "image/png"
    assert og["og:image:alt"]
    assert og["article:published_time"] == event.created.isoformat()
    assert og["article:modified_time"] == event.updated.isoformat()
    twitter = meta_names(head)
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:title"] == og["og:title"]
    assert twitter["twitter:description"] == og["og:description"]
    assert twitter["twitter:image"] == SHARE_IMAGE
    assert twitter["description"] == og["og:description"]


def test_an_announced_span_says_so_in_its_description(client, seeded):
    data, _ = read_back(client, "/events/putin-orders-30-day-energy-strike-pause/")
    assert open_graph(data)["og:description"].startswith(
        "18 March – 16 April 2025 (announced for 30 days): "
    )


def test_permalink_json_ld_is_a_schema_org_event_with_its_evidence_as_quotations(client, seeded):
    data, _ = read_back(client, PERMALINK)
    event = the_one(data["json-ld"], "Event")
    assert event["@context"] == "https://schema.org"
    assert event["name"] == "Trump and Putin speak by phone"
    assert event["url"] == f"{ORIGIN}{PERMALINK}"
    assert event["startDate"] == "2025-03-18"
    assert "endDate" not in event
    assert event["description"].startswith("18 March 2025: Trump and Putin held")
    assert event["image"] == SHARE_IMAGE

    stored = Event.objects.get(slug="trump-putin-call-tuesday").evidence.select_related("sentence")
    quotations = event["subjectOf"]
    assert [q["text"] for q in quotations] == [e.sentence.text for e in stored]
    assert {q["spokenByCharacter"]["name"] for q in quotations} == {
        "Kremlin readout",
        "White House statement",
    }
    for quotation, evidence in zip(quotations, stored, strict=True):
        assert quotation["@type"] == "Quotation"
        assert quotation["inLanguage"] == "de"
        assert quotation["url"] == f"{ORIGIN}/sources/{SEED_SOURCE}/#s-{evidence.sentence.position}"
        assert quotation["spokenByCharacter"] == {
            "@type": "Organization",
            "name": evidence.attribution,
        }
        (translation,) = quotation["workTranslation"]
        assert translation["@type"] == "Quotation"
        assert translation["inLanguage"] == "en"
        assert translation["text"] == evidence.sentence.translation("en").text
        assert translation["translator"]["name"] == "Ceasefire Timeline editors"

        article = quotation["isBasedOn"]
        assert article["@type"] == "NewsArticle"
        assert article["@id"] == f"{ORIGIN}/sources/{SEED_SOURCE}/#article"
        assert article["headline"].startswith("Putin ordnet 30-tägigen Verzicht")
        assert article["publisher"] == {"@type": "Organization", "name": "Financial Times"}
        assert article["datePublished"] == "2025-03-18"
        assert article["inLanguage"] == "de"
        assert "url" not in article  # the seed article has no address online
        # The German text translates an English FT report.
        assert article["translationOfWork"] == {
            "@type": "NewsArticle",
            "publisher": {"@type": "Organization", "name": "Financial Times"},
            "inLanguage": "en",
        }


def test_a_claim_by_a_person_of_the_event_is_spoken_by_a_person(client, seeded):
    data, _ = read_back(client, "/events/trump-truth-social-post-on-call/")
    event = the_one(data["json-ld"], "Event")
    speakers = {
        (q["spokenByCharacter"]["@type"], q["spokenByCharacter"]["name"])
        for q in event["subjectOf"]
    }
    assert speakers == {("Person", "Donald Trump (Truth Social)")}


def test_an_editors_note_is_a_comment_on_the_quotation(client, db):
    source = make_source(url="https://news.example.org/a", title="Wire report", language="de")
    event = make_event("noted")
    Evidence.objects.create(
        event=event,
        sentence=source.sentences.first(),
        attribution="Reporter",
        note="The German says “signed”; the English original says “backed”.",
    )
    data, _ = read_back(client, event.get_absolute_url())
    (quotation,) = the_one(data["json-ld"], "Event")["subjectOf"]
    assert quotation["comment"] == {
        "@type": "Comment",
        "text": "The German says “signed”; the English original says “backed”.",
    }
    assert quotation["isBasedOn"]["url"] == "https://news.example.org/a"
    assert "translationOfWork" not in quotation["isBasedOn"]


@pytest.mark.parametrize(
    ("slug", "start", "end", "said"),
    [
        ("trump-campaign-promise-to-end-the-war", "2024", None, "2024: "),
        ("zelensky-floats-energy-strike-truce", "2024-10", None, "October 2024: "),
        ("trump-putin-call-february-2025", "2025-02", None, "February 2025: "),
        ("trump-putin-call-tuesday", "2025-03-18", None, "18 March 2025: "),
        (
            "putin-orders-30-day-energy-strike-pause",
            "2025-03-18",
            "2025-04-16",
            "18 March – 16 April 2025 (announced for 30 days): ",
        ),
        ("trump-presses-zelensky", "2025-02", "2025-03-18", "c. February 2025 – 18 March 2025"),
        # One day of a set: no start or end (they would claim a span); the words say it.
        (
            "kyiv-backs-30-day-ceasefire",
            None,
            None,
            "one day between 10 and 16 March 2025: ",
        ),
        ("us-proposes-30-day-ceasefire", None, None, "one day on or before 16 March 2025: "),
    ],
)
def test_event_dates_keep_the_precision_of_their_edtf_value(client, seeded, slug, start, end, said):
    data, _ = read_back(client, f"/events/{slug}/")
    event = the_one(data["json-ld"], "Event")
    assert event.get("startDate") == start
    assert event.get("endDate") == end
    assert event["description"].startswith(said)


@pytest.mark.parametrize(
    ("when", "start", "end", "said"),
    [
        ("2025-03-18/..", "2025-03-18", None, "from 18 March 2025: "),
        ("../2025-04-16", None, "2025-04-16", "until 16 April 2025: "),
        ("2025-02-12~", "2025-02-12", None, "c. 12 February 2025: "),
        ("{2025-03-18,2025-03-20}", None, None, "18 March 2025 and 20 March 2025: "),
    ],
)
def test_open_ends_approximate_days_and_sets(client, db, when, start, end, said):
    event = make_event("shaped", when=when, sentences=[make_source().sentences.first()])
    data, _ = read_back(client, event.get_absolute_url())
    described = the_one(data["json-ld"], "Event")
    assert described.get("startDate") == start
    assert described.get("endDate") == end
    assert described["description"].startswith(said)


def test_the_page_describes_itself_once(client, seeded):
    data, _ = read_back(client, PERMALINK)
    # No microdata that could contradict the JSON-LD, and one JSON-LD block in all.
    assert data["microdata"] == []
    assert [item["@type"] for item in data["json-ld"]] == ["Event"]


def test_json_ld_stays_data_whatever_the_title_and_summary_hold(client, db):
    hostile = "</script><script>alert(1)</script><!-- & -->"
    event = make_event(
        "hostile", title=hostile, summary=hostile, sentences=[make_source().sentences.first()]
    )
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert html.count("<script") == 3  # htmx, timeline.js and the one JSON-LD block
    data = extruct.extract(html, base_url=f"{ORIGIN}/", syntaxes=["json-ld", "opengraph"])
    described = the_one(data["json-ld"], "Event")
    assert described["name"] == hostile
    assert described["description"] == f"18 March 2025: {hostile}"
    assert open_graph(data)["og:title"] == hostile


def test_json_ld_adds_no_queries_however_much_evidence(client, db, django_assert_num_queries):
    source = make_source(body=" ".join(f"Satz Nummer {n} am Dienstag." for n in range(1, 13)))
    sentences = list(source.sentences.all())
    trump = Actor.objects.create(name="Donald Trump", slug="donald-trump")
    one = make_event("one-quote", sentences=sentences[:1])
    many = make_event("many-quotes", sentences=sentences[1:])
    for event in (one, many):
        event.actors.add(trump)

    with CaptureQueriesContext(connection) as one_quote:
        client.get(one.get_absolute_url())
    with django_assert_num_queries(len(one_quote)):
        client.get(many.get_absolute_url())


# --- The article reader ------------------------------------------------------------------


def test_source_page_is_a_news_article(client, seeded):
    path = f"/sources/{SEED_SOURCE}/"
    data, head = read_back(client, path)
    assert canonical(head) == f"{ORIGIN}{path}"
    article = the_one(data["json-ld"], "NewsArticle")
    assert article["@context"] == "https://schema.org"
    assert article["@id"] == f"{ORIGIN}{path}#article"
    assert article["headline"].startswith("Putin ordnet 30-tägigen Verzicht")
    assert article["datePublished"] == "2025-03-18"
    assert article["inLanguage"] == "de"
    assert article["publisher"] == {"@type": "Organization", "name": "Financial Times"}
    assert article["translationOfWork"]["inLanguage"] == "en"
    assert article["description"] == (
        "German translation of an English-language report by Financial Times."
    )
    assert article["image"] == SHARE_IMAGE
    og = open_graph(data)
    assert og["og:type"] == "article"
    assert og["og:url"] == f"{ORIGIN}{path}"
    assert og["og:description"] == f"Financial Times, 18 March 2025: {article['headline']}"
    assert og["article:published_time"] == "2025-03-18"


def test_source_page_gives_the_articles_own_address(client, db):
    make_source(slug="wire", url="https://news.example.org/2025/03/18/pause", language="de")
    data, _ = read_back(client, "/sources/wire/")
    assert the_one(data["json-ld"], "NewsArticle")["url"] == (
        "https://news.example.org/2025/03/18/pause"
    )


# --- The image, as an unfurling chat client fetches it ------------------------------------


def test_the_site_image_is_a_1200_by_630_png():
    path = finders.find("img/share.png")
    assert path, "static/img/share.png is missing"
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1200, 630)


@pytest.mark.django_db(transaction=True)
def test_a_chat_client_fetches_the_permalink_and_then_its_image(live_server):
    make_event("unfurled", sentences=[make_source().sentences.first()])
    with urlopen(f"{live_server.url}/events/unfurled/") as response:  # noqa: S310
        html = response.read().decode()
    data = extruct.extract(html, base_url=live_server.url, syntaxes=["opengraph"])
    image_url = open_graph(data)["og:image"]
    assert image_url == f"{live_server.url}/static/img/share.png"
    with urlopen(image_url) as image:  # noqa: S310
        assert image.headers["Content-Type"] == "image/png"
        assert struct.unpack(">II", image.read(24)[16:24]) == (1200, 630)
