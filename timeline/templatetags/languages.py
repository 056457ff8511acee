"""The page in each interface language: for the switcher, `<html lang>` and hreflang alternates.

Pages live at / in English and at /de/... in German (urls.py, i18n_patterns
without a prefix for the default language), so the other language's address
is this one with the prefix added or taken away. Worked out from the path
rather than by resolving it, so a 404 page offers its language switch too.
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.translation import get_language, get_supported_language_variant

register = template.Library()


def default_language():
    """The language served without a prefix ("en")."""
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def interface_language():
    """The active interface language as one of settings.LANGUAGES' codes ("en", "de")."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def unprefixed(path):
    """`path` without its language prefix: "/de/events/x/" -> "/events/x/"."""
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return path[len(code) + 1 :] or "/"
    return path


def path_in(path, code):
    """`path` (without the script prefix) as it reads in language `code`."""
    rest = unprefixed(path)
    return rest if code == default_language() else f"/{code}{rest}"


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


# Whether a heading ("Date") is lowercased inside a sentence ("sorted by date"): English does,
# German keeps its nouns capitalised ("sortiert nach Datum").
LOWERCASE_IN_SENTENCE = {"en": True, "de": False}


@register.filter
def in_sentence(heading):
    """`heading` as written inside a sentence of the interface language."""
    if LOWERCASE_IN_SENTENCE.get(interface_language(), True):
        return str(heading).lower()
    return heading
