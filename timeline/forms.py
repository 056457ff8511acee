"""Editors' forms: importing an article, and changing a source without losing evidence silently."""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import IntegrityError, transaction

from timeline import ingest
from timeline.models import Source

LIMITS_HELP = (
    f"At most {ingest.MAX_SOURCE_CHARS:,} characters. One paragraph per line: "
    "a line break always ends a sentence."
)


class WebAddressField(forms.CharField):
    """An optional http or https address, checked by the import pipeline's own rule."""

    def __init__(self, **kwargs):
        kwargs = {
            "label": "URL",
            "max_length": 500,
            "required": False,
            "help_text": "Where the article can be read, if online (http:// or https://).",
            **kwargs,
        }
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return ingest.check_url(value)
        except ingest.ImportRefused as error:
            raise forms.ValidationError(error.message) from error


class ImportForm(forms.Form):
    """Turns ingest.ImportRefused from the shared checks into errors on the right field."""

    def refuse(self, error):
        """Record an ingest.ImportRefused as an error on its field (or the whole form)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class SourceImportForm(ImportForm):
    """An article to import, pasted or uploaded, with its metadata; checks everything."""

    required_css_class = "required"

    text = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"}),
        help_text=f"Paste the article here, or upload it below. {LIMITS_HELP}",
    )
    upload = forms.FileField(
        label="Or upload a file",
        required=False,
        help_text=(
            "A UTF-8 .txt, .md or .html file. HTML is reduced to its text (scripts, navigation, "
            "headers and footers dropped); Markdown loses its heading, emphasis and link marks."
        ),
    )
    title = forms.CharField(max_length=300)
    publisher = forms.CharField(
        max_length=200,
        required=False,
        help_text="Who published the article. Left empty, the URL's host name is used.",
    )
    url = WebAddressField()
    language = forms.ChoiceField(
        choices=list(ingest.SUPPORTED_LANGUAGES.items()),
        help_text="Decides the sentence rules (abbreviations such as “Mr.” or “z. B.”).",
        error_messages={
            "invalid_choice": "Unsupported language “%(value)s”: use "
            + ", ".join(f"{code} ({name})" for code, name in ingest.SUPPORTED_LANGUAGES.items())
            + "."
        },
    )
    published_on = forms.DateField(
        label="Publication date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD. Relative dates in the text (“am Dienstag”) resolve against it.",
        error_messages={"invalid": "Enter a real date as YYYY-MM-DD."},
    )
    slug = forms.SlugField(
        max_length=120,
        required=False,
        help_text="The address of the source in the reader. Left empty, made from the title.",
    )

    def clean_upload(self):
        """The uploaded file's text (HTML and Markdown reduced to text), or None."""
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > ingest.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” has {upload.size:,} bytes; "
                f"the limit is {ingest.MAX_UPLOAD_BYTES:,}."
            )
        try:
            return ingest.text_from_file(upload.name, upload.read())
        except ingest.ImportRefused as error:
            raise forms.ValidationError(error.message) from error

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("upload")
        if "upload" in self.errors:
            return cleaned
        if upload and text.strip():
            raise forms.ValidationError(
                "Paste the text or upload a file, not both: clear one of them."
            )
        if not upload and not text:
            raise forms.ValidationError("Paste the article's text or upload a file.")
        try:
            cleaned["body"] = upload or ingest.check_text(text)
        except ingest.ImportRefused as error:
            self.refuse(error)
            return cleaned
        if "url" not in self.errors and "publisher" not in self.errors:
            try:
                cleaned["publisher"] = ingest.publisher_or_host(
                    cleaned.get("publisher"), cleaned.get("url", "")
                )
            except ingest.ImportRefused as error:
                self.refuse(error)
        slug = cleaned.get("slug")
        checksum = ingest.checksum(cleaned["body"])
        # The same text again is not an error: the import reports where it already is.
        if slug and Source.objects.filter(slug=slug).exclude(checksum=checksum).exists():
            self.add_error("slug", f"A source with the slug “{slug}” already exists.")
        return cleaned

    def pipeline_arguments(self):
        """Keyword arguments for ingest.import_source, from the cleaned data."""
        data = self.cleaned_data
        return {
            "text": data["body"],
            "title": data["title"],
            "publisher": data["publisher"],
            "language": data["language"],
            "published_on": data["published_on"],
            "url": data["url"],
            "slug": data["slug"] or None,
        }


class BodyField(forms.CharField):
    """The article text, with browser line breaks (CRLF) read as the stored ones (LF).

    Without this a textarea posted back unchanged would count as an edit and cut
    the sentences again.
    """

    def to_python(self, value):
        return ingest.normalize_text(super().to_python(value))


class _Rollback(Exception):
    """Undoes a trial re-segmentation."""


def evidence_lost_by(source, body, language):
    """The evidence links of `source` that saving `body` in `language` would drop.

    Runs the model's own re-anchoring on a fresh copy of the source in a
    transaction that is always rolled back, so the answer is exactly what
    saving would do.
    """
    probe = Source.objects.get(pk=source.pk)
    probe.body, probe.language = body, language
    lost = []
    try:
        with transaction.atomic():
            lost = probe.resegment(accept_losses=True)
            raise _Rollback
    except _Rollback:
        pass
    except IntegrityError as error:
        # Refuse in the form rather than fail while saving; the trial changed nothing.
        raise forms.ValidationError(
            f"The sentences could not be cut again with the evidence re-anchored ({error}); "
            "nothing was saved."
        ) from error
    return lost


class SourceAdminForm(forms.ModelForm):
    """A source's metadata and text; a text change that loses evidence needs confirming."""

    body = BodyField(
        widget=AdminTextareaWidget(attrs={"rows": 20}),
        help_text=(
            "The full text. Saving a changed text cuts the sentences again and finds every "
            f"evidence link again by its quote. {LIMITS_HELP}"
        ),
    )
    url = WebAddressField()
    drop_lost_evidence = forms.BooleanField(required=False)
    # The ids of the links listed to the editor, so a confirmation drops exactly those.
    listed_losses = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Source
        fields = ["title", "slug", "publisher", "url", "language", "published_on", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lost_evidence = []

    @property
    def changes_text(self):
        """Whether saving must cut the sentences again: a new source, or new text or language."""
        return self.instance.pk is None or bool({"body", "language"} & set(self.changed_data))

    @property
    def lost_by_event(self):
        """The links that would be lost, as (event, [evidence…]) in the order found."""
        groups = {}
        for evidence in self.lost_evidence:
            groups.setdefault(evidence.event, []).append(evidence)
        return list(groups.items())

    def clean_body(self):
        try:
            return ingest.check_text(self.cleaned_data["body"])
        except ingest.ImportRefused as error:
            raise forms.ValidationError(error.message) from error

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.changes_text:
            return cleaned
        if "body" not in cleaned or "language" not in cleaned:
            return cleaned
        self.lost_evidence = evidence_lost_by(self.instance, cleaned["body"], cleaned["language"])
        if not self.lost_evidence:
            return cleaned
        count = len(self.lost_evidence)
        listed = ",".join(str(pk) for pk in sorted(e.pk for e in self.lost_evidence))
        label = f"Drop these {count} evidence links" if count > 1 else "Drop this evidence link"
        self.fields["drop_lost_evidence"].label = label
        if cleaned.get("drop_lost_evidence") and cleaned.get("listed_losses") == listed:
            return cleaned
        # Re-display the list as it is now, unconfirmed: a confirmation of another list
        # (the text was edited again) must not drop links the editor has not seen.
        self.data = self.data.copy()
        self.data[self.add_prefix("listed_losses")] = listed
        self.data.pop(self.add_prefix("drop_lost_evidence"), None)
        raise forms.ValidationError(
            f"This text no longer contains the quote of {count} evidence "
            f"link{'s' if count > 1 else ''}, listed below by event. Put the quoted text back, "
            f"or tick “{label}” and save again."
        )
