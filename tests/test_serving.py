"""Production serving: gunicorn as gunicorn.conf.py configures it, and the health check.

The deployment checks (`manage.py check --deploy` clean under the production environment)
are in test_security.py.
"""

import http.client
import os
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"


def gunicorn_settings(monkeypatch, **environment):
    """gunicorn.conf.py's values under `environment` (and nothing else that configures it)."""
    for name in ("GUNICORN_BIND", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_gunicorn_binds_the_loopback_address_unless_told_otherwise(monkeypatch):
    assert gunicorn_settings(monkeypatch)["bind"] == ["127.0.0.1:8000"]
    assert gunicorn_settings(monkeypatch, PORT="9000")["bind"] == ["127.0.0.1:9000"]
    assert gunicorn_settings(monkeypatch, GUNICORN_BIND="0.0.0.0:80")["bind"] == ["0.0.0.0:80"]


def test_gunicorn_runs_two_workers_per_core_and_one_more_unless_told(monkeypatch):
    assert gunicorn_settings(monkeypatch)["workers"] == 2 * os.cpu_count() + 1
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_gunicorn_serves_the_app_with_a_graceful_timeout(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    assert settings["wsgi_app"] == "timeline.wsgi:application"
    assert settings["graceful_timeout"] == settings["timeout"] == 30
    assert "%(M)s" in settings["access_log_format"]  # the time taken, in every access line


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, headers, attempts=400):
    """(status, headers, body) of GET `path`, retrying while the server is still starting."""
    for _ in range(attempts):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except ConnectionRefusedError:
            time.sleep(0.05)
        finally:
            connection.close()
    raise AssertionError(f"nothing answered on port {port}")


@pytest.fixture
def production_gunicorn(tmp_path):
    """gunicorn started as `make serve` starts it, on a free port; yields (port, its log)."""
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "GUNICORN_BIND", "WEB_CONCURRENCY")
    }
    environment.update(
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PORT=str(port),
        WEB_CONCURRENCY="1",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield port, log
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def test_production_gunicorn_answers_the_health_check_on_loopback(production_gunicorn):
    port, log = production_gunicorn
    # The TLS-terminating proxy says the request came over HTTPS, as production requires.
    status, headers, body = get(
        port, "/healthz", {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    )
    assert (status, body) == (200, b"ok\n")
    assert "no-cache" in headers["Cache-Control"]
    assert "Strict-Transport-Security" in headers  # the production settings, not DEBUG's
    text = log.read_text()
    assert f"Listening at: http://127.0.0.1:{port}" in text
    assert '"GET /healthz HTTP/1.1" 200' in text  # the access log line


# The health check itself.


def test_the_health_check_says_ok_without_asking_the_database(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_the_health_check_is_not_offered_to_crawlers(client, seeded):
    assert b"healthz" not in client.get("/sitemap.xml").content


def test_make_serve_refuses_to_start_without_a_secret_key():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "MAKEFLAGS")
    }
    environment["ALLOWED_HOSTS"] = "example.org"
    # -o: the installed requirements count as up to date (this test installs nothing).
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed-run", "serve"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr
    assert "gunicorn" not in result.stdout.splitlines()[-1]  # it stopped at the check
