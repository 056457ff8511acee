"""Argument parsing shared by management commands (a leading underscore: not a command)."""

import datetime
import re

from django.core.management.base import CommandError


def parse_published(value):
    """The publication date given as YYYY-MM-DD, or a CommandError."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise CommandError(f"--published {value!r} is not a date in the form YYYY-MM-DD.")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--published {value} is not a real date ({error}).") from error
