from __future__ import annotations

import datetime
import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from lotsa.core.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the production log handler would write, for the length of the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_a_log_line_is_json_with_the_id_the_trusted_proxy_gave(
    settings: Any, log_lines: io.StringIO
) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    answer = Client(REMOTE_ADDR="127.0.0.1").get(
        "/no-such-page/", headers={"X-Request-ID": "proxy-7f3a.1"}
    )
    assert answer.status_code == 404
    assert answer.headers["X-Request-ID"] == "proxy-7f3a.1"
    [line] = records(log_lines)
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["status_code"] == 404
    assert line["request_id"] == "proxy-7f3a.1"
    assert datetime.datetime.fromisoformat(line["time"]).utcoffset() == datetime.timedelta(0)


@pytest.mark.django_db
def test_a_client_not_behind_a_trusted_proxy_gets_an_id_of_lotsas_own(
    settings: Any, log_lines: io.StringIO
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    answer = Client(REMOTE_ADDR="192.0.2.7").get(
        "/no-such-page/", headers={"X-Request-ID": "chosen-by-the-client"}
    )
    given = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", given)
    assert records(log_lines)[0]["request_id"] == given


@pytest.mark.django_db
def test_a_trusted_proxys_malformed_id_is_replaced(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    answer = Client(REMOTE_ADDR="127.0.0.1").get(
        "/no-such-page/", headers={"X-Request-ID": 'x" "level": "INFO'}
    )
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])


@pytest.mark.django_db
def test_each_request_gets_an_id_of_its_own_and_later_lines_none(
    client: Client, log_lines: io.StringIO
) -> None:
    first = client.get("/no-such-page/").headers["X-Request-ID"]
    second = client.get("/no-such-page/").headers["X-Request-ID"]
    logging.getLogger("lotsa.test").warning("between requests")
    assert first != second
    assert [line["request_id"] for line in records(log_lines)] == [first, second, None]


def test_an_error_carries_its_traceback(log_lines: io.StringIO) -> None:
    try:
        raise ValueError("broken")
    except ValueError:
        logging.getLogger("lotsa.test").exception("it failed")
    [line] = records(log_lines)
    assert line["level"] == "ERROR"
    assert line["message"] == "it failed"
    assert "ValueError: broken" in line["exception"]
