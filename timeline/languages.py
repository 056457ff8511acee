"""The languages articles may be written in: one list for segmentation, tagger, forms, commands.

A language is here only when both the sentence splitter (pysbd) and the date
tagger have rules for it. The Source model's choices are this list, so a code
that passes the model passes every layer below it.
"""

from django.utils.translation import gettext_lazy as _

# Code -> name, in the order forms offer them.
LANGUAGES = {"de": _("German"), "en": _("English")}
CHOICES = list(LANGUAGES.items())


def name_of(code):
    """The language's name for a code ("de" -> "German"); the code itself when unknown."""
    from django.conf.locale import LANG_INFO

    if code in LANGUAGES:
        return str(LANGUAGES[code])
    return LANG_INFO.get(code, {}).get("name", code or "")


def described():
    """The languages as "de (German), en (English)", for error and help texts."""
    return ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())


def unsupported(language):
    """The message for a language outside the list."""
    return f"Unsupported language “{language}”: use one of {described()}."
