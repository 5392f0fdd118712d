"""The benchmark harness on a tiny synthetic dataset: it runs, and Lotsa's figures equal the
floors'. Timings are not asserted; they depend on the machine."""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lotsa.pathways.models import Enrolment
from lotsa.surveys.models import Answer
from lotsa.tools.bench.harness import P95_RUNS, comparable

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_benchmark_needs_postgresql_and_a_synthetic_dataset(tmp_path: Path) -> None:
    expected = "PostgreSQL" if connection.vendor != "postgresql" else "synthetic dataset"
    with pytest.raises(CommandError, match=expected):
        call_command("bench", "--smoke", "--json", str(tmp_path / "b.json"))


def test_a_smoke_run_times_every_scenario_and_matches_the_floors(tmp_path: Path) -> None:
    call_command("synth", "--scale", "tiny", stdout=io.StringIO())
    if connection.vendor != "postgresql":
        # The dataset loads anywhere; the floors' SQL (GROUPING SETS, COPY) needs PostgreSQL.
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("bench", "--smoke", "--json", str(tmp_path / "b.json"))
        assert not (tmp_path / "b.json").exists()
        return
    out = io.StringIO()
    call_command("bench", "--smoke", "--json", str(tmp_path / "b.json"), stdout=out, stderr=out)
    report = json.loads((tmp_path / "b.json").read_text())
    results = {r["code"]: r for r in report["results"]}
    assert set(results) == {
        "search_number", "search_name", "case_page", "caseload", "today", "unit_board",
        "coach_supervision", "ips_unit", "ips_all", "fidelity_evidence", "flow_jom",
        "export_county", "activity_report", "survey_unit", "survey_all", "gender_statistics",
        "compensation_basis", "socioeconomic_unit", "socioeconomic_all", "referrals",
        "register_extract", "retention_rules", "audit_review",
    }  # fmt: skip
    # Every figure of each report equals the floor's, in PostgreSQL and in DuckDB with one
    # thread and with its default (one per core).
    threads = f"duckdb_{os.cpu_count()}t"
    for code, at_least in (("ips_unit", 200), ("ips_all", 300), ("flow_jom", 200),
                           ("activity_report", 10), ("survey_unit", 300),
                           ("survey_all", 300), ("gender_statistics", 60),
                           ("compensation_basis", 300), ("socioeconomic_unit", 8),
                           ("socioeconomic_all", 10)):  # fmt: skip
        assert results[code]["matches"] is True, results[code]["differences"]
        assert results[code]["figures"] >= at_least
        assert set(results[code]["ratio"]) == {"sql", "duckdb_1t", threads}
    assert report["duckdb_copy"]["seconds"] > 0
    assert report["duckdb_copy"]["rows"]["pathways_enrolment"] == Enrolment.objects.count()
    assert report["duckdb_copy"]["rows"]["surveys_answer"] == Answer.objects.count()
    assert all(len(r["runs"]) == 2 and r["queries"] > 0 for r in results.values())
    # Two runs give no p95 (it would be the slowest run): the JSON has the slowest, and the
    # table says why its column is empty.
    assert all(r["p95_ms"] is None for r in results.values())
    assert all(r["slowest_ms"] == round(max(r["runs"]), 2) for r in results.values())
    assert f"p95: not given for fewer than {P95_RUNS} timed runs" in out.getvalue()
    # A page's Python work, counted in calls, is far above the client's own few hundred.
    assert all(r["calls"] > 2_000 for r in results.values())
    assert report["machine"]["postgresql"]
    # The suite's reports read from the primary (a replica's run is in scripts/run-tests).
    assert report["replica"] is None
    assert {r["database"] for r in results.values()} == {"primary"}
    assert "Every scenario read from the primary" in out.getvalue()
    assert "IPS quarterly report, all units" in out.getvalue()
    # The floors read the summary Lotsa keeps; a summary that went stale stops the benchmark.
    Enrolment.objects.filter(
        pk=Enrolment.objects.exclude(first_employer_contact_on=None).values("pk")[:1]
    ).update(first_employer_contact_on=None)
    with pytest.raises(CommandError, match="1 enrolments keep a first employer contact"):
        call_command("bench", "--smoke", "--json", str(tmp_path / "c.json"), stderr=out)


def test_a_figure_that_differs_from_the_floor_or_that_the_floor_lacks_fails_the_comparison() -> (
    None
):
    floor = {("unit", "7", "served"): 12, ("trend", "0", "employment_rate"): Decimal("41.67")}
    same = {("unit", "7", "served"): 12, ("trend", "0", "employment_rate"): Decimal("41.67"),
            ("sex", "female", "served"): 0}  # fmt: skip
    assert comparable(same, floor) == (True, [])
    assert not comparable(same | {("unit", "7", "served"): 13}, floor)[0]
    assert not comparable(same | {("sex", "male", "served"): 2}, floor)[0]
    assert not comparable({("unit", "7", "served"): 12}, floor)[0]
