"""A load test on loopback: the application in several Gunicorn worker processes, and client
threads asking for pages as many staff members of the installation, each on their own data.

**Who.** The staff are sampled from the memberships in the database: every active user who is a
coach, a team leader (supervisor) or a manager of a unit, with the highest of those roles they
hold and the first unit they hold it in. Each role gets its share of the sample as it has of
those staff (eight coaches to a team leader and a manager in the synthetic dataset), drawn at
random across all units. Each member asks for the pages of their role on their own data:

* coaches: the case pages of a few of their own open cases, their caseload, the Today page, a
  search for one of their own participants by name prefix and by identity number, the start page;
* team leaders: their unit's board, the page of a coach of their unit, the unassigned cases of
  their unit, the start page;
* managers: the IPS quarterly report of their unit (the flow report of their unit's programme
  model where it does not run IPS), their unit's board, the start page.

**How often.** ``PAGES_BY_ROLE`` gives each page's views per person and working hour: a coach
opens a case every few minutes, a manager a report now and then. Each request picks a member in
proportion to their role's views per hour, then one of the member's pages in proportion to its
views, so the mix is that of the whole sampled staff working at once: mostly case pages and
caseloads, reports now and then.

**Figures.** Requests per second, and the median, p95 and p99 of the response times, over all
requests, per page and per role, with the number of requests behind each. A percentile needs
``TAIL`` requests beyond it (200 requests for a p95, 1,000 for a p99): with fewer it is not
given, and the run says so in its output and in the JSON.

The same server then serves the start page alone, under the same load and to the same sampled
staff: a signed-in page that does the work every page does (session, user, roles, layout) and
little of its own. Its rate is the ceiling the machine and the framework put on any mix of real
pages; the mix's rate is given as a share of it.

Last, one client downloads the county's CSV export several times, reading every byte, and the
time is compared with the export's time in-process, with the sizes of the blocks the server
wrote and the peak memory of the worker processes before and after."""

from __future__ import annotations

import http.client
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client
from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.organisations.models import Membership, Role
from lotsa.pathways.models import Enrolment, EnrolmentStatus, UnitProgramme
from lotsa.tools.bench.harness import Result, last_full_quarter

# Views per person and working hour of each page, by role (see the module's description).
PAGES_BY_ROLE: dict[str, dict[str, int]] = {
    Role.COACH: {
        "case_page": 12,
        "caseload": 6,
        "today": 3,
        "home": 3,
        "search_name": 2,
        "search_number": 2,
    },
    Role.SUPERVISOR: {"unit_board": 6, "coach_page": 4, "unassigned": 2, "home": 2},
    # A manager has one of the two reports: IPS for an IPS unit, the flow report otherwise.
    Role.MANAGER: {"ips_unit": 3, "flow_unit": 3, "unit_board": 3, "home": 2},
}
# The roles in the sample, lowest first: staff holding several count under the highest.
ROLES = tuple(PAGES_BY_ROLE)
START_PAGE = "home"
CASES_PER_COACH = 5
COACHES_PER_TEAM_LEADER = 3
# A percentile is given when this many requests are slower than it.
TAIL = 10
EXPORT_DOWNLOADS = 9
# Untimed downloads first, per worker: the first export a worker process makes loads code and
# fills caches the in-process timing, warmed up, has already filled.
EXPORT_WARM_UPS_PER_WORKER = 2


@dataclass
class StaffMember:
    """A sampled staff member, the unit they work in, and the paths of each page of their role
    on their own data."""

    user_id: int
    role: str
    unit_id: int
    visits: dict[str, list[str]] = field(default_factory=dict)
    cookie: str = ""

    @property
    def pages(self) -> list[tuple[str, int]]:
        return [(p, w) for p, w in PAGES_BY_ROLE[self.role].items() if self.visits.get(p)]

    @property
    def views_per_hour(self) -> int:
        return sum(weight for _page, weight in self.pages)


def staff_by_role(today: Any) -> dict[str, dict[int, int]]:
    """{role: {user: unit}} of every active coach, team leader and manager: a user under the
    highest of these roles they hold, in the first unit they hold it in."""
    held: dict[int, tuple[int, int]] = {}  # user: (minus the rank of the role, unit)
    memberships = (
        Membership.objects.active_on(today)
        .filter(role__in=ROLES, user__is_active=True)
        .values_list("user_id", "role", "unit_id")
    )
    for user, role, unit in memberships:
        this = (-ROLES.index(role), unit)
        held[user] = min(held.get(user, this), this)
    staff: dict[str, dict[int, int]] = {role: {} for role in ROLES}
    for user, (rank, unit) in held.items():
        staff[ROLES[-rank]][user] = unit
    return staff


def shares(counts: dict[str, int], size: int) -> dict[str, int]:
    """How many of a sample of ``size`` each role gets: its share of the staff, at least one
    where it has any, never more than it has."""
    total = sum(counts.values())
    if size >= total:
        return dict(counts)
    return {
        role: min(count, max(1, round(size * count / total))) if count else 0
        for role, count in counts.items()
    }


def sample_staff(size: int, today: Any, rng: random.Random) -> list[StaffMember]:
    """A sample of ``size`` staff in proportion to the roles, with their pages."""
    staff = staff_by_role(today)
    wanted = shares({role: len(users) for role, users in staff.items()}, size)
    members = [
        StaffMember(user, role, staff[role][user])
        for role in ROLES
        for user in rng.sample(sorted(staff[role]), wanted[role])
    ]
    _add_visits(members, staff[Role.COACH], today, rng)
    return [m for m in members if m.pages]


def _add_visits(
    members: list[StaffMember], coaches: dict[int, int], today: Any, rng: random.Random
) -> None:
    """Each member's paths, read for all of them at once."""
    quarter = _quarter(today)
    coach_ids = [m.user_id for m in members if m.role == Role.COACH]
    cases: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    open_cases = Enrolment.objects.filter(
        responsible_staff_id__in=coach_ids, status=EnrolmentStatus.ACTIVE
    ).order_by("pk")
    for coach, case, last_name, number in open_cases.values_list(
        "responsible_staff_id", "pk", "participant__last_name", "participant__identity_number"
    ):
        cases[coach].append((case, last_name, number or ""))  # some have no number
    coaches_of_unit: dict[int, list[int]] = defaultdict(list)
    for coach, unit in sorted(coaches.items()):
        coaches_of_unit[unit].append(coach)
    programmes: dict[int, set[str]] = defaultdict(set)
    for unit, code in UnitProgramme.objects.filter(
        unit_id__in={m.unit_id for m in members if m.role == Role.MANAGER}
    ).values_list("unit_id", "programme_code"):
        programmes[unit].add(code)
    for member in members:
        unit = member.unit_id
        member.visits[START_PAGE] = ["/"]
        if member.role == Role.COACH:
            own = rng.sample(
                cases[member.user_id], min(CASES_PER_COACH, len(cases[member.user_id]))
            )
            member.visits |= {
                "case_page": [f"/cases/{case}/" for case, _name, _number in own],
                "caseload": ["/caseload/"],
                "today": ["/today/"],
                "search_name": [_search(name[:3]) for _case, name, _number in own],
                "search_number": [_search(number) for _case, _name, number in own if number],
            }
        elif member.role == Role.SUPERVISOR:
            led = coaches_of_unit[unit]
            member.visits |= {
                "unit_board": [f"/units/{unit}/board/"],
                "coach_page": [
                    f"/units/{unit}/staff/{coach}/"
                    for coach in rng.sample(led, min(COACHES_PER_TEAM_LEADER, len(led)))
                ],
                "unassigned": [f"/units/{unit}/unassigned/"],
            }
        else:
            member.visits["unit_board"] = [f"/units/{unit}/board/"]
            if "ips" in programmes[unit]:
                member.visits["ips_unit"] = [f"/outcomes/ips/?quarter={quarter}&unit={unit}"]
            elif programmes[unit]:
                model = min(programmes[unit])
                member.visits["flow_unit"] = [
                    f"/outcomes/flow/?quarter={quarter}&programme={model}&unit={unit}"
                ]


def _search(text: str) -> str:
    return f"/participants/?{urlencode({'q': text})}"


def _quarter(today: Any) -> str:
    start = last_full_quarter(today).start
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"


# ------------------------------------------------------------------------------- figures


def needed(share: float) -> int:
    """Requests a percentile needs: ``TAIL`` of them beyond it."""
    return math.ceil(round(TAIL / (1 - share), 6))


def figures(values: list[float]) -> dict[str, Any]:
    """The number of requests and the median, p95 and p99 of their times; a percentile with
    too few requests behind it is None."""
    out: dict[str, Any] = {"requests": len(values)}
    for name, share in (("median_ms", 0.5), ("p95_ms", 0.95), ("p99_ms", 0.99)):
        enough = values and len(values) >= needed(share)
        out[name] = round(Result.p(values, share), 1) if enough else None
    return out


@dataclass
class LoadResult:
    workers: int
    clients: int
    seconds: float
    staff: dict[str, int]  # sampled staff members by role
    units: int
    samples: list[tuple[str, str, float]] = field(default_factory=list)  # page, role, ms
    errors: int = 0
    failures: list[str] = field(default_factory=list)  # the first few, as "path: status"

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def summary(self) -> dict[str, Any]:
        by_page: dict[str, list[float]] = defaultdict(list)
        by_role: dict[str, list[float]] = defaultdict(list)
        for page, role, ms in self.samples:
            by_page[page].append(ms)
            by_role[role].append(ms)
        overall = figures([ms for _page, _role, ms in self.samples])
        warnings = [
            f"The {name.removesuffix('_ms')} rests on {self.requests} requests and needs "
            f"{needed(share)}: it is not given."
            for name, share in (("median_ms", 0.5), ("p95_ms", 0.95), ("p99_ms", 0.99))
            if overall[name] is None
        ]
        return {
            "workers": self.workers,
            "clients": self.clients,
            "staff": self.staff,
            "units": self.units,
            "seconds": round(self.seconds, 1),
            "errors": self.errors,
            "failures": self.failures,
            "requests_per_second": round(self.per_second, 1),
            **overall,
            "warnings": warnings,
            "by_page": {page: figures(v) for page, v in sorted(by_page.items())},
            "by_role": {role: figures(v) for role, v in sorted(by_role.items())},
        }


@dataclass
class ExportResult:
    """The county export over HTTP against in-process."""

    url: str
    in_process_ms: float
    downloads: list[float] = field(default_factory=list)  # milliseconds
    size: int = 0  # bytes of one download
    blocks: list[int] = field(default_factory=list)  # bytes of each block of one download
    peak_before: dict[int, int] = field(default_factory=dict)  # worker: peak RSS, KiB
    peak_after: dict[int, int] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.downloads)

    def summary(self) -> dict[str, Any]:
        growth = [self.peak_after[w] - self.peak_before.get(w, 0) for w in self.peak_after]
        return {
            "url": self.url,
            "downloads": len(self.downloads),
            "megabytes": round(self.size / 2**20, 2),
            "median_ms": round(self.median, 1),
            "runs_ms": [round(ms, 1) for ms in self.downloads],
            "in_process_median_ms": round(self.in_process_ms, 1),
            # How fast it comes over HTTP, as a share of how fast it is made in-process.
            "speed_ratio": round(self.in_process_ms / self.median, 2),
            "blocks": {
                "count": len(self.blocks),
                "median_bytes": int(statistics.median(self.blocks)) if self.blocks else 0,
                "smallest_bytes": min(self.blocks, default=0),
                "largest_bytes": max(self.blocks, default=0),
            },
            "worker_peak_rss_mib": {
                "before": round(max(self.peak_before.values(), default=0) / 1024, 1),
                "after": round(max(self.peak_after.values(), default=0) / 1024, 1),
                "largest_growth": round(max(growth, default=0) / 1024, 1),
            },
        }


@dataclass
class LoadReport:
    mixed: LoadResult
    start_page: LoadResult
    export: ExportResult | None

    @property
    def throughput_ratio(self) -> float:
        """The mix's requests per second as a share of the start page's."""
        return self.mixed.per_second / self.start_page.per_second


# ---------------------------------------------------------------------------------- the run


def run_load(
    *,
    users: int,
    workers: int,
    clients: int,
    seconds: float,
    max_requests: int,
    export: tuple[User, str, float] | None,
    seed: int = 21,
) -> LoadReport:
    """The mix of the sampled staff's pages, then the start page alone, each for ``seconds``;
    then ``export`` (its user, its path and its in-process time) downloaded over HTTP."""
    rng = random.Random(seed)
    members = sample_staff(users, timezone.localdate(), rng)
    if not members:
        raise RuntimeError("The dataset has no coach, team leader or manager to sign in as.")
    cookies = _session_cookies([m.user_id for m in members])
    for member in members:
        member.cookie = cookies[member.user_id]
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "gunicorn", "lotsa.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
        env=os.environ | {"LOTSA_DEBUG": "False"},  # as served: no debug pages, no query log
    )  # fmt: skip
    try:
        _wait_for(port)
        drive = Drive(port, members, workers, clients, seconds, max_requests)
        mixed = drive.run(rng.randrange(2**32), start_page_only=False)
        start_page = drive.run(rng.randrange(2**32), start_page_only=True)
        downloaded = None
        if export is not None:
            user, path, in_process_ms = export
            downloaded = _download_export(port, server.pid, user, path, in_process_ms, workers)
        return LoadReport(mixed, start_page, downloaded)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _session_cookies(user_ids: Iterable[int]) -> dict[int, str]:
    cookies = {}
    for user in User.objects.filter(pk__in=set(user_ids)):
        client = Client()
        client.force_login(user)
        cookies[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("The application server did not start.")


Choice = tuple[str, str, str, str]  # page, role, cookie, path


@dataclass
class Drive:
    """Client threads on keep-alive connections, each request a sampled member's page."""

    port: int
    members: list[StaffMember]
    workers: int
    clients: int
    seconds: float
    max_requests: int

    def choices(self, start_page_only: bool) -> Callable[[random.Random], Choice]:
        members = self.members
        if start_page_only:
            return lambda rng: _visit(rng.choice(members), START_PAGE, rng)
        weights = [m.views_per_hour for m in members]
        cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]

        def choose(rng: random.Random) -> Choice:
            member = rng.choices(members, cum_weights=cumulative)[0]
            pages, page_weights = zip(*member.pages, strict=True)
            return _visit(member, rng.choices(pages, page_weights)[0], rng)

        return choose

    def warm_up(self, start_page_only: bool) -> None:
        """Every page a few times before the clock starts, so that every worker has loaded its
        code; any page that does not answer stops the run here."""
        first: dict[str, Choice] = {}
        for member in self.members:
            for page, _weight in member.pages:
                if not start_page_only or page == START_PAGE:
                    first.setdefault(
                        page, (page, member.role, member.cookie, member.visits[page][0])
                    )
        for _round in range(self.workers):
            for _page, _role, cookie, path in first.values():
                status = _get(self.port, cookie, path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status} under load.")

    def run(self, seed: int, *, start_page_only: bool) -> LoadResult:
        self.warm_up(start_page_only)
        choose = self.choices(start_page_only)
        result = LoadResult(
            self.workers,
            self.clients,
            self.seconds,
            staff=dict(Counter(m.role for m in self.members)),
            units=len({m.unit_id for m in self.members}),
        )
        lock = threading.Lock()
        budget = [self.max_requests]
        stop_at = time.monotonic() + self.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            while time.monotonic() < stop_at:
                with lock:
                    if budget[0] <= 0:
                        break
                    budget[0] -= 1
                page, role, cookie, path = choose(rng)
                began = time.perf_counter()
                status = _get(self.port, cookie, path, connection)
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    if status == 200:
                        result.samples.append((page, role, elapsed))
                    else:
                        result.errors += 1
                        if len(result.failures) < 5:
                            result.failures.append(f"{path}: {status}")
            connection.close()

        began = time.monotonic()
        threads = [threading.Thread(target=client, args=(seed + n,)) for n in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.seconds = time.monotonic() - began
        return result


def _visit(member: StaffMember, page: str, rng: random.Random) -> Choice:
    return page, member.role, member.cookie, rng.choice(member.visits[page])


def _get(port: int, cookie: str, path: str, connection: Any = None) -> int:
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers=_headers(cookie))
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        connection.close()
        return 0
    finally:
        if own:
            connection.close()


def _headers(cookie: str) -> dict[str, str]:
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}


# ------------------------------------------------------------------------------ the export


def _download_export(
    port: int, server: int, user: User, path: str, in_process_ms: float, workers: int
) -> ExportResult:
    cookie = _session_cookies([user.pk])[user.pk]
    result = ExportResult(path, in_process_ms, peak_before=worker_peaks(server))
    for _warm_up in range(EXPORT_WARM_UPS_PER_WORKER * workers):
        if download(port, cookie, path)[0] != 200:
            raise RuntimeError(f"{path} failed before the timed downloads.")
    for _attempt in range(EXPORT_DOWNLOADS):
        began = time.perf_counter()
        status, blocks = download(port, cookie, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} under load.")
        result.downloads.append((time.perf_counter() - began) * 1000)
        result.blocks, result.size = blocks, sum(blocks)
    result.peak_after = worker_peaks(server)
    return result


def download(port: int, cookie: str, path: str) -> tuple[int, list[int]]:
    """The status and the sizes of the blocks of a response read to the end: the chunks of a
    chunked response are the blocks the application wrote, one per chunk."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers=_headers(cookie))
        response = connection.getresponse()
        if response.status != 200 or not response.chunked:
            return response.status, [len(response.read())]
        return response.status, _chunk_sizes(response.fp)
    finally:
        connection.close()


def _chunk_sizes(stream: Any) -> list[int]:
    sizes: list[int] = []
    while True:
        size = int(stream.readline().split(b";")[0], 16)
        if size == 0:
            while stream.readline() not in (b"\r\n", b"\n", b""):
                pass  # the trailer
            return sizes
        if len(stream.read(size)) != size:
            raise RuntimeError("The export ended within a block.")
        stream.readline()
        sizes.append(size)


def worker_peaks(server: int) -> dict[int, int]:
    """{worker process: its peak resident memory in KiB} of the server's worker processes."""
    peaks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server) and "VmHWM" in fields:
            peaks[int(entry.name)] = int(fields["VmHWM"].split()[0])
    return peaks
