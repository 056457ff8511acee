"""The timeline's filters: actor, kind, date range and free text, all in the query string.

One FilterSet serves the timeline and the events table, so a filtered view
gives the same events on both. Invalid values become form errors shown next to
their field; the valid filters still apply, and no value can cause a server
error.
"""

import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from timeline.models import Actor, Event

# "2025", "2025-03" or "2025-03-18": a date as precise as the reader cares to give.
PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


def parse_partial_date(value, upper=False):
    """The first (with upper: the last) day that "2025", "2025-03" or "2025-03-18" covers."""
    match = PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValidationError(
            "Enter a year (2025), a month (2025-03) or a day (2025-03-18).", code="invalid"
        )
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else (12 if upper else 1)
    try:
        if match["day"]:
            return datetime.date(year, month, int(match["day"]))
        if upper:
            following = datetime.date(year + (month == 12), month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return datetime.date(year, month, 1)
    except ValueError as error:
        raise ValidationError(
            f"“{value}” is not a date in the calendar.", code="invalid"
        ) from error


class PartialDateField(forms.Field):
    """A form field for "2025", "2025-03" or "2025-03-18", cleaned to a date."""

    widget = forms.TextInput

    def __init__(self, *, upper=False, **kwargs):
        self.upper = upper
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if len(value) > 10:
            raise ValidationError(
                "Enter a year (2025), a month (2025-03) or a day (2025-03-18).", code="invalid"
            )
        return parse_partial_date(value, upper=self.upper)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "inputmode": "numeric",
            "maxlength": "10",
            "placeholder": "YYYY-MM-DD",
            "autocomplete": "off",
        }


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_text",
        max_length=200,
        help_text="Words in titles, summaries or the quoted sentences.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    actor = django_filters.ModelChoiceFilter(
        label="Actor",
        field_name="actors",
        queryset=Actor.objects.all(),
        to_field_name="slug",
        empty_label="Any actor",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Event.Kind.choices, empty_label="Any kind"
    )
    start = PartialDateFilter(
        label="From",
        method="filter_start",
        help_text="2025, 2025-03 or 2025-03-18",
    )
    end = PartialDateFilter(
        label="Until",
        method="filter_end",
        upper=True,
        help_text="2025, 2025-03 or 2025-03-18",
    )

    class Meta:
        model = Event
        fields = ["q", "actor", "kind", "start", "end"]

    def filter_text(self, queryset, name, value):
        """Events whose title, summary or evidence sentence text contains every word of `value`."""
        for word in value.split():
            matching = Event.objects.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(evidence__sentence__text__icontains=word)
            ).values("pk")
            queryset = queryset.filter(pk__in=matching)
        return queryset

    def filter_start(self, queryset, name, value):
        """Events that are still going on at or after `value` (open ends always are)."""
        return queryset.filter(Q(when_upper__gte=value) | Q(when_upper__isnull=True))

    def filter_end(self, queryset, name, value):
        """Events that had begun by `value` (open starts always had)."""
        return queryset.filter(Q(when_lower__lte=value) | Q(when_lower__isnull=True))
