"""Editing in the Django admin: events with their evidence, sources with their sentences.

Every model editors change keeps its history (django-simple-history): each
change page has a History page listing who changed what and when, field by
field, from which any earlier version can be restored ("Revert"). Events and
sources refuse a save based on a revision older than the stored one.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Count, ForeignKey, Max
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.admin import SimpleHistoryAdmin

from timeline import dates, ingest
from timeline.forms import (
    LIMITS_HELP,
    CeasefireStepFormSet,
    EventAdminForm,
    EvidenceForm,
    EvidenceFormSet,
    RevisionCheckedForm,
    SourceAdminForm,
    SourceImportForm,
)
from timeline.history import Revisioned, StaleRevision, field_changes
from timeline.models import (
    Actor,
    Ceasefire,
    CeasefireStep,
    Event,
    Evidence,
    Sentence,
    Source,
    Translation,
)
from timeline.suggestions import suggest_event

admin.site.site_header = "Ceasefire Timeline editing"
admin.site.site_title = "Ceasefire Timeline"
admin.site.index_title = "Build the timeline"


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin with a History page (field-by-field changes, revert) and stale saves refused.

    Give a new model `history = History()` (timeline.history) and register it
    with a subclass of this; subclass RevisionCheckedForm for its form and
    `Revisioned` for its model to refuse stale saves too.
    """

    object_history_list_template = "admin/timeline/object_history_list.html"
    object_history_form_template = "admin/timeline/object_history_form.html"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The row's records with their users and related rows, for the History page."""
        records = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        # Named here: simple-history's own select_related() with no names is deprecated in 6.1.
        related = [f.name for f in records.model.tracked_fields if isinstance(f, ForeignKey)]
        return records.select_related(*related) if related else records

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Give each record (newest first) the fields it changed against the one before it."""
        records = list(historical_records)
        for record, before in zip(records, records[1:], strict=False):
            record.history_delta_changes = field_changes(before, record)

    def hold(self, request, obj, form, change):
        """Before saving: lock a changed row at the form's revision, or prepare a restored one."""
        if not change or not isinstance(obj, Revisioned):
            return
        if obj.stored_revision() is None:
            # Restoring a deleted row from its history: insert it, past every revision it had.
            obj._state.adding = True
            obj.revision = (obj.history.aggregate(Max("revision"))["revision__max"] or 0) + 1
        elif isinstance(form, RevisionCheckedForm):
            form.lock_revision()

    def save_model(self, request, obj, form, change):
        self.hold(request, obj, form, change)
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRevision:
            # Another save landed between this form's check and its save, and everything this
            # one wrote was rolled back: showing the form again shows the refusal.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revert page, saving in one transaction like the change page: stale saves refused."""
        args = (request, object_id, version_id, extra_context)
        try:
            return self.atomic_history_form_view(*args)
        except StaleRevision:  # as in changeform_view
            return self.atomic_history_form_view(*args)

    def atomic_history_form_view(self, *args):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(*args)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    form = EvidenceForm
    formset = EvidenceFormSet
    # At least 1: an add form from a sentence puts its prefilled row in the first extra form.
    extra = 1
    autocomplete_fields = ["sentence"]
    fields = ["sentence", "attribution", "quote", "note", "order"]


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = EventAdminForm
    object_history_template = "admin/timeline/event/object_history.html"
    list_display = ["title", "date", "kind", "status", "evidence_count", "updated"]
    list_display_links = ["title"]
    list_filter = ["status", "kind", "actors"]
    search_fields = ["title", "summary", "slug", "evidence__sentence__text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["actors"]
    inlines = [EvidenceInline]
    readonly_fields = ["date_preview", "old_addresses", "created", "updated", "revision"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "kind", "summary", "actors"]}),
        ("Date", {"fields": ["when", "date_preview", "date_text", "timing", "order"]}),
        (
            "History",
            {
                "fields": ["old_addresses", "created", "updated", "revision"],
                "classes": ["collapse"],
            },
        ),
    ]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_evidence_count()

    def has_publish_permission(self, request):
        """Whether the user may publish and unpublish events (reviewers; editors may not)."""
        return request.user.has_perm(f"{self.opts.app_label}.publish_event")

    def get_readonly_fields(self, request, obj=None):
        """Status is shown but not editable without the publish permission: drafts stay drafts."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    def suggestion(self, request):
        """The draft suggested by `?from_sentence=<pk>`; None unless it is a reporting sentence."""
        if not hasattr(request, "_event_suggestion"):
            value = request.GET.get("from_sentence", "")
            sentence = None
            if value.isascii() and value.isdigit() and len(value) <= 18:
                sentence = (
                    Sentence.objects.select_related("source")
                    .filter(pk=int(value), is_boilerplate=False)
                    .first()
                )
            request._event_suggestion = suggest_event(sentence) if sentence else None
        return request._event_suggestion

    def get_changeform_initial_data(self, request):
        """The add form's initial values, prefilled from a sentence when one is named."""
        initial = super().get_changeform_initial_data(request)
        suggestion = self.suggestion(request)
        if suggestion:
            fields = ["title", "slug", "when", "date_text", "kind", "status"]
            initial.update({name: suggestion[name] for name in fields})
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """Inline formset arguments; on the add form from a sentence, that sentence as evidence."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Only when showing the form: initial data on a POST would make the row look unchanged,
        # and Django would skip it as an empty extra form.
        adding = obj is None or obj._state.adding
        if isinstance(inline, EvidenceInline) and adding and request.method == "GET":
            suggestion = self.suggestion(request)
            if suggestion:
                kwargs["initial"] = [
                    {
                        "sentence": suggestion["sentence"].pk,
                        "attribution": suggestion["attribution"],
                    }
                ]
        return kwargs

    def history_view(self, request, object_id, extra_context=None):
        """The event's history, followed by the history of its evidence links."""
        try:
            event = Event(pk=int(unquote(object_id)))
        except ValueError as error:
            raise Http404 from error
        context = {"evidence_changes": event.evidence_changes()[::-1], **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def response_add(self, request, obj, post_url_continue=None):
        self.say_if_draft(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.say_if_draft(request, obj)
        return super().response_change(request, obj)

    def say_if_draft(self, request, event):
        """Tell the editor a saved event is a draft, readers cannot see it, and how to publish."""
        if event.status != Event.Status.DRAFT:
            return
        if not self.has_publish_permission(request):
            self.message_user(
                request,
                format_html(
                    _(
                        "“{}” is saved as a draft: readers cannot see it "
                        "until a reviewer publishes it."
                    ),
                    event.title,
                ),
                messages.INFO,
            )
            return
        self.message_user(
            request,
            format_html(
                "“{}” is saved as a draft: readers cannot see it yet. When its title, date and "
                'evidence are right, <a href="{}">open it</a>, set Status to Published and save.',
                event.title,
                reverse("admin:timeline_event_change", args=[event.pk]),
            ),
            messages.INFO,
        )

    @admin.display(description="Date", ordering="when_lower")
    def date(self, event):
        return event.when_display

    @admin.display(description="Shown as")
    def date_preview(self, event):
        return event.when_display if event.pk else "Saved events show their readable date here."

    @admin.display(description="Old addresses")
    def old_addresses(self, event):
        """The slugs the event had before, each still redirecting to its permalink."""
        old = (
            [reverse("event-detail", args=[o.slug]) for o in event.old_slugs.all()]
            if event.pk
            else []
        )
        if not old:
            return "None: the event has not been renamed."
        return format_html_join(", ", "<code>{}</code>", ((path,) for path in old))

    @admin.display(description="Evidence", ordering="evidence_count")
    def evidence_count(self, event):
        return event.evidence_count

    def change_status(self, request, queryset, status):
        """Set `status` on the events that lack it, logging each change; returns how many."""
        changed = list(queryset.exclude(status=status))
        for event in changed:
            event.status = status
            event.save(update_fields=["status", "updated"])
            self.log_change(request, event, [{"changed": {"fields": ["Status"]}}])
        return len(changed)

    @admin.action(description="Publish the selected events", permissions=["publish"])
    def publish(self, request, queryset):
        unsupported = list(queryset.without_reporting_evidence().order_by("title"))
        count = self.change_status(
            request, queryset.exclude(pk__in=[e.pk for e in unsupported]), Event.Status.PUBLISHED
        )
        self.message_user(request, f"{count} event(s) published.")
        if unsupported:
            listed = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:timeline_event_change", args=[e.pk]), e.title)
                    for e in unsupported
                ),
            )
            self.message_user(
                request,
                format_html(
                    "Not published, because no reporting sentence supports them yet: {}. "
                    "Add evidence first.",
                    listed,
                ),
                messages.ERROR,
            )

    @admin.action(description="Return the selected events to draft", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self.change_status(request, queryset, Event.Status.DRAFT)
        self.message_user(request, f"{count} event(s) returned to draft.")


class SentenceInline(admin.TabularInline):
    """A source's sentences, read-only, with the dates found in each and a new-event link."""

    model = Sentence
    fields = ["position", "text", "dates_found", "is_boilerplate", "start", "end", "new_event"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Dates")
    def dates_found(self, sentence):
        """Each date expression as a readable label; the words as written in its tooltip."""
        return format_html_join(
            " ",
            '<small class="date-mention" title="“{}” ({})">{}</small>',
            (
                (mention.text, mention.edtf, dates.display_mention(mention.edtf))
                for mention in sentence.date_mentions()
            ),
        )

    @admin.display(description="Event")
    def new_event(self, sentence):
        """Links to add an event from this sentence and to translate it (not promotion lines)."""
        if sentence.is_boilerplate:
            return ""
        event_url = reverse("admin:timeline_event_add") + f"?from_sentence={sentence.pk}"
        translate_url = reverse("admin:timeline_translation_add") + f"?sentence={sentence.pk}"
        return format_html(
            '<a href="{}">Event from this sentence</a><br><a href="{}">Translate it</a>',
            event_url,
            translate_url,
        )


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    """Sources: imported through import_view, edited here with evidence re-anchored by quote."""

    form = SourceAdminForm
    list_display = ["title", "publisher", "published_on", "language", "sentence_count"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "publisher", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["checksum", "created", "updated", "revision"]
    # Declared so the form's confirmation fields stay out of them: the template places those.
    fieldsets = [
        (None, {"fields": ["title", "slug", "publisher", "url", "language", "published_on"]}),
        (
            "A translation of",
            {
                "fields": ["original_publisher", "original_title", "original_language"],
                "description": "Fill in when this text translates another publisher's original.",
            },
        ),
        ("Text", {"fields": ["body"]}),
        (
            "History",
            {"fields": ["checksum", "created", "updated", "revision"], "classes": ["collapse"]},
        ),
    ]
    inlines = [SentenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sentence_count=Count("sentences"))

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="timeline_source_import",
        )
        return [import_url, *super().get_urls()]

    @admin.display(description="Sentences", ordering="sentence_count")
    def sentence_count(self, source):
        return source.sentence_count

    def import_view(self, request):
        """The import form; a valid one runs ingest.import_source and opens the source."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SourceImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = ingest.import_source(form.instance)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                source = result.source
                change_url = reverse("admin:timeline_source_change", args=[source.pk])
                if not result.created:
                    self.message_user(
                        request,
                        f"This text was already imported as “{source.slug}”; nothing changed.",
                        messages.INFO,
                    )
                    return redirect(change_url)
                self.log_addition(request, source, [{"added": {}}])
                self.message_user(
                    request,
                    f"Imported “{source.title}” as “{source.slug}”: {result.sentences} sentences, "
                    f"{len(result.boilerplate)} marked as boilerplate.",
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import an article",
            "form": form,
            "media": self.media + form.media,
            "limits": LIMITS_HELP,
        }
        return TemplateResponse(request, "admin/timeline/source/import.html", context)

    def save_model(self, request, obj, form, change):
        """Save; a new or changed text is cut again, dropping only the links the editor saw."""
        if change and not form.changes_text:
            super().save_model(request, obj, form, change)
            if "published_on" in form.changed_data:
                # Relative dates ("am Dienstag") resolve against the publication date.
                obj.retag()
            return
        # Refused here if another save landed since the form's check: a stale text is never cut.
        self.hold(request, obj, form, change)
        dropped = obj.resegment(accept_losses=bool(form.lost_evidence)).dropped
        if dropped:
            listed = format_html_join(
                "; ",
                '<a href="{}">{}</a>: “{}”',
                (
                    (
                        reverse("admin:timeline_event_change", args=[e.event_id]),
                        e.event,
                        e.selector.exact,
                    )
                    for e in dropped
                ),
            )
            self.message_user(
                request,
                format_html("Dropped {} evidence link(s): {}", len(dropped), listed),
                messages.WARNING,
            )


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    """Read-only: sentences come from segmenting a source. Registered for the evidence search."""

    list_display = ["position", "short_text", "source", "is_boilerplate"]
    list_filter = ["is_boilerplate", "source"]
    list_select_related = ["source"]
    search_fields = ["text", "source__title"]
    fields = ["source", "position", "text", "is_boilerplate", "start", "end", "events"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Text")
    def short_text(self, sentence):
        return sentence.text[:120]

    @admin.display(description="Evidence for")
    def events(self, sentence):
        links = sentence.evidence.select_related("event")
        return (
            format_html_join(
                ", ", '<a href="{}">{}</a>', ((e.event.get_absolute_url(), e.event) for e in links)
            )
            or "—"
        )


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    """Evidence links, edited with their event; here for their History pages, to restore them.

    Not listed on the admin index: the event form is where evidence is edited.
    """

    form = EvidenceForm
    list_display = ["__str__", "attribution"]
    list_select_related = ["event", "sentence__source"]
    search_fields = ["quote", "attribution", "event__title"]
    autocomplete_fields = ["sentence"]
    fields = ["event", "sentence", "attribution", "quote", "note", "order"]
    readonly_fields = ["event"]

    def has_module_permission(self, request):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Translation)
class TranslationAdmin(HistoryAdmin):
    """Translations written by people, shown beneath the sentence they translate."""

    list_display = ["short_text", "language", "translator", "sentence", "updated"]
    list_filter = ["language", "translator"]
    list_select_related = ["sentence__source"]
    search_fields = ["text", "sentence__text", "translator"]
    autocomplete_fields = ["sentence"]
    fields = ["sentence", "language", "text", "translator"]

    @admin.display(description="Translation")
    def short_text(self, translation):
        return translation.text[:120]


if admin.site.is_registered(AccessAttempt):
    # django-axes's own action deletes records but declares no permission, so any staff
    # account that may view sign-in attempts could run it. Every action declares one.
    class AccessAttemptWithDeclaredActionsAdmin(AccessAttemptAdmin):
        """django-axes's sign-in attempts, its clean-up action needing "delete access attempt"."""

        @admin.action(description=gettext_lazy("Clean up expired attempts"), permissions=["delete"])
        def cleanup_expired_attempts(self, request, queryset):
            return super().cleanup_expired_attempts(request, queryset)

    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AccessAttemptWithDeclaredActionsAdmin)


class CeasefireStepInline(admin.TabularInline):
    """A ceasefire's steps: each an event (its date and evidence), a stage and a party."""

    model = CeasefireStep
    formset = CeasefireStepFormSet
    extra = 1
    autocomplete_fields = ["event", "party"]
    fields = ["stage", "event", "event_date", "party", "order"]
    readonly_fields = ["event_date"]

    @admin.display(description=_lazy("Date (from the event)"))
    def event_date(self, step):
        return step.event.when_display if step.event_id else "—"


@admin.register(Ceasefire)
class CeasefireAdmin(HistoryAdmin):
    """Ceasefires with their steps inline; status is derived from the steps, never typed."""

    list_display = ["name", "kind", "scope", "status", "status_today", "updated"]
    list_filter = ["status", "kind", "scope"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parties"]
    inlines = [CeasefireStepInline]
    readonly_fields = ["status_today", "expiry", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "summary"]}),
        (
            _lazy("What it is"),
            {"fields": ["kind", "scope", "scope_text", "parties", "form", "purpose"]},
        ),
        (
            _lazy("How long"),
            {"fields": ["announced_duration", "expiry", "status_today"]},
        ),
        (_lazy("History"), {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_steps(public=False)

    def has_publish_permission(self, request):
        """Whether the user may publish ceasefires: the same right as publishing events."""
        return request.user.has_perm(f"{self.opts.app_label}.publish_event")

    def get_readonly_fields(self, request, obj=None):
        """Status is shown but not editable without the publish permission."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    @admin.display(description=_lazy("Status today"))
    def status_today(self, ceasefire):
        if not ceasefire.pk:
            return gettext("Derived from the steps once saved.")
        return ceasefire.status_on(timezone.localdate()).label

    @admin.display(description=_lazy("Expiry (derived)"))
    def expiry(self, ceasefire):
        end, basis = ceasefire.end_date if ceasefire.pk else (None, "")
        if not end:
            return gettext("None yet: it needs a declared or in-force step on a known day.")
        if basis == "announced":
            return gettext("%(date)s (announced end)") % {"date": dates.day_words(end)}
        return gettext("%(date)s (as reported)") % {"date": dates.day_words(end)}

    @admin.action(description=_lazy("Publish the selected ceasefires"), permissions=["publish"])
    def publish(self, request, queryset):
        unsupported = list(queryset.without_reporting_evidence().order_by("name"))
        changed = list(
            queryset.exclude(pk__in=[c.pk for c in unsupported]).exclude(
                status=Ceasefire.Status.PUBLISHED
            )
        )
        for ceasefire in changed:
            ceasefire.status = Ceasefire.Status.PUBLISHED
            ceasefire.save(update_fields=["status", "updated"])
            self.log_change(request, ceasefire, [{"changed": {"fields": ["Status"]}}])
        self.message_user(
            request, gettext("%(count)d ceasefire(s) published.") % {"count": len(changed)}
        )
        if unsupported:
            listed = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:timeline_ceasefire_change", args=[c.pk]), c.name)
                    for c in unsupported
                ),
            )
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    gettext(
                        "Not published, because they have no step, or a step whose event no "
                        "reporting sentence supports:"
                    ),
                    listed,
                ),
                messages.ERROR,
            )

    @admin.action(
        description=_lazy("Return the selected ceasefires to draft"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        changed = list(queryset.exclude(status=Ceasefire.Status.DRAFT))
        for ceasefire in changed:
            ceasefire.status = Ceasefire.Status.DRAFT
            ceasefire.save(update_fields=["status", "updated"])
            self.log_change(request, ceasefire, [{"changed": {"fields": ["Status"]}}])
        self.message_user(
            request, gettext("%(count)d ceasefire(s) returned to draft.") % {"count": len(changed)}
        )
