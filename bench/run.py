# ruff: noqa: S603, S310  (a local tool: runs our own scripts, wrk and apt-get; fetches loopback)
"""The benchmark: the production server on a 10,000-event timeline, measured from loopback.

    make bench                                    # or: .venv/bin/python bench/run.py
    make bench BENCH_ARGS="--events 1000 --duration 3"      # a quick try

What it does, in order:

1. Builds the benchmark databases once (bench/build.py): bench/bench-<N>.sqlite3 with
   N events, 2,000 sources and 100,000 sentences (scaled with --events), and the seed-size
   one with 100 events; later runs reuse them (--rebuild makes them afresh).
2. Collects the static files and, inside Django with the production settings
   (bench/inprocess.py), counts each page's SQL queries, times it uncached (the page cache
   emptied before every request) on both databases, and adds up the first load of `/`.
3. Starts gunicorn with gunicorn.conf.py and the production settings on 127.0.0.1 and, for
   each page, a whitenoise static file of about the permalink's size and the minimal view
   /healthz, runs wrk (installed from Debian's packages when missing) for --duration seconds
   with --connections connections, after a short warm-up. Each request says it came through
   the TLS proxy (X-Forwarded-Proto) and accepts gzip and brotli, as a browser behind the
   production proxy does.
4. Writes BENCHMARKS.md: the figures, each also as a ratio to the static file and to the
   minimal view, the machine, and the issue's targets met or missed.

The figures are of this machine under whatever else it is doing; compare ratios, not times,
between machines. PostgreSQL: build each database with bench/build.py first and give
--database-url (and --small-database-url for the 100-event comparison).
"""

import argparse
import datetime
import json
import os
import platform
import re
import runpy
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
SMALL_EVENTS = 100
# The targets (issue 12, item 8).
MAX_QUERIES = 6
MIN_STATIC_SHARE = 0.5
MAX_GROWTH = 1.5
MAX_FIRST_LOAD = 35 * 1024
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "X-Forwarded-Proto": "https"}
HTMX = {"HX-Request": "true"}
LAST_RUN = BENCH / "last-run.json"
RUN_SETTINGS = ("duration", "connections", "threads", "repeat", "limit")


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="events (10,000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL (10)")
    parser.add_argument("--connections", type=int, default=50, help="open connections (50)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--repeat", type=int, default=5, help="uncached renders per page (5)")
    parser.add_argument(
        "--limit", type=int, default=60, help="seconds one uncached render may take (60)"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the databases afresh")
    parser.add_argument("--database-url", help="a PostgreSQL database built by bench/build.py")
    parser.add_argument("--small-database-url", help="the same with 100 events")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write the report again from the last run's figures (bench/last-run.json)",
    )
    return parser.parse_args(argv)


def log(message):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# Databases.


def database_url(events, given, rebuild):
    """The URL of the benchmark database with `events` events, built first if needed."""
    if given:
        return given
    path = BENCH / f"bench-{events}.sqlite3"
    if rebuild or not path.exists():
        sources = max(2, events // 5)
        sentences = events * 10
        log(
            f"building {path.name}: {events:,} events, {sources:,} sources, {sentences:,} sentences"
        )
        temporary = path.with_suffix(".building")
        command = [PYTHON, str(BENCH / "build.py"), "--database", str(temporary)]
        command += ["--events", str(events), "--sources", str(sources)]
        command += ["--sentences", str(sentences)]
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(command, check=True, cwd=ROOT, env=environment)
        temporary.replace(path)  # only a finished build counts as built
    return f"sqlite:///{path}"


def production_environment(url, port=None):
    """The environment of a production deployment on `url`, answering on 127.0.0.1."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "GUNICORN_BIND", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        DATABASE_URL=url,
        LOG_LEVEL="WARNING",
    )
    if port:
        environment["PORT"] = str(port)
    return environment


def middle_event(events):
    return f"bench-event-{events // 2}"


def pages(events):
    """(name, URL, extra headers) of every page the issue names."""
    permalink = f"/events/{middle_event(events)}/"
    return [
        ["timeline /", "/", {}],
        ["search /?q=Waffenruhe", "/?q=Waffenruhe", {}],
        ["permalink, full page", permalink, {}],
        ["permalink, htmx fragment", permalink, HTMX],
        ["table, sorted", "/events/table/?sort=-date", {}],
        ["reader, long source", "/sources/bench-long-source/", {}],
        ["/events.json", "/events.json", {}],
    ]


def measure_inside(url, events, arguments):
    """bench/inprocess.py's figures for the database at `url`."""
    log(f"queries, uncached renders and first load on {events:,} events")
    result = subprocess.run(
        [PYTHON, str(BENCH / "inprocess.py"), "--pages", json.dumps(pages(events))]
        + ["--repeat", str(arguments.repeat), "--limit", str(arguments.limit)],
        check=True,
        cwd=ROOT,
        env=production_environment(url),
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout)


# The server and the load.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as `make serve` runs it, on a free loopback port; restartable."""

    def __init__(self, url):
        self.url, self.process = url, None
        configuration = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        self.workers, self.timeout = configuration["workers"], configuration["timeout"]
        self.log = (BENCH / "gunicorn.log").open("a")

    def start(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn"],
            cwd=ROOT,
            env=production_environment(self.url, self.port),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(600):
            try:
                get(self.base + "/healthz", timeout=5)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz: see bench/gunicorn.log")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu_ticks(self):
        """CPU time used so far by the master and its workers, in clock ticks."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(stat.parent.name)
            if pid == self.process.pid or int(fields[1]) == self.process.pid:
                total += int(fields[11]) + int(fields[12])
        return total

    def settle(self, limit=10):
        """Wait until the workers are idle (requests queued by a run are finished).

        A page slower than the load's duration leaves requests queued behind it; they would
        slow the next URL's figures. If the workers are still busy after `limit` seconds, the
        server is restarted instead.
        """
        deadline = time.monotonic() + limit
        before = self.cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_ticks()
            if now - before <= 1:
                return
            before = now
        log("workers still busy: restarting gunicorn")
        self.stop()
        self.start()


def get(url, headers=None, timeout=60):
    request = urllib.request.Request(url, headers={**HEADERS, **(headers or {})})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def ensure_wrk():
    """The path of wrk, installed from Debian's packages if it is missing."""
    if not shutil.which("wrk"):
        log("wrk is missing: installing it from Debian's packages (apt-get install wrk)")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", "wrk"]
        if subprocess.run(install, check=False).returncode != 0:
            subprocess.run([*sudo, "apt-get", "update"], check=True)
            subprocess.run(install, check=True)
    return shutil.which("wrk")


def wrk(server, path, headers, arguments, duration, connections=None):
    """wrk's summary (bench/report.lua) for `duration` seconds of load on `path`."""
    connections = connections or arguments.connections
    command = [ensure_wrk(), "--latency", "-s", str(BENCH / "report.lua")]
    command += ["-t", str(min(arguments.threads, connections)), "-c", str(connections)]
    command += ["-d", f"{duration}s", "--timeout", "30s"]
    for name, value in {**HEADERS, **headers}.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, server.base + path], check=True, capture_output=True, text=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    if not figures["requests"]:
        # Nothing finished within the run: wrk's percentiles of no requests are zeros.
        figures.update(p50=None, p90=None, p95=None, p99=None)
    figures["errors"] = sum(
        figures[kind] for kind in ("connect", "read", "write", "status", "timeout")
    )
    return figures


def static_file_near(size):
    """The hashed static file whose gzipped size is nearest `size` bytes, and its URL."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())["paths"]
    candidates = [
        (abs((ROOT / "staticfiles" / f"{hashed}.gz").stat().st_size - size), name, hashed)
        for name, hashed in manifest.items()
        if name.endswith((".css", ".js")) and not name.startswith("admin/")
    ]
    _, name, hashed = min(candidates)
    return name, f"/static/{hashed}"


def load(server, targets, arguments):
    """wrk's figures for each (name, path, headers), after a warm-up of each."""
    results = {}
    for name, path, headers in targets:
        log(f"load: {name} ({path})")
        # Warm-up: one connection per worker, so every worker has served the page once and no
        # queue builds up behind a slow page (a restart to clear it would undo the warm-up).
        wrk(server, path, headers, arguments, duration=2, connections=server.workers)
        server.settle(limit=server.timeout + 5)
        results[name] = wrk(server, path, headers, arguments, duration=arguments.duration)
        log(
            f"  {results[name]['rps']:.1f} req/s, p50 {ms(results[name]['p50'])} ms, "
            f"{results[name]['errors']} errors"
        )
        server.settle()
    return results


# The report.


def machine(inside, server_workers, wrk_version):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    import django

    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{inside['database']}, gunicorn {server_workers} sync workers, {wrk_version}"
    )


def ms(microseconds):
    return "none finished" if microseconds is None else f"{microseconds / 1000:.1f}"


def ratio(value, base):
    return f"{value / base:.2f}" if value is not None and base else "–"


def render(arguments, inside, small, loaded, static_name, about):
    """BENCHMARKS.md as text."""
    static, minimal = loaded["static file"], loaded["minimal view /healthz"]
    names = [name for name, _, _ in pages(arguments.events)]
    lines = [
        "# Benchmarks",
        "",
        f'The latest run of `make bench` (bench/run.py; README, "Performance"): '
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"- Machine: {about}.",
        f"- Data: {inside['events']:,} published events (bench/build.py), and "
        f"{small['events']:,} for the seed-size comparison. Uncached: the median of "
        f"{arguments.repeat} renders inside Django with the page cache emptied before each, "
        f"stopped after {arguments.limit} s.",
        f"- Load: wrk, {arguments.connections} connections, {arguments.threads} threads, "
        f"{arguments.duration} s per URL after a 2 s warm-up (one connection per worker), "
        "on 127.0.0.1; requests accept gzip and brotli and come as through the TLS proxy.",
        f"- Static file: `{static_name}` (whitenoise, hashed and precompressed), the one "
        "nearest the permalink's size; minimal view: `/healthz`.",
        "",
        "## Under load (the production server)",
        "",
        "| URL | req/s | p50 ms | p95 ms | p99 ms | errors | queries | uncached ms "
        f"({inside['events']:,} / {small['events']:,} events) | bytes sent, gzipped |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in [*names, "static file", "minimal view /healthz"]:
        figures = loaded[name]
        big, little = inside["pages"].get(name, {}), small["pages"].get(name, {})
        lines.append(
            f"| {name} | {figures['rps']:.1f} | {ms(figures['p50'])} | {ms(figures['p95'])} | "
            f"{ms(figures['p99'])} | {figures['errors']} | {queries(big)} | "
            f"{' / '.join(filter(None, (render_ms(big), render_ms(little))))} | "
            f"{big.get('bytes_sent', '')} |"
        )
    lines += [
        "",
        "req/s, p50, p95 and p99 latency as ratios to the static file and to the minimal view "
        "(req/s: higher is better; latency: lower is better):",
        "",
        "| URL | req/s ÷ static | req/s ÷ minimal | p50 ÷ static | p50 ÷ minimal "
        "| p95 ÷ static | p95 ÷ minimal | p99 ÷ static | p99 ÷ minimal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in [*names, "static file", "minimal view /healthz"]:
        figures = loaded[name]
        cells = [ratio(figures["rps"], static["rps"]), ratio(figures["rps"], minimal["rps"])]
        for key in ("p50", "p95", "p99"):
            cells += [ratio(figures[key], static[key]), ratio(figures[key], minimal[key])]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Targets (issue 12, item 8)", ""]
    lines += targets(arguments, inside, small, loaded)
    lines += [
        "",
        'Re-run with `make bench`; `make bench BENCH_ARGS="--events 1000 --duration 3"` for '
        "a quick try, `--rebuild` to build the databases afresh.",
        "",
    ]
    return "\n".join(lines)


def queries(figures):
    if "timeout" in figures:
        return f"≥ {figures['queries_so_far']}"
    return str(figures.get("queries", ""))


def render_ms(figures):
    if "timeout" in figures:
        return f"> {figures['timeout'] * 1000:,}"
    return f"{figures['median_ms']:,.0f}" if figures else ""


def verdict(ok):
    return "met" if ok else "**missed**"


def targets(arguments, inside, small, loaded):
    """One line per target: the figure, the limit, met or missed."""
    names = [name for name, _, _ in pages(arguments.events)]
    lines = []
    counted = {name: inside["pages"][name].get("queries") for name in names}
    over = [f"{name} {count}" for name, count in counted.items() if (count or 0) > MAX_QUERIES]
    unfinished = [name for name, count in counted.items() if count is None]
    lines.append(
        f"- At most {MAX_QUERIES} SQL queries per public request: "
        f"{verdict(not over and not unfinished)}"
        + (f"; over: {'; '.join(over)}" if over else "")
        + (f"; not finished within the limit: {'; '.join(unfinished)}" if unfinished else "")
        + "."
    )
    static_rps = loaded["static file"]["rps"]
    below = [name for name in names if loaded[name]["rps"] < MIN_STATIC_SHARE * static_rps]
    lines.append(
        f"- Public pages at no less than half the static file's throughput "
        f"({static_rps:.0f} req/s): {verdict(not below)}"
        + (f" (below: {'; '.join(below)})." if below else ".")
    )
    big, little = inside["pages"]["timeline /"], small["pages"]["timeline /"]
    if "timeout" in big or "timeout" in little:
        growth_text, ok = f"{render_ms(big)} ms against {render_ms(little)} ms", False
    else:
        growth = big["median_ms"] / little["median_ms"]
        growth_text = f"{growth:.2f}× ({render_ms(big)} ms against {render_ms(little)} ms)"
        ok = growth <= MAX_GROWTH
    lines.append(
        f"- Uncached first page at {inside['events']:,} events within {MAX_GROWTH}× its time "
        f"at {small['events']:,}: {verdict(ok)}, {growth_text}."
    )
    first = inside["first_load"]
    if "timeout" in first:
        lines.append(
            f"- First load of `/` at most 35 KB: **missed**, no answer in {first['timeout']} s "
            f"at {inside['events']:,} events; "
            f"{small['first_load'].get('total', 0) / 1024:.1f} KB at {small['events']:,}."
        )
    else:
        parts = ", ".join(f"{url} {size:,} B" for url, size in first["parts"].items())
        lines.append(
            f"- First load of `/` at most 35 KB: {verdict(first['total'] <= MAX_FIRST_LOAD)}, "
            f"{first['total'] / 1024:.1f} KB at {inside['events']:,} events ({parts}); "
            f"{small['first_load'].get('total', 0) / 1024:.1f} KB at {small['events']:,}."
        )
    lines.append("- Lighthouse mobile performance: not measured by this script.")
    return lines


def migrate(url):
    """Bring a database built by an earlier run up to the current migrations."""
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        check=True,
        cwd=ROOT,
        env=production_environment(url),
    )


def main(argv=None):
    arguments = parse_arguments(argv)
    if arguments.report_only:
        figures = json.loads(LAST_RUN.read_text())
        arguments.events = figures.pop("events")
        for name, value in figures.pop("settings", {}).items():
            setattr(arguments, name, value)
        arguments.output.write_text(render(arguments, **figures))
        log(f"wrote {arguments.output}")
        return
    small_events = min(SMALL_EVENTS, arguments.events)
    big_url = database_url(arguments.events, arguments.database_url, arguments.rebuild)
    small_url = database_url(small_events, arguments.small_database_url, arguments.rebuild)
    for url in (big_url, small_url):
        migrate(url)
    log("collecting static files")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        check=True,
        cwd=ROOT,
        env=production_environment(big_url),
    )
    inside = measure_inside(big_url, arguments.events, arguments)
    small = measure_inside(small_url, small_events, arguments)
    wrk_version = subprocess.run(
        [ensure_wrk(), "--version"], capture_output=True, text=True, check=False
    ).stdout.splitlines()[0]
    wrk_version = re.sub(r"\s*\[.*", "", wrk_version).strip()
    permalink_size = inside["pages"]["permalink, full page"].get("bytes_sent", 4000)
    static_name, static_url = static_file_near(permalink_size)
    server = Server(big_url)
    server.start()
    workers = server.workers
    try:
        targets_to_load = [
            ["static file", static_url, {}],
            ["minimal view /healthz", "/healthz", {}],
            *pages(arguments.events),
        ]
        loaded = load(server, targets_to_load, arguments)
    finally:
        server.stop()
    figures = {
        "inside": inside,
        "small": small,
        "loaded": loaded,
        "static_name": static_name,
        "about": machine(inside, workers, wrk_version),
    }
    settings = {name: getattr(arguments, name) for name in RUN_SETTINGS}
    LAST_RUN.write_text(
        json.dumps({"events": arguments.events, "settings": settings, **figures}, indent=1)
    )
    arguments.output.write_text(render(arguments, **figures))
    log(f"wrote {arguments.output}")


if __name__ == "__main__":
    main()
