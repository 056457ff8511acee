"""Both databases are configured for concurrent use, from the environment.

SQLite (the default): WAL journal, IMMEDIATE transactions, a busy timeout, checked on
a real database file through a real `manage.py shell`. PostgreSQL: psycopg's pool,
sized from DB_POOL_MAX, and the live connection uses it when DATABASE_URL is postgres.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from timeline.settings import database

ROOT = Path(__file__).resolve().parent.parent

# Run by `manage.py shell` against a fresh SQLite file: what the settings make of it.
PROBE = """
import json, sqlite3
from django.db import connection, transaction

with connection.cursor() as cursor:
    pragmas = {}
    for name in ["journal_mode", "busy_timeout", "synchronous"]:
        cursor.execute(f"PRAGMA {name}")
        pragmas[name] = cursor.fetchone()[0]
    cursor.execute("CREATE TABLE probe (x)")

other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM probe")  # only a read, yet the write lock is held
    reader_went_on = other.execute("SELECT count(*) FROM probe").fetchone() == (0,)
    try:
        other.execute("BEGIN IMMEDIATE")
        second_writer = "began"
    except sqlite3.OperationalError as error:
        second_writer = str(error)
print(json.dumps({**pragmas, "mode": connection.transaction_mode,
                  "reader_went_on": reader_went_on, "second_writer": second_writer}))
"""


def probe_sqlite(tmp_path, **env):
    """What a fresh SQLite file looks like through the project's settings."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "timeline.settings",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_runs_in_wal_with_immediate_transactions_and_a_busy_timeout(tmp_path):
    found = probe_sqlite(tmp_path)
    assert found["journal_mode"] == "wal"
    assert found["busy_timeout"] == 20_000  # milliseconds
    assert found["synchronous"] == 1  # NORMAL: safe with WAL, one fsync per checkpoint
    assert found["mode"] == "IMMEDIATE"
    # WAL: a reader is never blocked by a writer. IMMEDIATE: the transaction took the
    # write lock at BEGIN, so a second writer waits instead of failing half-way.
    assert found["reader_went_on"] is True
    assert found["second_writer"] == "database is locked"


def test_the_busy_timeout_comes_from_the_environment(tmp_path):
    assert probe_sqlite(tmp_path, SQLITE_BUSY_TIMEOUT="7")["busy_timeout"] == 7_000


def test_postgresql_connections_come_from_psycopgs_pool(monkeypatch):
    for name in ["DB_POOL_MAX", "DB_POOL_MIN", "DB_POOL_TIMEOUT", "CONN_MAX_AGE"]:
        monkeypatch.delenv(name, raising=False)
    config = database("postgres://timeline@db.example:5432/timeline")
    assert config["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10, "timeout": 10}
    assert config["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool

    monkeypatch.setenv("DB_POOL_MAX", "25")
    monkeypatch.setenv("DB_POOL_MIN", "4")
    assert database("postgres://db.example/timeline")["OPTIONS"]["pool"] == {
        "min_size": 4,
        "max_size": 25,
        "timeout": 10,
    }


def test_db_pool_max_0_turns_the_pool_off(monkeypatch):
    monkeypatch.setenv("DB_POOL_MAX", "0")
    monkeypatch.setenv("CONN_MAX_AGE", "30")
    config = database("postgres://db.example/timeline")
    assert "pool" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 30


@pytest.mark.parametrize("value", ["lots", "-1", ""])
def test_a_pool_size_that_is_not_a_number_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("DB_POOL_MAX", value)
    with pytest.raises(ImproperlyConfigured, match="DB_POOL_MAX must be a whole number"):
        database("postgres://db.example/timeline")


def test_the_live_connection_is_configured_for_its_engine(db):
    options = settings.DATABASES["default"]["OPTIONS"]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        assert connection.pool is not None
        assert connection.pool.max_size == options["pool"]["max_size"]
        assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
    else:
        assert connection.vendor == "sqlite"
        assert connection.transaction_mode == "IMMEDIATE"
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == options["timeout"] * 1000
