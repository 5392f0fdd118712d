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
        # Unless given, the load test's settings are those of a full run or of a smoke run.
        parser.add_argument("--load-seconds", type=float, help="60; 5 with --smoke")
        parser.add_argument("--load-requests", type=int, help="50,000; 2,000 with --smoke")
        parser.add_argument("--load-workers", type=int, help="4; 2 with --smoke")
        parser.add_argument("--load-clients", type=int, help="16; 4 with --smoke")
        parser.add_argument(
            "--load-users", type=int, help="staff members to sign in as: 300; 60 with --smoke"
        )

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
            load = loadtest.run_load(
                **load_settings(options),
                export=self.export_in_process(every, results, repeats, warmup),
            )
            report |= load_report(load)
            self.stdout.write(load_lines(report))
        path = Path(options["json"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, default=str))
        self.stdout.write(f"Results written to {path}.")
        if mismatched:
            raise CommandError(f"Lotsa's figures differ from the floor's: {', '.join(mismatched)}")
        runs = [report[key] for key in ("load", "load_start_page") if key in report]
        failed = sum(run["errors"] for run in runs)
        if failed:
            examples = "; ".join(f for run in runs for f in run["failures"])
            raise CommandError(f"{failed} requests of the load test failed: {examples}")

    def export_in_process(
        self,
        scenarios: list[harness.Scenario],
        results: list[harness.Result],
        repeats: int,
        warmup: int,
    ) -> tuple[Any, str, float]:
        """The county export's user, path and median in-process time of this run, timed now
        if the run left it out."""
        export = next(s for s in scenarios if s.code == EXPORT)
        timed = [r for r in results if r.code == EXPORT] or harness.run(
            [export],
            repeats=repeats,
            warmup=warmup,
            duckdb_folder=None,
            say=lambda text: self.stderr.write(text),
        )
        return export.user, export.url, timed[0].median


def table(results: list[harness.Result]) -> str:
    """The results, with each floor's median and Lotsa's ratio to it (the SQL floor, then DuckDB
    with each number of threads, ``duckdb_<n>t``) and how many figures were compared."""
    floor_names = sorted(
        {name for r in results for name in r.floors}, key=lambda n: (n != "sql", n)
    )
    heads = "".join(f" {name:>10} {'÷':>5}" for name in floor_names)
    lines = [
        f"{'scenario':<44} {'median ms':>10} {'p95 ms':>9} {'SQL ms':>8} {'queries':>8} "
        f"{'calls':>8}{heads} {'figures':>8} {'same':>5}"
    ]
    for r in results:
        summary = r.summary()
        floor, ratio = summary["floor_median_ms"], summary["ratio"]
        cells = "".join(f" {floor.get(n, ''):>10} {ratio.get(n, ''):>5}" for n in floor_names)
        p95 = "–" if r.p95 is None else f"{r.p95:.1f}"
        lines.append(
            f"{r.title:<44} {r.median:>10.1f} {p95:>9} {summary['sql_median_ms']:>8.1f} "
            f"{r.queries:>8} {r.calls:>8}{cells} {r.figures or '':>8} "
            f"{'' if r.matches is None else 'yes' if r.matches else 'NO':>5}"
        )
    if any(r.p95 is None for r in results):
        lines.append(
            f"p95: not given for fewer than {harness.P95_RUNS} timed runs, where it would be "
            "the slowest run (slowest_ms in the JSON)."
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


EXPORT = "export_county"
# (setting, full run, smoke run)
LOAD_SETTINGS = (
    ("seconds", 60.0, 5.0),
    ("requests", 50_000, 2_000),
    ("workers", 4, 2),
    ("clients", 16, 4),
    ("users", 300, 60),
)


def load_settings(options: dict[str, Any]) -> dict[str, Any]:
    chosen = {
        name: options[f"load_{name}"] if options[f"load_{name}"] is not None else
        smoke if options["smoke"] else full
        for name, full, smoke in LOAD_SETTINGS
    }  # fmt: skip
    chosen["max_requests"] = chosen.pop("requests")
    return chosen


def load_report(load: loadtest.LoadReport) -> dict[str, Any]:
    return {
        "load": load.mixed.summary(),
        "load_start_page": load.start_page.summary(),
        # The mix's rate as a share of the start page's, measured on the same server.
        "load_throughput_ratio": round(load.throughput_ratio, 2),
        "export_http": load.export.summary() if load.export else None,
    }


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value} ms"


def _figures(name: str, figures: dict[str, Any]) -> str:
    return (
        f"  {name:<16} {figures['requests']:>7} requests, median {_ms(figures['median_ms'])}, "
        f"p95 {_ms(figures['p95_ms'])}, p99 {_ms(figures['p99_ms'])}"
    )


def load_lines(report: dict[str, Any]) -> str:
    """The load test's figures; a percentile that rests on too few requests is a dash, and the
    run says so loudly."""
    lines = []
    for title, load in (
        ("Load test, the staff's mix", report["load"]),
        ("The start page alone", report["load_start_page"]),
    ):
        staff = ", ".join(f"{n} {role}" for role, n in sorted(load["staff"].items()))
        lines += [
            f"{title}: {load['workers']} workers, {load['clients']} clients, signed in as "
            f"{staff} in {load['units']} units; {load['requests']} requests in "
            f"{load['seconds']} s = {load['requests_per_second']} per second; median "
            f"{_ms(load['median_ms'])}, p95 {_ms(load['p95_ms'])}, p99 {_ms(load['p99_ms'])}, "
            f"{load['errors']} errors.",
            *(f"!! {warning}" for warning in load["warnings"]),
        ]
        if title.startswith("Load test"):
            lines += ["By role:", *(_figures(k, v) for k, v in load["by_role"].items())]
            lines += ["By page:", *(_figures(k, v) for k, v in load["by_page"].items())]
    lines.append(
        f"The mix reaches {report['load_throughput_ratio']:.0%} of the start page's requests "
        "per second."
    )
    export = report["export_http"]
    if export:
        blocks = export["blocks"]
        memory = export["worker_peak_rss_mib"]
        lines.append(
            f"County export over HTTP: {export['megabytes']} MB in {export['median_ms']} ms "
            f"(median of {export['downloads']}), in-process {export['in_process_median_ms']} ms: "
            f"{export['speed_ratio']:.0%} of the in-process speed; {blocks['count']} blocks of "
            f"{blocks['median_bytes']:,} bytes (median; largest {blocks['largest_bytes']:,}); "
            f"workers' peak memory {memory['before']} → {memory['after']} MiB "
            f"(largest growth {memory['largest_growth']} MiB)."
        )
    return "\n".join(lines)


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
