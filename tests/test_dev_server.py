"""The development server `make run` starts: one log line per request, and Ctrl+C stops it."""

import http.client
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_when_listening(port, path, attempts=100):
    """The status of GET `path`, retrying while the server has printed its address but not bound it."""
    for _ in range(attempts):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        except ConnectionRefusedError:
            time.sleep(0.05)
        finally:
            connection.close()
    raise AssertionError(f"nothing answered on port {port}")


class Output:
    """A process's output, read line by line on a thread so that waiting for a line can time out."""

    def __init__(self, stream):
        self.lines, self._queue = [], queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text, timeout=60):
        """Read until a line containing `text`; fail with everything read when it never comes."""
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"no line with {text!r} in:\n{self.text}")
            self.lines.append(line)
            if text in line:
                return

    def rest(self):
        """Everything up to the end of the output (call once the process has exited)."""
        while (line := self._queue.get(timeout=60)) is not None:
            self.lines.append(line)
        return self.text

    @property
    def text(self):
        return "".join(self.lines)


def test_runserver_prints_each_request_once_and_stops_on_ctrl_c(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "timeline.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=environment, check=True)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = Output(server.stdout)
        output.wait_for("Quit the server with CONTROL-C.")
        assert get_when_listening(port, "/") == 200
        output.wait_for('"GET / HTTP/1.1" 200')
        # A second request, so that any repeat of the first line has had ample time to appear.
        assert get_when_listening(port, "/events/table/") == 200
        output.wait_for('"GET /events/table/ HTTP/1.1" 200')
        # What Ctrl+C sends. Requests run on threads of their own, so it reaches the server loop.
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    text = output.rest()
    assert server.returncode == 0, text
    assert text.count('"GET / HTTP/1.1" 200') == 1, text
    assert text.count('"GET /events/table/ HTTP/1.1" 200') == 1, text
