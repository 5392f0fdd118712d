"""``lotsa bench``: time the pages users wait for on a synthetic dataset, against floors."""

from __future__ import annotations

import json
import os
import platform
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lotsa.core.replica import wait_for_replica
from lotsa.errors import DomainError
from lotsa.tools.bench import harness, loadtest


class Command(BaseCommand):
    help = (
        "Measure server time, SQL time and query count of the main pages and reports over "
        "repeated runs, compare the reports with hand-written SQL and DuckDB, and write a JSON file."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--repeats", type=int, default=20)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--only", nargs="*", help="scenario codes to run")
        parser.add_argument("--json", default="var/bench.json", help="where to write results")
        parser.add_argument("--no-duckdb", action="store_true", help="skip the DuckDB floor")
        parser.add_argument(
            "--smoke", action="store_true", help="two runs each, no warm-up: proves it works"
        )
        parser.add_argument("--load", action="store_true", help="also run the load test")
        parser.add_argument("--load-seconds", type=float, default=60)
        parser.add_argument("--load-requests", type=int, default=50_000)
        parser.add_argument("--load-workers", type=int, default=4)
        parser.add_argument("--load-clients", type=int, default=16)

    def handle(self, *args: Any, **options: Any) -> None:
        repeats, warmup = (2, 0) if options["smoke"] else (options["repeats"], options["warmup"])
        try:
            scenarios = harness.find_setting()
        except DomainError as error:
            raise CommandError(" ".join(m for ms in error.errors.values() for m in ms)) from error
        # The floors read the summaries Lotsa keeps, so those are checked against the records.
        stale = harness.stale_summaries()
        if stale:
            raise CommandError(
                f"{stale} enrolments keep a first employer contact that the records do not give."
            )
        every = scenarios  # the load test's mix draws on all of them
        replica = settings.READ_REPLICA
        if replica is not None:
            # The dataset was loaded on the primary: the reports read it on the replica.
            wait_for_replica(replica, timeout=600)
        if options["only"]:
            scenarios = [s for s in scenarios if s.code in options["only"]]
        exported: dict[str, Any] = {}
        with tempfile.TemporaryDirectory() as folder:
            results = harness.run(
                scenarios,
                repeats=repeats,
                warmup=warmup,
                duckdb_folder=None if options["no_duckdb"] else Path(folder),
                say=lambda text: self.stderr.write(text),
                exported=exported,
            )
        self.stdout.write(table(results))
        self.stdout.write(replica_line(results))
        mismatched = [r.code for r in results if r.matches is False]
        for result in results:
            if result.matches is False:
                self.stderr.write(f"{result.title}: {len(result.differences)} figures differ:")
                for difference in result.differences[:20]:
                    self.stderr.write(f"  {difference}")
        report: dict[str, Any] = {
            "machine": machine(),
            "replica": replica_of(results),
            "repeats": repeats,
            "warmup": warmup,
            "duckdb_copy": exported or None,
            "results": [r.summary() for r in results],
        }
        if options["load"]:
            smoke = options["smoke"]
            mixed, start_page = loadtest.run_load(
                every,
                workers=2 if smoke else options["load_workers"],
                clients=4 if smoke else options["load_clients"],
                seconds=5 if smoke else options["load_seconds"],
                max_requests=200 if smoke else options["load_requests"],
            )
            report["load"] = mixed.summary()
            report["load_start_page"] = start_page.summary()
            self.stdout.write(load_line("Load test", report["load"]))
            self.stdout.write(load_line("The start page alone", report["load_start_page"]))
        path = Path(options["json"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, default=str))
        self.stdout.write(f"Results written to {path}.")
        if mismatched:
            raise CommandError(f"Lotsa's figures differ from the floor's: {', '.join(mismatched)}")
        failed = sum(report[key]["errors"] for key in ("load", "load_start_page") if key in report)
        if failed:
            raise CommandError(f"{failed} requests of the load test failed.")


def table(results: list[harness.Result]) -> str:
    """The results, with each floor's median and Lotsa's ratio to it (the SQL floor, then DuckDB
    with each number of threads, ``duckdb_<n>t``) and how many figures were compared."""
    floor_names = sorted({name for r in results for name in r.floors}, key=lambda n: (n != "sql", n))
    heads = "".join(f" {name:>10} {'÷':>5}" for name in floor_names)
    lines = [
        f"{'scenario':<44} {'median ms':>10} {'p95 ms':>9} {'SQL ms':>8} {'queries':>8} "
        f"{'calls':>8}{heads} {'figures':>8} {'same':>5}"
    ]
    for r in results:
        summary = r.summary()
        floor, ratio = summary["floor_median_ms"], summary["ratio"]
        cells = "".join(f" {floor.get(n, ''):>10} {ratio.get(n, ''):>5}" for n in floor_names)
        lines.append(
            f"{r.title:<44} {r.median:>10.1f} {r.p95:>9.1f} {summary['sql_median_ms']:>8.1f} "
            f"{r.queries:>8} {r.calls:>8}{cells} {r.figures or '':>8} "
            f"{'' if r.matches is None else 'yes' if r.matches else 'NO':>5}"
        )
    return "\n".join(lines)


def replica_of(results: list[harness.Result]) -> dict[str, Any] | None:
    """Where the replica the reports read from is, and which scenarios read from it."""
    if settings.READ_REPLICA is None:
        return None
    reached = settings.DATABASES[settings.READ_REPLICA]
    return {
        "host": reached["HOST"],
        "port": reached["PORT"],
        "scenarios": [r.code for r in results if r.database == harness.REPLICA],
    }


def replica_line(results: list[harness.Result]) -> str:
    replica = replica_of(results)
    if replica is None:
        return "Every scenario read from the primary: no replica is configured."
    return (
        f"Read from the replica at {replica['host']}:{replica['port']}: "
        f"{', '.join(replica['scenarios']) or 'no scenario'}; all others from the primary."
    )


def load_line(title: str, load: dict[str, Any]) -> str:
    return (
        f"{title}: {load['workers']} workers, {load['clients']} clients, "
        f"{load['requests']} requests in {load['seconds']} s = "
        f"{load['requests_per_second']} per second; p95 {load['p95_ms']} ms, "
        f"p99 {load['p99_ms']} ms, {load['errors']} errors."
    )


def machine() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "system": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "postgresql": server,
    }
