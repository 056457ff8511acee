"""An editor turns a sentence into a draft event in one step; the reader shows the dates found."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from timeline.models import Actor, Event, Sentence
from timeline.suggestions import guess_attribution, suggest_event, suggest_when
from timeline.temporal import find_dates

pytestmark = pytest.mark.django_db

ACTORS = [
    Actor(name="Donald Trump", kind=Actor.Kind.PERSON),
    Actor(name="Vladimir Putin", kind=Actor.Kind.PERSON),
    Actor(name="Volodymyr Zelensky", kind=Actor.Kind.PERSON),
    Actor(name="United States (the White House)", kind=Actor.Kind.GOVERNMENT),
]


@pytest.mark.parametrize(
    ("language", "text", "attribution"),
    [
        # German: speaker before or after the speech verb, or after "laut"/"zufolge".
        ("de", "Der Kreml sagte, dass Putin „positiv reagiert“ habe.", "Kremlin readout"),
        ("de", "Sie diskutierten auch über den Nahen Osten, sagte der Kreml.", "Kremlin readout"),
        ("de", "Trump stimmte dem Vorschlag zu, fügte der Kreml hinzu.", "Kremlin readout"),
        ("de", "Dem Kreml zufolge wurde der Befehl sofort erteilt.", "Kremlin readout"),
        ("de", "Kremlsprecher Dmitri Peskow sagte, man prüfe den Vorschlag.", "Kremlin readout"),
        (
            "de",
            "Das Weiße Haus sagte, die beiden Präsidenten hätten „übereingestimmt“.",
            "White House statement",
        ),
        # The readout is the claim's source; Putin is only its subject.
        ("de", "Laut dem Protokoll sagte Putin am Dienstag, er sei bereit.", "Official readout"),
        (
            "de",
            "Auf die Frage nach dem Gespräch sagte ein ranghoher ukrainischer Beamter, dass …",
            "Senior Ukrainian official",
        ),
        (
            "de",
            "Der ranghohe ukrainische Beamte fügte hinzu, dass Kiew auf eine Antwort warte.",
            "Senior Ukrainian official",
        ),
        ("de", "Trump sagte, das Gespräch sei sehr gut gewesen.", "Donald Trump"),
        ("de", "Letzte Woche unterzeichnete Kiew einen 30-tägigen Waffenstillstand.", ""),
        ("de", "Aus den Protokollen des Gesprächs ging nicht hervor, dass Putin nachgibt.", ""),
        ("de", "Das Gespräch vom Dienstag folgte einem Gespräch im Februar.", ""),
        # English.
        ("en", "The White House said the two leaders agreed.", "White House statement"),
        ("en", "Talks would begin immediately, the White House said.", "White House statement"),
        ("en", "The Kremlin said Putin had ordered the military to stop.", "Kremlin readout"),
        ("en", "Putin agreed, according to the Kremlin readout.", "Kremlin readout"),
        ("en", "According to the readout, Putin said he was ready.", "Official readout"),
        (
            "en",
            "The call lasted two hours, said a senior Ukrainian official.",
            "Senior Ukrainian official",
        ),
        ("en", "Ukrainian officials said they were waiting for details.", "Ukrainian officials"),
        ("en", "Trump said the call was very good and productive.", "Donald Trump"),
        ("en", "Zelensky said Kyiv would support the truce.", "Volodymyr Zelensky"),
        ("en", "On Tuesday, Putin agreed to halt strikes on energy infrastructure.", ""),
        ("en", "Their first call, on February 12, began the effort.", ""),
        ("en", "The Kremlin's walls were lit up at night.", ""),
    ],
)
def test_guess_attribution(language, text, attribution):
    assert guess_attribution(text, language, ACTORS) == attribution


def test_actor_names_count_only_when_the_actors_are_known():
    assert guess_attribution("Trump said the call went well.", "en") == ""
    # A government is called by its name without the parenthesis, never by its last word.
    assert guess_attribution("States said nothing.", "en", ACTORS) == ""
    assert (
        guess_attribution("The United States said nothing.", "en", ACTORS)
        == "United States (the White House)"
    )


@pytest.fixture
def seed_sentence(seed_source):
    """`seed_sentence(starts_with)`: the seed article's sentence that starts with those words."""

    def seed_sentence(starts_with):
        return seed_source.sentences.select_related("source").get(text__startswith=starts_with)

    return seed_sentence


def test_suggest_event_from_last_week(seed_sentence):
    sentence = seed_sentence("Letzte Woche unterzeichnete Kiew")
    suggestion = suggest_event(sentence)
    # One day of last week, not a seven-day span.
    assert suggestion["when"] == "[2025-03-10..2025-03-16]"
    assert suggestion["date_text"] == "Letzte Woche"
    assert suggestion["status"] == Event.Status.DRAFT
    assert suggestion["kind"] == Event.Kind.AGREEMENT
    assert suggestion["sentence"] == sentence
    # Nobody is quoted: the publisher reports it.
    assert suggestion["attribution"] == "Financial Times (reporting)"
    assert suggestion["title"].startswith("Letzte Woche unterzeichnete Kiew nach Druck")
    assert len(suggestion["title"]) <= 92
    assert suggestion["slug"].startswith("letzte-woche-unterzeichnete-kiew")


def test_suggest_event_from_october(seed_sentence):
    suggestion = suggest_event(seed_sentence("Der ukrainische Präsident"))
    assert (suggestion["when"], suggestion["date_text"]) == ("2024-10", "im Oktober")
    assert suggestion["kind"] == Event.Kind.PROPOSAL


def test_suggest_event_from_a_kremlin_sentence(seed_sentence):
    suggestion = suggest_event(seed_sentence("Der Kreml sagte, dass der russische Präsident"))
    assert "Kremlin" in suggestion["attribution"]
    assert (suggestion["when"], suggestion["date_text"]) == ("2025-03-18", "am Dienstag")


def test_suggest_event_names_a_known_actor_as_speaker(seed_sentence):
    suggestion = suggest_event(seed_sentence("In einem Beitrag auf Truth Social"))
    assert suggestion["attribution"] == "Donald Trump"


def test_suggest_event_leaves_the_date_empty_when_the_sentence_has_none(seed_sentence):
    suggestion = suggest_event(seed_sentence("Das Protokoll fügte hinzu"))
    assert (suggestion["when"], suggestion["date_text"]) == ("", "")
    assert suggestion["attribution"] == "Official readout"


def test_suggested_slugs_are_unique(seed_sentence, make_event):
    sentence = seed_sentence("Letzte Woche unterzeichnete Kiew")
    make_event(suggest_event(sentence)["slug"])
    slug = suggest_event(sentence)["slug"]
    assert slug.endswith("-2") and len(slug) <= 60
    assert not Event.objects.filter(slug=slug).exists()


@pytest.mark.parametrize(
    ("text", "when", "date_text"),
    [
        # A duration after a day makes a span from that day, both ends counted.
        (
            "On Tuesday, Putin agreed to halt strikes for 30 days.",
            "2025-03-18/2025-04-16",
            "On Tuesday … for 30 days",
        ),
        ("On Tuesday, the truce began for two weeks.", "2025-03-18/2025-03-31", None),
        ("On Tuesday, the pause began for three months.", "2025-03-18/2025-06-17", None),
        # Durations alone or before the date, and hours, leave the date as it is.
        ("A 30-day truce was agreed on Tuesday.", "2025-03-18", "on Tuesday"),
        ("On Tuesday they spoke for two hours.", "2025-03-18", "On Tuesday"),
        # Only an exact day starts a span.
        ("In February, a truce for 30 days was floated.", "2025-02", "In February"),
        ("Strikes stopped for 30 days.", "", ""),
    ],
)
def test_suggest_when(text, when, date_text):
    mentions = find_dates(text, "en", datetime.date(2025, 3, 19))
    suggested = suggest_when(mentions)
    assert suggested[0] == when
    if date_text is not None:
        assert suggested[1] == date_text


# --- The admin add form, prefilled from a sentence ----------------------------------------------


class FormValues(HTMLParser):
    """What a browser would submit for the admin's event form: [(name, value)]."""

    def __init__(self):
        super().__init__()
        self.values, self.select, self.textarea, self.inside = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "event_form":
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind == "submit" and name != "_save":
                return
            self.values.append((name, attrs.get("value", "")))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.values.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.inside = False


def submitted(html):
    """The event form's data as the page holds it, as the test client's post() takes it."""
    parser = FormValues()
    parser.feed(html)
    data = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    return data


def add_url(value):
    return reverse("admin:timeline_event_add") + f"?from_sentence={value}"


def test_add_form_from_a_sentence_is_prefilled(staff_client, seed_sentence):
    sentence = seed_sentence("Letzte Woche unterzeichnete Kiew")
    response = staff_client.get(add_url(sentence.pk))
    assert response.status_code == 200
    data = submitted(response.content.decode())
    assert data["when"] == ["[2025-03-10..2025-03-16]"]
    assert data["date_text"] == ["Letzte Woche"]
    assert data["status"] == ["draft"]
    assert data["kind"] == ["agreement"]
    assert data["title"][0].startswith("Letzte Woche unterzeichnete Kiew")
    assert data["slug"][0].startswith("letzte-woche-unterzeichnete-kiew")
    # The Evidence inline's first row holds the sentence and the attribution guess.
    assert data["evidence-0-sentence"] == [str(sentence.pk)]
    assert data["evidence-0-attribution"] == ["Financial Times (reporting)"]
    assert data["evidence-TOTAL_FORMS"] == ["1"]


def test_posting_the_prefilled_form_creates_a_draft_with_that_evidence(staff_client, seed_sentence):
    sentence = seed_sentence("Der Kreml sagte, dass der russische Präsident")
    url = add_url(sentence.pk)
    data = submitted(staff_client.get(url).content.decode())
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug=data["slug"][0])
    assert event.status == Event.Status.DRAFT
    assert (event.when, event.date_text) == ("2025-03-18", "am Dienstag")
    assert list(event.evidence.values_list("sentence", "attribution")) == [
        (sentence.pk, "Kremlin readout")
    ]
    # A draft: not on the public timeline until an editor publishes it.
    assert f'id="event-{event.slug}"' not in staff_client.get("/").content.decode()


@pytest.mark.parametrize(
    "value", ["", "abc", "0", "-3", "1.5", "999999", "１２", "9" * 30, "boilerplate"]
)
def test_bad_from_sentence_gives_the_plain_add_form(staff_client, seed_sentence, value):
    if value == "boilerplate":
        value = seed_sentence("Entsperren Sie").pk
    response = staff_client.get(add_url(value))
    assert response.status_code == 200
    data = submitted(response.content.decode())
    assert data["when"] == [""] and data["title"] == [""]
    assert data.get("evidence-0-sentence", [""]) == [""]
    assert data["evidence-0-attribution"] == [""]


def test_anonymous_users_are_sent_to_log_in(client, seed_sentence):
    sentence = seed_sentence("Letzte Woche unterzeichnete Kiew")
    response = client.get(add_url(sentence.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- The reader: dates for everyone, the shortcut for editors -----------------------------------


def sentence_html(html, position):
    """The reader's markup for sentence `position`."""
    return re.search(rf'<p id="s-{position}".*?</p>', html, re.DOTALL).group(0)


def test_reader_labels_the_dates_in_each_sentence_for_everyone(client, seed_source, seed_sentence):
    html = client.get(reverse("source-detail", args=[seed_source.slug])).content.decode()
    last_week = sentence_html(html, seed_sentence("Letzte Woche").position)
    labels = re.findall(
        r'<span class="date-label" title="([^"]+)">.*?</span>([^<]+)</span>', last_week
    )
    assert labels == [
        (
            "As written: “Letzte Woche” ([2025-03-10..2025-03-16])",
            "one day between 10 and 16 March 2025",
        ),
        ("As written: “30-tägigen” (P30D)", "30 days"),
    ]
    october = sentence_html(html, seed_sentence("Der ukrainische Präsident").position)
    assert "October 2024</span>" in october and "“im Oktober”" in october
    # Promotion lines get no labels ("US-Wahlen 2024" is not reporting).
    assert "date-label" not in sentence_html(html, 2)
    assert "Event from this sentence" not in html


def test_reader_offers_editors_an_event_from_each_reporting_sentence(staff_client, seed_source):
    html = staff_client.get(reverse("source-detail", args=[seed_source.slug])).content.decode()
    reporting = Sentence.objects.filter(source=seed_source, is_boilerplate=False)
    assert html.count("Event from this sentence") == reporting.count() == 25
    for sentence in reporting:
        assert f'href="{add_url(sentence.pk)}"' in sentence_html(html, sentence.position)
    for position in (1, 2):
        assert "Event from this sentence" not in sentence_html(html, position)


def test_reader_query_count_for_editors_does_not_grow_with_sentences(
    staff_client, db, count_queries, make_source
):
    short = make_source(slug="short", body="Am Dienstag sagte der Kreml etwas.")
    long = make_source(
        slug="long", body=" ".join(f"Am {n}. März sagte der Kreml etwas." for n in range(1, 29))
    )
    assert count_queries(staff_client, short.get_absolute_url()) == count_queries(
        staff_client, long.get_absolute_url()
    )
