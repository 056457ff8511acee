"""Security guards: sign-in lockouts, production settings, headers, CSP reports, log output."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
