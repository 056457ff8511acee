"""Argument types shared by management commands (a leading underscore: not a command)."""

import argparse
import datetime
import re


def iso_date(value):
    """argparse type: a date written YYYY-MM-DD, or an error argparse reports for the option."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD.")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value} is not a real date ({error}).") from error
