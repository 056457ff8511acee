"""The page in each interface language: for the switcher, `<html lang>` and hreflang alternates."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix

from timeline import i18n
from timeline.i18n import interface_language, path_in

register = template.Library()


@register.simple_tag
def current_language():
    """The interface language for `<html lang>` and `hreflang`."""
    return interface_language()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every interface language, query string kept: [{code, name, url, current}].

    Empty without a request (the 500 page renders without one).
    """
    request = context.get("request")
    if request is None:
        return []
    query = request.META.get("QUERY_STRING", "")
    script = get_script_prefix().rstrip("/")
    current = interface_language()
    return [
        {
            "code": code,
            "name": name,
            "url": f"{script}{path_in(request.path_info, code)}" + (f"?{query}" if query else ""),
            "absolute_url": request.build_absolute_uri(
                f"{script}{path_in(request.path_info, code)}"
            ),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.filter
def in_sentence(heading):
    """`heading` as written inside a sentence of the interface language ("sorted by date")."""
    return i18n.in_sentence(heading)
