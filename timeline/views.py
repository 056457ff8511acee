"""Public pages: the timeline, event permalinks, the events table and the article reader.

Each page is one template whose swappable regions are named partials; htmx
requests get the partial, others the whole page, and every response says it
varies by the htmx request headers.
"""

import json
import logging
from itertools import groupby
from urllib.parse import urlsplit

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from timeline.filters import EventFilter
from timeline.models import Event, Source
from timeline.tables import BoundedPaginator, EventTable

# Responses differ for htmx (a fragment) and for its history restore (the whole page).
vary_on_htmx = vary_on_headers("HX-Request", "HX-History-Restore-Request")


def wants_fragment(request):
    """Whether htmx asked for a fragment (a history restore needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def group_by_year_and_month(events):
    """[(year heading, [(month heading, [events])])] in timeline order (see When.group)."""
    grouped = groupby(events, key=lambda event: event.parsed_when.group())
    years = []
    for (year, month), items in grouped:
        if not years or years[-1][0] != year:
            years.append((year, []))
        years[-1][1].append((month, list(items)))
    return years


@vary_on_htmx
def event_list(request):
    """The timeline: published events by year and month, filtered by the query string."""
    filterset = EventFilter(request.GET or None, queryset=Event.objects.published())
    events = list(filterset.qs.with_evidence())
    fragment = wants_fragment(request)
    context = {
        "filter": filterset,
        "years": group_by_year_and_month(events),
        "count": len(events),
        # Only a filter change is announced, not an event collapsing back into the list.
        "announce": fragment and request.htmx.trigger == "filters",
        # Sent with every entry's htmx request (hx-headers), so an entry opened while another
        # is open still knows which timeline, filters included, it collapses back to.
        "entry_headers": json.dumps({"Timeline-URL": request.get_full_path()}),
    }
    template = "timeline/event_list.html#filtered" if fragment else "timeline/event_list.html"
    return render(request, template, context)


def timeline_url(request):
    """The timeline URL to return to when an entry collapses, keeping the reader's filters.

    Read from the Timeline-URL header the timeline's entries send (or, from pages rendered
    before it existed, htmx's HX-Current-URL): untrusted input, so only its query string is
    kept, and only when it names the timeline itself.
    """
    timeline = reverse("event-list")
    candidate = request.headers.get("Timeline-URL") or request.htmx.current_url or ""
    try:
        current = urlsplit(candidate)
    except ValueError:  # "http://[::1" and the like
        return timeline
    if current.path == timeline and current.query:
        return f"{timeline}?{current.query}"
    return timeline


def open_event_slug(request):
    """The slug of the event the timeline has open: the one its URL (HX-Current-URL) names.

    The timeline keeps its URL naming the open event, so this is what an entry
    opening now must close.
    """
    try:
        match = resolve(urlsplit(request.htmx.current_url or "").path)
    except (ValueError, Resolver404):
        return None
    return match.kwargs.get("slug") if match.url_name == "event-detail" else None


@vary_on_htmx
@vary_on_headers("HX-Current-URL", "Timeline-URL")
def event_detail(request, slug):
    """One event's permalink: a full page, or its timeline entry when htmx asks.

    htmx gets the expanded entry, or with `?entry=collapsed` the collapsed one
    (the disclosure toggling back), rendered from the same `item` partial. An
    expanded entry comes with the entry open until now, collapsed out of band,
    so only one is ever open and the pushed URL names it.
    """
    visible = Event.objects.visible_to(request.user)
    fragment = wants_fragment(request)
    closing_slug = open_event_slug(request) if fragment else None
    # Both entries in one query, so closing the other one costs no extra queries.
    found = {
        event.slug: event
        for event in visible.with_evidence().filter(slug__in={slug, closing_slug} - {None})
    }
    if slug not in found:
        raise Http404
    event = found[slug]
    if fragment and request.GET.get("entry") == "collapsed":
        return render(request, "timeline/event_list.html#item", {"event": event})
    previous_event, next_event = visible.neighbours(event)
    sources = event.evidence_by_source()
    closing = found.get(closing_slug) if closing_slug != slug else None
    context = {
        "event": event,
        "sources": sources,
        "date_disagreement": event.date_disagreement(sources),
        "previous_event": previous_event,
        "next_event": next_event,
        "expanded": True,
        "timeline_url": timeline_url(request),
        # Only published events are on the timeline to be closed there.
        "closing": closing if closing and closing.status == Event.Status.PUBLISHED else None,
    }
    # The timeline swaps the whole entry, so its disclosure state comes from the server.
    template = "timeline/event_list.html#entry" if fragment else "timeline/event_detail.html"
    return render(request, template, context)


@method_decorator(vary_on_htmx, name="dispatch")
class EventTableView(SingleTableMixin, FilterView):
    """Published events as a table, filtered like the timeline; htmx gets only the table region."""

    filterset_class = EventFilter
    table_class = EventTable
    template_name = "timeline/event_table.html"
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

    def get_template_names(self):
        """The full page, or only its `table` partial for htmx."""
        if wants_fragment(self.request):
            return [f"{self.template_name}#table"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        """The filter form, the table and whether this is the htmx fragment."""
        return super().get_context_data(fragment=wants_fragment(self.request), **kwargs)


def source_detail(request, slug):
    """The article reader: every sentence addressable as #s-N, evidence highlighted."""
    source = get_object_or_404(Source, slug=slug)
    sentences = source.sentences.with_published_events()
    return render(
        request, "timeline/source_detail.html", {"source": source, "sentences": sentences}
    )


CSP_REPORT_MAX_BYTES = 64 * 1024
csp_logger = logging.getLogger("timeline.csp")


@csrf_exempt  # browsers send reports without a token
@require_POST
def csp_report(request):
    """Log each Content-Security-Policy violation a browser reports; 204, 400 or 413 if too big."""
    body = request.read(CSP_REPORT_MAX_BYTES + 1)
    if len(body) > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return HttpResponseBadRequest("A CSP report is JSON.")
    # report-uri posts one {"csp-report": {...}} (application/csp-report); the Reporting API posts
    # a list of reports of any type (application/reports+json), CSP ones typed "csp-violation".
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        violations = [data["csp-report"]]
    elif isinstance(data, list) and all(isinstance(report, dict) for report in data):
        violations = [r.get("body") for r in data if r.get("type") == "csp-violation"]
    else:
        return HttpResponseBadRequest("Neither a CSP report nor a list of reports.")
    for violation in violations:
        csp_logger.warning("CSP violation: %s", json.dumps(violation, sort_keys=True))
    return HttpResponse(status=204)
