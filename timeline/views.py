"""Public pages: the timeline, event permalinks and the article reader."""

from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from timeline.models import Event, Source


def event_list(request):
    """The timeline: published events in chronological order with their evidence."""
    events = Event.objects.published().with_evidence()
    return render(request, "timeline/event_list.html", {"events": events})


def event_detail(request, slug):
    """One event's permalink: a full page, or its evidence panel when htmx asks."""
    event = get_object_or_404(Event.objects.visible_to(request.user).with_evidence(), slug=slug)
    template = "timeline/event_detail.html"
    if request.htmx:
        template += "#panel"
    response = render(request, template, {"event": event})
    patch_vary_headers(response, ["HX-Request"])
    return response


def source_detail(request, slug):
    """The article reader: every sentence addressable as #s-N, evidence highlighted."""
    source = get_object_or_404(Source, slug=slug)
    sentences = source.sentences.prefetch_related("evidence__event")
    return render(
        request, "timeline/source_detail.html", {"source": source, "sentences": sentences}
    )
