# ruff: noqa: S608 - the floors are hand-written SQL built from ids, dates and codes of our own
"""The floor of the socioeconomic report: what it reads from the records — every served
enrolment's starting state and its outcome at the end of the period, by the mapping's rules —
counted in one statement, in the dialect PostgreSQL and DuckDB share.

The enrolments served in the period are read once; the starting state is the first of the
mapping's income sources in its precedence that the enrolment lists; the outcome comes from
the latest follow-up observed by the period's end, else from the paid job held at the end
(the one with the most hours), else from the exit's outcome class, with the job held on the
day that decides it. Everything the report computes beyond these counts is arithmetic on a
dozen numbers (``socioeconomics.engine``), the same whoever reads the records."""

from __future__ import annotations

from lotsa.outcomes.periods import Period
from lotsa.socioeconomics import mapping
from lotsa.socioeconomics.parameter_set import ParameterSet
from lotsa.tools.bench.floors import Figures, Results, _day, _ids, _quoted

PROGRAMME = "ips"


def _first_source() -> str:
    """The income source that decides the starting state, by the mapping's precedence."""
    whens = " ".join(
        f"""WHEN CAST(e.baseline_income_sources AS VARCHAR) LIKE '%"{source}"%' THEN '{source}'"""
        for source in mapping.BASELINE_PRECEDENCE
    )
    return f"CASE {whens} ELSE '{mapping.NOT_RECORDED}' END"


def _state_of(column: str, states: dict[str, str], known: set[str]) -> str:
    whens = " ".join(
        f"WHEN {column} = '{code}' THEN '{state}'"
        for code, state in states.items()
        if state in known
    )
    return f"CASE {whens} END" if whens else "CAST(NULL AS VARCHAR)"


def _best_job(day: str, alias: str) -> str:
    """The paid job with the most hours held on ``day`` (a column of ``decided``)."""
    return f"""
        LEFT JOIN (
          SELECT d.id, j.hours_per_week, j.form, ROW_NUMBER() OVER (
            PARTITION BY d.id ORDER BY j.hours_per_week DESC, j.starts_on DESC,
              CASE WHEN j.form = 'subsidised' THEN 1 ELSE 0 END) AS rn
          FROM decided d JOIN paid_jobs j ON j.enrolment_id = d.id
            AND j.starts_on <= d.{day} AND (j.ends_on IS NULL OR j.ends_on >= d.{day})
        ) {alias} ON {alias}.id = d.id AND {alias}.rn = 1"""


def _work_kind(job: str) -> str:
    return (
        f"CASE WHEN {job}.form = 'subsidised' THEN '{mapping.SUBSIDISED}' "
        f"WHEN {job}.id IS NULL OR {job}.hours_per_week < {mapping.FULL_TIME_HOURS} "
        f"THEN '{mapping.PART_TIME}' ELSE '{mapping.FULL_TIME}' END"
    )


def socioeconomic_sql(
    units: set[int], period: Period, parameters: ParameterSet
) -> list[tuple[str, str]]:
    known = set(parameters.states)
    country = parameters.country
    end = _day(period.end)
    work, studies = _quoted(sorted(mapping.WORK_CODES)), _quoted(sorted(mapping.STUDY_CODES))
    kind = f"""CASE
          WHEN d.fu_day IS NOT NULL THEN CASE WHEN d.fu_status IN ({work}) THEN {_work_kind("at_day")}
            WHEN d.fu_status IN ({studies}) THEN '{mapping.STUDIES}' END
          WHEN at_day.id IS NOT NULL THEN {_work_kind("at_day")}
          WHEN d.end_date <= {end} AND d.outcome <> '' THEN CASE
            WHEN d.outcome IN ({work}) THEN {_work_kind("at_exit")}
            WHEN d.outcome IN ({studies}) THEN '{mapping.STUDIES}' END
        END"""
    rule = f"""CASE WHEN d.fu_day IS NOT NULL THEN '{mapping.FROM_FOLLOW_UP}'
          WHEN at_day.id IS NOT NULL THEN '{mapping.FROM_JOB}'
          WHEN d.end_date <= {end} AND d.outcome <> '' THEN '{mapping.FROM_EXIT}' END"""
    # Valued or not (a state the set lacks), an outcome is counted by its state.
    outcome_states = mapping.OUTCOME_STATES[country]
    outcome_state = _state_of("kind", outcome_states, set(outcome_states.values()))
    counts = f"""
        WITH served AS (
          SELECT e.id, e.outcome, e.end_date, {_first_source()} AS source
          FROM pathways_enrolment e
          WHERE e.unit_id IN ({_ids(units)}) AND e.programme_model = '{PROGRAMME}'
            AND e.start_date IS NOT NULL AND e.start_date <= {end}
            AND (e.end_date IS NULL OR e.end_date >= {_day(period.start)})
        ), follow_ups AS (
          SELECT f.enrolment_id, f.status, f.observed_on, ROW_NUMBER() OVER (
            PARTITION BY f.enrolment_id ORDER BY f.observed_on DESC) AS rn
          FROM pathways_followup f
          WHERE f.enrolment_id IN (SELECT id FROM served) AND f.observed_on <= {end}
        ), paid_jobs AS (
          SELECT j.id, j.enrolment_id, j.starts_on, j.ends_on, j.hours_per_week, j.form
          FROM employment_job j
          WHERE j.enrolment_id IN (SELECT id FROM served) AND j.four_paid_hours_on IS NOT NULL
            AND j.form IN ({_quoted(sorted(mapping.PAID_FORMS))})
        ), decided AS (
          SELECT s.id, s.outcome, s.end_date, s.source,
            {_state_of("s.source", mapping.BASELINE_STATES[country], known)} AS start_state,
            f.status AS fu_status, f.observed_on AS fu_day,
            COALESCE(f.observed_on, {end}) AS observed, s.end_date AS exit_day
          FROM served s LEFT JOIN follow_ups f ON f.enrolment_id = s.id AND f.rn = 1
        ), classified AS (
          SELECT d.id, d.source, d.start_state, {kind} AS kind, {rule} AS rule
          FROM decided d {_best_job("observed", "at_day")} {_best_job("exit_day", "at_exit")}
        ), mapped AS (
          SELECT source, start_state, rule, {outcome_state} AS outcome_state FROM classified
        )
        SELECT GROUPING(start_state) AS g_start, GROUPING(source) AS g_source,
          GROUPING(rule) AS g_rule, GROUPING(outcome_state) AS g_outcome,
          start_state, source, rule, outcome_state, COUNT(*) AS n
        FROM mapped
        GROUP BY GROUPING SETS ((start_state, source), (start_state, rule),
                                (start_state, outcome_state), ())"""
    return [("socioeconomic", counts)]


def socioeconomic_figures_of(results: Results) -> Figures:
    """The floor's counts keyed like ``harness.socioeconomic_figures``."""
    figures: Figures = {}
    columns, rows = results["socioeconomic"]
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        n, start = values["n"], values["start_state"]
        if values["g_start"]:
            figures[("enrolments", "total", "n")] = n
        elif start is None:
            if not values["g_source"]:
                figures[("not_valued", values["source"], "n")] = n
        elif not values["g_source"]:
            figures[("baseline", start, "n")] = figures.get(("baseline", start, "n"), 0) + n
        elif not values["g_rule"] and values["rule"] is not None:
            key = ("rule", values["rule"], "n")
            figures[key] = figures.get(key, 0) + n
        elif not values["g_outcome"] and values["outcome_state"] is not None:
            key = ("outcome", values["outcome_state"], "n")
            figures[key] = figures.get(key, 0) + n
    return figures
