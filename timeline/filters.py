"""The timeline's filters: actor, kind, date range and free text, all in the query string.

One FilterSet serves the timeline and the events table, so a filtered view
gives the same events on both. Invalid values become form errors shown next to
their field; the valid filters still apply, and no value can cause a server
error.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from timeline import dates, search
from timeline.models import Actor, Event


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
        first, last = dates.partial_date_bounds(value)
        return last if self.upper else first

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "inputmode": "numeric",
            "maxlength": "10",
            "placeholder": _lazy("YYYY-MM-DD"),
            "autocomplete": "off",
        }


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class EventFilterForm(forms.Form):
    """The filter form; a range that ends before it starts keeps only its start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            # Not both dropped: the reader may have typed only one of them wrong.
            self.add_error(
                "end",
                _("“%(end)s” ends before “From” (%(start)s) begins, so only “From” applies.")
                % {
                    "end": self.data.get("end", "").strip(),
                    "start": self.data.get("start", "").strip(),
                },
            )
        return cleaned


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_lazy("Search"),
        method="filter_text",
        max_length=200,
        help_text=_lazy(
            "Words in titles, summaries, the quoted sentences or their translations."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    actor = django_filters.ModelChoiceFilter(
        label=_lazy("Actor"),
        field_name="actors",
        queryset=Actor.objects.all(),
        to_field_name="slug",
        empty_label=_lazy("Any actor"),
    )
    kind = django_filters.ChoiceFilter(
        label=_lazy("Kind"), choices=Event.Kind.choices, empty_label=_lazy("Any kind")
    )
    start = PartialDateFilter(
        label=_lazy("From"),
        method="filter_start",
        help_text=_lazy("2025, 2025-03 or 2025-03-18"),
    )
    end = PartialDateFilter(
        label=_lazy("Until"),
        method="filter_end",
        upper=True,
        help_text=_lazy("2025, 2025-03 or 2025-03-18"),
    )

    class Meta:
        model = Event
        fields = ["q", "actor", "kind", "start", "end"]
        form = EventFilterForm

    def filter_text(self, queryset, name, value):
        """Events whose title, summary, quoted sentences or their translations hold every word.

        Through the database's full-text index (timeline.search), so no search scans.
        """
        return search.matching(queryset, value)

    def filter_start(self, queryset, name, value):
        """Events that are still going on at or after `value` (open ends always are)."""
        return queryset.filter(Q(when_upper__gte=value) | Q(when_upper__isnull=True))

    def filter_end(self, queryset, name, value):
        """Events that had begun by `value` (open starts always had)."""
        return queryset.filter(Q(when_lower__lte=value) | Q(when_lower__isnull=True))
