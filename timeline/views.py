"""Public pages: the timeline, event permalinks and the article reader."""

from itertools import groupby
from urllib.parse import urlsplit

from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

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
