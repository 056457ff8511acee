"""Project-wide guards: settings from the environment, migrations, local editor account."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent


def import_settings(**env):
    """Import the settings in a fresh interpreter with `env`; returns the completed process."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import timeline.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_local_default_is_debug_on_sqlite():
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DATABASE_URL")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import timeline.settings as s; print(s.DEBUG, s.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", str(ROOT / "db.sqlite3")]


def test_production_refuses_to_start_without_a_secret_key():
    result = import_settings(DJANGO_DEBUG="0", ALLOWED_HOSTS="timeline.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = import_settings(DJANGO_DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is empty" in result.stderr


def test_production_starts_when_configured():
    result = import_settings(
        DJANGO_DEBUG="0",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="timeline.example.org",
        DATABASE_URL="postgres://u@127.0.0.1:5432/timeline",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_local_editor_is_created_once_with_a_printed_password(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_local_editor", stdout=out)
    text = out.getvalue()
    password = text.split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and user.check_password(password)

    again = io.StringIO()
    call_command("create_local_editor", stdout=again)
    assert "exists already" in again.getvalue()
    assert password not in again.getvalue()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_local_editor_is_never_created_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(
        CommandError, match="Refusing to create a local editor account with DEBUG off"
    ):
        call_command("create_local_editor")
    assert not get_user_model().objects.exists()


def test_makefile_refuses_an_old_python_with_a_sentence(tmp_path):
    fake = tmp_path / "python3"
    # A stand-in interpreter that reports itself as 3.11.7 to the Makefile's version check.
    fake.write_text(
        "#!/usr/bin/env bash\n"
        'if [ "$1" = "-c" ]; then exec '
        + sys.executable
        + " -c \"import sys; sys.version_info = (3, 11, 7); sys.version = '3.11.7'; $2\"; fi\n"
        "exit 99\n"
    )
    fake.chmod(0o755)
    result = subprocess.run(
        [
            "make",
            "-C",
            str(ROOT),
            "--no-print-directory",
            f"VENV={tmp_path / 'venv'}",
            f"PYTHON={fake}",
            "test",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "needs Python 3.12 or newer" in result.stderr
    assert "3.11.7" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_benchmark_reports_every_page_and_leaves_no_trace():
    from timeline.models import Event, Source

    out = io.StringIO()
    call_command("benchmark", events=3, repeat=1, stdout=out)
    text = out.getvalue()
    for label in ("timeline /", "permalink (htmx entry)", "table", "reader"):
        line = next(line for line in text.splitlines() if line.startswith(label))
        queries = int(line.split()[-4])
        assert 0 < queries < 10, line
    assert "Synthetic data rolled back." in text
    assert not Event.objects.exists() and not Source.objects.exists()


@pytest.mark.django_db
def test_benchmark_refuses_meaningless_sizes():
    with pytest.raises(CommandError, match="--events must be at least 2"):
        call_command("benchmark", events=1, repeat=1)


def test_no_fixed_route_under_events_can_be_shadowed_by_an_event_slug():
    from django.urls import get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    from timeline.models import RESERVED_EVENT_SLUGS

    fixed = set()
    # The pages sit inside i18n_patterns (one resolver for the language prefix): look inside it.
    patterns = [
        inner
        for p in get_resolver().url_patterns
        for inner in (p.url_patterns if isinstance(p.pattern, LocalePrefixPattern) else [p])
    ]
    for pattern in patterns:
        route = str(pattern.pattern)
        if route.startswith("events/") and "<" not in route.split("/")[1]:
            fixed.add(route.split("/")[1])
    assert fixed <= RESERVED_EVENT_SLUGS, fixed - RESERVED_EVENT_SLUGS


@pytest.mark.django_db
def test_a_reserved_slug_is_refused_with_a_sentence():
    from django.core.exceptions import ValidationError

    from timeline.models import Event

    event = Event(slug="table", title="Table", when="2025-03-18")
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert refused.value.message_dict["slug"] == [
        "“table” is the address of another page (/events/table/); choose another slug."
    ]


def test_the_readme_configuration_table_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "timeline" / "settings.py").read_text(encoding="utf-8")
    read = set(
        re.findall(
            r'(?:env_bool|env_list|env_int|os\.environ\.get|os\.environ\[|env=)\(?\s*"([A-Z_]+)"',
            settings_source,
        )
    )
    assert {"DJANGO_DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration") :]
    missing = {name for name in read if f"`{name}`" not in table}
    assert missing == set(), f"README's configuration table does not list {sorted(missing)}"


def test_every_make_target_the_makefile_declares_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    declared = re.search(r"^\.PHONY: (.*)$", makefile, re.M).group(1).split()
    defined = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    assert set(declared) <= defined
