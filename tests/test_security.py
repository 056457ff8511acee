"""Security guards: sign-in lockouts, production settings, headers, CSP reports, log output."""

import os
import runpy
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "timeline" / "settings.py"
NEWSROOM = "198.51.100.7"
ELSEWHERE = "203.0.113.50"
PASSWORD = "pw-123456"
TUESDAY = "trump-putin-call-tuesday"
SETTINGS_VARIABLES = (
    "DJANGO_DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "CLIENT_IP_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
)


def settings_with(monkeypatch, **env):
    """The settings module's names as it computes them from `env` on top of the local defaults."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def sign_in(username, password, address=NEWSROOM, **headers):
    """POST the admin login form from `address` in a fresh browser session; returns the response."""
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **headers,
    )
    response.signed_in = "_auth_user_id" in client.session
    return response


def fail(username, times, address=NEWSROOM):
    """`times` wrong passwords for `username` from `address`."""
    return [sign_in(username, "wrong-password", address) for _ in range(times)]


@pytest.fixture
def editors(django_user_model):
    """Two staff accounts: `editor` and `reporter`, both with PASSWORD."""
    for name in ("editor", "reporter"):
        django_user_model.objects.create_superuser(name, f"{name}@example.org", PASSWORD)


# Sign-in lockouts (django-axes): by username and address together.


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_username_out_from_that_address(editors):
    responses = fail("editor", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert all("Please enter the correct username and password" in r.text for r in responses[:4])
    assert responses[4].status_code == 429

    right = sign_in("editor", PASSWORD)
    assert right.status_code == 429
    assert not right.signed_in
    # A page in the admin's own style, not django-axes' bare sentence.
    assert "admin/locked_out.html" in [t.name for t in right.templates]
    assert "admin/css/base.css" in right.text
    assert "<title>Sign-in paused | Ceasefire Timeline</title>" in right.text
    assert "Ceasefire Timeline editing" in right.text
    text = " ".join(right.text.split())
    assert "After 5 failed attempts to sign in as “editor” from your network address" in text
    assert "try again in 60 minutes." in text
    assert "Each attempt before then starts the wait again." in text


@pytest.mark.django_db
def test_another_username_from_the_same_address_can_still_sign_in(editors):
    fail("editor", 5)
    response = sign_in("reporter", PASSWORD)
    assert response.status_code == 302
    assert response.signed_in


@pytest.mark.django_db
def test_the_same_username_from_another_address_can_still_sign_in(editors):
    fail("editor", 5)
    response = sign_in("editor", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert response.signed_in


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_failures_of_its_own_username_and_address(editors):
    fail("editor", 4)
    assert sign_in("editor", PASSWORD).signed_in
    # The count starts again: four more typos are not yet a lockout.
    fail("editor", 4)
    assert sign_in("editor", PASSWORD).signed_in


@pytest.mark.django_db
def test_a_successful_sign_in_clears_no_one_elses_failures(editors):
    fail("editor", 4, address=ELSEWHERE)
    fail("editor", 4)
    assert sign_in("reporter", PASSWORD).signed_in  # another user at the newsroom's address
    assert sign_in("editor", PASSWORD).signed_in  # the editor at the newsroom's address

    # The fifth failure elsewhere still locks the editor out there.
    assert fail("editor", 1, address=ELSEWHERE)[0].status_code == 429
    assert sign_in("editor", PASSWORD, address=ELSEWHERE).status_code == 429


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_a_lockout(editors):
    fail("editor", 5)
    response = sign_in("editor", PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert response.status_code == 429
    assert not response.signed_in


def test_lockout_defaults_and_their_environment_variables(monkeypatch):
    local = settings_with(monkeypatch)
    assert local["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert local["AXES_FAILURE_LIMIT"] == 5
    assert local["AXES_COOLOFF_TIME"] == timedelta(hours=1)
    assert "AXES_CLIENT_IP_CALLABLE" not in local

    tuned = settings_with(monkeypatch, AXES_FAILURE_LIMIT="10", AXES_COOLOFF_MINUTES="15")
    assert tuned["AXES_FAILURE_LIMIT"] == 10
    assert tuned["AXES_COOLOFF_TIME"] == timedelta(minutes=15)

    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT must be a whole number"):
        settings_with(monkeypatch, AXES_FAILURE_LIMIT="0")


def test_the_client_address_comes_from_a_proxy_header_only_when_configured(monkeypatch):
    proxied = settings_with(monkeypatch, CLIENT_IP_HEADER="X-Forwarded-For")
    client_ip = proxied["AXES_CLIENT_IP_CALLABLE"]
    factory = RequestFactory()
    # The proxy appends the address it saw; whatever a client put before it is not believed.
    request = factory.get(
        "/", HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}, {NEWSROOM}", REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(request) == NEWSROOM
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


# Log output.


def test_each_log_line_is_printed_once():
    """runserver's request lines and Django's request warnings reach exactly one handler."""
    environment = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "timeline.settings"}
    code = (
        "import logging, django; django.setup(); "
        "logging.getLogger('django.server').info('\"GET /probe/ HTTP/1.1\" 200 5', "
        "extra={'status_code': 200}); "
        "logging.getLogger('django.request').warning('Not Found: /probe-missing/'); "
        "logging.getLogger('timeline.csp').warning('CSP violation: probe')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr.count('"GET /probe/ HTTP/1.1" 200 5') == 1, result.stderr
    assert result.stderr.count("Not Found: /probe-missing/") == 1, result.stderr
    assert result.stderr.count("CSP violation: probe") == 1, result.stderr
