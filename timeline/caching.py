"""Public pages and fragments cached whole, invalidated exactly by one content version.

Why this shape: a page shows events, their evidence, sentences, sources,
translations, actors and ceasefires, and a change to any of them may show on
many pages (the timeline quotes evidence, permalinks name their neighbours,
the table lists sources). One version number for all public content, bumped
in the same database transaction as every change (ContentVersion), makes
invalidation exact without tracking those dependencies: after an editor's
save the very next request is rendered afresh, on every worker and server,
whatever the cache backend (Redis, or each process's local memory).

Only anonymous GET and HEAD requests are served from the cache: signed-in
editors see drafts and editing links, and their pages are never stored. A
cached variant is keyed by the version, the interface language, the full
path with its query string, the htmx headers the views read and today's
date (ceasefire statuses are told as of today). Responses
carry an ETag (version and variant) and Last-Modified (the last change), so
a browser or proxy revalidates and gets 304 Not Modified while nothing
changed; Cache-Control asks them to revalidate on every use.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import get_language

from timeline.models import ContentVersion

# How long a rendered variant is kept; a new version makes it unreachable long before.
CACHE_SECONDS = 24 * 60 * 60
# Request headers the public views read (htmx fragments and their collapse targets).
VARIANT_HEADERS = (
    "HX-Request",
    "HX-History-Restore-Request",
    "HX-Trigger",
    "HX-Current-URL",
    "Timeline-URL",
)
# Response headers that belong to the rendered content and are kept with it.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Vary",
    "Link",
    "Access-Control-Allow-Origin",
    "X-Robots-Tag",
)


def variant_key(request, number):
    """The cache key of this request's rendering at content version `number`."""
    # Today's date too: without `as_of`, ceasefire statuses are told as of today.
    parts = [str(number), timezone.localdate().isoformat(), get_language() or ""]
    parts.append(request.get_full_path())
    parts += [request.headers.get(name, "") for name in VARIANT_HEADERS]
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return f"page:{digest}", f'"{number}-{digest[:16]}"'


def cached_public_page(view):
    """Serve anonymous GETs of `view` from the cache, with ETag and Last-Modified.

    Apply it closest to the view, under decorators that mark the response
    (vary_on_htmx, csp_override, xframe_options_exempt): a cached response is
    rebuilt from its content and headers, and those decorators mark it again.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            # Drafts and editing links: for this browser only, never for a shared cache.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        number, changed = ContentVersion.current()
        key, etag = variant_key(request, number)
        validators = {"ETag": etag, "Last-Modified": http_date(changed.timestamp())}
        # If-None-Match compares weakly (RFC 9110 13.1.2): GZipMiddleware sends our ETag as
        # W/"…" with a compressed page, and a browser sends it back in that form.
        sent = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in {tag.removeprefix("W/") for tag in sent}:
            response = HttpResponseNotModified()
        else:
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if response.status_code != 200 or response.streaming:
                    return response
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                cache.set(key, (response.content, headers), CACHE_SECONDS)
            else:
                content, headers = stored
                response = HttpResponse(content)
                for name, value in headers.items():
                    response[name] = value
        for name, value in validators.items():
            response[name] = value
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        # A signed-in browser (any cookie) must not be handed the anonymous rendering.
        patch_vary_headers(response, ["Cookie", *VARIANT_HEADERS[:2]])
        return response

    return wrapper


def content_changed(sender, **kwargs):
    """Signal receiver: a timeline row changed, so every cached page is out of date."""
    if sender is not ContentVersion and sender._meta.app_label == "timeline":
        ContentVersion.bump()


def connect_signals(app_config):
    """Bump the content version on every save, delete and many-to-many change of the app."""
    for model in app_config.get_models(include_auto_created=True):
        if model is ContentVersion:
            continue
        uid = f"timeline.caching:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
    m2m_changed.connect(content_changed, dispatch_uid="timeline.caching:m2m")
