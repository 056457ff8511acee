"""Public pages: the timeline, event permalinks and the article reader."""

import json
import logging
from itertools import groupby
from urllib.parse import urlsplit

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from timeline.dates import MONTH_NAMES
from timeline.filters import EventFilter
from timeline.models import Event, Source


def wants_fragment(request):
    """Whether htmx asked for a fragment (a history restore needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_varying(request, template, context):
    """Render `template`, marked as varying by HX-Request for caches."""
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def group_by_year_and_month(events):
    """[(year, [(month name or "", [events])])]: year-precise events first in their year."""

    def year(event):
        return event.when_lower.year if event.when_lower else None

    def month(event):
        precise = event.when_lower and (event.when[4:5] == "-" or "/" in event.when)
        return MONTH_NAMES[event.when_lower.month] if precise else ""

    return [
        (key, [(name, list(items)) for name, items in groupby(group, key=month)])
        for key, group in groupby(events, key=year)
    ]


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
    }
    template = "timeline/event_list.html#filtered" if fragment else "timeline/event_list.html"
    return render_varying(request, template, context)


def timeline_url(request):
    """The timeline URL to return to when a panel collapses, keeping the reader's filters."""
    current = urlsplit(request.htmx.current_url or "") if request.htmx else None
    if current and current.path == "/" and current.query:
        return f"/?{current.query}"
    return "/"


def event_detail(request, slug):
    """One event's permalink: a full page, or the expanded timeline entry when htmx asks."""
    visible = Event.objects.visible_to(request.user)
    event = get_object_or_404(visible.with_evidence(), slug=slug)
    if wants_fragment(request):
        # The timeline swaps the whole entry, so its disclosure state comes from the server.
        template = "timeline/event_list.html#item"
    else:
        template = "timeline/event_detail.html"
    previous_event, next_event = visible.neighbours(event)
    sources = event.evidence_by_source()
    context = {
        "event": event,
        "sources": sources,
        "date_disagreement": event.date_disagreement(sources),
        "previous_event": previous_event,
        "next_event": next_event,
        "expanded": True,
        "timeline_url": timeline_url(request),
    }
    return render_varying(request, template, context)


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
