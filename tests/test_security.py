"""Security guards: sign-in lockouts, production settings, headers, CSP reports, log output."""

import json
import logging
import os
import runpy
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse
from playwright.sync_api import expect

from timeline.models import Event

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


def production_env():
    """The documented production configuration, with a real-looking key."""
    return {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40)[:50],
        "ALLOWED_HOSTS": "example.org",
    }


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
@pytest.mark.parametrize(
    ("username", "address"),
    [("reporter", NEWSROOM), ("editor", ELSEWHERE)],
    ids=["another-username-same-address", "same-username-another-address"],
)
def test_a_lockout_leaves_other_usernames_and_addresses_free_to_sign_in(editors, username, address):
    fail("editor", 5)
    response = sign_in(username, PASSWORD, address=address)
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


# Production settings.


def test_production_configuration_passes_the_deployment_checks():
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(production_env())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(monkeypatch):
    production = settings_with(monkeypatch, **production_env())
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True

    cautious = settings_with(
        monkeypatch,
        **production_env(),
        SECURE_HSTS_SECONDS="300",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
    )
    assert cautious["SECURE_HSTS_SECONDS"] == 300
    assert cautious["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert cautious["SECURE_HSTS_PRELOAD"] is False


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives == {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "form-action": "'self'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "object-src": "'none'",
        "report-uri": reverse("csp-report"),
    }


@pytest.mark.django_db
def test_every_response_turns_off_features_the_site_never_uses(client):
    for response in (client.get("/"), client.get("/no-such-page/"), client.get("/admin/login/")):
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
            assert f"{feature}=()" in policy.split(", "), (response.request["PATH_INFO"], policy)
        # The permalink's "Copy link" button needs it.
        assert "clipboard-write" not in policy
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_and_same_site_lax(editors):
    client = Client()
    csrf = client.get(reverse("admin:login")).cookies["csrftoken"]
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": csrf.value},
    )
    session = response.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


# The CSP report endpoint.

LEGACY_REPORT = {
    "csp-report": {
        "document-uri": "https://example.org/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "original-policy": "default-src 'none'",
        "disposition": "enforce",
    }
}
REPORTING_API_BATCH = [
    {
        "type": "csp-violation",
        "age": 10,
        "url": "https://example.org/events/table/",
        "user_agent": "Chromium",
        "body": {
            "documentURL": "https://example.org/events/table/",
            "effectiveDirective": "style-src-attr",
            "blockedURL": "inline",
            "disposition": "enforce",
        },
    },
    {"type": "deprecation", "age": 3, "url": "https://example.org/", "body": {"id": "x"}},
]


def post_report(body, content_type, client=None):
    """POST `body` to the CSP report endpoint as a browser would (no CSRF token)."""
    client = client or Client(enforce_csrf_checks=True)
    return client.post(reverse("csp-report"), body, content_type=content_type)


def csp_warnings(caplog):
    """The messages logged at WARNING through the `timeline.csp` logger."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "timeline.csp" and r.levelno == logging.WARNING
    ]


def test_a_legacy_csp_report_is_logged_as_a_warning(caplog):
    response = post_report(json.dumps(LEGACY_REPORT), "application/csp-report")
    assert response.status_code == 204
    [message] = csp_warnings(caplog)
    assert '"blocked-uri": "inline"' in message
    assert '"violated-directive": "script-src-elem"' in message


def test_each_csp_violation_in_a_reporting_api_batch_is_logged(caplog):
    response = post_report(json.dumps(REPORTING_API_BATCH), "application/reports+json")
    assert response.status_code == 204
    [message] = csp_warnings(caplog)  # the deprecation report is not a CSP violation
    assert '"effectiveDirective": "style-src-attr"' in message


def test_an_oversized_csp_report_is_refused_unread(caplog):
    report = {"csp-report": {**LEGACY_REPORT["csp-report"], "script-sample": "x" * 70_000}}
    response = post_report(json.dumps(report), "application/csp-report")
    assert response.status_code == 413
    assert csp_warnings(caplog) == []


@pytest.mark.parametrize("body", ["not json", "{}", "[1, 2]", "[" * 60_000])
def test_a_body_that_is_no_csp_report_is_a_bad_request(caplog, body):
    assert post_report(body, "application/csp-report").status_code == 400
    assert csp_warnings(caplog) == []


def test_the_csp_report_endpoint_only_accepts_post():
    client = Client()
    assert client.get(reverse("csp-report")).status_code == 405
    assert client.put(reverse("csp-report"), "{}").status_code == 405


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


# The policy in a real browser.


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(
    page, live_server, seeded, editors, caplog, collect_errors
):
    errors = collect_errors(page)
    # Chromium only warns about a Permissions-Policy feature it does not know; that counts too.
    page.on(
        "console",
        lambda message: "Permissions-Policy" in message.text and errors.append(message.text),
    )
    for path in (
        "/",
        f"/events/{TUESDAY}/",
        "/events/table/",
        "/sources/ft-2025-03-18-putin-energy-pause/",
    ):
        response = page.goto(path)
        assert response.ok, path
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert errors == []

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("editor")
    event = Event.objects.get(slug=TUESDAY)
    for path in ("/admin/", "/admin/timeline/event/", f"/admin/timeline/event/{event.pk}/change/"):
        assert page.goto(path).ok, path
    expect(page.locator("#id_when")).to_have_value("2025-03-18")
    # Only violations count here: the admin's pages name no icon, so Chromium's own request for
    # /favicon.ico logs a 404 that has nothing to do with the policy.
    assert [error for error in errors if "Content Security Policy" in error] == []
    assert csp_warnings(caplog) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_blocked_inline_style_is_reported_and_logged(page, live_server, caplog, collect_errors):
    errors = collect_errors(page)
    page.goto("/")
    with page.expect_response(lambda r: r.url.endswith(reverse("csp-report"))) as report:
        page.evaluate(
            "() => { const s = document.createElement('style');"
            " s.textContent = 'body { color: red }'; document.head.append(s); }"
        )
    assert report.value.status == 204
    assert any("Content Security Policy" in error for error in errors)
    [message] = csp_warnings(caplog)
    assert "style-src" in message
