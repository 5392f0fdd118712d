# ruff: noqa: S608 - the floors are hand-written SQL built from ids, dates and codes of our own
"""Floors for the benchmark: every figure of a report computed by the SQL a PostgreSQL engineer
would write for it by hand, and by DuckDB running the same SQL on its own copy of the tables.

The SQL is set-based: each kind of record is read once and aggregated once per enrolment (the
jobs: the first counted start, the starts in the period, and whether a competitive job was held
in the period and in each quarter of the trend; the milestones and follow-ups pivoted into a
column per code; the first cohort), joined to the enrolments by hash, and every figure, every
breakdown (``GROUPING SETS``) and the trend are conditional aggregates over that one join. It is
written once, in the dialect PostgreSQL and DuckDB share, and gives every count, mean, ratio,
unit measure and trend figure of the IPS quarterly report and of the programme flow report of a
model (the cohort table too), every figure of a unit's monthly report of participant
activities and every figure of the results of a participant survey, so that the harness checks
each of Lotsa's figures against the floor's before it compares their speed.
"""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

from lotsa.outcomes.dimensions import AGE_BANDS
from lotsa.outcomes.periods import Period, previous_quarters
from lotsa.outcomes.tables import TREND_QUARTERS
from lotsa.pathways.definitions.programme import Programme
from lotsa.surveys.instruments import CHOICES, Indicator, Instrument, Item
from lotsa.surveys.results import half_year_label

# The floors' breakdown columns, and the report's dimension each is.
DIMENSIONS = {"unit_id": "unit", "sex": "sex", "age_band": "age_band",
              "referral_source": "referral_source", "cohort": "cohort"}  # fmt: skip
DIMENSION_COLUMNS = tuple(DIMENSIONS)
# The tables the floors read, with the columns they need: all that DuckDB is given.
EXPORTED = {
    "pathways_enrolment": (
        "id", "participant_id", "unit_id", "programme_model", "status", "referral_date",
        "referral_source", "start_date", "end_date", "exit_reason", "baseline_employment_status",
        "first_employer_contact_on", "outcome", "baseline_income_sources",
    ),
    "people_participant": ("id", "sex", "birth_year"),
    "employment_job": (
        "id", "enrolment_id", "starts_on", "ends_on", "four_paid_hours_on", "form",
        "paid_customary_wage", "reserved_for_disability", "time_limited_by_programme",
        "hours_per_week",
    ),
    "employment_vocationalprofile": ("id", "enrolment_id", "version", "written_on"),
    "pathways_milestone": ("id", "enrolment_id", "code", "occurred_on"),
    "pathways_followup": ("id", "enrolment_id", "code", "status", "observed_on"),
    "cohorts_cohortmember": ("id", "cohort_id", "enrolment_id", "joined_on", "left_on"),
    "organisations_membership": ("id", "unit_id", "user_id", "role", "fte", "title", "starts_on",
                                 "ends_on"),
    "accounts_user": ("id", "sex"),
    "casework_contact": ("id", "enrolment_id", "occurred_on", "duration_minutes"),
    "cohorts_session": ("id", "cohort_id", "starts_at"),
    "cohorts_attendance": ("id", "session_id", "enrolment_id", "status", "minutes_late"),
    "worktraining_workunit": ("id", "unit_id", "cohort_id", "daily_rate"),
    "worktraining_incident": ("id", "enrolment_id", "work_unit_id", "occurred_at",
                              "without_compensation"),
    "worktraining_activityoffer": ("id", "enrolment_id", "work_unit_id", "offered_on",
                                   "offered_by_id", "recommended", "outcome", "chose_themselves"),
    "timereports_timereport": ("id", "enrolment_id", "month", "signed_on"),
    "timereports_timereportweek": ("id", "report_id", "actual_hours", "agency"),
    "surveys_surveyid": ("id", "unit_id", "programme", "sex", "issued_on"),
    "surveys_response": ("id", "instrument", "version", "wave", "survey_id_id", "unit_id",
                         "answered_on"),
    "surveys_answer": ("id", "response_id", "item", "value"),
}  # fmt: skip
FLOW_TREND = ("referred", "started", "dropped_out", "completed")  # the flow report's trend
# Ratios are compared at this many decimals: both sides divide exactly, in different arithmetic.
RATIO_PLACES = 2


def _day(value: datetime.date) -> str:
    return f"DATE '{value.isoformat()}'"


def _ids(values: set[int]) -> str:
    return ", ".join(str(int(v)) for v in sorted(values)) or "NULL"


def _quoted(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "''"


def _between(column: str, p: Period) -> str:
    return f"{column} BETWEEN {_day(p.start)} AND {_day(p.end)}"


def _age_band(year: int) -> str:
    whens = " ".join(
        f"WHEN p.birth_year BETWEEN {year - oldest} AND {year - youngest} THEN '{code}'"
        for code, _name, youngest, oldest in AGE_BANDS
    )
    return f"CASE {whens} ELSE '55_plus' END"


def _scope(units: set[int], model: str) -> str:
    return f"e.unit_id IN ({_ids(units)}) AND e.programme_model = '{model}'"


def _of_scope(units: set[int], model: str) -> str:
    """Records of the scope's enrolments (a semi-join on the enrolments' unit index)."""
    return f"enrolment_id IN (SELECT e.id FROM pathways_enrolment e WHERE {_scope(units, model)})"


def _grouping(dimensions: tuple[str, ...]) -> tuple[str, str]:
    """The grouping flags and columns to select, and the grouping sets (each dimension, all)."""
    flags = ", ".join(f"GROUPING({d}) AS g_{d}" for d in dimensions)
    sets = ", ".join(f"({d})" for d in dimensions)
    return f"{flags}, {', '.join(dimensions)}", f"GROUPING SETS ({sets}, ())"


def _ratio(numerator: str, denominator: str, percent: bool = True) -> str:
    scale = "100.0 * " if percent else "1.0 * "
    return (
        f"ROUND(CAST({scale}{numerator} AS DECIMAL(18, 6)) / NULLIF({denominator}, 0), "
        f"{RATIO_PLACES})"
    )


def _served(p: Period) -> str:
    return (
        f"(start_date IS NOT NULL AND start_date <= {_day(p.end)} AND (end_date IS NULL OR "
        f"end_date >= {_day(p.start)}) AND status <> 'declined')"
    )


IN_WORK = "baseline_employment_status IN ('in_work', 'at_risk')"
COUNTED = "four_paid_hours_on IS NOT NULL"
COMPETITIVE = (
    "form = 'open_market' AND paid_customary_wage AND NOT reserved_for_disability "
    "AND NOT time_limited_by_programme"
)


def _open_in(p: Period) -> str:
    """The enrolment ``e`` was referred by the period's end and had not ended before its start."""
    return (
        f"e.referral_date <= {_day(p.end)} "
        f"AND (e.end_date IS NULL OR e.end_date >= {_day(p.start)})"
    )


def _breakdowns(year: int) -> str:
    """The four breakdown columns of the enrolment ``e`` and its participant ``p``."""
    return f"e.unit_id, p.sex, {_age_band(year)} AS age_band, e.referral_source"


def _held(p: Period) -> str:
    """Held a counted competitive job at some time in the period."""
    return (
        f"BOOL_OR({COUNTED} AND {COMPETITIVE} AND starts_on <= {_day(p.end)} "
        f"AND (ends_on IS NULL OR ends_on >= {_day(p.start)}))"
    )


def ips_sql(units: set[int], period: Period, today: datetime.date) -> list[tuple[str, str]]:
    """(name, SQL) of the floor's queries for every figure of the IPS quarterly report: the
    enrolments' figures of the period in every breakdown, the job starts, the trend."""
    s, e = _day(period.start), _day(period.end)
    quarters = previous_quarters(period, TREND_QUARTERS)
    trend_window = Period(quarters[0].start, quarters[-1].end)
    # Every job of an enrolment open in the period counts for its first job and its work in
    # the period; the starts in the period are counted from the jobs (below).
    jobs = f"""
  SELECT j.enrolment_id,
    MIN(j.starts_on) FILTER (WHERE j.{COUNTED}) AS first_counted,
    {_held(period)} AS competitive
  FROM employment_job j JOIN pathways_enrolment e ON e.id = j.enrolment_id
  WHERE {_scope(units, "ips")} AND {_open_in(period)}
  GROUP BY j.enrolment_id"""
    served = _served(period)
    at_end = (
        f"(start_date IS NOT NULL AND start_date <= {e} AND (end_date IS NULL OR end_date > {e}) "
        "AND status <> 'declined')"
    )
    rate = f"({served} AND NOT {IN_WORK})"
    contact = f"({served} AND first_employer_contact_on BETWEEN {s} AND {e})"
    figures = [
        ("served", f"COUNT(*) FILTER (WHERE {served})"),
        ("referrals", f"COUNT(*) FILTER (WHERE referral_date BETWEEN {s} AND {e})"),
        ("referrals_in_work",
         f"COUNT(*) FILTER (WHERE referral_date BETWEEN {s} AND {e} AND {IN_WORK})"),
        ("profiles_started", f"COUNT(*) FILTER (WHERE {served} AND profile_on BETWEEN {s} AND {e})"),
        ("first_jobs", f"COUNT(*) FILTER (WHERE {served} AND first_counted BETWEEN {s} AND {e})"),
        ("in_competitive_work", f"COUNT(*) FILTER (WHERE {served} AND competitive)"),
        ("discharges", f"COUNT(*) FILTER (WHERE status = 'exited' AND end_date BETWEEN {s} AND {e})"),
        ("rate_denominator", f"COUNT(*) FILTER (WHERE {rate})"),
        ("rate_numerator", f"COUNT(*) FILTER (WHERE {rate} AND competitive)"),
        ("days_to_employer_contact__n", f"COUNT(*) FILTER (WHERE {contact})"),
        ("days_to_employer_contact__sum",
         f"SUM(first_employer_contact_on - start_date) FILTER (WHERE {contact})"),
        ("caseload_at_end", f"COUNT(*) FILTER (WHERE {at_end})"),
        ("caseload_in_work_at_referral", f"COUNT(*) FILTER (WHERE {at_end} AND {IN_WORK})"),
    ]  # fmt: skip
    total = "g.g_unit_id + g.g_sex + g.g_age_band + g.g_referral_source = 4"
    grouped = f"""
WITH jobs AS ({jobs}),
profiles AS (
  SELECT v.enrolment_id, v.written_on
  FROM employment_vocationalprofile v JOIN pathways_enrolment e ON e.id = v.enrolment_id
  WHERE v.version = 1 AND {_scope(units, "ips")} AND {_open_in(period)}),
f AS (
  SELECT {_breakdowns(period.end.year)},
    e.status, e.referral_date, e.start_date, e.end_date, e.baseline_employment_status,
    e.first_employer_contact_on, profiles.written_on AS profile_on, jobs.first_counted,
    jobs.competitive
  FROM pathways_enrolment e JOIN people_participant p ON p.id = e.participant_id
    LEFT JOIN jobs ON jobs.enrolment_id = e.id
    LEFT JOIN profiles ON profiles.enrolment_id = e.id
  WHERE {_scope(units, "ips")}
    AND {_open_in(period)}),
{_rolled_up(DIMENSION_COLUMNS[:4], figures)},
fte AS (
  SELECT unit_id, SUM(fte) AS coach_fte FROM organisations_membership
  WHERE unit_id IN ({_ids(units)}) AND role = 'coach' AND starts_on <= {e}
    AND (ends_on IS NULL OR ends_on >= {e})
  GROUP BY unit_id)
SELECT g.*, {_ratio("rate_numerator", "rate_denominator")} AS employment_rate,
  {_ratio("caseload_in_work_at_referral", "caseload_at_end")} AS in_work_at_referral_share,
  CASE WHEN g.g_unit_id = 0 THEN fte.coach_fte
       WHEN {total} THEN (SELECT SUM(coach_fte) FROM fte) END AS coach_fte,
  CASE WHEN g.g_unit_id = 0 THEN {_ratio("caseload_at_end", "fte.coach_fte", percent=False)}
       WHEN {total} THEN {_ratio("caseload_at_end", "(SELECT SUM(coach_fte) FROM fte)", False)}
  END AS caseload_per_fte
FROM g LEFT JOIN fte ON g.g_unit_id = 0 AND fte.unit_id = g.unit_id"""

    def in_quarter(i: int, q: Period) -> str:
        counted = f"({_served(q)} AND NOT {IN_WORK})"
        return (
            f"COUNT(*) FILTER (WHERE {_served(q)}) AS served__q{i},\n"
            f"COUNT(*) FILTER (WHERE {counted}) AS rate_denominator__q{i},\n"
            f"COUNT(*) FILTER (WHERE {counted} AND competitive_q{i}) AS rate_numerator__q{i}"
        )

    # Only the competitive jobs held in the trend's quarters matter to it (a partial index).
    held = ",\n    ".join(f"{_held(q)} AS competitive_q{i}" for i, q in enumerate(quarters))
    ratios = ", ".join(
        f"{_ratio(f'rate_numerator__q{i}', f'rate_denominator__q{i}')} AS employment_rate__q{i}"
        for i in range(len(quarters))
    )
    trend = f"""
WITH held AS (
  SELECT j.enrolment_id, {held}
  FROM employment_job j JOIN pathways_enrolment e ON e.id = j.enrolment_id
  WHERE {_scope(units, "ips")} AND {_open_in(trend_window)} AND j.{COUNTED} AND {COMPETITIVE}
    AND j.starts_on <= {_day(trend_window.end)}
    AND (j.ends_on IS NULL OR j.ends_on >= {_day(trend_window.start)})
  GROUP BY j.enrolment_id),
t AS (
  SELECT {", ".join(in_quarter(i, q) for i, q in enumerate(quarters))}
  FROM pathways_enrolment e LEFT JOIN held ON held.enrolment_id = e.id
  WHERE {_scope(units, "ips")} AND {_open_in(trend_window)})
SELECT t.*, {ratios} FROM t"""
    # A job starting in the period counts whichever enrolment of the report it belongs to: the
    # starts are read from the jobs of the period (an index by start day), not the enrolments.
    grouping, sets = _grouping(DIMENSION_COLUMNS[:4])
    starts = f"""
WITH f AS (
  SELECT {_breakdowns(period.end.year)}, j.four_paid_hours_on, j.starts_on
  FROM employment_job j JOIN pathways_enrolment e ON e.id = j.enrolment_id
    JOIN people_participant p ON p.id = e.participant_id
  WHERE {_scope(units, "ips")} AND j.starts_on BETWEEN {s} AND {e})
SELECT {grouping},
  COUNT(*) FILTER (WHERE {COUNTED}) AS job_starts,
  COUNT(*) FILTER (WHERE four_paid_hours_on IS NULL AND starts_on <= {_day(today)})
    AS uncounted_job_starts
FROM f GROUP BY {sets}"""
    return [("ips", grouped), ("job_starts", starts), ("trend", trend)]


def _rolled_up(dimensions: tuple[str, ...], figures: list[tuple[str, str]]) -> str:
    """The CTEs ``fine``, every figure aggregated once per combination of the dimensions' groups
    over ``f``, and ``g``, the combinations added up for each dimension and in all (a few
    thousand rows, where ``f`` has one per enrolment)."""
    grouping, sets = _grouping(dimensions)
    comma = ",\n    "
    return f"""fine AS (
  SELECT {", ".join(dimensions)},
    {comma.join(f"{aggregate} AS {name}" for name, aggregate in figures)}
  FROM f GROUP BY {", ".join(dimensions)}),
g AS (
  SELECT {grouping},
    {comma.join(f"SUM({name}) AS {name}" for name, _aggregate in figures)}
  FROM fine GROUP BY {sets})"""


def flow_sql(units: set[int], period: Period, programme: Programme) -> list[tuple[str, str]]:
    """The floor's queries for every figure of the programme flow report of one model."""
    flow, model = programme.flow, programme.code
    quarters = previous_quarters(period, TREND_QUARTERS)
    milestones = sorted(
        {flow.admitted, flow.started}
        | {f.after for f in programme.follow_ups.values() if f.after != "exit"} - {"start"}
    )
    follow_ups = sorted(programme.follow_ups)

    def mark(code: str, p: Period) -> str:
        return _between("start_date" if code == "start" else f"m_{code}", p)

    def ended(p: Period, reasons: tuple[str, ...] | list[str] | None = None) -> str:
        chosen = "" if reasons is None else f" AND exit_reason IN ({_quoted(reasons)})"
        return f"(status = 'exited' AND {_between('end_date', p)}{chosen})"

    def count(name: str, condition: str) -> tuple[str, str]:
        return name, f"COUNT(*) FILTER (WHERE {condition})"

    def figures(p: Period) -> list[tuple[str, str]]:
        return [
            count("referred", _between("referral_date", p)),
            count("admitted", mark(flow.admitted, p)),
            count("started", mark(flow.started, p)),
            count("completed", ended(p, flow.completed)),
            count("dropped_out", ended(p, flow.dropped_out)),
            count("re_referred", ended(p, flow.re_referred)),
            count("exited", ended(p)),
        ]

    columns = figures(period)
    outcomes: dict[str, list[str]] = {}
    for reason in programme.exit_reasons.values():
        outcomes.setdefault(reason.outcome, []).append(reason.code)
    columns += [
        count(f"outcome_{outcome}", ended(period, reasons)) for outcome, reasons in outcomes.items()
    ]
    for state in programme.end_states.values():
        reasons = [
            code
            for code, reason in programme.exit_reasons.items()
            if reason.end_state == state.code and code in flow.completed
        ]
        columns.append(count(f"end_state_{state.code}", ended(period, reasons)))
    for follow_up in programme.follow_ups.values():
        counts_from = ended(period) if follow_up.after == "exit" else mark(follow_up.after, period)
        status = f"fu_{follow_up.code}"
        columns += [
            count(f"{follow_up.code}__{code}", f"{counts_from} AND {status} = '{code}'")
            for code in follow_up.statuses
        ]
        columns.append(
            count(f"{follow_up.code}__not_recorded", f"{counts_from} AND {status} IS NULL")
        )
    for i, q in enumerate(quarters):
        columns += [
            (f"{name}__q{i}", aggregate) for name, aggregate in figures(q) if name in FLOW_TREND
        ]

    pivot = ",\n    ".join(
        f"MIN(occurred_on) FILTER (WHERE code = '{code}') AS m_{code}" for code in milestones
    )
    statuses = ",\n    ".join(
        f"MAX(status) FILTER (WHERE code = '{code}') AS fu_{code}" for code in follow_ups
    )
    joined = []
    read = [
        _breakdowns(period.end.year),
        "e.status", "e.referral_date", "e.start_date", "e.end_date", "e.exit_reason",
    ]  # fmt: skip
    ctes = []
    if milestones:
        ctes.append(f"""m AS (
  SELECT enrolment_id, {pivot} FROM pathways_milestone
  WHERE code IN ({_quoted(milestones)}) AND {_of_scope(units, model)}
  GROUP BY enrolment_id)""")
        joined.append("LEFT JOIN m ON m.enrolment_id = e.id")
        read += [f"m.m_{code}" for code in milestones]
    if follow_ups:
        ctes.append(f"""fu AS (
  SELECT enrolment_id, {statuses} FROM pathways_followup
  WHERE {_of_scope(units, model)} GROUP BY enrolment_id)""")
        joined.append("LEFT JOIN fu ON fu.enrolment_id = e.id")
        read += [f"fu.fu_{code}" for code in follow_ups]
    dimensions: tuple[str, ...] = DIMENSION_COLUMNS[:4]
    if programme.group:
        # The first cohort the enrolment joined (by day, then by the order of recording).
        ctes.append(f"""c AS (
  SELECT DISTINCT ON (enrolment_id) enrolment_id, cohort_id FROM cohorts_cohortmember
  WHERE {_of_scope(units, model)} ORDER BY enrolment_id, joined_on, id)""")
        joined.append("LEFT JOIN c ON c.enrolment_id = e.id")
        read.append("COALESCE(c.cohort_id, 0) AS cohort")
        dimensions = DIMENSION_COLUMNS
    facts = "".join(f"{cte},\n" for cte in ctes)
    sql = f"""
WITH {facts}f AS (
  SELECT {", ".join(read)}
  FROM pathways_enrolment e JOIN people_participant p ON p.id = e.participant_id
    {" ".join(joined)}
  WHERE {_scope(units, model)}),
{_rolled_up(dimensions, columns)}
SELECT * FROM g"""
    return [("flow", sql)]


def activity_sql(unit: int, month: datetime.date, model: str) -> list[tuple[str, str]]:
    """The floor's queries for a unit's monthly report of participant activities: the hours of
    each participant under each reporting agency and in all, and whether each line's report is
    in and signed."""
    last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    running = (
        f"e.unit_id = {int(unit)} AND e.programme_model = '{model}' "
        f"AND e.start_date < {_day(last)} AND (e.end_date IS NULL OR e.end_date >= {_day(month)})"
    )
    hours = f"""
        SELECT GROUPING(r.enrolment_id) AS g_line, r.enrolment_id, w.agency,
          SUM(w.actual_hours) AS hours
        FROM timereports_timereport r JOIN timereports_timereportweek w ON w.report_id = r.id
        WHERE r.month = {_day(month)} AND r.enrolment_id IN (
            SELECT e.id FROM pathways_enrolment e WHERE {running})
        GROUP BY GROUPING SETS ((r.enrolment_id, w.agency), (w.agency))"""
    lines = f"""
        SELECT e.id AS enrolment_id, r.id IS NOT NULL AS reported, r.signed_on IS NOT NULL AS signed
        FROM pathways_enrolment e
        LEFT JOIN timereports_timereport r ON r.enrolment_id = e.id AND r.month = {_day(month)}
        WHERE {running}"""
    return [("activity_hours", hours), ("activity_lines", lines)]


def survey_sql(units: set[int], instrument: Instrument, period: Period) -> list[tuple[str, str]]:
    """The floor's queries for every figure of the results of a participant survey: responses
    per half-year and wave; each scale item's answers per wave and value, the indicators and
    their shares in all and per half-year, from one pass over the responses joined to their
    answers; the survey IDs issued and the waves they answered, per unit and sex; the paired
    change from the first wave, a self-join on the survey ID. It does not count choice items or
    scales reported in groups: the AMiA participant survey has neither."""
    if any(item.kind == CHOICES or (item.scale and item.scale.groups) for item in instrument.items):
        raise ValueError(f"The floor counts ungrouped scales only, unlike {instrument.code}'s.")
    code, version = instrument.code.replace("'", "''"), int(instrument.version)
    chosen = (
        f"r.instrument = '{code}' AND r.version = {version} AND r.unit_id IN ({_ids(units)}) "
        f"AND {_between('r.answered_on', period)}"
    )
    half = _half_year("r.answered_on", period)
    responses = f"""
SELECT GROUPING(half) AS g_half, GROUPING(wave) AS g_wave, half, wave, COUNT(*) AS responses
FROM (SELECT {half} AS half, r.wave FROM surveys_response r WHERE {chosen}) r
GROUP BY GROUPING SETS ((half, wave), (half), ())"""
    return [
        ("survey_responses", responses),
        ("survey_answers", _survey_answers(instrument, chosen, half)),
        ("survey_rates", _survey_rates(units, instrument, period)),
        *_survey_changes(instrument, chosen),
    ]


def _half_year(column: str, period: Period) -> str:
    """The half-year of a day in the period, keyed as the results key it (year * 10 + 1 or 2),
    found by the half-years' bounds rather than by taking the year and month of every day."""
    bounds = []
    for year in range(period.start.year, period.end.year + 1):
        bounds.append(f"WHEN {column} < {_day(datetime.date(year, 7, 1))} THEN {year * 10 + 1}")
        bounds.append(f"WHEN {column} < {_day(datetime.date(year + 1, 1, 1))} THEN {year * 10 + 2}")
    return f"CASE {' '.join(bounds)} END"


def _survey_answers(instrument: Instrument, chosen: str, half: str) -> str:
    """Each scale item's answers per wave and value and the total who answered it; per indicator
    the positive answers and their share, in all and per half-year."""
    scaled = [item for item in instrument.items if item.scale is not None]
    indicators = instrument.indicators

    def one_of(indicator: Indicator) -> str:
        return f"(wave = '{indicator.wave}' AND item = '{indicator.item}')"

    measured = " OR ".join(one_of(each) for each in indicators) or "FALSE"
    positive = " OR ".join(
        f"({one_of(each)} AND value IN ({_ids(set(each.positive))}))" for each in indicators
    ) or "FALSE"  # fmt: skip
    return f"""
WITH fine AS (
  SELECT {half} AS half, r.wave, a.item, a.value, COUNT(*) AS n
  FROM surveys_response r JOIN surveys_answer a ON a.response_id = r.id
  WHERE {chosen} AND a.item IN ({_quoted([item.code for item in scaled])})
  GROUP BY 1, 2, 3, 4),
g AS (
  SELECT GROUPING(half) AS g_half, GROUPING(value) AS g_value, half, wave, item, value,
    SUM(n) AS n,
    CASE WHEN {measured} THEN COALESCE(SUM(n) FILTER (WHERE {positive}), 0) END AS positive
  FROM fine GROUP BY GROUPING SETS ((wave, item, value), (wave, item), (half, wave, item)))
SELECT g.*, {_ratio("positive", "n")} AS share FROM g"""


def _survey_rates(units: set[int], instrument: Instrument, period: Period) -> str:
    """The survey IDs issued in the period and how many answered each wave (whenever they
    answered), per unit, per sex and in all, with the response rates."""
    waves = instrument.waves
    per_id = ", ".join(f"COUNT(*) FILTER (WHERE wave = '{wave}') AS w_{wave}" for wave in waves)
    answered = ", ".join(f"COALESCE(SUM(w.w_{wave}), 0) AS w_{wave}" for wave in waves)
    rates = ", ".join(f"{_ratio(f'w_{wave}', 'ids')} AS rate_{wave}" for wave in waves)
    programmes = (
        f"AND s.programme IN ({_quoted(instrument.programmes)})" if instrument.programmes else ""
    )
    grouping, sets = _grouping(("unit_id", "sex"))
    return f"""
WITH ids AS (
  SELECT s.id, s.unit_id, s.sex FROM surveys_surveyid s
  WHERE s.unit_id IN ({_ids(units)}) AND {_between("s.issued_on", period)} {programmes}),
w AS (
  SELECT survey_id_id, {per_id} FROM surveys_response
  WHERE instrument = '{instrument.code}' AND version = {int(instrument.version)}
    AND survey_id_id IN (SELECT id FROM ids)
  GROUP BY survey_id_id),
g AS (
  SELECT {grouping}, COUNT(*) AS ids, {answered}
  FROM ids LEFT JOIN w ON w.survey_id_id = ids.id
  GROUP BY {sets})
SELECT g.*, {rates} FROM g"""


def _higher_is_better(item: Item) -> bool:
    """A scale whose positive answers are its highest values; on the others (yes/no, yes being
    1) a change is read as into or out of a positive answer."""
    return item.scale is not None and max(item.scale.positive) == len(item.scale.labels)


def _survey_changes(instrument: Instrument, chosen: str) -> list[tuple[str, str]]:
    """Per later wave and scale item, the answers paired with the same survey ID's answer at the
    first wave (given whenever and wherever): how many, the sums before and after on a scale
    read as higher is better, and how many moved higher, stayed or moved lower (on a yes/no
    scale, into or out of a positive answer)."""
    scaled = [item for item in instrument.items if item.scale is not None]
    if len(instrument.waves) < 2 or not scaled:
        return []
    first = instrument.waves[0]

    def step(item: Item) -> str:
        if _higher_is_better(item):
            return (
                "CASE WHEN value_after > value_before THEN 1 "
                "WHEN value_after < value_before THEN -1 ELSE 0 END"
            )
        positive = _ids(set(item.scale.positive if item.scale else ()))
        return (
            f"CASE WHEN value_after IN ({positive}) THEN 1 ELSE 0 END "
            f"- CASE WHEN value_before IN ({positive}) THEN 1 ELSE 0 END"
        )

    ordinal = [item.code for item in scaled if _higher_is_better(item)]
    steps = " ".join(f"WHEN '{item.code}' THEN {step(item)}" for item in scaled)
    # The pairs are counted per pair of answers first: the steps and sums are then worked out
    # on a few hundred rows, not on every pair.
    sql = f"""
WITH pairs AS (
  SELECT r.wave, a.item, b.value AS value_before, a.value AS value_after, COUNT(*) AS n
  FROM surveys_response r
    JOIN surveys_answer a ON a.response_id = r.id
    JOIN surveys_response f ON f.survey_id_id = r.survey_id_id
      AND f.instrument = r.instrument AND f.version = r.version AND f.wave = '{first}'
    JOIN surveys_answer b ON b.response_id = f.id AND b.item = a.item
  WHERE {chosen} AND r.wave <> '{first}' AND r.survey_id_id IS NOT NULL
    AND a.item IN ({_quoted([item.code for item in scaled])})
    AND a.value IS NOT NULL AND b.value IS NOT NULL
  GROUP BY 1, 2, 3, 4),
stepped AS (SELECT pairs.*, CASE item {steps} END AS step FROM pairs)
SELECT wave, item, SUM(n) AS n,
  SUM(value_before * n) FILTER (WHERE item IN ({_quoted(ordinal)})) AS sum_before,
  SUM(value_after * n) FILTER (WHERE item IN ({_quoted(ordinal)})) AS sum_after,
  SUM(n) FILTER (WHERE step > 0) AS higher,
  SUM(n) FILTER (WHERE step = 0) AS same,
  SUM(n) FILTER (WHERE step < 0) AS lower
FROM stepped GROUP BY wave, item"""
    return [("survey_changes", sql)]


# ------------------------------------------------------------------ running and comparing


Figures = dict[tuple[str, str, str], Any]  # (dimension, group, figure) -> value
Results = dict[str, tuple[list[str], list[tuple[Any, ...]]]]  # query name -> columns, rows


QUARTER = re.compile(r"__q(\d+)$")  # a trend column: the figure in one quarter


def _responses_figures(row: dict[str, Any]) -> Figures:
    if row["g_half"]:
        return {("responses", "total", "n"): row["responses"]}
    figure = "responses" if row["g_wave"] else f"w_{row['wave']}"
    return {("trend", half_year_label(row["half"]), figure): row["responses"]}


def _answers_figures(row: dict[str, Any]) -> Figures:
    """An answer's count at a wave; the total who answered an item at a wave, and an
    indicator's figures in all and in a half-year."""
    answered = f"{row['item']}:{row['wave']}"
    if not row["g_value"]:
        return {("answers", answered, str(row["value"])): row["n"]}
    measured = row["positive"] is not None
    if row["g_half"]:
        indicator = {
            ("indicator", answered, "n"): row["n"],
            ("indicator", answered, "share"): row["share"],
        }
        return {("answers", answered, "total"): row["n"]} | (indicator if measured else {})
    if not measured:
        return {}
    half = half_year_label(row["half"])
    return {
        ("trend", half, f"{answered}__n"): row["n"],
        ("trend", half, f"{answered}__share"): row["share"],
    }


def _changes_figures(row: dict[str, Any]) -> Figures:
    paired = f"{row['item']}:{row['wave']}"
    figures = ("n", "sum_before", "sum_after", "higher", "same", "lower")
    return {("change", paired, figure): row[figure] for figure in figures}


# The floor's survey rows, each turned into its figures (the rates go the reports' way).
SURVEY_ROWS = {
    "survey_responses": _responses_figures,
    "survey_answers": _answers_figures,
    "survey_changes": _changes_figures,
}


def figures_of(results: Results) -> Figures:
    """The floor's rows as (dimension, group, figure) -> value, keyed like the report tables:
    a group of a breakdown, the total of every breakdown (the grand total row), and the trend's
    quarters (``figure__q<i>`` columns, read from the grand total row)."""
    figures: Figures = {}
    for name, (columns, rows) in results.items():
        if name in SURVEY_ROWS:
            for row in rows:
                figures |= SURVEY_ROWS[name](dict(zip(columns, row, strict=True)))
            continue
        if name == "activity_lines":
            lines = [dict(zip(columns, row, strict=True)) for row in rows]
            for line in lines:
                for code in ("reported", "signed"):
                    figures[("activity", str(line["enrolment_id"]), code)] = int(line[code])
            figures[("activity", "total", "lines")] = len(lines)
            for code in ("reported", "signed"):
                figures[("activity", "total", code)] = sum(int(line[code]) for line in lines)
            continue
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            if name == "activity_hours":
                group = "total" if values["g_line"] else str(values["enrolment_id"])
                figures[("activity", group, values["agency"])] = values["hours"]
                continue
            grouped = [c for c in DIMENSIONS if f"g_{c}" in values]
            open_groups = [c for c in grouped if not values[f"g_{c}"]]
            figure_values = {
                code: value
                for code, value in values.items()
                if not code.startswith("g_") and code not in DIMENSIONS
            }
            if open_groups:
                column = open_groups[0]
                for code, value in figure_values.items():
                    if not QUARTER.search(code):
                        figures[(DIMENSIONS[column], str(values[column]), code)] = value
                continue
            for code, value in figure_values.items():
                if quarter := QUARTER.search(code):
                    figures[("trend", quarter.group(1), code[: quarter.start()])] = value
                else:
                    for column in grouped:
                        figures[(DIMENSIONS[column], "total", code)] = value
    return figures


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
    """An in-process DuckDB holding its own copy of the tables the floors read, as native tables
    in a database file, queried with a set number of threads."""

    folder: Path
    export_seconds: float = 0.0  # copying the tables out of PostgreSQL into DuckDB
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder / "floors.duckdb"

    def export(self) -> None:
        """Copy each table from PostgreSQL into a DuckDB table (through CSV, which both ends
        know; NULL written as \\N so that empty texts stay empty), timing the whole copy."""
        import duckdb

        began = time.perf_counter()
        self.folder.mkdir(parents=True, exist_ok=True)
        target = duckdb.connect(str(self.path))
        with connection.cursor() as cursor:
            for table, columns in EXPORTED.items():
                csv_path = self.folder / f"{table}.csv"
                select = f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608 - fixed names
                copy_sql = f"COPY ({select}) TO STDOUT (FORMAT csv, HEADER, NULL '\\N')"
                with csv_path.open("wb") as out, cursor.cursor.copy(copy_sql) as copy:
                    for chunk in copy:
                        out.write(chunk)
                target.sql(
                    f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv('{csv_path}', "
                    f"header = true, nullstr = '\\N', columns = {_duckdb_types(columns)})"
                )
                csv_path.unlink()
                self.rows[table] = target.execute(f"SELECT COUNT(*) FROM {table}").fetchall()[0][0]
        target.close()
        self.export_seconds = time.perf_counter() - began

    def connect(self, threads: int | None = None) -> Any:
        """A connection to the copy, with ``threads`` threads (DuckDB's default: one per core)."""
        import duckdb

        con = duckdb.connect(str(self.path), read_only=True)
        if threads is not None:
            con.sql(f"SET threads = {int(threads)}")
        return con

    @staticmethod
    def threads(con: Any) -> int:
        return int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])

    def run(self, con: Any, queries: list[tuple[str, str]]) -> dict[str, tuple[list[str], list]]:
        results = {}
        for name, sql in queries:
            relation = con.sql(sql)
            results[name] = (relation.columns, relation.fetchall())
        return results


def _duckdb_types(columns: tuple[str, ...]) -> str:
    """Column types for reading the CSV back, so that empty values stay NULL or '' as they were."""

    def kind(column: str) -> str:
        if column == "id" or column.endswith("_id") or column in ("version", "birth_year", "value"):
            return "BIGINT"
        if column.endswith(("_date", "_on")) or column == "month":
            return "DATE"
        if column.endswith("_at"):
            return "TIMESTAMPTZ"
        if column in ("duration_minutes", "minutes_late"):
            return "BIGINT"
        if column == "daily_rate":
            return "DECIMAL(8,2)"
        if column == "hours_per_week":
            return "DECIMAL(5,2)"
        if column == "actual_hours":
            return "DECIMAL(4,1)"
        if column in ("face_to_face", "paid_customary_wage", "reserved_for_disability",
                      "time_limited_by_programme", "recommended", "chose_themselves",
                      "without_compensation"):  # fmt: skip
            return "BOOLEAN"
        if column == "fte":
            return "DECIMAL(4,2)"
        return "VARCHAR"

    return "{" + ", ".join(f"'{c}': '{kind(c)}'" for c in columns) + "}"
