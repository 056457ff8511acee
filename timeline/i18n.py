"""The interface language: English at /, German at /de/..., decided by the address alone.

Pages live in `i18n_patterns` without a prefix for the default language
(urls.py), so the other language's address of a page is this one with the
prefix added or taken away. Worked out from the path rather than by resolving
it, so a 404 page offers its language switch too.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import get_language, get_supported_language_variant


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


# Whether a heading ("Date") is lowercased inside a sentence ("sorted by date"): English does,
# German keeps its nouns capitalised ("sortiert nach Datum").
LOWERCASE_IN_SENTENCE = {"en": True, "de": False}


def in_sentence(heading):
    """`heading` as written inside a sentence of the interface language."""
    if LOWERCASE_IN_SENTENCE.get(interface_language(), True):
        return str(heading).lower()
    return str(heading)


class URLLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without `Vary: Accept-Language`.

    With i18n_patterns and no prefix for the default language, Django takes the
    language from the path, or else uses LANGUAGE_CODE: the Accept-Language
    header never changes a response here. Saying it does would make every
    shared cache keep a copy per browser language of each English page.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                header.strip()
                for header in response["Vary"].split(",")
                if header.strip() and header.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
