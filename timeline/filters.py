"""The timeline's filters: actor, kind, date range and free text, all in the query string.

One FilterSet serves the timeline and the events table, so a filtered view
gives the same events on both. Invalid values become form errors shown next to
their field; the valid filters still apply, and no value can cause a server
error.
"""

from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
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


class ListedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The choices from the field's one list of objects, not a query per rendering."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.listed) + (self.field.empty_label is not None)


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    """A model choice read once per form: the same list validates the value and lists choices.

    Django's field asks the database twice on a filtered page (the chosen value,
    then every choice to render the select); a short list such as the actors
    is read once instead.
    """

    iterator = ListedChoiceIterator

    @cached_property
    def listed(self):
        return list(self.queryset)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for obj in self.listed:
            if str(getattr(obj, key)) == str(value):
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField


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
    actor = ListedModelChoiceFilter(
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
