# ruff: noqa: S608 - the floors are hand-written SQL built from ids, dates and codes of our own
"""Floors of the work-training units' two reports: every figure of a unit's gender statistics
for a year, and every line of a work unit's compensation basis for a month, each computed by
the SQL a PostgreSQL engineer would write for it, in the dialect PostgreSQL and DuckDB share.

Each figure of the gender statistics is one grouped query over its own records (the work
groups' members, the activities presented, the exits, the staff, the contacts of the year and
of each month); the totals column is the sum of the sexes, as a person has one sex. The
compensation basis reads the month's attendance of the work group once and the incidents that
took a worked day's compensation, and adds them up per member."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.outcomes.periods import Period
from lotsa.outcomes.tables import TOTAL
from lotsa.tools.bench.floors import Figures, Results, _day, _quoted
from lotsa.worktraining import codes

SEX_COLUMNS = ("female", "male", "unknown")


def _sex(column: str) -> str:
    return f"CASE WHEN {column} IN ('female', 'male') THEN {column} ELSE 'unknown' END"


def _in(column: str, period: Period) -> str:
    return f"{column} BETWEEN {_day(period.start)} AND {_day(period.end)}"


def gender_sql(unit: int, period: Period, exit_codes: list[str]) -> list[tuple[str, str]]:
    """One query per figure of the unit's gender statistics for the period (a year)."""
    unit = int(unit)
    participants = f"""
        SELECT 'wu' || CAST(w.id AS VARCHAR) AS line, {_sex("p.sex")} AS sex,
          COUNT(DISTINCT e.participant_id) AS n
        FROM cohorts_cohortmember m
        JOIN worktraining_workunit w ON w.cohort_id = m.cohort_id
        JOIN pathways_enrolment e ON e.id = m.enrolment_id
        JOIN people_participant p ON p.id = e.participant_id
        WHERE w.unit_id = {unit} AND m.joined_on <= {_day(period.end)}
          AND (m.left_on IS NULL OR m.left_on >= {_day(period.start)})
        GROUP BY 1, 2"""
    offers = f"""
        SELECT 'wu' || CAST(o.work_unit_id AS VARCHAR) AS work_unit, {_sex("p.sex")} AS sex,
          COUNT(*) AS presented,
          SUM(CASE WHEN o.recommended THEN 1 ELSE 0 END) AS recommended,
          SUM(CASE WHEN o.outcome = 'chosen' THEN 1 ELSE 0 END) AS chosen,
          SUM(CASE WHEN o.chose_themselves THEN 1 ELSE 0 END) AS themselves,
          SUM(CASE WHEN o.outcome = 'declined' THEN 1 ELSE 0 END) AS declined,
          SUM(CASE WHEN o.outcome = 'pending' THEN 1 ELSE 0 END) AS pending
        FROM worktraining_activityoffer o
        JOIN pathways_enrolment e ON e.id = o.enrolment_id
        JOIN people_participant p ON p.id = e.participant_id
        WHERE o.work_unit_id IN (SELECT id FROM worktraining_workunit WHERE unit_id = {unit})
          AND {_in("o.offered_on", period)}
        GROUP BY 1, 2"""
    presenters = f"""
        SELECT {_sex("u.sex")} AS presenter, {_sex("p.sex")} AS sex, COUNT(*) AS presented,
          SUM(CASE WHEN o.recommended THEN 1 ELSE 0 END) AS recommended
        FROM worktraining_activityoffer o
        JOIN accounts_user u ON u.id = o.offered_by_id
        JOIN pathways_enrolment e ON e.id = o.enrolment_id
        JOIN people_participant p ON p.id = e.participant_id
        WHERE o.work_unit_id IN (SELECT id FROM worktraining_workunit WHERE unit_id = {unit})
          AND {_in("o.offered_on", period)}
        GROUP BY 1, 2"""
    exits = f"""
        SELECT 'exit_' || e.exit_reason AS line, {_sex("p.sex")} AS sex, COUNT(*) AS n
        FROM pathways_enrolment e JOIN people_participant p ON p.id = e.participant_id
        WHERE e.unit_id = {unit} AND e.programme_model = '{codes.PROGRAMME}'
          AND {_in("e.end_date", period)} AND e.exit_reason IN ({_quoted(exit_codes)})
        GROUP BY 1, 2"""
    staff = f"""
        SELECT m.title AS title, {_sex("u.sex")} AS sex, COUNT(DISTINCT m.user_id) AS n
        FROM organisations_membership m JOIN accounts_user u ON u.id = m.user_id
        WHERE m.unit_id = {unit} AND m.starts_on <= {_day(period.end)}
          AND (m.ends_on IS NULL OR m.ends_on >= {_day(period.start)})
        GROUP BY 1, 2"""
    supervisor_time = f"""
        SELECT GROUPING(sex) AS g_sex, sex, SUM(minutes) AS minutes,
          COUNT(DISTINCT participant_id) AS people,
          ROUND(CAST(SUM(minutes) AS DECIMAL(18, 6)) / COUNT(DISTINCT participant_id), 1)
            AS per_participant
        FROM (
          SELECT {_sex("p.sex")} AS sex, e.participant_id, c.duration_minutes AS minutes
          FROM casework_contact c
          JOIN pathways_enrolment e ON e.id = c.enrolment_id
          JOIN people_participant p ON p.id = e.participant_id
          WHERE e.unit_id = {unit} AND e.programme_model = '{codes.PROGRAMME}'
            AND {_in("c.occurred_on", period)}
        ) contacts
        GROUP BY GROUPING SETS ((sex), ())"""
    supervisor_time_by_month = f"""
        SELECT GROUPING(sex) AS g_sex, month, sex,
          ROUND(CAST(SUM(minutes) AS DECIMAL(18, 6)) / COUNT(DISTINCT participant_id), 1)
            AS per_participant
        FROM (
          SELECT EXTRACT(MONTH FROM c.occurred_on) AS month, {_sex("p.sex")} AS sex,
            e.participant_id, c.duration_minutes AS minutes
          FROM casework_contact c
          JOIN pathways_enrolment e ON e.id = c.enrolment_id
          JOIN people_participant p ON p.id = e.participant_id
          WHERE e.unit_id = {unit} AND e.programme_model = '{codes.PROGRAMME}'
            AND {_in("c.occurred_on", period)}
        ) contacts
        GROUP BY GROUPING SETS ((month, sex), (month))"""
    return [
        ("gender_participants", participants),
        ("gender_offers", offers),
        ("gender_presenters", presenters),
        ("gender_exits", exits),
        ("gender_staff", staff),
        ("gender_supervisor_time", supervisor_time),
        ("gender_supervisor_time_by_month", supervisor_time_by_month),
    ]


OFFER_COUNTS = ("presented", "recommended", "chosen", "themselves", "declined", "pending")


def _by_sex(figure: str, line: str, sex: str, value: Any) -> Figures:
    return {(figure, line, sex): value}


def _with_totals(figures: Figures) -> Figures:
    """Each line's total: the sum of its sexes (a person has one sex)."""
    totals: dict[tuple[str, str], int] = {}
    for (figure, line, _sex_column), value in figures.items():
        totals[(figure, line)] = totals.get((figure, line), 0) + int(value or 0)
    return figures | {(figure, line, TOTAL): total for (figure, line), total in totals.items()}


def gender_figures_of(results: Results) -> Figures:
    """The floor's rows as (figure, line, sex) -> value, keyed like ``gender_figures``."""
    counts: Figures = {}
    supervisor: Figures = {}
    for name, (columns, rows) in results.items():
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            if name in ("gender_participants", "gender_exits"):
                counts |= _by_sex(name, values["line"], values["sex"], values["n"])
            elif name == "gender_offers":
                for code in OFFER_COUNTS:
                    line = f"{values['work_unit']}_{code}"
                    counts |= _by_sex(name, line, values["sex"], values[code])
            elif name == "gender_presenters":
                for code in ("presented", "recommended"):
                    line = f"{code}_{values['presenter']}"
                    key = (name, line, values["sex"])
                    counts[key] = counts.get(key, 0) + values[code]
            elif name == "gender_staff":
                title = values["title"] or _("No title given")
                counts |= _by_sex(name, title, values["sex"], values["n"])
            elif name == "gender_supervisor_time_by_month":
                column = TOTAL if values["g_sex"] else values["sex"]
                line = f"month_{int(values['month'])}"
                supervisor[(name, line, column)] = values["per_participant"]
            else:
                column = TOTAL if values["g_sex"] else values["sex"]
                for code in ("minutes", "people", "per_participant"):
                    supervisor[(name, code, column)] = values[code]
    return _with_totals(counts) | supervisor


def _moment(day: datetime.date) -> str:
    """Midnight at the start of the day, in Lotsa's time zone, as a timestamp literal."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return f"CAST('{start.isoformat()}' AS TIMESTAMPTZ)"


def compensation_sql(
    work_unit: int, cohort: int, daily_rate: Decimal | None, month: datetime.date
) -> list[tuple[str, str]]:
    """The compensation basis of the work unit's daily work group in the month, per member."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    last = following - datetime.timedelta(days=1)
    zone = settings.TIME_ZONE.replace("'", "")
    rate = "NULL" if daily_rate is None else f"CAST({Decimal(daily_rate)} AS DECIMAL(8, 2))"
    day_of = f"CAST({{}} AT TIME ZONE '{zone}' AS DATE)"
    basis = f"""
        WITH members AS (
          SELECT DISTINCT m.enrolment_id FROM cohorts_cohortmember m
          WHERE m.cohort_id = {int(cohort)} AND m.joined_on <= {_day(last)}
            AND (m.left_on IS NULL OR m.left_on >= {_day(first)})
        ), days AS (
          SELECT a.enrolment_id, a.status, a.minutes_late, {day_of.format("s.starts_at")} AS day
          FROM cohorts_attendance a JOIN cohorts_session s ON s.id = a.session_id
          WHERE s.cohort_id = {int(cohort)} AND s.starts_at >= {_moment(first)}
            AND s.starts_at < {_moment(following)}
            AND a.enrolment_id IN (SELECT enrolment_id FROM members)
        ), unpaid AS (
          SELECT i.enrolment_id, COUNT(DISTINCT {day_of.format("i.occurred_at")}) AS days
          FROM worktraining_incident i
          WHERE i.work_unit_id = {int(work_unit)} AND i.without_compensation
            AND i.occurred_at >= {_moment(first)} AND i.occurred_at < {_moment(following)}
            AND EXISTS (
              SELECT 1 FROM days d WHERE d.enrolment_id = i.enrolment_id
                AND d.status IN ('present', 'late', 'sent_home')
                AND d.day = {day_of.format("i.occurred_at")})
          GROUP BY i.enrolment_id
        ), counted AS (
          SELECT m.enrolment_id,
            SUM(CASE WHEN d.status = 'present' THEN 1 ELSE 0 END) AS present,
            SUM(CASE WHEN d.status = 'late' THEN 1 ELSE 0 END) AS late,
            SUM(CASE WHEN d.status = 'late' THEN COALESCE(d.minutes_late, 0) ELSE 0 END)
              AS minutes_late,
            SUM(CASE WHEN d.status = 'sick' THEN 1 ELSE 0 END) AS sick,
            SUM(CASE WHEN d.status IN ('absent_notice', 'absent_no_notice') THEN 1 ELSE 0 END)
              AS absent,
            SUM(CASE WHEN d.status = 'sent_home' THEN 1 ELSE 0 END) AS sent_home,
            COALESCE(MAX(u.days), 0) AS without_compensation
          FROM members m
          LEFT JOIN days d ON d.enrolment_id = m.enrolment_id
          LEFT JOIN unpaid u ON u.enrolment_id = m.enrolment_id
          GROUP BY m.enrolment_id
        )
        SELECT *, GREATEST(0, present + late + sent_home - without_compensation) AS compensable,
          {rate} * GREATEST(0, present + late + sent_home - without_compensation) AS amount
        FROM counted"""
    return [("compensation", basis)]


BASIS_FIGURES = ("present", "late", "minutes_late", "sick", "absent", "sent_home",
                 "without_compensation", "compensable", "amount")  # fmt: skip


def compensation_figures_of(results: Results) -> Figures:
    """The floor's lines as (compensation, enrolment, figure) -> value, and how many lines."""
    columns, rows = results["compensation"]
    figures: Figures = {("compensation", "total", "lines"): len(rows)}
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        for code in BASIS_FIGURES:
            figures[("compensation", str(values["enrolment_id"]), code)] = values[code]
    return figures
