"""Log records as one JSON object a line, each carrying the id of the request it belongs to.

In production mode the log goes to standard output in this form (settings.LOGGING), where a
container platform or journald collects it and a log system can search it by field. The request
id ties together every line one request wrote, and the reverse proxy's line too when the proxy
sends the id it gave the request (``X-Request-ID``; see docs/deployment.md).
"""

from __future__ import annotations

import datetime
import json
import logging
from contextvars import ContextVar

# The id of the request being answered; None outside a request (commands, start-up).
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def forget_request_id(**kwargs: object) -> None:
    """When a response has been sent: the lines that follow belong to no request."""
    request_id.set(None)


# Extras Django's own loggers attach that are worth a field of their own.
EXTRA_FIELDS = ("status_code",)


class RequestIdFilter(logging.Filter):
    """Stamps each record with the current request's id (set by RequestIdMiddleware)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                fields[name] = getattr(record, name)
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return json.dumps(fields, ensure_ascii=False, default=str)
