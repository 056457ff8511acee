"""The events table (django-tables2): columns, chronological sorting by EDTF bounds, paging.

Sorting and pagination are plain links, so the table works without
JavaScript; htmx swaps only the table region when it is there (see
views.EventTableView). The same table is the CSV and XLSX export: every cell
has a plain-text value (`value_*`), and two columns exist only there (the
EDTF value and the permalink).
"""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from timeline.models import Event


class BoundedPaginator(Paginator):
    """A paginator that keeps `?per_page=` within 1 to MAX_PER_PAGE rows, whatever the URL says."""

    MAX_PER_PAGE = 100

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = min(max(int(per_page), 1), self.MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)


class EventTable(tables.Table):
    caption = _lazy("Published events")

    date = tables.Column(
        accessor="when_display",
        verbose_name=_lazy("Date"),
        attrs={"td": {"class": "events__date"}},
    )
    title = tables.Column(
        verbose_name=_lazy("Title"), linkify=True, attrs={"td": {"class": "events__title"}}
    )
    kind = tables.Column(verbose_name=_lazy("Kind"))
    actors = tables.ManyToManyColumn(verbose_name=_lazy("Actors"), orderable=False)
    evidence = tables.Column(
        accessor="evidence_count",
        verbose_name=_lazy("Evidence"),
        attrs={"th": {"class": "numeric"}, "td": {"class": "numeric"}},
    )
    # Computed by render_sources; empty_values=() so it renders even without a value.
    sources = tables.Column(verbose_name=_lazy("Sources"), empty_values=(), orderable=False)
    # Exported, never shown: visible=False columns are part of django-tables2's exports.
    when = tables.Column(verbose_name=_lazy("Date (EDTF)"), visible=False, orderable=False)
    permalink = tables.Column(
        accessor="get_absolute_url", verbose_name=_lazy("Permalink"), visible=False, orderable=False
    )

    class Meta:
        model = Event
        fields = ()
        sequence = ("date", "when", "title", "kind", "actors", "evidence", "sources", "permalink")
        template_name = "django_tables2/accessible.html"
        attrs = {"class": "events"}
        order_by_field = "sort"
        empty_text = _lazy("No published events match these filters.")

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

    def value_actors(self, record):
        """The actors' names as plain text: "Donald Trump, Vladimir Putin"."""
        return ", ".join(actor.name for actor in record.actors.all())

    def value_sources(self, record):
        """The sources as plain text: "Financial Times, 18 March 2025; …"."""
        return "; ".join(
            f"{source.publisher}, {date_format(source.published_on, _('j F Y'))}"
            for source in self._sources(record).values()
        )

    def value_permalink(self, record):
        """The permalink as a full URL."""
        return self.request.build_absolute_uri(record.get_absolute_url())

    @staticmethod
    def _sources(record):
        """{source id: source} of the event's evidence, in evidence order, from the prefetch."""
        sources = {}
        for evidence in record.evidence.all():
            sources.setdefault(evidence.sentence.source_id, evidence.sentence.source)
        return sources

    def render_sources(self, record):
        """Links to the distinct sources of the event's evidence, from the prefetched evidence."""
        sources = self._sources(record)
        if not sources:
            return "—"
        links = [
            (
                source.get_absolute_url(),
                source.publisher,
                date_format(source.published_on, _("j F Y")),
            )
            for source in sources.values()
        ]
        return format_html(
            '<ul class="cell-list">{}</ul>',
            format_html_join("", '<li><a href="{}">{}, {}</a></li>', links),
        )
