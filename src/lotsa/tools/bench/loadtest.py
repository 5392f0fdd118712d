"""A load test on loopback: the application in several Gunicorn worker processes, and client
threads signed in as coaches and managers asking for a realistic mix of pages.

The same server then serves the start page alone, under the same load: a signed-in page that
does the work every page does (session, user, roles, layout) and little of its own. Its rate is
the ceiling the machine and the framework put on any mix of real pages."""

from __future__ import annotations

import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.test import Client

from lotsa.accounts.models import User
from lotsa.pathways.models import Enrolment
from lotsa.tools.bench.harness import Result

# What staff look at, and how often: mostly cases and caseloads, now and then a report.
MIX = (
    ("case_page", 35),
    ("caseload", 20),
    ("search_name", 10),
    ("search_number", 10),
    ("unit_board", 10),
    ("home", 10),
    ("ips_unit", 5),
)
START_PAGE_ONLY = (("home", 1),)


@dataclass
class LoadResult:
    workers: int
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        every = [ms for values in self.latencies.values() for ms in values]
        return Result.p(every, share) if every else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": self.errors,
            "requests_per_second": round(self.per_second, 1),
            "median_ms": round(self.percentile(0.5), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "by_page": {
                page: {"requests": len(v), "median_ms": round(statistics.median(v), 1)}
                for page, v in self.latencies.items()
                if v
            },
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _targets(scenarios: list[Any]) -> dict[str, list[tuple[str, str]]]:
    """(session cookie, path) choices per page of the mix: the coach's own cases vary."""
    by_code = {s.code: s for s in scenarios}
    cookies: dict[int, str] = {}

    def cookie(user: User) -> str:
        if user.pk not in cookies:
            cookies[user.pk] = _session_cookie(user)
        return cookies[user.pk]

    coach = by_code["case_page"].user
    cases = Enrolment.objects.filter(responsible_staff=coach, status="active").values_list(
        "pk", flat=True
    )[:30]
    targets = {
        code: [(cookie(by_code[code].user), by_code[code].url)]
        for code, _weight in MIX
        if code in by_code
    }
    targets["case_page"] = [(cookie(coach), f"/cases/{pk}/") for pk in cases]
    targets["home"] = [(cookie(coach), "/")]
    return targets


def run_load(
    scenarios: list[Any], *, workers: int, clients: int, seconds: float, max_requests: int
) -> tuple[LoadResult, LoadResult]:
    """The realistic mix, then the start page alone, each for ``seconds``."""
    targets = _targets(scenarios)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "gunicorn", "lotsa.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"],
        env=os.environ | {"LOTSA_DEBUG": "False"},  # as served: no debug pages, no query log
    )  # fmt: skip
    try:
        _wait_for(port)
        return (
            _drive(port, targets, MIX, workers, clients, seconds, max_requests),
            _drive(port, targets, START_PAGE_ONLY, workers, clients, seconds, max_requests),
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("The application server did not start.")


def _drive(
    port: int,
    targets: dict[str, list[tuple[str, str]]],
    mix: tuple[tuple[str, int], ...],
    workers: int,
    clients: int,
    seconds: float,
    max_requests: int,
) -> LoadResult:
    pages = [code for code, _w in mix if code in targets]
    weights = [w for code, w in mix if code in targets]
    result = LoadResult(workers, clients, seconds, {code: [] for code in pages})
    lock = threading.Lock()
    budget = [max_requests]
    # Every page a few times before the clock starts, so that every worker has loaded its code.
    for _round in range(workers):
        for code in pages:
            status = _get(port, *targets[code][0])
            if status != 200:
                raise RuntimeError(f"{targets[code][0][1]} answered {status} under load.")
    stop_at = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            code = rng.choices(pages, weights)[0]
            cookie, path = rng.choice(targets[code])
            began = time.perf_counter()
            status = _get(port, cookie, path, connection)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                if status == 200:
                    result.latencies[code].append(elapsed)
                else:
                    result.errors += 1
        connection.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


def _get(port: int, cookie: str, path: str, connection: Any = None) -> int:
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
        )
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        connection.close()
        return 0
    finally:
        if own:
            connection.close()
