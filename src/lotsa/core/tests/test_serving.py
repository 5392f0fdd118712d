"""Lotsa served as an operator runs it: Gunicorn, production mode, static files collected.

One server is started for the module, on a fresh SQLite database in a temporary folder, with
only the variables production mode requires (docs/deployment.md), as if behind a TLS proxy on
the same machine.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import brotli
import pytest
from django.conf import settings

from lotsa.testing.databases import sqlite_only

pytestmark = sqlite_only("the server runs on a database of its own; once is enough")

HOST = "lotsa.example"
SOURCE_CSS = Path(settings.SRC_DIR) / "core" / "static" / "lotsa" / "lotsa.css"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


@dataclass(frozen=True)
class Server:
    port: int
    log: Path  # what the server writes to standard output

    def get(
        self, path: str, *, host: str = HOST, through_tls: bool = True, **headers: str
    ) -> Answer:
        """``through_tls``: as the TLS proxy passes it on, rather than straight from a probe."""
        if through_tls:
            headers["X-Forwarded-Proto"] = "https"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": host, **headers})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_environment(folder: Path) -> dict[str, str]:
    """What production mode requires, and nothing of the test run's own environment."""
    data_dir = folder / "data"
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(Path(settings.SRC_DIR).parent),
        "DJANGO_SETTINGS_MODULE": "lotsa.settings",
        "LOTSA_PRODUCTION": "True",
        "LOTSA_DATA_DIR": str(data_dir),
        "LOTSA_STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": f"sqlite:///{data_dir / 'lotsa.sqlite3'}",
        "SECRET_KEY": "serving-test-secret-key",
        "LOTSA_PSEUDONYM_KEY": "serving-test-pseudonym-key",
        "LOTSA_AUDIT_KEY": "serving-test-audit-key",
        "LOTSA_AUDIT_CHECKPOINT_FILE": str(folder / "audit-checkpoints.jsonl"),
        "ALLOWED_HOSTS": HOST,
        "BEHIND_TLS_PROXY": "True",
        "TRUSTED_PROXIES": "127.0.0.1",
    }


def lotsa(*arguments: str, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "lotsa", *arguments],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serving")
    environment = production_environment(folder)
    # The API's documentation files are left out of the collecting: compressing them takes
    # most of half a minute, and the pages checked here do not link them.
    preparations = [
        lotsa("migrate", "--no-input", "-v", "0", environment=environment),
        lotsa(
            "collectstatic", "--no-input", "-v", "0", "--ignore", "ninja", environment=environment
        ),
    ]
    for step in preparations:
        output, _ = step.communicate(timeout=120)
        assert step.returncode == 0, output.decode()
    port = free_port()
    log = folder / "stdout.log"
    with log.open("wb") as stdout:
        gunicorn = subprocess.Popen(  # noqa: S603 - as above
            [sys.executable, "-m", "gunicorn", "lotsa.wsgi", "--bind", f"127.0.0.1:{port}"],
            env=environment,
            stdout=stdout,
            stderr=subprocess.PIPE,
        )
    try:
        yield wait_until_up(Server(port, log), gunicorn)
    finally:
        gunicorn.terminate()
        gunicorn.communicate(timeout=30)


def wait_until_up(server: Server, process: subprocess.Popen[bytes]) -> Server:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Gunicorn stopped: {process.communicate()[1].decode()}")
        try:
            if server.get("/healthz", through_tls=False).status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    pytest.fail("Gunicorn did not answer within 30 seconds")


@pytest.fixture(scope="module")
def stylesheet(server: Server) -> str:
    page = server.get("/accounts/login/")
    assert page.status == 200
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.body.decode())
    assert len(links) == 1
    return str(links[0])


def test_the_sign_in_page_links_its_styles_under_a_name_that_changes_with_them(
    stylesheet: str,
) -> None:
    assert re.fullmatch(r"/static/lotsa/lotsa\.[0-9a-f]{12}\.css", stylesheet)


def test_the_styles_are_served_to_be_kept_for_a_year(server: Server, stylesheet: str) -> None:
    answer = server.get(stylesheet)
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/css")
    cache_control = answer.headers["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.findall(r"max-age=(\d+)", cache_control)[0]) >= 365 * 24 * 3600
    assert answer.body == SOURCE_CSS.read_bytes()


@pytest.mark.parametrize(
    ("encoding", "decompress"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_the_styles_come_compressed_to_a_browser_that_asks(
    server: Server, stylesheet: str, encoding: str, decompress: Callable[[bytes], bytes]
) -> None:
    answer = server.get(stylesheet, **{"Accept-Encoding": encoding})
    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == encoding
    assert decompress(answer.body) == SOURCE_CSS.read_bytes()


def test_a_page_is_refused_for_a_host_not_allowed(server: Server) -> None:
    assert server.get("/accounts/login/", host="127.0.0.1").status == 400


def test_a_page_asked_for_over_plain_http_is_sent_to_https(server: Server) -> None:
    answer = server.get("/accounts/login/", through_tls=False)
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://{HOST}/accounts/login/"


def test_a_probe_finds_the_server_ready_by_its_own_address_over_plain_http(
    server: Server,
) -> None:
    answer = server.get("/readyz", host=f"127.0.0.1:{server.port}", through_tls=False)
    assert answer.status == 200
    assert json.loads(answer.body) == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "audit": "ok"},
    }


def test_the_log_is_json_lines_carrying_the_proxys_request_id(server: Server) -> None:
    answer = server.get("/no-such-page/", **{"X-Request-ID": "proxy-4711"})
    assert answer.status == 404
    assert answer.headers["X-Request-ID"] == "proxy-4711"
    lines = [json.loads(line) for line in server.log.read_text(encoding="utf-8").splitlines()]
    assert {
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /no-such-page/",
        "request_id": "proxy-4711",
        "status_code": 404,
    }.items() <= next(line for line in lines if line["request_id"] == "proxy-4711").items()
