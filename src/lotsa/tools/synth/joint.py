"""The joint case of AMiA: the benefit facts of every case and the participants' time reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lotsa.dates import add_months
from lotsa.timereports.services import agency_of_week, last_of_month, report_weeks
from lotsa.tools.synth.cases import MILESTONES
from lotsa.tools.synth.tables import CaseFacts, Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator


def tables(generator: Generator) -> Iterator[Table]:
    yield benefit_facts(generator)
    yield from time_reports(generator)


def amia_cases(generator: Generator) -> Iterator[CaseFacts]:
    return (case for case in generator.started_cases() if case.model == "amia")


def benefit_facts(generator: Generator) -> Table:
    """AMiA's benefit: its days run out the day before the Work-Life Introduction starts."""
    rng = generator.joint_rng
    ali_start = dict(MILESTONES["amia"])["ali_start"]
    rows = (
        (case.id, case.id, rng.choice(("sickness_benefit", "sickness_compensation")),
         rng.choice(("1.00", "0.75", "0.50")),
         case.started_on + datetime.timedelta(days=ali_start - 1), case.started_on, case.staff,
         at(case.started_on, 12))
        for case in amia_cases(generator)
    )  # fmt: skip
    return Table(
        "pathways_benefitfacts",
        ("id", "enrolment_id", "benefit_type", "extent", "ends_on", "sgi_checked_on",
         "recorded_by_id", "updated_at"),
        rows,
    )  # fmt: skip


# The months that ended last, with time reports of every AMiA case running in them.
REPORTED_MONTHS = 3


def time_reports(generator: Generator) -> Iterator[Table]:
    """The participants' time reports of the last months, week by week under the agency
    that reports them; most signed early the month after."""
    rng, programme = generator.joint_rng, generator.programmes["amia"]
    ali_start = dict(MILESTONES["amia"])["ali_start"]
    current = generator.today.replace(day=1)
    months = [add_months(current, -back) for back in range(REPORTED_MONTHS, 0, -1)]
    reports: list[tuple[Any, ...]] = []
    weeks: list[tuple[Any, ...]] = []
    for case in amia_cases(generator):
        switch = case.started_on + datetime.timedelta(days=ali_start)
        for month in months:
            if case.started_on > last_of_month(month) or (case.end and case.end < month):
                continue
            signed = add_months(month, 1) + datetime.timedelta(days=rng.randint(0, 6))
            signed_on = signed if signed <= generator.today and rng.random() < 0.9 else None
            report = len(reports) + 1
            reports.append(
                (report, case.id, month, "", case.staff, at(month, 9),
                 signed_on, case.staff if signed_on else None)
            )  # fmt: skip
            planned = Decimal(rng.choice((4, 6, 8, 10)))
            for start, end in report_weeks(month, switch):
                actual = planned - Decimal(rng.choice((0, 0, 1, 2)))
                weeks.append(
                    (len(weeks) + 1, report, start, end, planned, actual,
                     agency_of_week(programme, switch, start))
                )  # fmt: skip
    yield Table(
        "timereports_timereport",
        ("id", "enrolment_id", "month", "note", "entered_by_id", "entered_at", "signed_on",
         "signature_recorded_by_id"),
        iter(reports),
    )  # fmt: skip
    yield Table(
        "timereports_timereportweek",
        ("id", "report_id", "starts_on", "ends_on", "planned_hours", "actual_hours", "agency"),
        iter(weeks),
    )
