"""Editors' forms: importing an article, changing a source without losing evidence silently,
and refusing any change form saved on top of a newer revision.

`SourceImportForm` is the one validator of an import: the admin's import page
and `manage.py import_source` both fill it in, and only a valid form reaches
`timeline.ingest.import_source`. Field rules (lengths, URL schemes, languages,
slugs, text limits) come from the Source model itself.
"""

from urllib.parse import urlsplit

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _lazy
from simple_history.models import to_historic

from timeline import dates, formats, languages, sentences
from timeline.models import MAX_BODY_CHARS, Ceasefire, Event, Evidence, Source

NEEDS_EVIDENCE = (
    "A published event needs at least one evidence sentence that is reporting (not a "
    "promotion line): add one, or save the event as a draft."
)

LIMITS_HELP = (
    f"At most {MAX_BODY_CHARS:,} characters. One paragraph per line: "
    "a line break always ends a sentence."
)
ISO_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Messages a source's fields give in every form of it.
SOURCE_ERRORS = {
    "language": {"invalid_choice": languages.unsupported("%(value)s")},
    "published_on": {"invalid": "Enter a real date as YYYY-MM-DD."},
}


class ArticleTextField(forms.CharField):
    """The article text, normalized as stored: browser line breaks (CRLF) read as LF.

    Without this a textarea posted back unchanged would count as an edit and
    cut the sentences again.
    """

    def __init__(self, **kwargs):
        # The model's rules (not empty, no NUL, the length limit) before anything is cut.
        kwargs.setdefault("validators", Source._meta.get_field("body").validators)
        super().__init__(**kwargs)

    def to_python(self, value):
        return formats.normalize_text(super().to_python(value))


class SourceImportForm(forms.ModelForm):
    """An article to import, pasted or uploaded, with its metadata; checks everything once."""

    required_css_class = "required"

    body = ArticleTextField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"}),
        help_text=f"Paste the article here, or upload it below. {LIMITS_HELP}",
    )
    upload = forms.FileField(
        label="Or upload a file",
        required=False,
        # An empty file gets the same message as empty text, from clean_upload.
        allow_empty_file=True,
        help_text=(
            "A UTF-8 .txt, .md or .html file. HTML is reduced to its text (scripts, navigation, "
            "headers and footers dropped); Markdown loses its heading, emphasis and link marks."
        ),
    )

    class Meta:
        model = Source
        fields = ["body", "upload", "title", "publisher", "url", "language", "published_on", "slug"]
        help_texts = {
            "publisher": "Who published the article. Left empty, the URL's host name is used.",
            "published_on": "Relative dates in the text (“am Dienstag”) resolve against it.",
            "slug": "The address of the source in the reader. Left empty, made from the title.",
        }
        widgets = {"published_on": ISO_DATE_INPUT}
        error_messages = SOURCE_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled in by clean() when left empty, so not required as typed.
        self.fields["publisher"].required = False
        self.fields["slug"].required = False
        self.fields["published_on"].input_formats = ["%Y-%m-%d"]

    def clean_upload(self):
        """The uploaded file's text (HTML and Markdown reduced to text), or None."""
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > formats.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” has {upload.size:,} bytes; "
                f"the limit is {formats.MAX_UPLOAD_BYTES:,}."
            )
        text = formats.text_from_file(upload.name, upload.read())
        if not text:
            raise forms.ValidationError(
                f"“{upload.name}”: The text is empty: there is nothing to import."
            )
        try:
            # The body's own rules, reported on the field the text came from.
            Source._meta.get_field("body").run_validators(text)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                [f"“{upload.name}”: {message}" for message in error.messages]
            ) from error
        return text

    def clean(self):
        cleaned = super().clean()
        if "upload" in self.errors or "body" in self.errors:
            return cleaned
        text, upload = cleaned.get("body", ""), cleaned.get("upload")
        if upload and text:
            raise forms.ValidationError(
                "Paste the text or upload a file, not both: clear one of them."
            )
        if upload:
            cleaned["body"] = upload
        elif self.data.get(self.add_prefix("body")) and not text:
            self.add_error("body", "The text is empty: there is nothing to import.")
        elif not text:
            self.add_error(None, "Paste the article's text or upload a file.")
            # Nothing to check about a text that is not there (no "cannot be blank" as well).
            self._errors.setdefault("body", self.error_class())
        if not cleaned.get("publisher") and "url" not in self.errors:
            host = (urlsplit(cleaned.get("url") or "").hostname or "").removeprefix("www.")
            if host:
                cleaned["publisher"] = host
            else:
                self.add_error("publisher", "Name the publisher (or give the article's URL).")
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = Source.objects.unique_slug(cleaned["title"], 110, "source")
        return cleaned

    def validate_unique(self):
        """Uniqueness, except a slug that already names this very text: the import finds it."""
        slug, body = self.cleaned_data.get("slug"), self.cleaned_data.get("body")
        if body and Source.objects.filter(slug=slug, checksum=sentences.checksum(body)).exists():
            return
        super().validate_unique()


STALE = gettext_lazy(
    "Someone saved this %(model)s after you opened it, so your changes were not saved: "
    "saving them would undo theirs. What they changed is listed below. Reload the current "
    "version and make your changes again."
)


class RevisionCheckedForm(forms.ModelForm):
    """A change form that carries the revision it was opened at and refuses stale saves.

    The revision travels as a hidden field. A save whose revision is no longer
    the stored one is refused with a form error, nothing is saved (inlines
    neither), and `conflict` lists what was saved in between (see
    history.Revisioned.changes_since) for the page to show.
    """

    base_revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            # A revert page's instance is an old version: the form is based on the row as stored.
            historic = to_historic(self.instance) is not None
            stored = self.instance.stored_revision() if historic else self.instance.revision
            self.fields["base_revision"].initial = stored

    def clean(self):
        cleaned = super().clean()
        base = cleaned.get("base_revision")
        # A form posted without its revision (scripts, pages from before this check) is not
        # checked; a row that is gone is being restored from its history.
        if base is None or not self.instance.pk:
            return cleaned
        stored = self.instance.stored_revision()
        if stored is not None and stored != base:
            self.conflict = self.instance.changes_since(base)
            raise forms.ValidationError(
                STALE, code="stale", params={"model": self.instance._meta.verbose_name}
            )
        return cleaned

    def lock_revision(self):
        """Hold the row for this save if it is still at the form's revision (else StaleRevision).

        Closes the gap between `clean()` and the save, where another save could land.
        """
        base = self.cleaned_data.get("base_revision")
        if base is not None and self.instance.pk and self.instance.stored_revision() is not None:
            self.instance.lock_revision(base)


class EventAdminForm(RevisionCheckedForm):
    """An event in the admin, refused when saved on top of a newer revision."""

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "status",
            "kind",
            "summary",
            "actors",
            "when",
            "date_text",
            "timing",
            "order",
        ]


def evidence_lost_by(source, body, language):
    """The evidence links of `source` that saving `body` in `language` would drop.

    Runs the model's own re-anchoring on a fresh copy of the source in a
    transaction that is always rolled back, so the answer is exactly what
    saving would do.
    """
    probe = Source.objects.get(pk=source.pk)
    probe.body, probe.language = body, language
    try:
        with transaction.atomic():
            segmentation = probe.resegment(accept_losses=True)
            transaction.set_rollback(True)
    except IntegrityError as error:
        # Refuse in the form rather than fail while saving; the trial changed nothing.
        raise forms.ValidationError(
            f"The sentences could not be cut again with the evidence re-anchored ({error}); "
            "nothing was saved."
        ) from error
    return segmentation.dropped


class SourceAdminForm(RevisionCheckedForm):
    """A source's metadata and text; a text change that loses evidence needs confirming.

    A stale save (see RevisionCheckedForm) is refused before anything is cut:
    an old text is never cut into sentences over a newer one.
    """

    body = ArticleTextField(
        label="Text",
        widget=AdminTextareaWidget(attrs={"rows": 20}),
        help_text=(
            "The full text. Saving a changed text cuts the sentences again and finds every "
            f"evidence link again by its quote. {LIMITS_HELP}"
        ),
    )
    drop_lost_evidence = forms.BooleanField(required=False)
    # The ids of the links listed to the editor, so a confirmation drops exactly those.
    listed_losses = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Source
        fields = [
            "title",
            "slug",
            "publisher",
            "url",
            "language",
            "published_on",
            "original_publisher",
            "original_title",
            "original_language",
            "body",
        ]
        widgets = {"published_on": ISO_DATE_INPUT}
        error_messages = SOURCE_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Absent when the admin shows the source read-only (a reviewer may only view sources).
        if "published_on" in self.fields:
            self.fields["published_on"].input_formats = ["%Y-%m-%d"]
        self.lost_evidence = []
        # The text as stored: on a revert page the instance is an old version, not the row.
        rows = (
            Source.objects.filter(pk=self.instance.pk)
            if self.instance.pk
            else Source.objects.none()
        )
        self.stored_text = rows.values_list("body", "language").first()

    @property
    def changes_text(self):
        """Whether saving must cut the sentences again: a new source, or new text or language."""
        if self.stored_text is None:
            return True
        body, language = self.stored_text
        return self.cleaned_data.get("body", body) != body or (
            self.cleaned_data.get("language", language) != language
        )

    @property
    def lost_by_event(self):
        """The links that would be lost, as (event, [evidence…]) in the order found."""
        groups = {}
        for evidence in self.lost_evidence:
            groups.setdefault(evidence.event, []).append(evidence)
        return list(groups.items())

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


class EvidenceForm(forms.ModelForm):
    """One evidence row: a sentence, who makes the claim, and the quote it rests on.

    The quote field is empty while the link quotes the whole sentence, so
    pointing the row at another sentence simply quotes that one; an editor
    who narrows the quote types the part of the sentence it rests on.
    """

    class Meta:
        model = Evidence
        fields = ["sentence", "attribution", "quote", "note", "order"]
        help_texts = {
            "quote": "Leave empty to quote the whole sentence, or give the exact part of it "
            "this link rests on.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        evidence = self.instance
        if evidence.pk and not evidence.narrows_sentence:
            self.initial["quote"] = ""

    def clean(self):
        cleaned = super().clean()
        # A new sentence with the old narrowed quote left as it was: quote the new sentence.
        if "sentence" in self.changed_data and "quote" not in self.changed_data:
            cleaned["quote"] = ""
        return cleaned


class EvidenceFormSet(BaseInlineFormSet):
    """An event's evidence rows; a published event must keep at least one reporting sentence."""

    @staticmethod
    def sentence_kept(form):
        """The sentence a row keeps after saving, or None (an empty or deleted row)."""
        if form.cleaned_data.get("DELETE"):
            return None
        if not form.instance._state.adding and not form.has_changed():
            # Unchanged, or shown read-only to a reviewer who may not change evidence (whose
            # cleaned_data then holds the initial values, a sentence's id): as saved.
            return form.instance.sentence
        return form.cleaned_data.get("sentence")

    def clean(self):
        super().clean()
        if self.instance.status != Event.Status.PUBLISHED or any(self.errors):
            return
        kept = [self.sentence_kept(form) for form in self.forms]
        if not any(sentence and not sentence.is_boilerplate for sentence in kept):
            raise forms.ValidationError(NEEDS_EVIDENCE, code="needs_evidence")


class AsOfForm(forms.Form):
    """The day ceasefire status is told for (`?as_of=2025-03-25`); today when not given."""

    as_of = forms.CharField(
        label=_lazy("As of"),
        required=False,
        max_length=10,
        help_text=_lazy("A day, YYYY-MM-DD: ceasefires' status on that day. Empty: today."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "placeholder": _lazy("YYYY-MM-DD"),
                "autocomplete": "off",
                "aria-describedby": "id_as_of_helptext id_as_of_errors",
            }
        ),
    )

    def clean_as_of(self):
        value = self.cleaned_data["as_of"].strip()
        return dates.parse_day(value) if value else None

    def day(self):
        """The chosen day, or today (the site's time zone) when none, or none valid, is given."""
        chosen = self.cleaned_data.get("as_of") if self.is_valid() else None
        return chosen or timezone.localdate()


class CeasefireStepFormSet(BaseInlineFormSet):
    """A ceasefire's steps; a published ceasefire needs steps whose events rest on evidence."""

    def clean(self):
        super().clean()
        if self.instance.status != Ceasefire.Status.PUBLISHED or any(self.errors):
            return
        events = [
            form.cleaned_data["event"]
            for form in self.forms
            if form.cleaned_data.get("event") and not form.cleaned_data.get("DELETE")
        ]
        if not events:
            raise forms.ValidationError(
                gettext(
                    "A published ceasefire needs at least one step (an event with its "
                    "evidence): add one, or save the ceasefire as a draft."
                ),
                code="needs_steps",
            )
        unsupported = Event.objects.filter(pk__in=[e.pk for e in events])
        names = sorted(event.title for event in unsupported.without_reporting_evidence())
        if names:
            raise forms.ValidationError(
                gettext(
                    "A published ceasefire's steps must each rest on a reporting sentence; "
                    "these events cite none: %(events)s. Add evidence to them first, or save "
                    "the ceasefire as a draft."
                )
                % {"events": "; ".join(f"“{name}”" for name in names)},
                code="needs_evidence",
            )
