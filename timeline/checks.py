"""System checks on the data: `manage.py check` reports what breaks the evidence rule."""

from django.core.checks import Warning, register
from django.db import DatabaseError

# How many offending events a warning names before it says "and N more".
LISTED = 10


@register("timeline")
def published_events_have_evidence(app_configs=None, **kwargs):
    """A warning when published events rest on no reporting sentence (not fixed silently)."""
    from timeline.models import Event

    try:
        unsupported = list(
            Event.objects.published().without_reporting_evidence().values_list("slug", flat=True)
        )
    except DatabaseError:
        # Not migrated yet (checks also run before `migrate`): nothing to report.
        return []
    if not unsupported:
        return []
    named = ", ".join(unsupported[:LISTED])
    more = f" and {len(unsupported) - LISTED} more" if len(unsupported) > LISTED else ""
    return [
        Warning(
            f"{len(unsupported)} published event(s) cite no reporting sentence: {named}{more}.",
            hint="Add evidence to each in /admin/, or return it to draft. Nothing was changed.",
            id="timeline.W001",
        )
    ]
