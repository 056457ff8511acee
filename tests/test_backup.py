"""`manage.py backup` and `manage.py restore` round-trip the whole database, history included."""

import io

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.test_stale_saves import TUESDAY, event_url, open_form
from timeline.models import Event, Evidence, Source

# Committed, as in real use: a restore is a transaction of its own (and on PostgreSQL a backup
# reads every table as of one moment only in a transaction of its own).
pytestmark = pytest.mark.django_db(transaction=True)

# What a backup leaves out: rows `migrate` makes, sign-ins and sign-in attempts.
NOT_CONTENT = {"contenttypes", "sessions", "axes"}


def content_models():
    """Every model with content, history tables and m2m included (the test's own list)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in NOT_CONTENT and model._meta.label != "auth.Permission"
    ]


def snapshot():
    """Every content row of the database, field by field, model by model, in id order.

    References to content types and permissions by natural key: `migrate` gives them ids
    of its own. Times to the microsecond.
    """
    return {
        model._meta.label: serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in content_models()
    }


def run(command, *args, **options):
    """Run a command; its output."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def with_history(staff_client, seeded):
    """The seeds, then an editor's changes: the history holds users, m2m rows, deletions."""
    event = Event.objects.get(slug=TUESDAY)
    form = open_form(staff_client, event_url(event), "event_form")
    form["title"] = ["Trump and Putin speak for two hours"]
    form["evidence-0-DELETE"] = ["on"]
    form["actors"] = form["actors"][:1]
    assert staff_client.post(event_url(event), form).status_code == 302
    source = Source.objects.get(slug="ft-2025-03-18-putin-energy-pause")
    source.body = source.body.replace("Expertengruppen", "Arbeitsgruppen")
    source.resegment(accept_losses=True)
    return event


def test_a_backup_restored_into_an_empty_database_equals_the_original(with_history, tmp_path):
    before = snapshot()
    assert before["timeline.HistoricalEvent"] and before["timeline.HistoricalEvidence"]
    assert any(
        row["fields"]["history_type"] == "-" for row in before["timeline.HistoricalEvidence"]
    )
    assert before["admin.LogEntry"] and before["auth.User"]
    path = tmp_path / "backup.json"

    out = run("backup", str(path))
    assert out.startswith("Backing up the ")
    rows, tables = sum(map(len, before.values())), sum(1 for rows in before.values() if rows)
    assert f"Wrote {rows} rows of {tables} tables to {path}" in out

    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists() and not get_user_model().objects.exists()
    out = run("restore", str(path), verbosity=2)
    assert "timeline.HistoricalEvent:" in out
    assert f"from {path}." in out

    assert snapshot() == before
    # History still works on the restored rows: who changed what, field by field.
    event = Event.objects.get(slug=TUESDAY)
    latest = event.history.first()
    assert latest.history_user.username == "editor"
    assert LogEntry.objects.filter(object_id=str(event.pk)).exists()


def test_restore_refuses_a_database_that_holds_content(with_history, tmp_path):
    path = tmp_path / "backup.json"
    run("backup", str(path))
    before = snapshot()
    with pytest.raises(CommandError, match="The database is not empty: it holds .* --force"):
        run("restore", str(path))
    assert snapshot() == before


def test_restore_force_replaces_everything(with_history, tmp_path):
    path = tmp_path / "backup.json"
    run("backup", str(path))
    before = snapshot()
    Event.objects.filter(slug=TUESDAY).update(title="Changed after the backup")
    Evidence.objects.filter(event__slug=TUESDAY).delete()
    out = run("restore", str(path), force=True)
    assert "Deleting everything in the database first (--force)" in out
    assert snapshot() == before


def test_a_broken_backup_leaves_the_database_as_it_was(with_history, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"model": "timeline.event", "pk": 1, "fields": {"title": ', encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="could not be restored, and the database is as it was"):
        run("restore", str(path), force=True)
    assert snapshot() == before


def test_backup_and_restore_refuse_bad_paths(with_history, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("restore", str(tmp_path / "missing.json"))
    (tmp_path / "notes.txt").write_text("not a backup", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a backup"):
        run("restore", str(tmp_path / "notes.txt"), force=True)
    with pytest.raises(CommandError, match="Name the backup file with one of .json"):
        run("backup", str(tmp_path / "backup.txt"))
    path = tmp_path / "backup.json"
    run("backup", str(path))
    with pytest.raises(CommandError, match="exists already: .* --overwrite"):
        run("backup", str(path))
    run("backup", str(path), overwrite=True)
    assert not list(tmp_path.glob(".*partial*"))


def test_a_compressed_backup_round_trips_too(with_history, tmp_path):
    path = tmp_path / "backup.json.gz"
    run("backup", str(path))
    before = snapshot()
    run("restore", str(path), force=True)
    assert snapshot() == before


def test_quiet_and_verbose_output(with_history, tmp_path):
    assert run("backup", str(tmp_path / "a.json"), verbosity=0) == ""
    listed = run("backup", str(tmp_path / "b.json"), verbosity=2)
    assert "  timeline.HistoricalEvidence: " in listed
    assert run("restore", str(tmp_path / "a.json"), force=True, verbosity=0) == ""


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("backup", ["history", "restore", "--overwrite", ".json.gz"]),
        ("restore", ["empty database", "--force", "flush", "All or nothing"]),
    ],
)
def test_help_says_what_each_command_does(command, words):
    from django.core.management import load_command_class

    parser = load_command_class("timeline", command).create_parser("manage.py", command)
    text = " ".join(parser.format_help().split())
    for word in words:
        assert word in text
