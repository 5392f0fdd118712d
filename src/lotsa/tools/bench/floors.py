# ruff: noqa: S608 - the floors are hand-written SQL built from ids, dates and codes of our own
"""Floors for the benchmark: the same report figures computed by hand-written SQL, and by DuckDB
over a Parquet export of the tables the SQL reads.

The SQL is written once, in the dialect PostgreSQL and DuckDB share (FILTER, GROUPING SETS,
correlated EXISTS), and yields every count, mean and trend figure of the IPS quarterly report,
every count of the programme flow report and every figure of a unit's monthly report of
participant activities, so that the harness can check that Lotsa's figures equal the floor's
before it compares their speed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

from lotsa.outcomes.dimensions import AGE_BANDS
from lotsa.outcomes.periods import Period, previous_quarters
from lotsa.outcomes.tables import TREND_QUARTERS
from lotsa.pathways.definitions.programme import Programme

DIMENSION_COLUMNS = ("unit_id", "sex", "age_band", "referral_source")
# The tables the floors read, with the columns they need: all that goes into the Parquet export.
EXPORTED = {
    "pathways_enrolment": (
        "id", "participant_id", "unit_id", "programme_model", "status", "referral_date",
        "referral_source", "start_date", "end_date", "exit_reason", "baseline_employment_status",
        "first_employer_contact_on",
    ),
    "people_participant": ("id", "sex", "birth_year"),
    "employment_job": (
        "id", "enrolment_id", "starts_on", "ends_on", "four_paid_hours_on", "form",
        "paid_customary_wage", "reserved_for_disability", "time_limited_by_programme",
    ),
    "employment_vocationalprofile": ("id", "enrolment_id", "version", "written_on"),
    "pathways_milestone": ("id", "enrolment_id", "code", "occurred_on"),
    "organisations_membership": ("id", "unit_id", "role", "fte", "starts_on", "ends_on"),
    "timereports_timereport": ("id", "enrolment_id", "month", "signed_on"),
    "timereports_timereportweek": ("id", "report_id", "actual_hours", "agency"),
}  # fmt: skip


def _day(value: datetime.date) -> str:
    return f"DATE '{value.isoformat()}'"


def _ids(values: set[int]) -> str:
    return ", ".join(str(int(v)) for v in sorted(values)) or "NULL"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "''"


def _age_band(year: int) -> str:
    whens = " ".join(
        f"WHEN p.birth_year BETWEEN {year - oldest} AND {year - youngest} THEN '{code}'"
        for code, _name, youngest, oldest in AGE_BANDS
    )
    return f"CASE {whens} ELSE '55_plus' END"


def _enrolments(
    units: set[int], model: str, year: int, extra: str = "", open_in: Period | None = None
) -> str:
    narrowed = (
        f" AND e.referral_date <= {_day(open_in.end)} "
        f"AND (e.end_date IS NULL OR e.end_date >= {_day(open_in.start)})"
        if open_in
        else ""
    )
    return f"""
        SELECT e.*, p.sex, {_age_band(year)} AS age_band{extra}
        FROM pathways_enrolment e JOIN people_participant p ON p.id = e.participant_id
        WHERE e.unit_id IN ({_ids(units)}) AND e.programme_model = '{model}'{narrowed}"""


COUNTED = "j.enrolment_id = e.id AND j.four_paid_hours_on IS NOT NULL"
COMPETITIVE = (
    "j.form = 'open_market' AND j.paid_customary_wage AND NOT j.reserved_for_disability "
    "AND NOT j.time_limited_by_programme"
)


def _served(p: Period) -> str:
    return (
        f"(start_date IS NOT NULL AND start_date <= {_day(p.end)} AND (end_date IS NULL OR "
        f"end_date >= {_day(p.start)}) AND status <> 'declined')"
    )


def _competitive(p: Period) -> str:
    return (
        f"EXISTS (SELECT 1 FROM employment_job j WHERE {COUNTED} AND {COMPETITIVE} "
        f"AND j.starts_on <= {_day(p.end)} AND (j.ends_on IS NULL OR j.ends_on >= {_day(p.start)}))"
    )


IN_WORK = "baseline_employment_status IN ('in_work', 'at_risk')"


def ips_sql(units: set[int], period: Period) -> list[tuple[str, str]]:
    """(name, SQL) of the floor's queries for the IPS quarterly report."""
    s, e = _day(period.start), _day(period.end)
    facts = f""",
        {_competitive(period)} AS competitive,
        EXISTS (SELECT 1 FROM employment_job j WHERE {COUNTED}
                AND j.starts_on BETWEEN {s} AND {e}) AS job_in_period,
        EXISTS (SELECT 1 FROM employment_job j WHERE {COUNTED} AND j.starts_on < {s}) AS job_before,
        EXISTS (SELECT 1 FROM employment_vocationalprofile v WHERE v.enrolment_id = e.id
                AND v.version = 1 AND v.written_on BETWEEN {s} AND {e}) AS profile_started,
        e.first_employer_contact_on AS first_contact"""
    served = _served(period)
    at_end = (
        f"(start_date IS NOT NULL AND start_date <= {e} AND (end_date IS NULL OR end_date > {e}) "
        "AND status <> 'declined')"
    )
    rate = f"({served} AND NOT {IN_WORK})"
    contact_in_period = f"({served} AND first_contact BETWEEN {s} AND {e})"
    grouped = f"""
        WITH f AS ({_enrolments(units, "ips", period.end.year, facts, open_in=period)})
        SELECT GROUPING(unit_id) AS g_unit, GROUPING(sex) AS g_sex, GROUPING(age_band) AS g_age,
               GROUPING(referral_source) AS g_source, unit_id, sex, age_band, referral_source,
          COUNT(*) FILTER (WHERE {served}) AS served,
          COUNT(*) FILTER (WHERE referral_date BETWEEN {s} AND {e}) AS referrals,
          COUNT(*) FILTER (WHERE referral_date BETWEEN {s} AND {e} AND {IN_WORK})
            AS referrals_in_work,
          COUNT(*) FILTER (WHERE {served} AND profile_started) AS profiles_started,
          COUNT(*) FILTER (WHERE {served} AND job_in_period AND NOT job_before) AS first_jobs,
          COUNT(*) FILTER (WHERE {served} AND competitive) AS in_competitive_work,
          COUNT(*) FILTER (WHERE status = 'exited' AND end_date BETWEEN {s} AND {e}) AS discharges,
          COUNT(*) FILTER (WHERE {rate}) AS rate_denominator,
          COUNT(*) FILTER (WHERE {rate} AND competitive) AS rate_numerator,
          COUNT(*) FILTER (WHERE {contact_in_period}) AS days_to_employer_contact__n,
          SUM(first_contact - start_date) FILTER (WHERE {contact_in_period})
            AS days_to_employer_contact__sum,
          COUNT(*) FILTER (WHERE {at_end}) AS caseload_at_end,
          COUNT(*) FILTER (WHERE {at_end} AND {IN_WORK}) AS caseload_in_work_at_referral
        FROM f GROUP BY GROUPING SETS ((unit_id), (sex), (age_band), (referral_source), ())"""
    jobs = f"""
        WITH f AS ({_enrolments(units, "ips", period.end.year)})
        SELECT GROUPING(f.unit_id) AS g_unit, GROUPING(f.sex) AS g_sex,
               GROUPING(f.age_band) AS g_age, GROUPING(f.referral_source) AS g_source,
               f.unit_id, f.sex, f.age_band, f.referral_source, COUNT(*) AS job_starts
        FROM f JOIN employment_job j ON j.enrolment_id = f.id
        WHERE j.starts_on BETWEEN {s} AND {e} AND j.four_paid_hours_on IS NOT NULL
        GROUP BY GROUPING SETS ((f.unit_id), (f.sex), (f.age_band), (f.referral_source), ())"""
    quarters = previous_quarters(period, TREND_QUARTERS)
    first, last = quarters[0].start, quarters[-1].end
    trend_columns = ",\n".join(
        f"COUNT(*) FILTER (WHERE {_served(q)}) AS served__q{i},\n"
        f"COUNT(*) FILTER (WHERE {_served(q)} AND NOT {IN_WORK}) AS rate_denominator__q{i},\n"
        f"COUNT(*) FILTER (WHERE {_served(q)} AND NOT {IN_WORK} AND {_competitive(q)})"
        f" AS rate_numerator__q{i}"
        for i, q in enumerate(quarters)
    )
    trend = (
        f"SELECT {trend_columns} FROM pathways_enrolment e WHERE e.unit_id IN ({_ids(units)}) "
        f"AND e.programme_model = 'ips' AND e.referral_date <= {_day(last)} "
        f"AND (e.end_date IS NULL OR e.end_date >= {_day(first)})"
    )
    fte = f"""
        SELECT unit_id, SUM(fte) AS coach_fte FROM organisations_membership
        WHERE unit_id IN ({_ids(units)}) AND role = 'coach' AND starts_on <= {e}
          AND (ends_on IS NULL OR ends_on >= {e})
        GROUP BY unit_id"""
    return [("ips", grouped), ("job_starts", jobs), ("trend", trend), ("coach_fte", fte)]


def flow_sql(units: set[int], period: Period, programme: Programme) -> list[tuple[str, str]]:
    """The floor's queries for the counts of the programme flow report of one model."""
    flow = programme.flow

    def mark(code: str, p: Period) -> str:
        if code == "start":
            return f"start_date BETWEEN {_day(p.start)} AND {_day(p.end)}"
        return (
            f"EXISTS (SELECT 1 FROM pathways_milestone m WHERE m.enrolment_id = f.id AND m.code "
            f"= '{code}' AND m.occurred_on BETWEEN {_day(p.start)} AND {_day(p.end)})"
        )

    def ended(p: Period, reasons: tuple[str, ...] | None = None) -> str:
        chosen = "" if reasons is None else f" AND exit_reason IN ({_quoted(reasons)})"
        return f"status = 'exited' AND end_date BETWEEN {_day(p.start)} AND {_day(p.end)}{chosen}"

    def referred(p: Period) -> str:
        return f"referral_date BETWEEN {_day(p.start)} AND {_day(p.end)}"

    enrolments = _enrolments(units, programme.code, period.end.year)
    sql = f"""
        WITH f AS ({enrolments})
        SELECT GROUPING(unit_id) AS g_unit, GROUPING(sex) AS g_sex, GROUPING(age_band) AS g_age,
               GROUPING(referral_source) AS g_source, unit_id, sex, age_band, referral_source,
          COUNT(*) FILTER (WHERE {referred(period)}) AS referred,
          COUNT(*) FILTER (WHERE {mark(flow.admitted, period)}) AS admitted,
          COUNT(*) FILTER (WHERE {mark(flow.started, period)}) AS started,
          COUNT(*) FILTER (WHERE {ended(period, flow.completed)}) AS completed,
          COUNT(*) FILTER (WHERE {ended(period, flow.dropped_out)}) AS dropped_out,
          COUNT(*) FILTER (WHERE {ended(period, flow.re_referred)}) AS re_referred,
          COUNT(*) FILTER (WHERE {ended(period)}) AS exited
        FROM f GROUP BY GROUPING SETS ((unit_id), (sex), (age_band), (referral_source), ())"""
    trend_columns = ",\n".join(
        f"COUNT(*) FILTER (WHERE {referred(q)}) AS referred__q{i},\n"
        f"COUNT(*) FILTER (WHERE {mark(flow.started, q)}) AS started__q{i},\n"
        f"COUNT(*) FILTER (WHERE {ended(q, flow.dropped_out)}) AS dropped_out__q{i},\n"
        f"COUNT(*) FILTER (WHERE {ended(q, flow.completed)}) AS completed__q{i}"
        for i, q in enumerate(previous_quarters(period, TREND_QUARTERS))
    )
    trend = f"WITH f AS ({enrolments}) SELECT {trend_columns} FROM f"
    return [("flow", sql), ("trend", trend)]


def activity_sql(unit: int, month: datetime.date, model: str) -> list[tuple[str, str]]:
    """The floor's queries for a unit's monthly report of participant activities: the hours of
    each participant under each reporting agency, and how many lines, reports and signatures."""
    last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    running = (
        f"e.unit_id = {int(unit)} AND e.programme_model = '{model}' "
        f"AND e.start_date < {_day(last)} AND (e.end_date IS NULL OR e.end_date >= {_day(month)})"
    )
    hours = f"""
        SELECT r.enrolment_id, w.agency, SUM(w.actual_hours) AS hours
        FROM timereports_timereport r JOIN timereports_timereportweek w ON w.report_id = r.id
        WHERE r.month = {_day(month)} AND r.enrolment_id IN (
            SELECT e.id FROM pathways_enrolment e WHERE {running})
        GROUP BY r.enrolment_id, w.agency"""
    lines = f"""
        SELECT COUNT(*) AS lines, COUNT(r.id) AS reported, COUNT(r.signed_on) AS signed
        FROM pathways_enrolment e
        LEFT JOIN timereports_timereport r ON r.enrolment_id = e.id AND r.month = {_day(month)}
        WHERE {running}"""
    return [("activity_hours", hours), ("activity_lines", lines)]


# ------------------------------------------------------------------ running and comparing


Figures = dict[tuple[str, str, str], Any]  # (dimension, group, figure) -> value


def figures_of(results: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> Figures:
    """The floor's rows as (dimension, group, figure) -> value, keyed like the report tables."""
    figures: Figures = {}
    for name, (columns, rows) in results.items():
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            if name == "trend":
                figures |= {("trend", code.split("__q")[1], code.split("__q")[0]): v
                            for code, v in values.items()}  # fmt: skip
                continue
            if name == "coach_fte":
                figures[("unit", str(values["unit_id"]), "coach_fte")] = values["coach_fte"]
                continue
            if name == "activity_hours":
                key = ("activity", str(values["enrolment_id"]), values["agency"])
                figures[key] = values["hours"]
                continue
            if name == "activity_lines":
                figures |= {("activity", "total", code): v for code, v in values.items()}
                continue
            dimension, group = _group_of(values)
            for code, value in values.items():
                if code.startswith("g_") or code in DIMENSION_COLUMNS:
                    continue
                figures[(dimension, group, code)] = value
    return figures


def _group_of(values: dict[str, Any]) -> tuple[str, str]:
    for flag, dimension, column in (
        ("g_unit", "unit", "unit_id"),
        ("g_sex", "sex", "sex"),
        ("g_age", "age_band", "age_band"),
        ("g_source", "referral_source", "referral_source"),
    ):
        if not values[flag]:
            return dimension, str(values[column])
    return "unit", "total"


def run_on_database(
    queries: list[tuple[str, str]], alias: str = DEFAULT_DB_ALIAS
) -> dict[str, tuple[list[str], list[Any]]]:
    results = {}
    with connections[alias].cursor() as cursor:
        for name, sql in queries:
            cursor.execute(sql)
            results[name] = ([c[0] for c in cursor.description], cursor.fetchall())
    return results


@dataclass
class DuckDB:
    """An in-process DuckDB over Parquet files of the tables the floors read."""

    folder: Path

    def export(self) -> None:
        """Write each table from PostgreSQL to Parquet (through CSV, which both ends know; NULL
        written as \\N so that empty texts stay empty)."""
        import duckdb

        self.folder.mkdir(parents=True, exist_ok=True)
        with connection.cursor() as cursor:
            for table, columns in EXPORTED.items():
                csv_path = self.folder / f"{table}.csv"
                select = f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608 - fixed names
                copy_sql = f"COPY ({select}) TO STDOUT (FORMAT csv, HEADER, NULL '\\N')"
                with csv_path.open("wb") as out, cursor.cursor.copy(copy_sql) as copy:
                    for chunk in copy:
                        out.write(chunk)
                duckdb.sql(
                    f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, nullstr = '\\N', "
                    f"columns = {_duckdb_types(columns)})) "
                    f"TO '{self.folder / table}.parquet' (FORMAT parquet)"
                )
                csv_path.unlink()

    def connect(self) -> Any:
        import duckdb

        con = duckdb.connect()
        for table in EXPORTED:
            con.sql(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{self.folder / table}.parquet')"
            )
        return con

    def run(self, con: Any, queries: list[tuple[str, str]]) -> dict[str, tuple[list[str], list]]:
        results = {}
        for name, sql in queries:
            relation = con.sql(sql)
            results[name] = (relation.columns, relation.fetchall())
        return results


def _duckdb_types(columns: tuple[str, ...]) -> str:
    """Column types for reading the CSV back, so that empty values stay NULL or '' as they were."""

    def kind(column: str) -> str:
        if column == "id" or column.endswith("_id") or column in ("version", "birth_year"):
            return "BIGINT"
        if column.endswith(("_date", "_on")) or column == "month":
            return "DATE"
        if column == "actual_hours":
            return "DECIMAL(4,1)"
        if column in ("face_to_face", "paid_customary_wage", "reserved_for_disability",
                      "time_limited_by_programme"):  # fmt: skip
            return "BOOLEAN"
        if column == "fte":
            return "DECIMAL(4,2)"
        return "VARCHAR"

    return "{" + ", ".join(f"'{c}': '{kind(c)}'" for c in columns) + "}"
