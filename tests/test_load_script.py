"""bench/load.py, the load and fault test: it runs, it counts, and it reads the admin right.

The first test runs the whole script at a tiny scale on SQLite: gunicorn with production
settings, readers, editors saving through the admin, the server killed with SIGKILL and
restarted part-way. It must pass (exit 0) and its counts must add up: no server error, no
"database is locked", every acknowledged save found in the database afterwards. The others
check, against the real admin in-process, the two things the script's editors rely on: that
posting back every field of a change form as parsed saves it, and that a stale save is
recognised as the refusal it is.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from timeline.models import Event

PROJECT = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT / "bench" / "load.py"


def load_module():
    """bench/load.py as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


load = load_module()


def count(output, label):
    """The number the script printed after `label:`."""
    match = re.search(rf"^{re.escape(label)}: (\d+)", output, re.MULTILINE)
    assert match, f"no '{label}' line in:\n{output}"
    return int(match.group(1))


def test_a_short_run_with_a_kill_and_restart_passes_and_loses_no_acknowledged_save(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--duration",
            "20",
            "--readers",
            "4",
            "--editors",
            "2",
            "--kill-at",
            "6",
            "--workers",
            "2",
            "--max-wall",
            "400",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=480,
        check=False,
    )
    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    assert "result: PASS" in output
    assert "database: sqlite" in output
    assert re.search(r"^kill and restart: done at \d", output, re.MULTILINE)
    assert count(output, "reader requests") > 0
    assert count(output, "server errors (5xx)") == 0
    assert count(output, "server log errors") == 0
    assert "database is locked: 0 in responses, 0 in server log" in output
    acknowledged = count(output, "writes acknowledged")
    assert acknowledged > 0
    assert count(output, "writes found after") == acknowledged
    assert count(output, "writes attempted") >= acknowledged
    assert count(output, "other refusals") == 0
    assert "lost:" not in output


@pytest.fixture
def editor_browsers(django_user_model):
    """Two signed-in members of the Editors group, each with a browser of their own."""
    browsers = []
    for name in ("erika", "emil"):
        user = django_user_model.objects.create_user(name, password="pw-editor-1", is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    return browsers


def post(browser, url, fields):
    """POST name/value pairs as the script does, repeated names included."""
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return browser.post(url, data)


@pytest.mark.django_db
def test_posting_back_a_parsed_change_form_saves_it_and_a_stale_copy_is_recognised(
    seeded, editor_browsers
):
    first, second = editor_browsers
    event = Event.objects.published().filter(evidence__isnull=False).distinct().first()
    url = reverse("admin:timeline_event_change", args=[event.pk])
    form_first = load.form_fields(first.get(url).content.decode(), "event_form")
    form_second = load.form_fields(second.get(url).content.decode(), "event_form")
    names = {name for name, _ in form_first}
    # Everything the admin needs back: the revision and the evidence formset's management form.
    assert {"base_revision", "evidence-TOTAL_FORMS", "evidence-INITIAL_FORMS"} <= names
    evidence_before = list(event.evidence.values_list("pk", flat=True))

    fields = load.replace_field(form_first, "summary", "Edited [LOADMARK-test-1]")
    response = post(first, url, [*fields, ("_save", "Save")])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:timeline_event_changelist"))
    event.refresh_from_db()
    assert event.summary == "Edited [LOADMARK-test-1]"
    assert list(event.evidence.values_list("pk", flat=True)) == evidence_before

    fields = load.replace_field(form_second, "summary", "Stale [LOADMARK-test-2]")
    response = post(second, url, [*fields, ("_save", "Save")])
    assert response.status_code == 200
    assert load.STALE_MARK in response.content.decode()
    event.refresh_from_db()
    assert event.summary == "Edited [LOADMARK-test-1]"


def test_form_fields_submit_what_a_browser_would():
    html = """
    <form id="other"><input name="elsewhere" value="x"></form>
    <form id="event_form">
      <input type="hidden" name="csrfmiddlewaretoken" value="t&amp;k">
      <input name="title" value="Call">
      <input type="checkbox" name="on" checked><input type="checkbox" name="off" value="1">
      <input type="submit" name="_save" value="Save"><input name="gone" disabled value="1">
      <textarea name="summary">
Line one &lt;b&gt;</textarea>
      <select name="kind"><option value="call">Call</option><option value="other">Other</option>
      </select>
      <select name="actors" multiple><option value="1" selected>A</option>
        <option value="2">B</option><option value="3" selected>C</option></select>
    </form>
    """
    assert load.form_fields(html, "event_form") == [
        ("csrfmiddlewaretoken", "t&k"),
        ("title", "Call"),
        ("on", "on"),
        ("summary", "Line one <b>"),
        ("kind", "call"),
        ("actors", "1"),
        ("actors", "3"),
    ]
    assert load.form_fields(html, "missing") is None
