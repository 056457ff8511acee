"""gunicorn's settings for Ceasefire Timeline: `gunicorn` in the project folder reads this file.

Production is run as `make serve` (collectstatic, migrate, then gunicorn with these settings).
Every value here can be changed from the environment, so a deployment configures the server the
same way it configures Django.

- GUNICORN_BIND (default 127.0.0.1:$PORT, PORT default 8000): the loopback address unless told
  otherwise, so a server started by hand is never exposed by accident; a reverse proxy (which
  terminates TLS) sits in front of it.
- WEB_CONCURRENCY (default 2 × cores + 1): worker processes. The pages are rendered by
  synchronous workers that wait on the database part of the time, so gunicorn's own rule of
  thumb keeps both cores busy while one worker per core waits.
- GUNICORN_TIMEOUT (default 30 s): a worker silent for longer is restarted; the same time is
  given to finish requests in flight on a restart or shutdown (graceful_timeout).
"""

import os

wsgi_app = "timeline.wsgi:application"

bind = [os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# Behind a proxy that keeps connections open to us; above its own idle timeout is not needed.
keepalive = 5
# Import Django once in the master: a misconfigured deployment fails at start, not per worker,
# and the workers share the loaded code's memory.
preload_app = True
# Workers' heartbeat files in memory, not on a disk that may stall (gunicorn's advice for
# containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# One line per request on standard output: who, what, status, bytes, referrer, agent, and the
# time taken in milliseconds (%(M)s), the figure to watch for slow pages.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
