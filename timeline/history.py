"""Who changed what and when: history records, change sets, and revisions that refuse stale saves.

django-simple-history keeps a historical copy of a row at every save and
delete. This module adds what the timeline needs on top, knowing no model of
its own:

- change sets: every record written during one request (or one `change_set()`
  block) gets the same timestamp, so an event saved with its evidence rows is
  one point in history, never a half-saved state in between;
- `unrecorded()`: writes whose history is recorded otherwise leave no records
  of their own: rows deleted and inserted again with the same ids (re-anchoring
  evidence when a source text changes) get one "changed" record instead of a
  deletion, and a restore loads the records it brings;
- `Revisioned`: a revision counter that every save increments in the database,
  so a form opened at an older revision can be refused instead of silently
  undoing what someone else saved since;
- `Change` and `field_changes`: what a record changed, field by field, as
  readable old and new values, for the admin's history pages and refusals.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from asgiref.sync import iscoroutinefunction
from django.db import models
from django.db.models import F, Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.decorators import sync_and_async_middleware
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.template_utils import ObjDiffDisplay
from simple_history.utils import get_m2m_reverse_field_name

# The timestamp shared by the records of the current change set, if one is open.
_change_set_stamp = ContextVar("history_change_set_stamp", default=None)
# Set while writes must leave no history records (see unrecorded()).
_unrecorded = ContextVar("history_unrecorded", default=False)
# Long values (an article's text) are shown around their first difference, this long at most.
SHOWN_CHARS = 160


@contextmanager
def change_set():
    """Give every history record written inside the same timestamp (nested blocks share one)."""
    if _change_set_stamp.get() is not None:
        yield _change_set_stamp.get()
        return
    token = _change_set_stamp.set(timezone.now())
    try:
        yield _change_set_stamp.get()
    finally:
        _change_set_stamp.reset(token)


def now():
    """The current change set's timestamp, or the time now outside one."""
    return _change_set_stamp.get() or timezone.now()


@receiver(pre_create_historical_record)
def _date_by_change_set(sender, instance, history_instance, **kwargs):
    """Date a record by its change set, unless the code saving it chose a date itself."""
    stamp = _change_set_stamp.get()
    if stamp is not None and not hasattr(instance, "_history_date"):
        history_instance.history_date = stamp


@sync_and_async_middleware
def ChangeSetMiddleware(get_response):
    """One request, one change set: an admin save and its inline rows share one timestamp."""
    if iscoroutinefunction(get_response):

        async def middleware(request):
            with change_set():
                return await get_response(request)

    else:

        def middleware(request):
            with change_set():
                return get_response(request)

    return middleware


@contextmanager
def unrecorded():
    """Write no history records inside: for writes whose history is recorded otherwise.

    Rows deleted only to be inserted again with the same ids are recorded by
    the caller as changes (`bulk_history_create(update=True)`); rows loaded
    from a backup bring their history records with them.
    """
    token = _unrecorded.set(True)
    try:
        yield
    finally:
        _unrecorded.reset(token)


class History(HistoricalRecords):
    """simple-history's records, aware of `unrecorded()`. Add `history = History()` to a model."""

    def post_save(self, instance, created, using=None, **kwargs):
        if not _unrecorded.get():
            super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        if not _unrecorded.get():
            super().post_delete(instance, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not _unrecorded.get():
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


class StaleRevision(Exception):
    """A save based on a revision that is no longer the stored one."""


class Revisioned(models.Model):
    """A row with a revision number that every save increments, for refusing stale saves.

    Forms carry the revision they were opened at; `lock_revision` refuses a
    save when the stored revision has moved on since, and `changes_since`
    tells what moved it, from the history records.
    """

    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts saves: a form opened at an older revision is refused, not applied.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            # Counted by the database, so a stale copy of the row (an old version being
            # reverted to) still moves the revision forward; the new value is read back.
            self.revision = F("revision") + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "revision"}
        super().save(*args, **kwargs)

    @classmethod
    def bump_revisions(cls, pks):
        """Move the revision of the rows `pks` on: something they are edited with has changed."""
        cls._base_manager.filter(pk__in=pks).update(revision=F("revision") + 1)

    def stored_revision(self):
        """The revision the database holds for this row now (None if it is gone)."""
        rows = type(self)._base_manager.filter(pk=self.pk)
        return rows.values_list("revision", flat=True).first()

    def lock_revision(self, base):
        """Hold this row for the rest of the transaction if it is still at revision `base`.

        Raises StaleRevision when another save has moved it on. The check and
        the lock are one UPDATE, so two saves racing past their forms' checks
        cannot both pass it.
        """
        rows = type(self)._base_manager.filter(pk=self.pk, revision=base)
        if not rows.update(revision=base):
            raise StaleRevision(f"{self._meta.verbose_name} {self.pk} is no longer at {base}.")

    def base_record(self, base):
        """The history record of the state saved as revision `base` (or the last before it)."""
        records = self.history.filter(revision__lte=base).order_by("-history_date", "-history_id")
        return records.first()

    def changes_since(self, base):
        """What was saved to this row after revision `base`, oldest first, as Changes."""
        start = self.base_record(base)
        records = self.history.select_related("history_user").order_by("history_date", "history_id")
        if start is None:  # revision `base` was saved before history began: no fields to compare
            return changes(records.filter(revision__gt=base))
        later = records.filter(
            Q(history_date__gt=start.history_date)
            | Q(history_date=start.history_date, history_id__gt=start.history_id)
        )
        found = changes([start, *later])[1:]
        # A save that changed no field (only the revision) is not news.
        return [change for change in found if change.fields or change.action != "changed"]


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, as readers see them (long texts shortened)."""

    label: str
    old: str
    new: str


ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}
ACTION_LABELS = {
    "added": gettext_lazy("added"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
}


@dataclass(frozen=True)
class Change:
    """What one history record did: who, when, to what, and field by field how."""

    record: models.Model
    when: datetime.datetime
    who: str
    action: str  # "added", "changed" or "deleted"
    subject: str
    reason: str = ""
    fields: list = field(default_factory=list)

    @property
    def action_label(self):
        """The action, translated."""
        return ACTION_LABELS[self.action]

    @property
    def what(self):
        """The kind of row changed, e.g. "Evidence"."""
        return capfirst(self.record.instance_type._meta.verbose_name)


def who_made(record):
    """The name of the user a record names, or "" when none did (a command, a migration)."""
    user = record.history_user
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def changes(records, subject=lambda record: ""):
    """Each record (oldest first) as a Change, its fields compared with its row's previous record.

    `records` may hold several rows' histories; `subject(record)` names the row where
    that is needed.
    """
    previous, found = {}, []
    for record in records:
        key = getattr(record, record.instance_type._meta.pk.attname)
        before = previous.get(key)
        previous[key] = record
        action = ACTIONS[record.history_type]
        fields = field_changes(before, record) if before and action == "changed" else []
        found.append(
            Change(
                record=record,
                when=record.history_date,
                who=who_made(record),
                action=action,
                subject=subject(record),
                reason=record.history_change_reason or "",
                fields=fields,
            )
        )
    return found


def field_changes(old, new):
    """The editable fields that differ between two history records of a row, as FieldChanges."""
    delta = new.diff_against(old, foreign_keys_are_objs=True)
    meta = new.instance_type._meta
    found = []
    for change in delta.changes:
        model_field = meta.get_field(change.field)
        before, after = shown(model_field, change.old), shown(model_field, change.new)
        before, after = ObjDiffDisplay(max_length=SHOWN_CHARS).common_shorten_repr(before, after)
        found.append(FieldChange(str(model_field.verbose_name).capitalize(), before, after))
    return found


def shown(model_field, value):
    """A field's value as an editor reads it: choice labels, names of related rows, "—" for none."""
    if isinstance(value, list):  # many-to-many: the through rows
        name = get_m2m_reverse_field_name(model_field)
        return ", ".join(str(row[name]) for row in value) or "—"
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
