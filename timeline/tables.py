"""The events table: published events, sortable and paginated, with the timeline's filters.

Sorting and pagination are plain links and the filters a plain GET form, so the
table works without JavaScript; htmx swaps only the table region when it is
there. The view renders the `table` partial of the same template for htmx
requests, and the full page otherwise.
"""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from timeline.filters import EventFilter
from timeline.models import Event

TEMPLATE = "timeline/event_table.html"


class BoundedPaginator(Paginator):
    """A paginator that keeps `?per_page=` within 1 to MAX_PER_PAGE rows, whatever the URL says."""

    MAX_PER_PAGE = 100

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(int(per_page), 1), self.MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)


class EventTable(tables.Table):
    caption = "Published events"

    date = tables.Column(
        accessor="when_display",
        verbose_name="Date",
        attrs={"td": {"class": "events__date"}},
    )
    title = tables.Column(linkify=True, attrs={"td": {"class": "events__title"}})
    kind = tables.Column()
    actors = tables.ManyToManyColumn(orderable=False)
    evidence = tables.Column(
        accessor="evidence_count",
        verbose_name="Evidence",
        attrs={"th": {"class": "numeric"}, "td": {"class": "numeric"}},
    )
    # Computed by render_sources; empty_values=() so it renders even without a value.
    sources = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = Event
        fields = ()
        sequence = ("date", "title", "kind", "actors", "evidence", "sources")
        template_name = "django_tables2/accessible.html"
        attrs = {"class": "events"}
        order_by_field = "sort"
        empty_text = "No published events match these filters."

    def order_date(self, queryset, is_descending):
        """The queryset in chronological order of the EDTF bounds, never of the `when` text."""
        lower, upper = F("when_lower"), F("when_upper")
        if is_descending:
            ordering = [lower.desc(nulls_last=True), upper.desc(nulls_first=True), "-order", "-pk"]
        else:
            ordering = [lower.asc(nulls_first=True), upper.asc(nulls_last=True), "order", "pk"]
        return queryset.order_by(*ordering), True

    def order_title(self, queryset, is_descending):
        """The queryset by title, with a stable tie-break so pages never overlap."""
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}title", f"{prefix}pk"), True

    def order_evidence(self, queryset, is_descending):
        """The queryset by number of evidence sentences, then chronologically."""
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}evidence_count", "when_lower", "pk"), True

    def render_sources(self, record):
        """Links to the distinct sources of the event's evidence, from the prefetched evidence."""
        sources = {}
        for evidence in record.evidence.all():
            sources.setdefault(evidence.sentence.source_id, evidence.sentence.source)
        if not sources:
            return "—"
        links = [
            (source.get_absolute_url(), source.publisher, date_format(source.published_on, "j F Y"))
            for source in sources.values()
        ]
        return format_html(
            '<ul class="cell-list">{}</ul>',
            format_html_join("", '<li><a href="{}">{}, {}</a></li>', links),
        )


class EventTableView(SingleTableMixin, FilterView):
    """Published events as a table, filtered like the timeline; htmx gets only the table region."""

    filterset_class = EventFilter
    table_class = EventTable
    template_name = TEMPLATE
    # Invalid filter values are shown as errors next to their field, and the
    # valid filters still apply (strict mode would show no events at all).
    strict = False
    # Not `paginate_by`: ListView would paginate a second time and answer 404
    # to ?page=abc, where django-tables2 falls back to the first or last page.
    table_pagination = {"per_page": 25, "paginator_class": BoundedPaginator}

    def get_queryset(self):
        """Published events in chronological order, evidence counted, the rest prefetched."""
        return Event.objects.published().with_evidence().with_evidence_count()

    def get_filterset(self, filterset_class):
        """The timeline's filters, each field described by its help text and error container."""
        filterset = super().get_filterset(filterset_class)
        for bound_field in filterset.form:
            # The error container is always there (empty when the value is fine), so the
            # description stays right when htmx replaces the errors but not the field.
            described_by = [f"{bound_field.auto_id}_errors"]
            if bound_field.help_text:
                described_by.insert(0, f"{bound_field.auto_id}_helptext")
            bound_field.field.widget.attrs["aria-describedby"] = " ".join(described_by)
        return filterset

    @property
    def wants_fragment(self):
        """Whether to render only the table region: htmx asked, and not to restore history."""
        htmx = self.request.htmx
        return bool(htmx) and not htmx.history_restore_request

    def get_template_names(self):
        """The full page, or only its `table` partial for htmx."""
        return [f"{TEMPLATE}#table" if self.wants_fragment else TEMPLATE]

    def get_context_data(self, **kwargs):
        """The filter form, the table and whether this is the htmx fragment."""
        return super().get_context_data(fragment=self.wants_fragment, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        """The response, marked as varying by htmx's request headers."""
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
        return response
