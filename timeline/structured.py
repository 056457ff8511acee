"""What a shared link says about its page: schema.org JSON-LD, Open Graph and a Twitter card.

Built in one place, from the models, for the event permalink and the article
reader; the templates only print what is built here. The choices, where
schema.org cannot say exactly what the timeline knows:

- Dates: `startDate`/`endDate` at the precision the EDTF value carries
  (`2024`, `2024-10`, `2025-03-18`; `When.start_iso`/`end_iso`). An open or
  unknown end is left out. A value that is one day of a set
  (`[2025-03-10..2025-03-16]`) or several days (`{…,…}`) has neither: a
  start and end would claim a span the sources do not report. An approximate
  or uncertain date (`2025-02-12~`) keeps its day, since schema.org has no
  qualifier. In every case the `description` begins with the date in words
  ("one day between 10 and 16 March 2025: …", "c. 12 February 2025: …").
- Evidence: each evidence sentence is a `Quotation` the event is the
  `subjectOf`: `text` is the sentence as the source has it, `inLanguage` the
  source's language, `url` the sentence in the reader (`#s-N`), `isBasedOn`
  the source as a `NewsArticle`, and an editor's note a `Comment`. A
  translation of the sentence is the quotation's `workTranslation` (a
  `Quotation` in its own language, with its `translator`): the original is
  the evidence, the translation a work made from it.
- Who makes the claim: the evidence's `attribution`, as written, is the
  quotation's `spokenByCharacter` (schema.org: the person or organisation "to
  whom the quotation is attributed within the containing CreativeWork", which
  is what an attribution is; `creator` would be the article's author). It is a
  `Person` when it names a person among the event's actors ("Donald Trump
  (Truth Social)"), else an `Organization` ("Kremlin readout"). Translators
  are typed the same way.
- A source that is a translation says so with `translationOfWork`: a
  `NewsArticle` by the original publisher, in the original language.
"""

import json
from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from timeline.models import Actor

SITE_NAME = "Ceasefire Timeline"
# The picture a chat or social site shows with a shared link: 1200 × 630 pixels, as Open Graph
# and Twitter's large card want it.
SITE_IMAGE = "img/share.png"
SITE_IMAGE_ALT = _("Ceasefire Timeline: every event linked to the sentences that support it.")

# As django.utils.html.json_script escapes: no "<", ">" or "&" can end the element early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ShareCard:
    """Everything a page's head tells other sites about it (see templates' `share` partial)."""

    title: str
    description: str
    url: str  # the canonical, absolute address
    image: str  # absolute
    json_ld: str  # the <script type="application/ld+json"> element
    type: str = "article"
    published_time: str = ""
    modified_time: str = ""
    site_name: str = SITE_NAME
    image_alt: str = SITE_IMAGE_ALT
    image_width: int = 1200
    image_height: int = 630


def json_ld_script(data):
    """`data` as a JSON-LD data block, safe inside HTML whatever its strings hold."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    # Safe: the payload has no "<", ">" or "&" left, so it can neither close the element nor
    # open a comment; a data block is never executed, and the CSP allows it.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


def event_description(event):
    """The event in one line for previews: its date in words, then its summary (or title)."""
    when = event.when_display
    if event.length_label:
        when = f"{when} ({event.length_label})"
    return f"{when}: {event.summary or event.title}"


def agent(name, people):
    """A schema.org Person when `name` begins with one of `people`, else an Organization."""
    is_person = any(name == person or name.startswith(f"{person} ") for person in people)
    return {"@type": "Person" if is_person else "Organization", "name": name}


def news_article(source, absolute):
    """A source as a schema.org NewsArticle; `absolute` makes a path an absolute URL."""
    article = {
        "@type": "NewsArticle",
        "@id": f"{absolute(source.get_absolute_url())}#article",
        "headline": source.title,
        "inLanguage": source.language,
        "datePublished": source.published_on.isoformat(),
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.web_url:
        article["url"] = source.web_url
    if source.is_translation:
        original = {
            "@type": "NewsArticle",
            "publisher": {
                "@type": "Organization",
                "name": source.original_publisher or source.publisher,
            },
        }
        if source.original_title:
            original["headline"] = source.original_title
        if source.original_language:
            original["inLanguage"] = source.original_language
        article["translationOfWork"] = original
        article["description"] = source.translation_note
    return article


def quotation(evidence, people, absolute):
    """One evidence sentence as a schema.org Quotation, with its translations and source."""
    sentence = evidence.sentence
    source = sentence.source
    quoted = {
        "@type": "Quotation",
        "text": sentence.text,
        "inLanguage": source.language,
        "url": absolute(sentence.get_absolute_url()),
        "spokenByCharacter": agent(evidence.attribution, people),
        "isBasedOn": news_article(source, absolute),
    }
    translations = [
        {
            "@type": "Quotation",
            "text": translation.text,
            "inLanguage": translation.language,
            "translator": agent(translation.translator, people),
        }
        for translation in sentence.translations.all()
    ]
    if translations:
        quoted["workTranslation"] = translations
    if evidence.note:
        quoted["comment"] = {"@type": "Comment", "text": evidence.note}
    return quoted


def event_data(event, absolute):
    """The event as a schema.org Event with its evidence as Quotations (fetched with_evidence)."""
    url = absolute(event.get_absolute_url())
    when = event.parsed_when
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{url}#event",
        "name": event.title,
        "description": event_description(event),
        "url": url,
        "image": absolute(static(SITE_IMAGE)),
    }
    if when.start_iso:
        data["startDate"] = when.start_iso
    if when.end_iso:
        data["endDate"] = when.end_iso
    people = [actor.name for actor in event.actors.all() if actor.kind == Actor.Kind.PERSON]
    quotations = [quotation(evidence, people, absolute) for evidence in event.evidence.all()]
    if quotations:
        data["subjectOf"] = quotations
    return data


def source_data(source, absolute):
    """The source as a schema.org NewsArticle, for its page in the reader."""
    return {
        "@context": "https://schema.org",
        **news_article(source, absolute),
        "image": absolute(static(SITE_IMAGE)),
    }


def event_card(event, absolute):
    """The permalink's ShareCard: canonical URL, Open Graph, Twitter card and JSON-LD."""
    return ShareCard(
        title=event.title,
        description=event_description(event),
        url=absolute(event.get_absolute_url()),
        image=absolute(static(SITE_IMAGE)),
        json_ld=json_ld_script(event_data(event, absolute)),
        published_time=event.created.isoformat(),
        modified_time=event.updated.isoformat(),
    )


def source_card(source, absolute):
    """The reader's ShareCard: the article's headline, publisher and date, and its JSON-LD."""
    published = format_date(source.published_on, "j F Y")
    return ShareCard(
        title=source.title,
        description=f"{source.publisher}, {published}: {source.title}",
        url=absolute(source.get_absolute_url()),
        image=absolute(static(SITE_IMAGE)),
        json_ld=json_ld_script(source_data(source, absolute)),
        published_time=source.published_on.isoformat(),
    )
