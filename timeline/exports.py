"""Published events for other programs: our JSON, TimelineJS 3 JSON and iCalendar.

Each builder takes events already chosen by the caller (published, filtered,
fetched with `Event.objects.with_evidence()`) and an `absolute` function that
turns a path into a full URL, and returns what the view sends. Dates come from
the parsed EDTF value (`Event.parsed_when`), never from the string:

- JSON gives every value as it is (`when`, `shape`, `precision`, `display`)
  with its bounds (`lower`, `upper`: ISO dates, null for an open end); its
  shape is `static/schema/events.schema.json`.
- TimelineJS gets each date as precise as it is known (a month has no day, a
  year neither), an end date for spans and the words readers see as
  `display_date` ("one day between 10 and 16 March 2025").
- iCalendar gets all-day events covering every day the value may fall on (a
  month its whole month, a span both its end days); see `calendar_days`.

The events table's CSV and XLSX downloads are django-tables2's export, with
`TextTableExport` writing the XLSX. The Atom feed and sitemaps use Django's
own frameworks (timeline/feeds.py).
"""

import datetime
from io import BytesIO

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_tables2.export import TableExport
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from openpyxl import Workbook

# Bump when a field changes meaning or goes away; new fields keep the number.
JSON_FORMAT_VERSION = 1
SCHEMA_STATIC_PATH = "schema/events.schema.json"


def _iso(day):
    return day.isoformat() if day else None


# --- Dates -------------------------------------------------------------------------------------


def outer_points(when):
    """(first, last) Point of a parsed value, each None where that end is open or unknown.

    A point is its own first and last; an interval has its start and end; a
    set runs from its first member's start to its last member's end.
    """
    if when.shape in ("point", "interval"):
        return when.start, when.end
    return when.members[0].first, when.members[-1].last


def calendar_days(when):
    """(first day, last day) a calendar shows a value on, or None when no day of it is known.

    Every day the value may fall on: "2024-10" covers October, "2024" the
    year, "[2025-03-10..2025-03-16]" the seven days one of which it was. A
    value with one open or unknown end covers just its known end's own period
    ("2025-03-18/.." is 18 March), since a calendar cannot show "from then on".
    """
    first, last = outer_points(when)
    if first is None and last is None:
        return None
    return (first or last).lower, (last or first).upper


# --- Our JSON ----------------------------------------------------------------------------------


def _translation_data(translation):
    return {
        "language": translation.language,
        "text": translation.text,
        "translator": translation.translator,
    }


def _source_data(source, absolute):
    translation_of = None
    if source.is_translation:
        translation_of = {
            "publisher": source.original_publisher or source.publisher,
            "title": source.original_title or None,
            "language": source.original_language or None,
        }
    return {
        "slug": source.slug,
        "title": source.title,
        "publisher": source.publisher,
        "published_on": source.published_on.isoformat(),
        "language": source.language,
        "url": source.url or None,
        "reader_url": absolute(source.get_absolute_url()),
        "translation_of": translation_of,
    }


def _evidence_data(evidence, absolute):
    sentence = evidence.sentence
    quote = evidence.quote or sentence.text
    # The quote is always text of its sentence (Evidence.anchor_to); its offsets follow from that.
    offset = max(sentence.text.find(quote), 0)
    start = sentence.start + offset
    return {
        "quote": quote,
        "quote_start": start,
        "quote_end": start + len(quote),
        "quote_prefix": evidence.quote_prefix,
        "quote_suffix": evidence.quote_suffix,
        "attribution": evidence.attribution,
        "note": evidence.note or None,
        "sentence": {
            "position": sentence.position,
            "text": sentence.text,
            "start": sentence.start,
            "end": sentence.end,
            "url": absolute(sentence.get_absolute_url()),
        },
        "translations": [_translation_data(t) for t in sentence.translations.all()],
        "source": _source_data(sentence.source, absolute),
    }


def event_data(event, absolute):
    """One published event as our JSON export gives it (see events.schema.json)."""
    when = event.parsed_when
    return {
        "slug": event.slug,
        "url": absolute(event.get_absolute_url()),
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind,
        "timing": event.timing,
        "when": event.when,
        "shape": when.shape,
        "precision": when.precision,
        "lower": _iso(when.lower),
        "upper": _iso(when.upper),
        "display": when.display(),
        "days": when.days,
        "date_text": event.date_text,
        "actors": [
            {"slug": actor.slug, "name": actor.name, "kind": actor.kind}
            for actor in event.actors.all()
        ],
        "evidence": [_evidence_data(evidence, absolute) for evidence in event.evidence.all()],
        "created": event.created.isoformat(),
        "updated": event.updated.isoformat(),
    }


def events_document(events, absolute, *, url, schema_url, filters):
    """The whole /events.json document: where it came from, its filters and the events."""
    items = [event_data(event, absolute) for event in events]
    return {
        "version": JSON_FORMAT_VERSION,
        "schema": schema_url,
        "url": url,
        "filters": filters,
        "count": len(items),
        "events": items,
    }


# --- TimelineJS 3 ------------------------------------------------------------------------------


def timelinejs_date(point):
    """A TimelineJS date object with only the parts the point really has."""
    data = {"year": point.year}
    if point.precision in ("day", "month") and point.month:
        data["month"] = point.month
        if point.precision == "day" and point.day:
            data["day"] = point.day
    return data


def _timelinejs_quote(evidence):
    """One evidence quote as HTML: the original, its translation for the reader, who says it."""
    sentence = evidence.sentence
    html = format_html(
        '<blockquote><p lang="{}">{}</p>',
        sentence.source.language,
        evidence.quote or sentence.text,
    )
    translation = sentence.reader_translation
    if translation:
        html += format_html(
            '<p lang="{}">{}</p>',
            translation.language,
            _("Translation: %(text)s") % {"text": translation.text},
        )
    return html + format_html("<p>— {}</p></blockquote>", evidence.attribution)


def _timelinejs_text(event, absolute):
    # TimelineJS renders `text` as HTML (after DOMPurify): everything of ours is escaped.
    parts = []
    if event.summary:
        parts.append(format_html("<p>{}</p>", event.summary))
    parts += [_timelinejs_quote(evidence) for evidence in event.evidence.all()]
    parts.append(
        format_html(
            '<p><a href="{}">{}</a></p>',
            absolute(event.get_absolute_url()),
            _("Evidence and sources"),
        )
    )
    return "".join(parts)


def timelinejs_slide(event, absolute):
    """One event as a TimelineJS slide, or None when no date of it is known."""
    when = event.parsed_when
    first, last = outer_points(when)
    start = first or last
    if start is None:
        return None
    slide = {
        "unique_id": event.slug,
        "start_date": timelinejs_date(start),
        "display_date": when.display(),
        "group": event.get_kind_display(),
        "text": {
            "headline": format_html("{}", event.title),
            "text": _timelinejs_text(event, absolute),
        },
    }
    if first and last and last != first:
        slide["end_date"] = timelinejs_date(last)
    return slide


def timelinejs_document(events, absolute, *, title, url):
    """The TimelineJS 3 JSON for `events`: a title slide, then one slide per dated event."""
    slides = [timelinejs_slide(event, absolute) for event in events]
    return {
        "title": {
            "text": {
                "headline": format_html("{}", title),
                "text": format_html(
                    '<p>{}</p><p><a href="{}">{}</a></p>',
                    _("Every event links to the sentences of the reporting that support it."),
                    url,
                    _("The timeline with its evidence"),
                ),
            }
        },
        "events": [slide for slide in slides if slide is not None],
    }


# --- iCalendar ---------------------------------------------------------------------------------


def _calendar_description(event):
    lines = [event.when_display]
    if event.timing_note:
        lines.append(event.timing_note)
    if event.summary:
        lines.append(event.summary)
    sources = {}
    for evidence in event.evidence.all():
        source = evidence.sentence.source
        sources.setdefault(source.pk, f"{source.publisher}, {source.published_on.isoformat()}")
    if sources:
        lines.append(_("Sources: %(sources)s") % {"sources": "; ".join(sources.values())})
    return "\n\n".join(lines)


def calendar_event(event, absolute, host):
    """One event as an all-day VEVENT, or None when no day of it is known."""
    days = calendar_days(event.parsed_when)
    if days is None:
        return None
    first_day, last_day = days
    item = CalendarEvent()
    # The permalink's slug, which editors keep stable once published, names the event for good.
    item.add("uid", f"{event.slug}@{host}")
    item.add("dtstamp", event.updated)
    item.add("created", event.created)
    item.add("last-modified", event.updated)
    item.add("dtstart", first_day)
    # DTEND of an all-day event is exclusive: the day after the last day.
    item.add("dtend", last_day + datetime.timedelta(days=1))
    item.add("summary", event.title)
    item.add("description", _calendar_description(event))
    item.add("url", absolute(event.get_absolute_url()))
    item.add("categories", [event.get_kind_display()])
    # A month-long entry must not mark anyone busy for a month.
    item.add("transp", "TRANSPARENT")
    if event.timing == event.Timing.PLANNED:
        item.add("status", "TENTATIVE")
    return item


def calendar_document(events, absolute, *, host, name):
    """The iCalendar file (bytes) for `events`, escaped and folded by the icalendar package."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ceasefire Timeline//Published events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    for event in events:
        item = calendar_event(event, absolute, host)
        if item is not None:
            calendar.add_component(item)
    return calendar.to_ical()


# --- The table's downloads ---------------------------------------------------------------------


class TextTableExport(TableExport):
    """django-tables2's export, with an XLSX whose every text cell stays text.

    A title such as "=HYPERLINK(…)" is shown as written, never run as a
    formula (tablib's own XLSX writer would make it one, or cut its "=").
    Only CSV and XLSX are offered: the other formats tablib knows need
    packages the site does not install.
    """

    OFFERED = (TableExport.CSV, TableExport.XLSX)

    @classmethod
    def is_valid_format(cls, export_format):
        """Whether `export_format` is one the table offers (any other value shows the page)."""
        return export_format in cls.OFFERED

    def export(self):
        if self.format != self.XLSX:
            return super().export()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.dataset.title
        sheet.append(self.dataset.headers)
        for row in self.dataset:
            sheet.append(row)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        content = BytesIO()
        workbook.save(content)
        return content.getvalue()
