"""Public pages: the timeline and its embed, event permalinks and their versions, the table and
the reader; the exports of published events and the files crawlers ask for.

Each page is one template whose swappable regions are named partials; htmx
requests get the partial, others the whole page, and every response says it
varies by the htmx request headers.
"""

import csv
import functools
import json
import logging
from itertools import groupby
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_filters.views import FilterView
from django_tables2.export import ExportMixin
from django_tables2.views import SingleTableMixin

from timeline import exports, i18n, overview, structured
from timeline.caching import cached_public_page
from timeline.feeds import EventFeed
from timeline.filters import EventFilter
from timeline.forms import AsOfForm
from timeline.models import Ceasefire, Event, Source
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
@cached_public_page
def event_list(request):
    """The timeline: published events by year and month, filtered by the query string."""
    context = timeline_context(request, reverse("event-list"))
    context["embed_code"] = embed_code(request)
    fragment = wants_fragment(request)
    template = "timeline/event_list.html#filtered" if fragment else "timeline/event_list.html"
    return render(request, template, context)


def timeline_context(request, page_url):
    """What the timeline's `filtered` partial shows for the query string, as the page at `page_url`.

    The timeline and its embed share it; `event` (the embed's open event) is no filter.
    """
    query = request.GET.copy()
    query.pop("event", None)
    filterset = EventFilter(query or None, queryset=Event.objects.published())
    events = list(filterset.qs.with_evidence())
    fragment = wants_fragment(request)
    as_of_form = AsOfForm(query)
    return {
        "filter": filterset,
        "years": group_by_year_and_month(events),
        "count": len(events),
        # Only a filter change is announced, not an event collapsing back into the list.
        "announce": fragment and request.htmx.trigger == "filters",
        # Sent with every entry's htmx request (hx-headers), so an entry opened while another
        # is open still knows which timeline, filters included, it collapses back to.
        "entry_headers": json.dumps(
            {"Timeline-URL": f"{page_url}?{query.urlencode()}" if query else page_url}
        ),
        "as_of_form": as_of_form,
        **overview_context(
            request, events, as_of_form.day(), filtered=filterset.is_bound, page_url=page_url
        ),
    }


def overview_context(request, events, as_of, filtered, page_url):
    """The overview's drawing and the ceasefire bands for the timeline, as of `as_of`.

    Filters apply: a filtered timeline shows the ceasefires one of whose steps
    is among its events. Two queries, however many events and ceasefires.
    """
    ceasefires = list(Ceasefire.objects.published().with_steps(public=True))
    shown = {event.pk for event in events}
    if filtered:
        ceasefires = [c for c in ceasefires if any(s.event_id in shown for s in c.steps.all())]
    ceasefires = [c for c in ceasefires if c.steps.all()]
    items = [
        overview.Item(
            event.when_lower,
            event.when_upper,
            f"{event.when_display}: {event.title}",
            event.get_absolute_url(),
            event.is_span,
            name=f"{event.when_display}, {i18n.in_sentence(event.get_kind_display())}",
        )
        for event in events
    ]
    # A bin links to the timeline filtered to its days, the reader's other choices kept.
    kept = [(k, v) for k, v in request.GET.items() if k not in ("start", "end", "event") and v]

    def bin_url(start, end):
        query = urlencode([*kept, ("start", start.isoformat()), ("end", end.isoformat())])
        return f"{page_url}?{query}"

    drawing = overview.layout(
        items,
        as_of=as_of,
        extra_ranges=[c.band() for c in ceasefires],
        bin_url=bin_url,
    )
    rows = []
    for ceasefire in ceasefires:
        segments = []
        if drawing:
            for kind, first, last in ceasefire.segments():
                x, width = drawing.axis.span(first, last)
                segments.append({"kind": kind, "x": x, "width": width})
        rows.append(
            {
                "ceasefire": ceasefire,
                "status": ceasefire.status_on(as_of),
                "dates": ceasefire.band_display,
                "segments": segments,
            }
        )
    as_of_query = f"?{urlencode({'as_of': as_of.isoformat()})}" if "as_of" in request.GET else ""
    return {
        "overview": drawing,
        "overview_summary": overview.summary(drawing, len(events)) if drawing else "",
        "ceasefire_rows": rows,
        "as_of": as_of,
        "as_of_query": as_of_query,
    }


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

    The timeline keeps its URL naming the open event (the permalink it pushed; in the embed,
    its `?event=`), so this is what an entry opening now must close.
    """
    try:
        current = urlsplit(request.htmx.current_url or "")
        match = resolve(current.path)
    except (ValueError, Resolver404):
        return None
    if match.url_name == "event-embed":
        return dict(parse_qsl(current.query)).get("event")
    return match.kwargs.get("slug") if match.url_name == "event-detail" else None


def embed_url(pairs):
    """The embed's URL for the query `pairs`, without its open event: what an entry collapses to."""
    query = urlencode([(name, value) for name, value in pairs if name != "event"])
    return f"{reverse('event-embed')}?{query}" if query else reverse("event-embed")


def embedding_url(request):
    """The embed an htmx entry request comes from (its URL, filters kept), or None.

    Read like `timeline_url`, from the Timeline-URL header (or HX-Current-URL): untrusted, so
    only a path that is the embed's counts, and its query is rebuilt from its parsed pairs.
    """
    candidate = request.headers.get("Timeline-URL") or request.htmx.current_url or ""
    try:
        current = urlsplit(candidate)
    except ValueError:
        return None
    if current.path != reverse("event-embed"):
        return None
    return embed_url(parse_qsl(current.query, keep_blank_values=True))


def embed_context(url):
    """What the timeline's partials need to render for the embed at `url` ({} off the embed).

    Entries in the embed open and close inside the frame: `embed_event_url` + a slug is the
    embed with that event open, the link that works without JavaScript.
    """
    if url is None:
        return {}
    return {"embedded": True, "embed_event_url": f"{url}{'&' if '?' in url else '?'}event="}


# Other sites may frame the embed, and nothing else: every other page keeps the site's
# `frame-ancestors 'none'` and X-Frame-Options DENY. The entries the embed opens are htmx
# requests (XHR, not frames), so /events/<slug>/ needs no such permission.
FRAMEABLE_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@vary_on_htmx
@xframe_options_exempt
@csp_override(FRAMEABLE_CSP)
@cached_public_page
def embed(request):
    """The timeline for other sites' iframes: no site chrome, links leave the frame for the top.

    The timeline's filters and partials, published events only. `?event=<slug>` opens that
    event when the filters select it (an old slug redirects to the current one). Entries open
    and close inside the frame and replace its URL, never push: the host page's history
    stays the reader's own.
    """
    fragment = wants_fragment(request)
    here = embed_url(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True))
    context = {**timeline_context(request, reverse("event-embed")), **embed_context(here)}
    # The same events on the site itself, for the embed's link out of the frame.
    query = here.partition("?")[2]
    context["full_timeline_url"] = reverse("event-list") + (f"?{query}" if query else "")
    context["canonical_url"] = request.build_absolute_uri(context["full_timeline_url"])
    slug = request.GET.get("event", "")
    if slug and not fragment:
        listed = (e for _, months in context["years"] for _, events in months for e in events)
        event = next((e for e in listed if e.slug == slug), None)
        if event is None:
            renamed = Event.objects.published().renamed_from(slug)
            if renamed is not None:
                return moved_permanently_to_embed(request, renamed.slug)
        else:
            sources = event.evidence_by_source()
            previous_event, next_event = Event.objects.published().neighbours(event)
            context.update(
                open_slug=event.slug,
                sources=sources,
                date_disagreement=event.date_disagreement(sources),
                previous_event=previous_event,
                next_event=next_event,
                timeline_url=here,
            )
    template = "timeline/event_list.html#filtered" if fragment else "timeline/embed.html"
    return render(request, template, context)


def moved_permanently_to_embed(request, slug):
    """A 301 to the embed with event `slug` open, the rest of the query string kept."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    query = urlencode([*[(k, v) for k, v in pairs if k != "event"], ("event", slug)])
    return HttpResponsePermanentRedirect(f"{reverse('event-embed')}?{query}")


# The embed code's iframe height in CSS pixels: the overview, the first events and room to open one.
EMBED_HEIGHT = 640


def embed_code(request):
    """The HTML that shows the timeline, with the reader's filters, in an iframe on another site."""
    names = [*EventFilter.base_filters, "as_of"]
    query = urlencode([(name, request.GET[name]) for name in names if request.GET.get(name)])
    src = request.build_absolute_uri(reverse("event-embed") + (f"?{query}" if query else ""))
    # Plain text (the template escapes it again to show it): the attributes escaped for HTML.
    # clipboard-write lets the permalink's "Copy link" button work inside the frame.
    return (
        f'<iframe src="{escape(src)}" title="{escape(gettext("Ceasefire Timeline"))}" '
        f'width="100%" height="{EMBED_HEIGHT}" loading="lazy" allow="clipboard-write"></iframe>'
    )


@vary_on_htmx
@vary_on_headers("HX-Current-URL", "Timeline-URL")
@cached_public_page
def event_detail(request, slug):
    """One event's permalink: a full page, or its timeline entry when htmx asks.

    htmx gets the expanded entry, or with `?entry=collapsed` the collapsed one
    (the disclosure toggling back), rendered from the same `item` partial. An
    expanded entry comes with the entry open until now, collapsed out of band,
    so only one is ever open and the pushed URL names it. Asked for from inside
    the embed (its Timeline-URL), the entry is the readers' and stays in the frame.
    """
    fragment = wants_fragment(request)
    embedding = embedding_url(request) if fragment else None
    # Inside an embed, published events only, whoever is signed in: an editor's session must not
    # bring a draft, or a draft's title as a neighbour, into another site's page.
    visible = Event.objects.published() if embedding else Event.objects.visible_to(request.user)
    closing_slug = open_event_slug(request) if fragment else None
    # Both entries in one query, so closing the other one costs no extra queries.
    found = {
        event.slug: event
        for event in visible.with_evidence().filter(slug__in={slug, closing_slug} - {None})
    }
    if slug not in found:
        # A renamed event answers at each of its old slugs, for whoever may see it.
        renamed = visible.renamed_from(slug)
        if renamed is None:
            message = gettext("No event has the address /events/%(slug)s/.") % {"slug": slug}
            raise Http404(message)
        return moved_permanently(request, renamed.get_absolute_url())
    event = found[slug]
    if fragment and request.GET.get("entry") == "collapsed":
        context = {"event": event, **embed_context(embedding)}
        return render(request, "timeline/event_list.html#item", context)
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
        "timeline_url": embedding or timeline_url(request),
        # Only published events are on the timeline to be closed there.
        "closing": closing if closing and closing.status == Event.Status.PUBLISHED else None,
        **embed_context(embedding),
    }
    if fragment:
        # The timeline swaps the whole entry, so its disclosure state comes from the server.
        return render(request, "timeline/event_list.html#entry", context)
    context["share"] = structured.event_card(event, request.build_absolute_uri)
    # Only the full page lists the versions: readers who shared a link can see what changed.
    versions = event.published_versions()
    context["current_version"] = versions[-1] if versions else None
    context["earlier_versions"] = versions[-2::-1][:EARLIER_VERSIONS_SHOWN]
    context["older_versions"] = max(len(versions) - 1 - EARLIER_VERSIONS_SHOWN, 0)
    return render(request, "timeline/event_detail.html", context)


def moved_permanently(request, path):
    """A 301 to `path`, keeping the request's query string as it came."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)


# How many earlier versions the permalink lists, newest first; each version links to the one
# before it, so older ones stay reachable.
EARLIER_VERSIONS_SHOWN = 5


@cached_public_page
def event_version(request, slug, number):
    """Version `number` of an event as readers saw it, and what the current version changed.

    Versions count the event's published states from 1 (see Event.published_versions);
    drafts never are one, and an event readers cannot see has no versions to show.
    """
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    versions = event.published_versions()
    if not 1 <= number <= len(versions):
        raise Http404("No such version of this event.")
    version = versions[number - 1].find_sources()
    current = versions[-1]
    context = {
        "event": event,
        "version": version,
        "is_current": version is current,
        "differences": version.differences(current),
        "previous_version": versions[number - 2] if number > 1 else None,
        "next_version": versions[number] if number < len(versions) else None,
    }
    return render(request, "timeline/event_version.html", context)


@method_decorator(vary_on_htmx, name="dispatch")
@method_decorator(cached_public_page, name="dispatch")
class EventTableView(ExportMixin, SingleTableMixin, FilterView):
    """Published events as a table, filtered like the timeline; htmx gets only the table region.

    `?_export=csv` or `?_export=xlsx` gives every row the filters select (not
    just one page), in the chosen order, as plain text.
    """

    filterset_class = EventFilter
    table_class = EventTable
    template_name = "timeline/event_table.html"
    # Invalid filter values are shown as errors next to their field, and the
    # valid filters still apply (strict mode would show no events at all).
    strict = False
    # Not `paginate_by`: ListView would paginate a second time and answer 404
    # to ?page=abc, where django-tables2 falls back to the first or last page.
    table_pagination = {"per_page": 25, "paginator_class": BoundedPaginator}
    export_class = exports.TextTableExport
    export_formats = exports.TextTableExport.OFFERED
    export_name = "ceasefire-timeline-events"
    dataset_kwargs = {"title": "Events"}

    def get_queryset(self):
        """Published events in chronological order, evidence counted, the rest prefetched."""
        return Event.objects.published().with_sources().with_evidence_count()

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


@cached_public_page
def source_detail(request, slug):
    """The article reader: every sentence addressable as #s-N, evidence highlighted."""
    source = get_object_or_404(Source, slug=slug)
    sentences = source.sentences.with_published_events()
    share = structured.source_card(source, request.build_absolute_uri)
    return render(
        request,
        "timeline/source_detail.html",
        {"source": source, "sentences": sentences, "share": share},
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


# --- Exports -----------------------------------------------------------------------------------


def filter_errors_response(filterset):
    """400 naming each filter whose value is wrong and why, as plain text."""
    lines = [_("These filters could not be applied; correct or remove them:")]
    for name, errors in filterset.form.errors.items():
        lines += [f"{name}: {error}" for error in errors]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


def filtered_export(view):
    """Call `view(request, events)` with the published events the query string's filters select.

    The filters are the timeline's (`q`, `actor`, `kind`, `start`, `end`). A
    program asked for them, so a wrong value is a 400 saying what is wrong,
    not a silently longer list. Anyone may read the exports from any site
    (TimelineJS embeds load them from elsewhere): they hold published events only.
    """

    @functools.wraps(view)
    def wrapper(request):
        filterset = EventFilter(request.GET or None, queryset=Event.objects.published())
        if filterset.is_bound and not filterset.is_valid():
            return filter_errors_response(filterset)
        response = view(request, filterset.qs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return require_safe(wrapper)


def applied_filters(request):
    """The filters in the query string, by name ({} when there are none)."""
    return {name: request.GET[name] for name in EventFilter.base_filters if request.GET.get(name)}


@cached_public_page
@filtered_export
def events_json(request, events):
    """Published events with dates, actors and quoted evidence: our JSON (events.schema.json)."""
    schema_url = request.build_absolute_uri(static(exports.SCHEMA_STATIC_PATH))
    document = exports.events_document(
        events.with_evidence(),
        request.build_absolute_uri,
        url=request.build_absolute_uri(),
        schema_url=schema_url,
        filters=applied_filters(request),
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Link"] = f'<{schema_url}>; rel="describedby"'
    return response


@cached_public_page
@filtered_export
def events_timelinejs(request, events):
    """Published events as TimelineJS 3 JSON, for `new TL.Timeline(id, <this URL>)`."""
    document = exports.timelinejs_document(
        events.with_evidence(),
        request.build_absolute_uri,
        title=_("Ceasefire Timeline"),
        url=request.build_absolute_uri(reverse("event-list")),
    )
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


@cached_public_page
@filtered_export
def events_ics(request, events):
    """Published events as an iCalendar file of all-day events, for calendar subscriptions."""
    body = exports.calendar_document(
        events.with_evidence(),
        request.build_absolute_uri,
        host=split_domain_port(request.get_host())[0],
        name=_("Ceasefire Timeline"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ceasefire-timeline.ics"'
    return response


@cached_public_page
@filtered_export
def event_feed(request, events):
    """The Atom feed of new and changed published events (timeline.feeds.EventFeed)."""
    return EventFeed(events, query=urlencode(applied_filters(request)))(request)


@require_safe
def robots_txt(request):
    """robots.txt: crawl everything but the admin, and here is the sitemap."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def json_ld(data):
    """`data` as JSON for a <script type="application/ld+json"> block, safe inside HTML.

    Escapes <, > and & as json_script does, so no value can close the element.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    escapes = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    return mark_safe(text.translate(escapes))  # noqa: S308 (escaped above)


def ceasefire_schema(request, ceasefire):
    """The schema.org Event for a ceasefire page: the truce, its steps as subEvents."""
    start, end = ceasefire.effective_start, ceasefire.end_date[0]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": ceasefire.name,
        "description": ceasefire.summary or ceasefire.name,
        "url": request.build_absolute_uri(ceasefire.get_absolute_url()),
        "keywords": [str(ceasefire.get_kind_display()), ceasefire.scope_display],
    }
    # Only days the steps give: a ceasefire that never took effect has no start or end of its
    # own (its steps, below, keep their dates).
    if start:
        data["startDate"] = start.isoformat()
    if end:
        data["endDate"] = end.isoformat()
    if ceasefire.parties.all():
        data["attendee"] = [
            {"@type": "Organization", "name": actor.name} for actor in ceasefire.parties.all()
        ]
    data["subEvent"] = []
    for step in ceasefire.ordered_steps:
        sub = {
            "@type": "Event",
            "name": f"{step.get_stage_display()}: {step.event.title}",
            "description": step.event.summary or step.event.title,
            "url": request.build_absolute_uri(step.event.get_absolute_url()),
        }
        if step.when.start_iso:
            sub["startDate"] = step.when.start_iso
        if step.when.end_iso:
            sub["endDate"] = step.when.end_iso
        data["subEvent"].append(sub)
    return json_ld(data)


@cached_public_page
def ceasefire_detail(request, slug):
    """One ceasefire: its status as of a day, its life step by step with evidence, its terms."""
    staff = request.user.has_perm("timeline.change_ceasefire")
    ceasefire = get_object_or_404(
        Ceasefire.objects.visible_to(request.user).with_evidence(public=not staff), slug=slug
    )
    as_of_form = AsOfForm(request.GET)
    as_of = as_of_form.day()
    status = ceasefire.status_on(as_of)
    context = {
        "ceasefire": ceasefire,
        "status": status,
        "steps": ceasefire.ordered_steps,
        "terms": ceasefire.terms_by_attribution(),
        "as_of_form": as_of_form,
        "as_of": as_of,
        "canonical_url": request.build_absolute_uri(ceasefire.get_absolute_url()),
        "json_ld": ceasefire_schema(request, ceasefire),
    }
    return render(request, "timeline/ceasefire_detail.html", context)


# The columns of /ceasefires.csv, in order (README, "Ceasefires", says how each is derived).
CEASEFIRE_CSV_COLUMNS = [
    "slug",
    "name",
    "parties",
    "proposed_by",
    "declaration_date",
    "effective_date",
    "end_date",
    "end_basis",
    "announced_duration",
    "announced_days",
    "partial",
    "scope",
    "scope_text",
    "written",
    "ceasefire_class",
    "purpose",
    "status",
    "status_label",
    "status_date",
    "url",
]


@cached_public_page
def ceasefires_csv(request):
    """Published ceasefires as CSV, one row each, coded after the ETH/PRIO ceasefire data."""
    as_of_form = AsOfForm(request.GET)
    if not as_of_form.is_valid():
        return HttpResponseBadRequest(
            " ".join(as_of_form.errors["as_of"]), content_type="text/plain; charset=utf-8"
        )
    day = as_of_form.day()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ceasefires.csv"'
    writer = csv.DictWriter(response, fieldnames=CEASEFIRE_CSV_COLUMNS)
    writer.writeheader()
    ceasefires = Ceasefire.objects.published().with_steps(public=True).prefetch_related("parties")
    for ceasefire in ceasefires:
        row = ceasefire.coding(day)
        row["url"] = request.build_absolute_uri(row["url"])
        writer.writerow(row)
    return response


@require_safe
@never_cache
def healthz(request):
    """Liveness: "ok" from the full middleware stack, without touching the database.

    A load balancer asks this every few seconds; it says the process answers, not that
    the database does (a slow database should not take healthy workers out of rotation).
    The benchmark uses it as its minimal Django view: every figure is also given as a
    ratio to it, the cost of Django and gunicorn alone.
    """
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
