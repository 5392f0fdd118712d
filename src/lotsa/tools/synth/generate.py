"""Rows of a synthetic national dataset, table by table, as plain tuples for bulk loading.

The data follows the shape of real services: units of 8 coaches with a team leader and a
manager, caseloads of 15–30, referrals spread over five years, more than two in five endings in
work, contacts every few weeks while a case is open, follow-along support around job starts,
and yearly fidelity reviews of the IPS units. Every name and number is generated; identity
numbers are well-formed but drawn at random.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from stdnum import luhn

from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.tools.demo.identities import (
    DANISH_FEMALE,
    DANISH_LAST,
    DANISH_MALE,
    SWEDISH_FEMALE,
    SWEDISH_LAST,
    SWEDISH_MALE,
)
from lotsa.tools.synth import (
    cases,
    fidelity,
    joint,
    organisations,
    referrals,
    surveys,
    teampractice,
    work,
    worktraining,
)
from lotsa.tools.synth.scales import Scale
from lotsa.tools.synth.tables import CaseFacts, Table

# Each section's tables need only those of the sections before it.
SECTIONS = (
    organisations, cases, joint, work, fidelity, referrals, surveys, worktraining, teampractice
)  # fmt: skip


class Generator:
    """Generates the tables in an order that satisfies every foreign key; ids start at 1.

    It holds what the sections' tables share: the random numbers, and what earlier tables
    generated that later ones refer to."""

    def __init__(self, scale: Scale, seed: int, today: datetime.date) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        # The joint case's tables draw from their own numbers, so the rest stays as it was.
        self.joint_rng = random.Random(seed * 7919 + 1)
        # So do the cohorts and follow-ups.
        self.group_rng = random.Random(seed * 7919 + 2)
        # And the surveys.
        self.survey_rng = random.Random(seed * 7919 + 3)
        # And the work-training units' daily work.
        self.work_rng = random.Random(seed * 7919 + 4)
        # And the income sources.
        self.income_rng = random.Random(seed * 7919 + 5)
        # And the IPS units' team practice, time logs and improvement work.
        self.practice_rng = random.Random(seed * 7919 + 6)
        self.cohort_of_month: dict[tuple[int, datetime.date], int] = {}
        self.today = today
        self.first_day = today - datetime.timedelta(days=365 * scale.years)
        self.programmes: dict[str, Programme] = registry().programmes
        self.organisation_country: dict[int, str] = {}
        self.units: list[tuple[int, str, str, int]] = []  # id, country, model, organisation
        self.staff_of_unit: dict[int, list[int]] = {}
        self.memberships_rows: list[tuple[Any, ...]] = []
        self.reviewers: list[int] = []
        self.numbers_used: set[str] = set()
        self.employers_of: dict[str, list[int]] = {"SE": [], "DK": []}
        self.participant_country: list[str] = [""]  # by participant id, which starts at 1
        self.participant_sex: list[str] = [""]  # likewise
        self.cases: list[CaseFacts] = []
        self.cases_of_unit: dict[int, list[CaseFacts]] = {}
        self.employer_links: list[tuple[int, int]] = []  # employer contact, enrolment
        self.review_scores: list[tuple[int, list[int]]] = []  # review, score of each item
        # unit -> its final reviews, oldest first: (review, period start, period end)
        self.reviews_of_unit: dict[int, list[tuple[int, datetime.date, datetime.date]]] = {}
        self.cohort_members = 0  # members of the monthly cohorts; the work groups' follow
        self.work_groups: list[tuple[int, int]] = []  # cohort, unit
        self.work_group_of: dict[int, int] = {}  # enrolment -> its work group's cohort
        self.work_unit_of_group: dict[int, int] = {}  # cohort -> work unit
        self.workdays: list[datetime.date] = []
        self.incident_days: list[tuple[CaseFacts, int, datetime.date, bool]] = []

    def tables(self) -> Iterator[Table]:
        for section in SECTIONS:
            yield from section.tables(self)

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        span = (last - first).days
        return first + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    def person_name(self, country: str, male: bool) -> tuple[str, str]:
        if country == "DK":
            return self.rng.choice(DANISH_MALE if male else DANISH_FEMALE), self.rng.choice(
                DANISH_LAST
            )
        return self.rng.choice(SWEDISH_MALE if male else SWEDISH_FEMALE), self.rng.choice(
            SWEDISH_LAST
        )

    def identity_number(self, country: str, born: datetime.date, male: bool) -> str:
        parity = self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        serial = self.rng.randint(0, 99) * 10 + parity
        if country == "DK":
            century = self.rng.randint(0, 3) if born.year < 2000 else self.rng.randint(4, 9)
            return f"{born:%d%m%y}{century}{serial:03d}"
        body = f"{born:%y%m%d}{serial:03d}"
        return f"{born.year // 100}{body}{luhn.calc_check_digit(body)}"

    def started_cases(self) -> Iterator[CaseFacts]:
        return (case for case in self.cases if case.start is not None)
