"""Editing in the Django admin: events with their evidence, sources with their sentences."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html_join

from timeline.models import Actor, Event, Evidence, Sentence, Source

admin.site.site_header = "Ceasefire Timeline editing"
admin.site.site_title = "Ceasefire Timeline"
admin.site.index_title = "Build the timeline"


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    autocomplete_fields = ["sentence"]
    fields = ["sentence", "attribution", "quote", "note", "order"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "kind", "status", "evidence_count", "updated"]
    list_display_links = ["title"]
    list_filter = ["status", "kind", "actors"]
    search_fields = ["title", "summary", "slug", "evidence__sentence__text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["actors"]
    inlines = [EvidenceInline]
    readonly_fields = ["date_preview", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "kind", "summary", "actors"]}),
        ("Date", {"fields": ["when", "date_preview", "date_text", "order"]}),
        ("History", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_evidence_count()

    @admin.display(description="Date", ordering="when_lower")
    def date(self, event):
        return event.when_display

    @admin.display(description="Shown as")
    def date_preview(self, event):
        return event.when_display if event.pk else "Saved events show their readable date here."

    @admin.display(description="Evidence", ordering="evidence_count")
    def evidence_count(self, event):
        return event.evidence_count

    @admin.action(description="Publish the selected events")
    def publish(self, request, queryset):
        updated = queryset.update(status=Event.Status.PUBLISHED)
        self.message_user(request, f"{updated} event(s) published.")

    @admin.action(description="Return the selected events to draft")
    def unpublish(self, request, queryset):
        updated = queryset.update(status=Event.Status.DRAFT)
        self.message_user(request, f"{updated} event(s) returned to draft.")


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ["position", "text", "is_boilerplate", "start", "end"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "language", "sentence_count"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "publisher", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["checksum", "created", "updated"]
    inlines = [SentenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sentence_count=Count("sentences"))

    @admin.display(description="Sentences", ordering="sentence_count")
    def sentence_count(self, source):
        return source.sentence_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "body" in form.changed_data or "language" in form.changed_data:
            obj.resegment()


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    """Read-only: sentences come from segmenting a source. Registered for the evidence search."""

    list_display = ["position", "short_text", "source", "is_boilerplate"]
    list_filter = ["is_boilerplate", "source"]
    list_select_related = ["source"]
    search_fields = ["text", "source__title"]
    fields = ["source", "position", "text", "is_boilerplate", "start", "end", "events"]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Evidence is reporting: the autocomplete never offers newsletter promotion lines.
        if request.path.endswith("/autocomplete/"):
            queryset = queryset.filter(is_boilerplate=False).select_related("source")
        return queryset, may_have_duplicates

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


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
