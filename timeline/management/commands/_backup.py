"""What `backup` writes and `restore` loads (a leading underscore: not a command)."""

import bz2
import datetime
import gzip
import lzma

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

# Not content, so not in a backup: `migrate` makes content types and permissions (rows that
# refer to them do so by natural key), sessions are sign-ins, and django-axes' tables are
# sign-in attempts and lockouts.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
# The file names a backup may have, and how each is opened: JSON, optionally compressed
# (loaddata reads all of them).
OPENERS = {".json": open, ".json.gz": gzip.open, ".json.bz2": bz2.open, ".json.xz": lzma.open}


def backed_up_models():
    """The models whose rows a backup holds: every installed one but the EXCLUDED.

    In dependency order: rows that others refer to by natural key come first.
    """
    by_app = {}
    for model in apps.get_models():
        if model._meta.app_label not in EXCLUDED and model._meta.label_lower not in EXCLUDED:
            by_app.setdefault(model._meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def row_counts():
    """{model label: rows} for every backed-up model that has rows."""
    counts = {model._meta.label: model._base_manager.count() for model in backed_up_models()}
    return {label: count for label, count in counts.items() if count}


def opener(path):
    """The function that opens `path` as a backup file, or None for a name no backup has."""
    return next((open_ for suffix, open_ in OPENERS.items() if path.name.endswith(suffix)), None)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, keeping every microsecond of a time (Django's keeps milliseconds).

    A restore must give back the very same rows: history is ordered by these times.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)
