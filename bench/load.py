"""Load and fault test: readers and editors against the production server, killed mid-run.

Why it exists: the test suite checks each page and each save on its own, through Django's
test client. Whether the site holds up as deployed (gunicorn, several worker processes,
SQLite or PostgreSQL, readers and editors at the same time, a server that dies) only shows
under real load. This script builds a throwaway database, serves it with gunicorn and
production settings, runs concurrent readers and admin editors for a fixed time, kills the
whole server with SIGKILL part-way and starts it again on the same port, then checks in the
database that every save the server acknowledged is there. It prints the counts and exits
non-zero on any server error, any "database is locked", or any acknowledged save missing.

    .venv/bin/python bench/load.py                       # 120 s on SQLite, 50 readers, 4 editors
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/load.py --duration 8 --readers 4 --editors 2 --kill-at 4

With --database-url the URL names a server and a database to connect to; the run creates
a database of its own there and drops it afterwards. Everything it starts is killed and every
temporary file removed on exit, Ctrl-C included.

The server runs with production settings (DJANGO_DEBUG=0, a fresh SECRET_KEY, Secure
cookies, HTTPS redirect on) behind no proxy, so the clients do what the TLS-terminating
proxy of a deployment does: they send `X-Forwarded-Proto: https`, which the settings trust
(SECURE_PROXY_SSL_HEADER). No setting is weakened for the test.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = PROJECT / ".venv" / "bin" / "python"
GUNICORN = PROJECT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"

# Connection failures while the server is down or restarting, a response cut off by the kill
# included (IncompleteRead): counted as "unavailable".
UNAVAILABLE = (ConnectionError, http.client.HTTPException, TimeoutError)
LOCKED = "database is locked"
# Part of the form error a stale save gets (timeline.forms.STALE), as the page escapes it.
STALE_MARK = "saved this event after you opened it"
SEARCH_WORDS = ["Putin", "Trump", "Energie", "Waffenruhe", "call", "30", "Kyiv", "Selenskyj"]


# ---------------------------------------------------------------------------------------------
# Setup and teardown


def parse_args(argv):
    """The command-line options, with the run's defaults."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of load (120)")
    parser.add_argument("--readers", type=int, default=50, help="concurrent readers (50)")
    parser.add_argument("--editors", type=int, default=4, help="concurrent admin editors (4)")
    parser.add_argument(
        "--kill-at",
        type=float,
        help="seconds into the run to kill and restart the server "
        "(default: half the duration; negative: never)",
    )
    parser.add_argument(
        "--min-writes",
        type=int,
        default=1,
        help="saves each editor must have acknowledged "
        "before the run ends (1): on a slow machine the load goes on past --duration until then",
    )
    parser.add_argument(
        "--hot-events",
        type=int,
        default=3,
        help="how many published events the editors' "
        "edits share (3): few, so that saves race and stale saves are refused",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (3)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to run on, e.g. postgres://postgres@127.0.0.1:5432/postgres "
        "(a throwaway database is created there and dropped); default: SQLite in a temp dir",
    )
    parser.add_argument(
        "--max-wall",
        type=float,
        help="hard cap on the whole run in seconds "
        "(default: duration + 300); the run is stopped and fails when it is reached",
    )
    args = parser.parse_args(argv)
    if args.kill_at is None:
        args.kill_at = args.duration / 2
    if args.max_wall is None:
        args.max_wall = args.duration + 300
    return args


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Database:
    """The run's throwaway database: a SQLite file in `directory`, or a new PostgreSQL database."""

    def __init__(self, directory, server_url=None):
        self.server_url = server_url
        self.name = None
        if server_url is None:
            self.url = f"sqlite:///{Path(directory) / 'load.sqlite3'}"
            self.vendor = "sqlite"
            return
        import psycopg  # only needed for PostgreSQL

        self.vendor = "postgresql"
        self.name = f"timeline_load_{secrets.token_hex(4)}"
        with psycopg.connect(self._libpq(server_url), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        parts = urlsplit(server_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    @staticmethod
    def _libpq(url):
        """A dj-database-url style URL as libpq takes it (postgres:// and postgresql:// both)."""
        return re.sub(r"^postgres(ql)?://", "postgresql://", url)

    def drop(self):
        """Drop the PostgreSQL database, even with connections still open to it."""
        if self.name is None:
            return
        import psycopg

        with psycopg.connect(self._libpq(self.server_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.name = None


def production_env(database_url):
    """The environment of a production deployment on this machine, for commands and server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.pop("REDIS_URL", None)  # the local memory cache, as a single-machine deployment has
    env.update(
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args):
    """Run a manage.py command with `env`; its standard output, or an error with its output."""
    result = subprocess.run(  # noqa: S603 - our own command line, no outside input
        [str(PYTHON), "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def django_json(env, code):
    """Run `code` in `manage.py shell`; the JSON it prints on its last line, decoded."""
    output = manage(env, "shell", "--no-imports", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


# Runs in `manage.py shell`, one process for the whole setup (each Django start-up costs
# seconds): the schema, the seeds, the static files' manifest that production storage needs
# (into STATIC_ROOT, as a deployment does), the editor accounts, and what the clients will ask for.
PREPARE = """
import json, os
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_seeds", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.contrib.auth.models import Group, User
from timeline.models import Event, Source
editors = Group.objects.get(name="Editors")
for name in json.loads(os.environ["LOAD_EDITORS"]):
    user = User.objects.create_user(name, password=os.environ["LOAD_PASSWORD"], is_staff=True)
    user.groups.add(editors)
published = Event.objects.published()
print(json.dumps({
    "event_ids": list(published.values_list("pk", flat=True)),
    "event_slugs": list(published.values_list("slug", flat=True)),
    "source_slugs": list(Source.objects.values_list("slug", flat=True)),
}))
"""

# Runs in `manage.py shell`: which of the saves the database holds, acknowledged and refused
# alike. An edit is found when its event's history has a row with its marker (a later save may
# have changed the summary again, on purpose); a new event is found when it exists. Markers are
# looked for in their brackets: "…-1-2" alone would also match inside "…-1-23".
VERIFY = """
import json, os
from timeline.models import Event
writes = json.load(open(os.environ["LOAD_WRITES"]))
found = []
for write in writes["acknowledged"] + writes["refused"]:
    if write["kind"] == "edit":
        text = "[" + write["marker"] + "]"
        ok = Event.history.filter(id=write["event"], summary__contains=text).exists()
    else:
        ok = Event.objects.filter(title__contains="[" + write["marker"] + "]").exists()
    if ok:
        found.append(write["marker"])
print(json.dumps({"found": found}))
"""


class Server:
    """gunicorn serving the project on one port, started, killed and restarted as a whole."""

    def __init__(self, env, port, workers, log_path):
        self.env, self.port, self.workers, self.log_path = env, port, workers, log_path
        self.process = None

    def start(self, timeout=60):
        """Start gunicorn and wait until it answers; the seconds that took."""
        started = time.monotonic()
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child, closed below
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                [
                    str(GUNICORN),
                    "timeline.wsgi",
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--error-logfile",
                    "-",
                ],
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # A process group of its own: one signal reaches the master and every worker,
                # and Ctrl-C in the terminal reaches only this script, which then cleans up.
                start_new_session=True,
            )
        finally:
            log.close()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see its log")
            try:
                if Client(self.port).get("/robots.txt").status == 200:
                    return time.monotonic() - started
            except UNAVAILABLE:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s")

    def kill(self):
        """SIGKILL the master and all its workers at once, as a crash or OOM kill would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None


# ---------------------------------------------------------------------------------------------
# HTTP


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    """An HTTP client for one user: a connection per request, and the cookies it was given.

    Cookies are kept by hand because the server marks them Secure (as production does) and
    the standard library's cookie jar would not send Secure cookies over plain http.
    """

    def __init__(self, port, timeout=60):
        self.port, self.timeout = port, timeout
        self.cookies = {}
        self.origin = f"https://{HOST}:{port}"

    def request(self, method, path, body=None, headers=None):
        """Send one request; the response (redirects not followed)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        sent = {
            # What the TLS-terminating proxy in front of a deployment adds.
            "X-Forwarded-Proto": "https",
            "User-Agent": "ceasefire-timeline-load/1",
            "Connection": "close",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            result = Response(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in result.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return result

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields):
        """POST a form as a browser on this site would: urlencoded, with Origin and Referer."""
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            },
        )


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the form with the id `form_id`."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = self.found = False
        self.fields = []
        self._textarea = None  # [name, text parts]
        self._select = None  # {"name", "multiple", "disabled", "options": [(value, selected)]}
        self._option = None  # [value or None, selected, text parts]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.found = self.found or attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name, disabled = attrs.get("name"), "disabled" in attrs
        if tag == "input" and name and not disabled:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name and not disabled:
            self._textarea = [name, []]
        elif tag == "select":
            self._select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "disabled": disabled,
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, []]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            # A browser drops the one newline right after <textarea>, as HTML says.
            self.fields.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            select, self._select = self._select, None
            if select["disabled"] or not select["name"] or not select["options"]:
                return
            chosen = [value for value, selected in select["options"] if selected]
            if not chosen and not select["multiple"]:
                chosen = [select["options"][0][0]]
            self.fields.extend((select["name"], value) for value in chosen)

    def _close_option(self):
        if self._option is not None:
            value, selected, parts = self._option
            value = "".join(parts).strip() if value is None else value
            self._select["options"].append((value, selected))
            self._option = None


def form_fields(html, form_id):
    """The fields of the form `form_id` in `html`, as a browser would submit them (or None)."""
    parser = FormFields(form_id)
    parser.feed(html)
    parser.close()
    return parser.fields if parser.found else None


def replace_field(fields, name, value):
    """`fields` with `name` set to `value` (added when the form has no such field)."""
    kept = [(key, old) for key, old in fields if key != name]
    return [*kept, (name, value)]


# ---------------------------------------------------------------------------------------------
# The run


class Tally:
    """Counts shared by all client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.reader_status = Counter()
        self.reader_ms = []
        self.locked_responses = 0
        self.errors = []  # (who, method, path, status) of the first 20 failed requests
        self.writes = []  # acknowledged: {"kind", "marker", "event"}
        self.refused = []  # refused as stale, to be found nowhere: the same

    def add(self, key, n=1):
        with self.lock:
            self.counts[key] += n

    def response(self, who, method, path, response):
        """Note a response's server error or lock message, whoever got it."""
        with self.lock:
            if LOCKED.encode() in response.body:
                self.locked_responses += 1
            if response.status >= 500:
                self.counts["server errors"] += 1
                if len(self.errors) < 20:
                    self.errors.append((who, method, path, response.status))


def reader(port, tally, targets, stop, seed):
    """One reader: public pages, full and as htmx fragments, until `stop` is set."""
    rng = random.Random(seed)
    client = Client(port)
    htmx = {"HX-Request": "true"}
    while not stop.is_set():
        slug = rng.choice(targets["event_slugs"])
        word = quote(rng.choice(SEARCH_WORDS))
        path, headers = rng.choice(
            [
                ("/", None),
                (f"/?q={word}", None),
                (f"/?q={word}", htmx),
                (f"/events/{slug}/", None),
                (f"/events/{slug}/", htmx),
                ("/events/table/", None),
                (f"/events/table/?sort={rng.choice(['title', '-title', 'when'])}", htmx),
                (f"/sources/{rng.choice(targets['source_slugs'])}/", None),
                ("/events.json", None),
            ]
        )
        started = time.monotonic()
        try:
            response = client.get(path, headers)
        except UNAVAILABLE:
            tally.add("reader unavailable")
            stop.wait(0.2)
            continue
        with tally.lock:
            tally.reader_status[response.status] += 1
            tally.reader_ms.append((time.monotonic() - started) * 1000)
        tally.response("reader", "GET", path, response)
        stop.wait(rng.uniform(0, 0.5))  # a reader reads


class Editor:
    """One editor in the admin: signs in, edits summaries and adds drafts until `stop` is set."""

    CHANGELIST = "/admin/timeline/event/"

    def __init__(self, port, tally, name, password, event_ids, run_id, stop, seed):
        self.client = Client(port)
        self.tally, self.name, self.password = tally, name, password
        self.event_ids, self.run_id, self.stop = event_ids, run_id, stop
        self.rng = random.Random(seed)
        self.number = 0
        self.acknowledged = 0

    def get(self, path):
        """GET `path`, retrying while the server is unavailable; None once the run is over."""
        while not self.stop.is_set():
            try:
                response = self.client.get(path)
            except UNAVAILABLE:
                self.tally.add("editor unavailable")
                self.stop.wait(0.2)
                continue
            self.tally.response(self.name, "GET", path, response)
            if response.status == 302 and "/admin/login/" in response.headers.get("Location", ""):
                self.sign_in()
                continue
            return response
        return None

    def sign_in(self):
        """Sign in through the admin's login form, as a person would."""
        path = "/admin/login/?next=/admin/"
        while not self.stop.is_set():
            try:
                page = self.client.get(path)
                self.tally.response(self.name, "GET", path, page)
                fields = form_fields(page.text, "login-form") or []
                fields = replace_field(fields, "username", self.name)
                fields = replace_field(fields, "password", self.password)
                response = self.client.post(path, fields)
            except UNAVAILABLE:
                self.tally.add("editor unavailable")
                self.stop.wait(0.2)
                continue
            self.tally.response(self.name, "POST", path, response)
            if response.status == 302:
                self.tally.add("editor sign-ins")
                return
            raise RuntimeError(f"{self.name} could not sign in: {response.status}")

    def save(self, kind, path, fields, marker, event=None):
        """POST a change form; note whether the server acknowledged, refused or failed it."""
        self.tally.add("writes attempted")
        self.tally.add(f"{kind}s attempted")
        try:
            response = self.client.post(path, [*fields, ("_save", "Save")])
        except UNAVAILABLE:
            # Sent, unanswered: it may or may not have landed, and nobody was told it did.
            self.tally.add("writes unanswered")
            return
        self.tally.response(self.name, "POST", path, response)
        location = response.headers.get("Location", "")
        if response.status == 302 and urlsplit(location).path == self.CHANGELIST:
            with self.tally.lock:
                self.tally.writes.append({"kind": kind, "marker": marker, "event": event})
                self.tally.counts["writes acknowledged"] += 1
            self.acknowledged += 1
        elif response.status == 200 and STALE_MARK in response.text:
            self.tally.add("stale-save refusals")
            with self.tally.lock:
                self.tally.refused.append({"kind": kind, "marker": marker, "event": event})
        elif response.status < 500:
            self.tally.add("other refusals")
            with self.tally.lock:
                if len(self.tally.errors) < 20:
                    self.tally.errors.append((self.name, "POST", path, response.status))

    def edit(self):
        """Change a published event's summary, posting back every field of its form."""
        event = self.rng.choice(self.event_ids)
        path = f"{self.CHANGELIST}{event}/change/"
        page = self.get(path)
        if page is None or page.status != 200:
            return
        fields = form_fields(page.text, "event_form")
        marker = self.marker()
        summary = dict(fields).get("summary", "")
        summary = re.sub(r" \[LOADMARK-[^\]]*\]$", "", summary) + f" [{marker}]"
        self.stop.wait(self.rng.uniform(0.1, 1.0))  # an editor types
        self.save("edit", path, replace_field(fields, "summary", summary), marker, event)

    def add(self):
        """Add a draft event through the admin's add form."""
        path = f"{self.CHANGELIST}add/"
        page = self.get(path)
        if page is None or page.status != 200:
            return
        marker = self.marker()
        fields = form_fields(page.text, "event_form")
        for name, value in [
            ("title", f"Load test event [{marker}]"),
            ("slug", marker.lower()),
            ("summary", f"Added under load [{marker}]"),
            ("when", "2025-03-18"),
            ("date_text", "am Dienstag"),
        ]:
            fields = replace_field(fields, name, value)
        self.stop.wait(self.rng.uniform(0.1, 1.0))
        self.save("add", path, fields, marker)

    def marker(self):
        """A text no other save of any run carries."""
        self.number += 1
        return f"LOADMARK-{self.run_id}-{self.name}-{self.number}"

    def run(self):
        self.sign_in()
        while not self.stop.is_set():
            self.edit() if self.rng.random() < 0.6 else self.add()
            self.stop.wait(self.rng.uniform(0.1, 0.5))


def run_clients(args, server, tally, targets, password, names, run_id):
    """Readers and editors for `args.duration` seconds, the kill and restart at `args.kill_at`."""
    stop = threading.Event()
    hot_events = sorted(targets["event_ids"])[: max(1, args.hot_events)]
    failures = []

    def client_thread(name, target, *args):
        """A thread for one client; what ends it early is reported, and fails the run."""

        def run():
            try:
                target(*args)
            except Exception as error:  # noqa: BLE001
                failures.append(f"{name}: {error!r}")

        return threading.Thread(target=run, name=name, daemon=True)

    threads = [
        client_thread(f"reader-{n}", reader, server.port, tally, targets, stop, n)
        for n in range(args.readers)
    ]
    editors = [
        Editor(server.port, tally, name, password, hot_events, run_id, stop, 1000 + n)
        for n, name in enumerate(names)
    ]
    editor_threads = [client_thread(editor.name, editor.run) for editor in editors]
    threads += editor_threads
    fault = {}
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        if 0 <= args.kill_at < args.duration:
            stop.wait(max(0, started + args.kill_at - time.monotonic()))
            fault["killed at"] = time.monotonic() - started
            server.kill()
            fault["back after"] = server.start()
        stop.wait(max(0, started + args.duration - time.monotonic()))
        # A run in which an editor never got a save through has not tested saving: on a slow
        # machine the load goes on until each has (the wall-clock cap still applies).
        while any(
            thread.is_alive() and editor.acknowledged < args.min_writes
            for thread, editor in zip(editor_threads, editors, strict=True)
        ):
            stop.wait(0.2)
        fault["load seconds"] = time.monotonic() - started
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=70)  # a request's timeout, and a little
    return fault, failures


def server_log_counts(log_path):
    """Lock errors and logged server errors in gunicorn's log, and the lines that name them."""
    text = Path(log_path).read_text(errors="replace") if Path(log_path).exists() else ""
    # The request line and the exception line of each error, e.g. "...OperationalError: ...".
    named = [
        line.strip()
        for line in text.splitlines()
        if "Internal Server Error" in line or re.match(r"^\w[\w.]*(Error|Exception): ", line)
    ]
    return text.count(LOCKED), text.count("Internal Server Error"), named[:20]


def report(args, database, tally, fault, failures, found, log_counts):
    """Print the counts; True when the run passed."""
    counts = tally.counts
    acknowledged = {write["marker"] for write in tally.writes}
    lost = sorted(acknowledged - set(found))
    # A refused save must have left nothing behind, not even a history row.
    leaked = sorted({write["marker"] for write in tally.refused} & set(found))
    log_locked, log_errors, log_lines = log_counts
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(tally.reader_status.items()))
    ms = sorted(tally.reader_ms) or [0]
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    kill = (
        f"done at {fault['killed at']:.1f} s, answering again after {fault['back after']:.1f} s"
        if "killed at" in fault
        else "not done"
    )
    lines = [
        f"database: {database.vendor}",
        f"duration: {args.duration:g} s (load ran {fault.get('load seconds', 0):.0f} s), "
        f"readers: {args.readers}, editors: {args.editors}, gunicorn workers: {args.workers}",
        f"reader requests: {sum(tally.reader_status.values())} ({statuses})",
        f"reader latency ms: median {statistics.median(ms):.0f}, p95 {p95:.0f}",
        f"reader unavailable: {counts['reader unavailable']}",
        f"editor unavailable: {counts['editor unavailable']}",
        f"editor sign-ins: {counts['editor sign-ins']}",
        f"server errors (5xx): {counts['server errors']}",
        f"server log errors: {log_errors}",
        f"database is locked: {tally.locked_responses} in responses, {log_locked} in server log",
        f"writes attempted: {counts['writes attempted']} "
        f"(edits {counts['edits attempted']}, adds {counts['adds attempted']})",
        f"writes acknowledged: {len(acknowledged)}",
        f"writes found after: {len(acknowledged) - len(lost)}",
        f"writes unanswered: {counts['writes unanswered']}",
        f"stale-save refusals: {counts['stale-save refusals']}",
        f"refused saves found after: {len(leaked)}",
        f"other refusals: {counts['other refusals']}",
        f"kill and restart: {kill}",
    ]
    lines += [f"error: {who} {method} {path} -> {code}" for who, method, path, code in tally.errors]
    lines += [f"server log: {line}" for line in log_lines]
    lines += [f"lost: {marker}" for marker in lost]
    lines += [f"refused but saved: {marker}" for marker in leaked]
    lines += [f"failure: {failure}" for failure in failures]
    passed = not (
        counts["server errors"]
        or log_errors
        or tally.locked_responses
        or log_locked
        or lost
        or leaked
        or failures
        or counts["other refusals"]
        or len(acknowledged) < args.min_writes * args.editors
        or (0 <= args.kill_at < args.duration and "killed at" not in fault)
    )
    lines.append(f"result: {'PASS' if passed else 'FAIL'}")
    print("\n".join(lines), flush=True)
    return passed


class WallClockExceeded(Exception):
    pass


def main(argv=None):
    args = parse_args(argv)

    def stop_now(signum, frame):
        raise WallClockExceeded if signum == signal.SIGALRM else KeyboardInterrupt

    # SIGINT too: a shell starts background jobs with it ignored, and Ctrl-C or `kill -INT`
    # must still clean up.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
        signal.signal(signum, stop_now)
    signal.alarm(int(args.max_wall))
    directory = tempfile.mkdtemp(prefix="timeline-load-")
    database = server = None
    try:
        database = Database(directory, args.database_url)
        env = production_env(database.url)
        print(f"setting up {database.vendor}: migrate, load_seeds, collectstatic", flush=True)
        run_id = secrets.token_hex(3)
        names = [f"load-editor-{run_id}-{n + 1}" for n in range(args.editors)]
        password = secrets.token_urlsafe(16)
        targets = django_json(
            {**env, "LOAD_EDITORS": json.dumps(names), "LOAD_PASSWORD": password}, PREPARE
        )
        server = Server(env, free_port(), args.workers, Path(directory) / "server.log")
        server.start()
        print(f"serving on {HOST}:{server.port}; load for {args.duration:g} s", flush=True)
        tally = Tally()
        fault, failures = run_clients(args, server, tally, targets, password, names, run_id)
        server.kill()
        writes_path = Path(directory) / "writes.json"
        writes_path.write_text(json.dumps({"acknowledged": tally.writes, "refused": tally.refused}))
        found = django_json({**env, "LOAD_WRITES": str(writes_path)}, VERIFY)["found"]
        passed = report(
            args, database, tally, fault, failures, found, server_log_counts(server.log_path)
        )
        return 0 if passed else 1
    except WallClockExceeded:
        print(f"result: FAIL (stopped at the {args.max_wall:g} s wall-clock cap)", flush=True)
        return 2
    except KeyboardInterrupt:
        print("result: FAIL (interrupted)", flush=True)
        return 130
    finally:
        signal.alarm(0)
        if server is not None:
            server.kill()
        if database is not None:
            database.drop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
