"""Gunicorn's configuration for Lotsa (docs/deployment.md).

Read from the environment: GUNICORN_BIND (where to listen, 127.0.0.1:8000 unless set; the
container image sets 0.0.0.0:8000), GUNICORN_WORKERS (worker processes, two per available
processor and one more, at most eight, unless set) and TRUSTED_PROXIES, Lotsa's own list of
reverse proxies. Anything else can be set with GUNICORN_CMD_ARGS, which Gunicorn applies over
this file.
"""

from __future__ import annotations

import datetime
import json
import os

from gunicorn import glogging

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * len(os.sched_getaffinity(0)) + 1, 8)))

# A report or a PDF may take a while; a worker silent for longer than this is restarted.
timeout = 60
# On a stop or a restart, requests under way get this long to finish.
graceful_timeout = 30
keepalive = 5
# A worker replaced now and then returns memory a large export took.
max_requests = 2000
max_requests_jitter = 200

# Gunicorn believes a proxy's X-Forwarded-Proto (https) from the same proxies Lotsa believes
# X-Forwarded-For and X-Request-ID from: the ones in TRUSTED_PROXIES, and no one when it is empty.
forwarded_allow_ips = ",".join(
    proxy.strip() for proxy in os.environ.get("TRUSTED_PROXIES", "").split(",") if proxy.strip()
)

# Nothing uses Gunicorn's control socket, which it would otherwise create in the home folder.
control_socket_disable = True

accesslog = "-"
# Gunicorn's own messages (start, stop, a worker that timed out) go to standard error as text.
errorlog = "-"


class JsonAccessLogger(glogging.Logger):
    """One JSON object a line for each request, as Lotsa writes its own log to standard output,
    so that a log system reads the two alike. The query string is left out: a search's words may
    name a person."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = {name.lower(): value for name, value in resp.headers}
        line = {
            "time": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')} {status}",
            "request_id": headers.get("x-request-id"),
            "status_code": int(status),
            "duration_ms": round(request_time.total_seconds() * 1000),
            "peer": environ.get("REMOTE_ADDR"),
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


logger_class = JsonAccessLogger
