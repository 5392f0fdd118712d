"""Rows of a synthetic national dataset, table by table, as plain tuples for bulk loading.

The data follows the shape of real services: units of 8 coaches with a team leader and a
manager, caseloads of 15–30, referrals spread over five years, more than two in five endings in
work, contacts every few weeks while a case is open, follow-along support around job starts,
and yearly fidelity reviews of the IPS units. Every name and number is generated; identity
numbers are well-formed but drawn at random.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stdnum import luhn

from lotsa.dates import add_months
from lotsa.demo.employment import DEMO_JOBS
from lotsa.demo.identities import (
    DANISH_FEMALE,
    DANISH_LAST,
    DANISH_MALE,
    SWEDISH_FEMALE,
    SWEDISH_LAST,
    SWEDISH_MALE,
    danish_cvr,
    swedish_org_number,
)
from lotsa.fidelity.scale import scales
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.people.services import CODE_NAME_ALPHABET
from lotsa.synth.scales import Scale
from lotsa.timereports.services import agency_of_week, last_of_month, report_weeks

UTC = datetime.UTC
COACHES_PER_UNIT = 8
# Programme models in the order units are given them: IPS is the most common.
SWEDISH_MODELS = ("ips", "ips", "amia", "knut_pv", "ips")
DANISH_MODELS = ("jom", "ips", "jom")
REFERRERS = {
    "ips": ("treatment_team", "treatment_team", "primary_care", "af", "self"),
    "amia": ("fk", "af"),
    "jom": ("jobcentre",),
    "knut_pv": ("social_services", "af", "social_services"),
}
WORKING_OUTCOMES = ("work",)
UNIT_NAMES = {"ips": "IPS-teamet", "amia": "AMiA", "jom": "JOM-hold", "knut_pv": "Arbetsträningen"}
EDUCATION = ("compulsory", "upper_secondary", "upper_secondary", "post_secondary", "higher")


@dataclass
class Table:
    """One table's rows, in the order of ``columns``."""

    name: str
    columns: tuple[str, ...]
    rows: Iterator[tuple[Any, ...]]


@dataclass
class CaseFacts:
    """What later tables need to know of an enrolment."""

    id: int
    participant: int
    unit: int
    country: str
    model: str
    referral: datetime.date
    start: datetime.date | None
    end: datetime.date | None
    staff: int
    jobs: list[tuple[int, datetime.date]] = field(default_factory=list)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


class Generator:
    """Generates the tables in an order that satisfies every foreign key; ids start at 1."""

    def __init__(self, scale: Scale, seed: int, today: datetime.date) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        # The joint case's tables draw from their own numbers, so the rest stays as it was.
        self.joint_rng = random.Random(seed * 7919 + 1)
        self.today = today
        self.first_day = today - datetime.timedelta(days=365 * scale.years)
        self.programmes: dict[str, Programme] = registry().programmes
        self.units: list[tuple[int, str, str, int]] = []  # id, country, model, organisation
        self.staff_of_unit: dict[int, list[int]] = {}
        self.cases: list[CaseFacts] = []
        self.cases_of_unit: dict[int, list[CaseFacts]] = {}
        self.employers_of: dict[str, list[int]] = {"SE": [], "DK": []}
        self.reviewers: list[int] = []
        self.numbers_used: set[str] = set()

    def unique_number(self, country: str) -> str:
        """An organisation number (or CVR) no other organisation or employer has."""
        while True:
            number = danish_cvr(self.rng) if country == "DK" else swedish_org_number(self.rng)
            if number not in self.numbers_used:
                self.numbers_used.add(number)
                return number

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        span = (last - first).days
        return first + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    # ------------------------------------------------------------------ organisations and staff

    def tables(self) -> Iterator[Table]:
        yield self.organisations()
        yield self.units_table()
        yield self.unit_programmes()
        yield self.users()
        yield self.memberships()
        yield self.employers()
        yield self.participants()
        yield self.enrolments()
        yield self.consents()
        yield self.responsibilities()
        yield self.events()
        yield self.milestones()
        yield self.benefit_facts()
        yield from self.time_reports()
        yield self.jobs()
        yield self.contacts()
        yield self.employer_contacts()
        yield self.employer_contact_links()
        yield self.reviews()
        yield self.review_reviewers()
        yield self.consensus_ratings()
        yield self.referrals()

    def organisations(self) -> Table:
        # One organisation per three units: municipalities and regions in Sweden, municipal
        # jobcentres in Denmark.
        count = max(self.scale.units // 3, 4)
        now = at(self.first_day, 8)
        rows = []
        for n in range(1, count + 1):
            danish = n % 4 == 0
            kind = "jobcentre" if danish else ("region" if n % 7 == 1 else "municipality")
            number = self.unique_number("DK" if danish else "SE")
            place = "Jobcenter" if danish else ("Region" if kind == "region" else "Kommun")
            rows.append((n, f"{place} {n:03d}", kind, "DK" if danish else "SE", number, now, now))
        self.organisation_country = {row[0]: row[3] for row in rows}
        return Table(
            "organisations_organisation",
            ("id", "name", "kind", "country", "organisation_number", "created_at", "updated_at"),
            iter(rows),
        )

    def units_table(self) -> Table:
        organisations = sorted(self.organisation_country)
        rows = []
        given = {"SE": 0, "DK": 0}
        county = max(self.scale.units // 20, 1)  # the first organisation is a whole region
        for n in range(1, self.scale.units + 1):
            organisation = 1 if n <= county else organisations[n % (len(organisations) - 1) + 1]
            country = self.organisation_country[organisation]
            models = DANISH_MODELS if country == "DK" else SWEDISH_MODELS
            model = models[given[country] % len(models)]
            given[country] += 1
            self.units.append((n, country, model, organisation))
            now = at(self.first_day, 8)
            name = f"{UNIT_NAMES[model]} {n:03d}"
            rows.append((n, organisation, name, "", True, now, now))
        return Table(
            "organisations_unit",
            (
                "id",
                "organisation_id",
                "name",
                "description",
                "is_active",
                "created_at",
                "updated_at",
            ),
            iter(rows),
        )

    def unit_programmes(self) -> Table:
        rows = (
            (unit, unit, model, "{}", COACHES_PER_UNIT * 20 if model == "knut_pv" else None, "{}")
            for unit, _country, model, _org in self.units
        )
        return Table(
            "pathways_unitprogramme",
            ("id", "unit_id", "programme_code", "deadline_days", "places", "settings"),
            rows,
        )

    def users(self) -> Table:
        per_unit = max(self.scale.staff // self.scale.units, COACHES_PER_UNIT + 2)
        rows = []
        self.memberships_rows = []
        n = 0
        for unit, country, _model, organisation in self.units:
            staff = []
            for seat in range(per_unit):
                n += 1
                first, last = self.person_name(country, self.rng.random() < 0.5)
                rows.append(self.user_row(n, first, last, country))
                role = "coach" if seat < per_unit - 2 else ("supervisor", "manager")[seat % 2]
                fte = Decimal(self.rng.choice(("1.00", "1.00", "0.80", "0.50")))
                self.memberships_rows.append(
                    (len(self.memberships_rows) + 1, n, unit, organisation, role, fte,
                     self.first_day, None)
                )  # fmt: skip
                if role == "coach":
                    staff.append(n)
            self.staff_of_unit[unit] = staff
        # Two fidelity reviewers for every IPS unit, and an analyst and a manager who see every
        # unit: the staff of a national agency, and the users of the benchmarks.
        ips_units = [(u, o) for u, _c, m, o in self.units if m == "ips"]
        everyone = [(u, o) for u, _c, _m, o in self.units]
        for username, role, units in (
            ("synth-reviewer-1", "fidelity_reviewer", ips_units),
            ("synth-reviewer-2", "fidelity_reviewer", ips_units),
            ("synth-manager", "manager", everyone),
            ("synth-analyst", "analyst", everyone),
        ):
            n += 1
            first, last = self.person_name("SE", self.rng.random() < 0.5)
            rows.append(self.user_row(n, first, last, "SE", username))
            if role == "fidelity_reviewer":
                self.reviewers.append(n)
            for unit, organisation in units:
                self.memberships_rows.append(
                    (len(self.memberships_rows) + 1, n, unit, organisation, role,
                     Decimal("1.00"), self.first_day, None)
                )  # fmt: skip
        return Table(
            "accounts_user",
            (
                "id", "password", "last_login", "is_superuser", "username", "first_name",
                "last_name", "email", "is_staff", "is_active", "date_joined", "title", "phone",
                "language",
            ),
            iter(rows),
        )  # fmt: skip

    def user_row(
        self, n: int, first: str, last: str, country: str, username: str = ""
    ) -> tuple[Any, ...]:
        # "!" is Django's unusable password: synthetic staff cannot sign in.
        language = "da" if country == "DK" else "sv"
        joined = at(self.first_day, 8)
        return (
            n,
            "!",
            None,
            False,
            username or f"synth{n:05d}",
            first,
            last,
            "",
            False,
            True,
            joined,
            "",
            "",
            language,
        )

    def memberships(self) -> Table:
        return Table(
            "organisations_membership",
            ("id", "user_id", "unit_id", "employer_id", "role", "fte", "starts_on", "ends_on"),
            iter(self.memberships_rows),
        )

    def person_name(self, country: str, male: bool) -> tuple[str, str]:
        if country == "DK":
            return self.rng.choice(DANISH_MALE if male else DANISH_FEMALE), self.rng.choice(
                DANISH_LAST
            )
        return self.rng.choice(SWEDISH_MALE if male else SWEDISH_FEMALE), self.rng.choice(
            SWEDISH_LAST
        )

    def employers(self) -> Table:
        sectors = ("private", "private", "private", "public", "non_profit")
        rows = []
        for n in range(1, self.scale.employers + 1):
            country = "DK" if n % 4 == 0 else "SE"
            number = self.unique_number(country)
            suffix = "ApS" if country == "DK" else "AB"
            name = (
                f"{self.rng.choice(SWEDISH_LAST if country == 'SE' else DANISH_LAST)} {n} {suffix}"
            )
            sector = self.rng.choice(sectors)
            rows.append((n, name, country, number, sector, "", "", "", at(self.first_day, 9)))
            self.employers_of[country].append(n)
        return Table(
            "employment_employer",
            ("id", "name", "country", "organisation_number", "sector", "industry_code",
             "municipality", "notes", "created_at"),
            iter(rows),
        )  # fmt: skip

    # ------------------------------------------------------------------ participants and cases

    def participants(self) -> Table:
        used: set[str] = set()
        self.participant_country: list[str] = [""]
        rows = []
        for n in range(1, self.scale.participants + 1):
            unit = self.units[(n * 7919) % len(self.units)]
            country = unit[1]
            male = self.rng.random() < 0.45
            born = self.day_between(datetime.date(1960, 1, 1), datetime.date(2004, 12, 31))
            while True:
                number = self.identity_number(country, born, male)
                if number not in used:
                    used.add(number)
                    break
            first, last = self.person_name(country, male)
            code = self.code_name(n)
            created = at(self.first_day, 9)
            rows.append((
                n, code, False, country, "cpr" if country == "DK" else "personnummer", number,
                first, last, born.year, "male" if male else "female", "", "", "", "", "",
                "da" if country == "DK" else "sv", False, "", created, created,
            ))  # fmt: skip
            self.participant_country.append(country)
        return Table(
            "people_participant",
            ("id", "code_name", "is_anonymous", "identity_country", "identity_kind",
             "identity_number", "first_name", "last_name", "birth_year", "sex", "phone", "email",
             "street_address", "postal_code", "city", "preferred_language", "interpreter_needed",
             "interpreter_language", "created_at", "updated_at"),
            iter(rows),
        )  # fmt: skip

    @staticmethod
    def code_name(n: int) -> str:
        """A code name like those the service gives, unique because it spells out ``n``."""
        base = len(CODE_NAME_ALPHABET)
        letters = ""
        for _place in range(7):
            n, digit = divmod(n, base)
            letters = CODE_NAME_ALPHABET[digit] + letters
        return f"{letters[:3]}-{letters[3:]}"

    def identity_number(self, country: str, born: datetime.date, male: bool) -> str:
        parity = self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        serial = self.rng.randint(0, 99) * 10 + parity
        if country == "DK":
            century = self.rng.randint(0, 3) if born.year < 2000 else self.rng.randint(4, 9)
            return f"{born:%d%m%y}{century}{serial:03d}"
        body = f"{born:%y%m%d}{serial:03d}"
        return f"{born.year // 100}{body}{luhn.calc_check_digit(body)}"

    def enrolments(self) -> Table:
        scale = self.scale
        second = scale.enrolments - scale.participants  # participants who come back once
        rows: list[tuple[Any, ...]] = []
        units_by_country = {
            country: [u for u in self.units if u[1] == country] for country in ("SE", "DK")
        }
        span = (self.today - self.first_day).days
        n = 0
        for participant in range(1, scale.participants + 1):
            country = self.participant_country[participant]
            returns = participant <= second
            referral = self.first_day + datetime.timedelta(
                days=self.rng.randint(0, span // 2 if returns else span)
            )
            previous = None
            for _time in range(2 if returns else 1):
                unit = self.rng.choice(units_by_country[country] or self.units)
                n += 1
                case, row = self.enrolment(n, participant, unit, referral, previous, returns)
                rows.append(row)
                self.cases.append(case)
                self.cases_of_unit.setdefault(case.unit, []).append(case)
                if case.end is None:
                    break
                previous = n
                referral = case.end + datetime.timedelta(days=self.rng.randint(30, 400))
                returns = False
                if referral > self.today:
                    break
        self.enrolment_count = n
        return Table(
            "pathways_enrolment",
            ("id", "participant_id", "unit_id", "programme_model", "status", "phase",
             "phase_since", "referral_date", "referral_source", "referrer", "start_date",
             "end_date", "decline_reason", "exit_reason", "outcome", "responsible_staff_id",
             "previous_enrolment_id", "baseline_income_sources", "baseline_employment_status",
             "baseline_education_level", "exit_income_sources", "exit_employment_status",
             "exit_education_level", "created_at", "updated_at"),
            iter(rows),
        )  # fmt: skip

    def enrolment(
        self,
        n: int,
        participant: int,
        unit: tuple[int, str, str, int],
        referral: datetime.date,
        previous: int | None,
        must_end: bool,
    ) -> tuple[CaseFacts, tuple[Any, ...]]:
        rng = self.rng
        unit_id, country, model, _org = unit
        programme = self.programmes[model]
        phases = [code for code, phase in programme.phases.items() if not phase.terminal]
        staff = rng.choice(self.staff_of_unit[unit_id])
        start: datetime.date | None = referral + datetime.timedelta(days=rng.randint(2, 21))
        end = None
        status, phase, decline, exit_reason, outcome = "active", rng.choice(phases[1:]), "", "", ""
        if rng.random() < 0.05 and programme.decline_reasons and not must_end:
            start, end = None, referral + datetime.timedelta(days=rng.randint(1, 10))
            status, phase = "declined", programme.terminal_phase
            decline = rng.choice(list(programme.decline_reasons))
        elif start > self.today:
            start, status, phase = None, "referred", phases[0]
        else:
            # Most cases last a few months to a year and a half.
            days = int(rng.expovariate(1 / 260)) + 30
            if must_end:
                days = min(days, (self.today - start).days - 1)
            if start + datetime.timedelta(days=days) < self.today:
                end = start + datetime.timedelta(days=max(days, 1))
                status, phase = "exited", programme.terminal_phase
                reasons = list(programme.exit_reasons.values())
                working = [r for r in reasons if r.outcome in WORKING_OUTCOMES]
                reason = rng.choice(working if rng.random() < 0.4 else reasons)
                exit_reason, outcome = reason.code, reason.outcome
        if end is not None and end > self.today:
            end = self.today
        baseline = rng.choices(("out_of_work", "at_risk", "in_work"), (88, 5, 7))[0]
        created = at(referral, 9)
        case = CaseFacts(
            n,
            participant,
            unit_id,
            country,
            model,
            referral,
            start,
            end if status == "exited" else None,
            staff,
        )
        row = (
            n, participant, unit_id, model, status, phase, end or start or referral, referral,
            rng.choice(REFERRERS[model]), "", start, end, decline, exit_reason, outcome,
            staff if start else None, previous, "[]", baseline, rng.choice(EDUCATION), "[]",
            "in_work" if outcome == "work" else ("out_of_work" if end else ""),
            "", created, created,
        )  # fmt: skip
        return case, row

    def started_cases(self) -> Iterator[CaseFacts]:
        return (case for case in self.cases if case.start is not None)

    def consents(self) -> Table:
        organisation_of = {unit: organisation for unit, _c, _m, organisation in self.units}

        def rows() -> Iterator[tuple[Any, ...]]:
            seen: set[int] = set()
            for case in self.cases:
                if case.participant in seen:
                    continue
                seen.add(case.participant)
                yield (
                    case.participant, case.participant, "participation", organisation_of[case.unit],
                    None, "", "", case.referral, None, case.staff, at(case.referral, 10), None, "",
                    None,
                )  # fmt: skip

        return Table(
            "people_consent",
            ("id", "participant_id", "kind", "given_to_id", "organisation_id", "sharing_scope",
             "scope", "given_on", "expires_on", "recorded_by_id", "recorded_at", "withdrawn_on",
             "withdrawal_reason", "withdrawn_recorded_by_id"),
            rows(),
        )  # fmt: skip

    def responsibilities(self) -> Table:
        rows = (
            (case.id, case.id, case.staff, case.start, case.end) for case in self.started_cases()
        )
        return Table(
            "pathways_responsibility",
            ("id", "enrolment_id", "staff_id", "starts_on", "ends_on"),
            rows,
        )

    def events(self) -> Table:
        def rows() -> Iterator[tuple[Any, ...]]:
            n = 0
            for case in self.cases:
                marks = [("referred", case.referral)]
                if case.start:
                    marks.append(("started", case.start))
                if case.end:
                    marks.append(("exited", case.end))
                for kind, day in marks:
                    n += 1
                    yield (n, case.id, kind, day, "", "", case.staff, "", case.staff, at(day, 11))

        return Table(
            "pathways_enrolmentevent",
            ("id", "enrolment_id", "kind", "occurred_on", "from_phase", "to_phase", "staff_id",
             "note", "recorded_by_id", "recorded_at"),
            rows(),
        )  # fmt: skip

    # Milestones the flow reports count, days after the start.
    MILESTONES = {
        "jom": (("admitted", 0), ("teaching_start", 14)),
        "amia": (("ali_start", 60), ("ali_end", 150)),
    }

    def milestones(self) -> Table:
        def rows() -> Iterator[tuple[Any, ...]]:
            n = 0
            for case in self.started_cases():
                last = case.end or self.today
                for code, after in self.MILESTONES.get(case.model, ()):
                    day = case.start + datetime.timedelta(days=after)  # type: ignore[operator]
                    if day > last:
                        break
                    n += 1
                    yield (n, case.id, code, day, False, "", case.staff)

        return Table(
            "pathways_milestone",
            ("id", "enrolment_id", "code", "occurred_on", "derived", "note", "recorded_by_id"),
            rows(),
        )

    # ------------------------------------------------------------------ the joint case

    def amia_cases(self) -> Iterator[CaseFacts]:
        return (case for case in self.started_cases() if case.model == "amia")

    def benefit_facts(self) -> Table:
        """AMiA's benefit: its days run out the day before the Work-Life Introduction starts."""
        ali_start = dict(self.MILESTONES["amia"])["ali_start"]
        rows = (
            (case.id, case.id, self.joint_rng.choice(("sickness_benefit", "sickness_compensation")),
             self.joint_rng.choice(("1.00", "0.75", "0.50")),
             case.start + datetime.timedelta(days=ali_start - 1), case.start, case.staff,  # type: ignore[operator]
             at(case.start, 12))  # type: ignore[arg-type]
            for case in self.amia_cases()
        )  # fmt: skip
        return Table(
            "pathways_benefitfacts",
            ("id", "enrolment_id", "benefit_type", "extent", "ends_on", "sgi_checked_on",
             "recorded_by_id", "updated_at"),
            rows,
        )  # fmt: skip

    # The months that ended last, with time reports of every AMiA case running in them.
    REPORTED_MONTHS = 3

    def time_reports(self) -> Iterator[Table]:
        """The participants' time reports of the last months, week by week under the agency
        that reports them; most signed early the month after."""
        rng, programme = self.joint_rng, self.programmes["amia"]
        ali_start = dict(self.MILESTONES["amia"])["ali_start"]
        current = self.today.replace(day=1)
        months = [add_months(current, -back) for back in range(self.REPORTED_MONTHS, 0, -1)]
        reports, weeks = [], []
        for case in self.amia_cases():
            switch = case.start + datetime.timedelta(days=ali_start)  # type: ignore[operator]
            for month in months:
                if case.start > last_of_month(month) or (case.end and case.end < month):  # type: ignore[operator]
                    continue
                signed = add_months(month, 1) + datetime.timedelta(days=rng.randint(0, 6))
                signed_on = signed if signed <= self.today and rng.random() < 0.9 else None
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

    # ------------------------------------------------------------------ work and contacts

    def jobs(self) -> Table:
        rng = self.rng
        eligible = list(self.started_cases())
        forms = ("open_market",) * 8 + ("subsidised", "internship", "other")

        def rows() -> Iterator[tuple[Any, ...]]:
            n = 0
            while n < self.scale.jobs and eligible:
                case = rng.choice(eligible)
                first = case.start + datetime.timedelta(days=rng.randint(20, 120))  # type: ignore[operator]
                last = case.end or self.today
                if first > last:
                    continue
                starts = self.day_between(first, last)
                n += 1
                case.jobs.append((n, starts))
                ends = None
                if rng.random() < 0.45:
                    ends = starts + datetime.timedelta(days=rng.randint(30, 500))
                    ends = ends if ends < self.today else None
                country = case.country
                title, occupation = rng.choice(DEMO_JOBS[country])
                form = rng.choice(forms)
                counted = starts + datetime.timedelta(days=rng.randint(0, 3))
                yield (
                    n, case.id, rng.choice(self.employers_of[country] or self.employers_of["SE"]),
                    title, occupation, starts, ends, Decimal(rng.choice((10, 15, 20, 30, 40))),
                    counted if rng.random() < 0.97 and counted <= self.today else None,
                    Decimal(rng.randint(130, 200)), "DKK" if country == "DK" else "SEK", form,
                    rng.random() < 0.4, form == "open_market", False, form == "internship",
                    rng.choice(("yes", "no", "partly")), None,
                    "" if ends is None else rng.choice(("quit", "temporary_ended", "better_job")),
                    at(starts, 12),
                )  # fmt: skip

        return Table(
            "employment_job",
            ("id", "enrolment_id", "employer_id", "title", "occupation_code", "starts_on",
             "ends_on", "hours_per_week", "four_paid_hours_on", "hourly_wage", "currency",
             "form", "permanent", "paid_customary_wage", "reserved_for_disability",
             "time_limited_by_programme", "disclosure", "disclosure_on", "end_reason",
             "created_at"),
            rows(),
        )  # fmt: skip

    def contacts(self) -> Table:
        """Contacts spread over each open case in proportion to how long it was open; after a job
        start, a share of them are follow-along support linked to the job."""
        rng = self.rng
        started = list(self.started_cases())
        open_days = [((c.end or self.today) - c.start).days + 1 for c in started]  # type: ignore[operator]
        per_day = self.scale.contacts / max(sum(open_days), 1)
        modes = ("face_to_face", "face_to_face", "face_to_face", "phone", "video")
        places = ("office", "community", "community", "workplace", "home")

        def rows() -> Iterator[tuple[Any, ...]]:
            n = 0
            carry = 0.0
            for case, days in zip(started, open_days, strict=True):
                carry += days * per_day
                count, carry = int(carry), carry - int(carry)
                for _contact in range(count):
                    day = case.start + datetime.timedelta(days=rng.randrange(days))  # type: ignore[operator]
                    job = None
                    for job_id, starts in case.jobs:
                        if starts - datetime.timedelta(days=7) <= day and rng.random() < 0.6:
                            job = job_id
                    mode = rng.choice(modes)
                    place = "digital" if mode in ("phone", "video") else rng.choice(places)
                    outcome = rng.choices(("held", "missed", "outreach"), (85, 10, 5))[0]
                    n += 1
                    when = at(day, rng.randint(7, 15), rng.choice((0, 15, 30, 45)))
                    yield (
                        n, case.id, when, day, rng.choice((30, 45, 60)), outcome, mode, place,
                        True, False, job is not None, case.model == "amia", case.model == "amia",
                        False, False, "", job, case.staff, when,
                    )  # fmt: skip

        return Table(
            "casework_contact",
            ("id", "enrolment_id", "occurred_at", "occurred_on", "duration_minutes", "outcome",
             "mode", "place", "with_participant", "with_treatment_team", "with_employer",
             "with_fk", "with_af", "with_family", "with_other", "note", "job_id", "staff_id",
             "recorded_at"),
            rows(),
        )  # fmt: skip

    def employer_contacts(self) -> Table:
        rng = self.rng
        working_units = [u for u in self.units if u[2] in ("ips", "amia")] or self.units
        self.employer_links: list[tuple[int, int]] = []
        purposes = ("first_meeting", "present_candidate", "follow_up", "information")

        def rows() -> Iterator[tuple[Any, ...]]:
            for n in range(1, self.scale.employer_contacts + 1):
                unit, country, _model, _org = rng.choice(working_units)
                day = self.day_between(self.first_day, self.today)
                cases = self.cases_of_unit.get(unit, [])
                for _try in range(rng.choice((0, 1, 1, 2))):
                    case = rng.choice(cases) if cases else None
                    if case and case.start and case.start <= day <= (case.end or self.today):
                        self.employer_links.append((n, case.id))
                yield (
                    n, rng.choice(self.employers_of[country] or self.employers_of["SE"]),
                    rng.choice(self.staff_of_unit[unit]), unit, day, rng.random() < 0.75,
                    rng.random() < 0.2, rng.choice(purposes), "", "", None, at(day, 16),
                )  # fmt: skip

        return Table(
            "employment_employercontact",
            ("id", "employer_id", "staff_id", "unit_id", "occurred_on", "face_to_face",
             "participant_present", "purpose", "outcome", "next_step", "next_step_on",
             "recorded_at"),
            rows(),
        )  # fmt: skip

    def employer_contact_links(self) -> Table:
        rows = (
            (n, contact, enrolment)
            for n, (contact, enrolment) in enumerate(dict.fromkeys(self.employer_links), start=1)
        )
        return Table(
            "employment_employercontact_enrolments",
            ("id", "employercontact_id", "enrolment_id"),
            rows,
        )

    # ------------------------------------------------------------------ fidelity

    def reviews(self) -> Table:
        """A final external review a year for the last two years, for every IPS unit."""
        scale = scales()[("ips25", 1)]
        self.review_scores: list[tuple[int, list[int]]] = []
        rows = []
        n = 0
        for unit, _country, model, _org in self.units:
            if model != "ips":
                continue
            quality = self.rng.uniform(2.6, 4.6)
            for years_ago in (2, 1):
                n += 1
                end = self.today - datetime.timedelta(days=365 * years_ago - 60)
                scores = [
                    min(5, max(1, round(self.rng.gauss(quality + (2 - years_ago) * 0.2, 0.8))))
                    for _item in scale.items
                ]
                self.review_scores.append((n, scores))
                rows.append((
                    n, unit, "ips25", 1, "external", end - datetime.timedelta(days=90), end,
                    json.dumps([end.isoformat()]), "[]", "final", self.reviewers[0], at(end, 9),
                    at(end + datetime.timedelta(days=20), 9), sum(scores),
                ))  # fmt: skip
        return Table(
            "fidelity_fidelityreview",
            ("id", "unit_id", "scale_code", "scale_version", "mode", "period_start",
             "period_end", "visit_dates", "planned_sources", "status", "created_by_id",
             "created_at", "finalised_at", "total"),
            iter(rows),
        )  # fmt: skip

    def review_reviewers(self) -> Table:
        rows = (
            (n, review, reviewer)
            for n, (review, reviewer) in enumerate(
                (
                    (review, reviewer)
                    for review, _s in self.review_scores
                    for reviewer in self.reviewers
                ),
                start=1,
            )
        )
        return Table(
            "fidelity_fidelityreview_reviewers", ("id", "fidelityreview_id", "user_id"), rows
        )

    def consensus_ratings(self) -> Table:
        items = sorted(scales()[("ips25", 1)].items)

        def rows() -> Iterator[tuple[Any, ...]]:
            n = 0
            for review, scores in self.review_scores:
                for item, score in zip(items, scores, strict=True):
                    n += 1
                    yield (n, review, item, score, "", "", "")

        return Table(
            "fidelity_consensusrating",
            (
                "id",
                "review_id",
                "item_number",
                "score",
                "rationale",
                "strengths",
                "recommendations",
            ),
            rows(),
        )

    # ------------------------------------------------------------------ referrals between units

    # A share of the last year's cases came by referral from another unit of the same country;
    # every unit also has referrals awaiting its answer and some it declined.
    REFERRED_SHARE = 0.3
    REFERRAL_TEXTS = {
        "SE": ("Behöver stöd att komma tillbaka till arbete efter lång sjukskrivning.",
               "Stöd mot arbete enligt programmet.", "Har haft kontakt sedan i våras."),
        "DK": ("Har brug for støtte til at komme i arbejde efter længere sygdom.",
               "Forløb efter programmet.", "Vi har haft kontakt siden foråret."),
    }  # fmt: skip

    def referrals(self) -> Table:
        """Referrals the units sent one another: accepted ones that became the last year's
        cases, and per unit a few awaiting an answer and a few declined. Written last, so the
        tables before it stay as they were."""
        rng = self.rng
        year_ago = self.today - datetime.timedelta(days=365)
        units_of_country: dict[str, list[tuple[int, str, str, int]]] = {}
        for unit in self.units:
            units_of_country.setdefault(unit[1], []).append(unit)

        def sender(to_unit: int, country: str) -> tuple[int, int]:
            others = [u for u in units_of_country[country] if u[0] != to_unit] or [
                u for u in self.units if u[0] != to_unit
            ]
            unit = rng.choice(others)[0]
            return unit, rng.choice(self.staff_of_unit[unit])

        def row(n: int, to_unit: int, country: str, model: str, sent: datetime.date,
                answer: tuple[str, datetime.date | None, int | None, str, int | None],
                participant: int | None, person: str) -> tuple[Any, ...]:  # fmt: skip
            status, decided_on, decided_by, reason, enrolment = answer
            from_unit, referred_by = sender(to_unit, country)
            needs, service, summary = self.REFERRAL_TEXTS[country]
            return (
                n, from_unit, referred_by, to_unit, model, participant, person, needs, service,
                summary, sent - datetime.timedelta(days=rng.randint(0, 7)), "summary", "",
                sent, at(sent, 10), status, decided_on, decided_by, reason, "", enrolment,
            )  # fmt: skip

        def described(country: str) -> str:
            male = rng.random() < 0.45
            first, last = self.person_name(country, male)
            born = self.day_between(datetime.date(1960, 1, 1), datetime.date(2004, 12, 31))
            return json.dumps({
                "is_anonymous": False, "identity_country": country,
                "identity_number": self.identity_number(country, born, male),
                "first_name": first, "last_name": last, "birth_year": born.year,
            })  # fmt: skip

        rows = []
        for case in self.started_cases():
            if case.referral >= year_ago and rng.random() < self.REFERRED_SHARE:
                answer = ("accepted", case.referral, case.staff, "", case.id)
                rows.append(row(len(rows) + 1, case.unit, case.country, case.model,
                                case.referral, answer, case.participant, "{}"))  # fmt: skip
        for unit, country, model, _organisation in self.units:
            staff = self.staff_of_unit[unit]
            reasons = list(self.programmes[model].decline_reasons) or ["other"]
            for _waiting in range(rng.randint(1, 5)):
                sent = self.today - datetime.timedelta(days=rng.randint(0, 20))
                answer = ("sent", None, None, "", None)
                rows.append(row(len(rows) + 1, unit, country, model, sent, answer, None,
                                described(country)))  # fmt: skip
            for _declined in range(rng.randint(0, 3)):
                sent = self.day_between(year_ago, self.today - datetime.timedelta(days=10))
                answer = ("declined", sent + datetime.timedelta(days=rng.randint(1, 9)),
                          rng.choice(staff), rng.choice(reasons), None)  # fmt: skip
                rows.append(row(len(rows) + 1, unit, country, model, sent, answer, None,
                                described(country)))  # fmt: skip
        return Table(
            "referrals_referral",
            ("id", "from_unit_id", "referred_by_id", "to_unit_id", "programme_model",
             "participant_id", "person", "stated_needs", "requested_service", "handover_summary",
             "consent_given_on", "shared_with_receiver", "report_back", "sent_on", "sent_at",
             "status", "decided_on", "decided_by_id", "decline_reason", "answer_note",
             "enrolment_id"),
            iter(rows),
        )  # fmt: skip
