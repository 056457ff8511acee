"""Editors import articles and edit sources in /admin/ without losing evidence silently."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from timeline.models import MAX_BODY_CHARS, Event, Evidence, Sentence, Source

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/timeline/source/import/"
# The quote the "expert groups" event cites as evidence (seeds/events.toml).
EXPERT_GROUPS = (
    "Das Protokoll fügte hinzu, dass Moskau und Washington Expertengruppen einrichten würden"
)


def import_data(**fields):
    """POST data for the import form: a short English report, pasted."""
    return {
        "body": "Mr. Smith called on Tuesday. The call lasted two hours.",
        "title": "A call on Tuesday",
        "publisher": "Test Wire",
        "url": "https://example.org/call",
        "language": "en",
        "published_on": "2025-03-19",
        "slug": "",
        **fields,
    }


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(html, form_id="source_form"):
    """What a browser would post for the form `form_id` in `html`, as rendered."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            # Browsers drop the one line break that follows <textarea>, and post CRLF.
            data[name] = field.text.removeprefix("\n").replace("\n", "\r\n")
        elif field.name == "select":
            selected = field.find("option", selected=True)
            data[name] = selected["value"] if selected else ""
        else:
            data[name] = field.get("value", "")
    return data


def change_url(source):
    return reverse("admin:timeline_source_change", args=[source.pk])


def edit(staff_client, source, **changes):
    """Open the source's change page, change fields as an editor would, and save."""
    data = form_data(staff_client.get(change_url(source)).content.decode())
    data.update(changes)
    return staff_client.post(change_url(source), data)


# Importing ------------------------------------------------------------------------------------


def test_the_source_list_links_to_the_import_form(staff_client, db):
    html = staff_client.get(reverse("admin:timeline_source_changelist")).content.decode()
    assert f'href="{IMPORT_URL}"' in html
    assert "Import an article" in html
    # The plain add form stays, for typing a source in by hand.
    assert reverse("admin:timeline_source_add") in html


def test_the_import_form_states_its_limits(staff_client, db):
    response = staff_client.get(reverse("admin:timeline_source_import"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert "At most 200,000 characters" in html
    assert 'href="/admin/timeline/source/"' in html  # breadcrumbs


def test_pasted_text_is_imported_and_opened(staff_client, db):
    response = staff_client.post(IMPORT_URL, import_data())

    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(source)
    assert source.slug == "a-call-on-tuesday"
    assert (source.title, source.publisher, source.url) == (
        "A call on Tuesday",
        "Test Wire",
        "https://example.org/call",
    )
    assert list(source.sentences.values_list("text", flat=True)) == [
        "Mr. Smith called on Tuesday.",
        "The call lasted two hours.",
    ]
    assert messages_of(response) == [
        "Imported “A call on Tuesday” as “a-call-on-tuesday”: 2 sentences, 0 marked as boilerplate."
    ]


def test_an_uploaded_file_is_imported_with_its_promotion_lines_marked(staff_client, db, seed_text):
    upload = SimpleUploadedFile("call.de.txt", seed_text.encode(), content_type="text/plain")
    response = staff_client.post(
        IMPORT_URL,
        import_data(body="", upload=upload, language="de", published_on="2025-03-18"),
    )

    assert response.status_code == 302
    source = Source.objects.get()
    assert source.body == seed_text
    assert source.sentences.count() == 27
    assert list(
        source.sentences.filter(is_boilerplate=True).values_list("position", flat=True)
    ) == [
        1,
        2,
    ]
    assert "27 sentences, 2 marked as boilerplate" in messages_of(response)[0]


def test_an_uploaded_html_page_is_reduced_to_its_text(staff_client, db):
    page = (
        b"<html><head><title>x</title></head><body><nav>Menu</nav>"
        b"<p>The call lasted <b>two</b> hours.</p><p>Both sides said so &amp; more.</p>"
        b"<footer>Imprint</footer></body></html>"
    )
    upload = SimpleUploadedFile("call.html", page, content_type="text/html")
    staff_client.post(IMPORT_URL, import_data(body="", upload=upload))
    assert Source.objects.get().body == "The call lasted two hours.\nBoth sides said so & more."


def test_identical_text_opens_the_existing_source(staff_client, seed_source, seed_text):
    response = staff_client.post(
        IMPORT_URL,
        import_data(body=seed_text.replace("\n", "\r\n"), language="de", title="Again"),
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(seed_source)
    assert messages_of(response) == [
        f"This text was already imported as “{seed_source.slug}”; nothing changed."
    ]
    assert Source.objects.count() == 1


TOO_LONG = "Satz. " * (MAX_BODY_CHARS // 6 + 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": ""}, None, "Paste the article&#x27;s text or upload a file."),
        ({"body": "   \r\n\t "}, "body", "The text is empty: there is nothing to import."),
        ({"body": TOO_LONG}, "body", "the limit is 200,000"),
        ({"language": "fr"}, "language", "Unsupported language “fr”: use one of de (German), en"),
        ({"published_on": ""}, "published_on", "This field is required."),
        ({"published_on": "2025-02-30"}, "published_on", "Enter a real date as YYYY-MM-DD."),
        ({"url": "javascript:alert(1)"}, "url", "is not a web address: enter one that starts"),
        ({"url": "ftp://example.org/a.txt"}, "url", "starts with http:// or https://"),
        ({"title": ""}, "title", "This field is required."),
        ({"publisher": "", "url": ""}, "publisher", "Name the publisher"),
        ({"slug": "not a slug"}, "slug", "Enter a valid “slug”"),
    ],
)
def test_bad_input_gets_a_form_error_and_nothing_is_saved(staff_client, db, fields, field, message):
    response = staff_client.post(IMPORT_URL, import_data(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message.replace("&#x27;", "'") in error for error in errors), form.errors
    assert message in response.content.decode()
    assert Source.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.7", "“report.pdf” is not a .txt, .md or .html file"),
        ("report.docx", b"PK\x03\x04", "“report.docx” is not a .txt, .md or .html file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "contains NUL bytes"),
        ("latin1.txt", "Gespräch.".encode("latin-1"), "is not UTF-8 text (byte 5 is 0xe4)"),
        ("empty.txt", b"", "“empty.txt”: The text is empty: there is nothing to import."),
        ("blank.md", b"\n\n   \n", "The text is empty"),
    ],
)
def test_bad_uploads_get_a_form_error_and_nothing_is_saved(
    staff_client, db, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    response = staff_client.post(IMPORT_URL, import_data(body="", upload=upload))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["upload"])
    assert Source.objects.count() == 0


def test_text_and_upload_together_are_refused(staff_client, db):
    upload = SimpleUploadedFile("call.txt", b"Another text.")
    response = staff_client.post(IMPORT_URL, import_data(upload=upload))
    assert response.context["form"].non_field_errors() == [
        "Paste the text or upload a file, not both: clear one of them."
    ]
    assert Source.objects.count() == 0


def test_a_slug_in_use_is_refused_by_name(staff_client, seed_source):
    response = staff_client.post(IMPORT_URL, import_data(slug=seed_source.slug))
    assert response.context["form"].errors["slug"] == [
        f"A source with the slug “{seed_source.slug}” already exists."
    ]
    assert Source.objects.count() == 1


def test_importing_needs_the_add_permission(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw-123456", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, import_data()).status_code == 403
    assert Source.objects.count() == 0


# Editing the text keeps evidence, or says which links it would lose -----------------------------


def test_a_change_that_loses_a_quote_is_refused_listing_the_event(
    staff_client, seed_source, seed_text
):
    event = Event.objects.get(slug="expert-groups-on-ceasefire")
    evidence_before = Evidence.objects.count()
    body = seed_text.replace("Expertengruppen", "Arbeitsgruppen")

    response = edit(staff_client, seed_source, body=body)

    assert response.status_code == 200
    html = response.content.decode()
    assert "no longer contains the quote of 1 evidence link" in html
    event_link = reverse("admin:timeline_event_change", args=[event.pk])
    assert f'<a href="{event_link}">{event.title}</a>' in html
    assert f"“{EXPERT_GROUPS}”" in html
    assert "Drop this evidence link" in html
    seed_source.refresh_from_db()
    assert seed_source.body == seed_text
    assert Evidence.objects.count() == evidence_before
    assert seed_source.sentences.filter(text__contains="Expertengruppen").exists()


def test_the_loss_is_accepted_once_confirmed_and_exactly_that_link_is_dropped(
    staff_client, seed_source, seed_text
):
    event = Event.objects.get(slug="expert-groups-on-ceasefire")
    body = seed_text.replace("Expertengruppen", "Arbeitsgruppen")
    refused = edit(staff_client, seed_source, body=body)
    data = form_data(refused.content.decode())
    assert "drop_lost_evidence" not in data  # shown unticked
    kept = set(
        Evidence.objects.exclude(event__slug="expert-groups-on-ceasefire").values_list(
            "pk", flat=True
        )
    )

    response = staff_client.post(change_url(seed_source), {**data, "drop_lost_evidence": "on"})

    assert response.status_code == 302
    seed_source.refresh_from_db()
    assert "Arbeitsgruppen" in seed_source.body
    assert set(Evidence.objects.values_list("pk", flat=True)) == kept
    assert not Evidence.objects.filter(event__slug="expert-groups-on-ceasefire").exists()
    event_link = reverse("admin:timeline_event_change", args=[event.pk])
    dropped = [m for m in messages_of(response) if m.startswith("Dropped")]
    assert dropped == [
        f'Dropped 1 evidence link(s): <a href="{event_link}">{event.title}</a>: “{EXPERT_GROUPS}”'
    ]
    for sentence in seed_source.sentences.all():
        assert seed_source.body[sentence.start : sentence.end] == sentence.text


def test_a_confirmation_covers_only_the_links_it_listed(staff_client, seed_source, seed_text):
    first = seed_text.replace("Expertengruppen", "Arbeitsgruppen")
    data = form_data(edit(staff_client, seed_source, body=first).content.decode())
    # The editor ticks the box but also deletes another quoted sentence before saving.
    second = first.replace("In den letzten Wochen hat Trump", "Zuletzt hat Trump")
    response = staff_client.post(
        change_url(seed_source), {**data, "body": second, "drop_lost_evidence": "on"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Trump presses Zelensky for concessions" in html
    assert "Drop these 2 evidence links" in html
    assert Evidence.objects.filter(event__slug="trump-presses-zelensky").exists()
    assert Evidence.objects.filter(event__slug="expert-groups-on-ceasefire").exists()
    seed_source.refresh_from_db()
    assert seed_source.body == seed_text


def test_links_whose_quotes_survive_move_with_their_sentences(
    staff_client, db, make_source, make_event
):
    source = make_source(
        body="Der Kreml sagte am Dienstag etwas.\nDas Weiße Haus widersprach.\nKiew schwieg."
    )
    kremlin = make_event("kremlin-says", sentences=[source.sentences.get(position=1)])
    white_house = make_event("white-house-objects", sentences=[source.sentences.get(position=2)])
    body = "Eine neue Einleitung. Noch ein Satz.\n" + source.body

    response = edit(staff_client, source, body=body)

    assert response.status_code == 302
    assert [
        (e.event, e.sentence.position, e.sentence.text)
        for e in Evidence.objects.select_related("event", "sentence").order_by("event__slug")
    ] == [
        (kremlin, 3, "Der Kreml sagte am Dienstag etwas."),
        (white_house, 4, "Das Weiße Haus widersprach."),
    ]
    assert list(source.sentences.values_list("position", "text")) == [
        (1, "Eine neue Einleitung."),
        (2, "Noch ein Satz."),
        (3, "Der Kreml sagte am Dienstag etwas."),
        (4, "Das Weiße Haus widersprach."),
        (5, "Kiew schwieg."),
    ]
    assert not any(m.startswith("Dropped") for m in messages_of(response))


def test_editing_only_the_title_does_not_cut_the_text_again(
    staff_client, seed_source, monkeypatch, seed_text
):
    sentences = list(Sentence.objects.filter(source=seed_source).values_list("pk", "start", "text"))

    def fail(*args, **kwargs):
        raise AssertionError("resegment was called")

    monkeypatch.setattr(Source, "resegment", fail)
    # The body comes back from the browser with CRLF line breaks: that is no change.
    response = edit(staff_client, seed_source, title="Ein neuer Titel")

    assert response.status_code == 302
    seed_source.refresh_from_db()
    assert seed_source.title == "Ein neuer Titel"
    assert seed_source.body == seed_text
    assert list(Sentence.objects.filter(source=seed_source).values_list("pk", "start", "text")) == (
        sentences
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  \r\n ", "This field is required."),
        ("Satz. " * (MAX_BODY_CHARS // 6 + 1), "the limit is 200,000"),
    ],
)
def test_an_empty_or_oversized_text_is_refused_on_edit(
    staff_client, db, make_source, body, message
):
    source = make_source()
    response = edit(staff_client, source, body=body)
    assert response.status_code == 200
    assert any(message in e for e in response.context["adminform"].form.errors["body"])
    source.refresh_from_db()
    assert source.body == "Erster Satz am Dienstag. Zweiter Satz."


def test_a_non_web_url_is_refused_on_edit(staff_client, db, make_source):
    source = make_source()
    response = edit(staff_client, source, url="javascript:alert(1)")
    assert "is not a web address: enter one that starts with http:// or https://" in (
        response.content.decode()
    )
    source.refresh_from_db()
    assert source.url == ""


def test_the_plain_add_form_marks_promotion_lines(staff_client, db):
    html = staff_client.get(reverse("admin:timeline_source_add")).content.decode()
    data = form_data(html)
    data.update(
        slug="by-hand",
        title="By hand",
        publisher="Wire",
        language="en",
        published_on="2025-03-19",
        body="Subscribe to our newsletter\nThe call lasted two hours.",
    )
    response = staff_client.post(reverse("admin:timeline_source_add"), data)
    assert response.status_code == 302
    source = Source.objects.get(slug="by-hand")
    assert list(source.sentences.values_list("text", "is_boilerplate")) == [
        ("Subscribe to our newsletter", True),
        ("The call lasted two hours.", False),
    ]


# Dates found in each sentence ------------------------------------------------------------------


def sentence_row(html, text):
    """The inline table row of the sentence that starts with `text`."""
    soup = BeautifulSoup(html, "html.parser")
    for row in soup.select("#sentences-group tbody tr"):
        cell = row.find("td", class_="field-text")
        if cell and cell.get_text(strip=True).startswith(text):
            return row
    raise AssertionError(f"no sentence row starts with {text!r}")


def test_the_change_page_shows_the_dates_in_each_sentence(staff_client, seed_source):
    html = staff_client.get(change_url(seed_source)).content.decode()

    tuesday = sentence_row(html, "Der Kreml sagte, dass der russische Präsident")
    label = tuesday.find("td", class_="field-dates_found").find("small")
    assert label.get_text() == "18 March 2025"
    assert label["title"] == "“am Dienstag” (2025-03-18)"

    pause = sentence_row(html, "Vladimir Putin hat Russlands Militär angewiesen")
    labels = pause.find("td", class_="field-dates_found").find_all("small")
    assert [(lab.get_text(), lab["title"]) for lab in labels] == [
        ("30 days", "“30 Tage lang” (P30D)")
    ]


def test_reporting_sentences_link_to_a_new_event_and_promotion_lines_do_not(
    staff_client, seed_source
):
    html = staff_client.get(change_url(seed_source)).content.decode()

    expert = seed_source.sentences.get(text__startswith=EXPERT_GROUPS)
    link = sentence_row(html, EXPERT_GROUPS).find("td", class_="field-new_event").find("a")
    assert link.get_text() == "Event from this sentence"
    assert link["href"] == f"{reverse('admin:timeline_event_add')}?from_sentence={expert.pk}"

    newsletter = sentence_row(html, "Entsperren Sie den White House Watch-Newsletter")
    assert newsletter.find("td", class_="field-new_event").find("a") is None
    assert len(re.findall("Event from this sentence", html)) == 25
