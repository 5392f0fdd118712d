"""Participants and their cases: enrolments with the consent, responsibility, events and
milestones each case has; the cohorts of group-based models, the follow-ups models define and
the vocational profiles of IPS cases."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lotsa.core.choices import agencies_foreign_to
from lotsa.people.services import CODE_NAME_ALPHABET
from lotsa.tools.synth.tables import CaseFacts, Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator

REFERRERS = {
    "ips": ("treatment_team", "treatment_team", "primary_care", "af", "self"),
    "amia": ("fk", "af"),
    "jom": ("jobcentre",),
    "knut_pv": ("social_services", "af", "social_services"),
}
WORKING_OUTCOMES = ("work",)


def referrer_in(country: str, source: str) -> str:
    """A referral source of the unit's country: a Danish case is referred by the jobcentre
    where a Swedish one would come from an agency."""
    return "jobcentre" if source in agencies_foreign_to([country]) else source


EDUCATION = ("compulsory", "upper_secondary", "upper_secondary", "post_secondary", "higher")
# What people lived on when referred, by the model's usual referrers (shares in per cent);
# one in ten has two.
INCOME_SOURCES = {
    "ips": (("social_assistance", 30), ("sickness_compensation", 25), ("sickness_benefit", 15),
            ("activity_support", 15), ("salary", 5), ("none", 5), ("other", 5)),
    "amia": (("sickness_benefit", 70), ("activity_support", 15), ("social_assistance", 10),
             ("salary", 5)),
    "jom": (("social_assistance", 45), ("sickness_benefit", 30), ("activity_support", 20),
            ("other", 5)),
    "knut_pv": (("social_assistance", 60), ("activity_support", 20),
                ("sickness_compensation", 15), ("none", 5)),
}  # fmt: skip
# Milestones the flow reports count, days after the start.
MILESTONES = {
    "jom": (("admitted", 0), ("teaching_start", 14)),
    "amia": (("ali_start", 60), ("ali_end", 150)),
}


def tables(generator: Generator) -> Iterator[Table]:
    yield participants(generator)
    yield enrolments(generator)
    yield consents(generator)
    yield responsibilities(generator)
    yield events(generator)
    yield milestones(generator)
    yield cohorts(generator)
    yield cohort_members(generator)
    yield follow_ups(generator)
    yield vocational_profiles(generator)


def participants(generator: Generator) -> Table:
    used: set[str] = set()
    rows = []
    for n in range(1, generator.scale.participants + 1):
        unit = generator.units[(n * 7919) % len(generator.units)]
        country = unit[1]
        male = generator.rng.random() < 0.45
        born = generator.day_between(datetime.date(1960, 1, 1), datetime.date(2004, 12, 31))
        while True:
            number = generator.identity_number(country, born, male)
            if number not in used:
                used.add(number)
                break
        first, last = generator.person_name(country, male)
        code = code_name(n)
        created = at(generator.first_day, 9)
        rows.append((
            n, code, False, country, "cpr" if country == "DK" else "personnummer", number,
            first, last, born.year, "male" if male else "female", "", "", "", "", "",
            "da" if country == "DK" else "sv", False, "", created, created,
        ))  # fmt: skip
        generator.participant_country.append(country)
        generator.participant_sex.append("male" if male else "female")
    return Table(
        "people_participant",
        ("id", "code_name", "is_anonymous", "identity_country", "identity_kind",
         "identity_number", "first_name", "last_name", "birth_year", "sex", "phone", "email",
         "street_address", "postal_code", "city", "preferred_language", "interpreter_needed",
         "interpreter_language", "created_at", "updated_at"),
        iter(rows),
    )  # fmt: skip


def code_name(n: int) -> str:
    """A code name like those the service gives, unique because it spells out ``n``."""
    base = len(CODE_NAME_ALPHABET)
    letters = ""
    for _place in range(7):
        n, digit = divmod(n, base)
        letters = CODE_NAME_ALPHABET[digit] + letters
    return f"{letters[:3]}-{letters[3:]}"


def enrolments(generator: Generator) -> Table:
    scale = generator.scale
    second = scale.enrolments - scale.participants  # participants who come back once
    rows: list[tuple[Any, ...]] = []
    units_by_country = {
        country: [u for u in generator.units if u[1] == country] for country in ("SE", "DK")
    }
    span = (generator.today - generator.first_day).days
    n = 0
    for participant in range(1, scale.participants + 1):
        country = generator.participant_country[participant]
        returns = participant <= second
        referral = generator.first_day + datetime.timedelta(
            days=generator.rng.randint(0, span // 2 if returns else span)
        )
        previous = None
        for _time in range(2 if returns else 1):
            unit = generator.rng.choice(units_by_country[country] or generator.units)
            n += 1
            case, row = enrolment(generator, n, participant, unit, referral, previous, returns)
            rows.append(row)
            generator.cases.append(case)
            generator.cases_of_unit.setdefault(case.unit, []).append(case)
            if case.end is None:
                break
            previous = n
            referral = case.end + datetime.timedelta(days=generator.rng.randint(30, 400))
            returns = False
            if referral > generator.today:
                break
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
    generator: Generator,
    n: int,
    participant: int,
    unit: tuple[int, str, str, int],
    referral: datetime.date,
    previous: int | None,
    must_end: bool,
) -> tuple[CaseFacts, tuple[Any, ...]]:
    rng = generator.rng
    unit_id, country, model, _org = unit
    programme = generator.programmes[model]
    phases = [code for code, phase in programme.phases.items() if not phase.terminal]
    staff = rng.choice(generator.staff_of_unit[unit_id])
    starts_on = referral + datetime.timedelta(days=rng.randint(2, 21))
    start: datetime.date | None = starts_on  # none for a case that never started
    end = None
    status, phase, decline, exit_reason, outcome = "active", rng.choice(phases[1:]), "", "", ""
    if rng.random() < 0.05 and programme.decline_reasons and not must_end:
        start, end = None, referral + datetime.timedelta(days=rng.randint(1, 10))
        status, phase = "declined", programme.terminal_phase
        decline = rng.choice(list(programme.decline_reasons))
    elif starts_on > generator.today:
        start, status, phase = None, "referred", phases[0]
    else:
        # Most cases last a few months to a year and a half.
        days = int(rng.expovariate(1 / 260)) + 30
        if must_end:
            days = min(days, (generator.today - starts_on).days - 1)
        if starts_on + datetime.timedelta(days=days) < generator.today:
            end = starts_on + datetime.timedelta(days=max(days, 1))
            status, phase = "exited", programme.terminal_phase
            reasons = list(programme.exit_reasons.values())
            working = [r for r in reasons if r.outcome in WORKING_OUTCOMES]
            reason = rng.choice(working if rng.random() < 0.4 else reasons)
            exit_reason, outcome = reason.code, reason.outcome
    if end is not None and end > generator.today:
        end = generator.today
    baseline = rng.choices(("out_of_work", "at_risk", "in_work"), (88, 5, 7))[0]
    income, income_at_exit = income_sources(generator, model, outcome, end is not None)
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
        referrer_in(country, rng.choice(REFERRERS[model])), "", start, end, decline, exit_reason, outcome,
        staff if start else None, previous, income, baseline, rng.choice(EDUCATION), income_at_exit,
        "in_work" if outcome == "work" else ("out_of_work" if end else ""),
        "", created, created,
    )  # fmt: skip
    return case, row


def income_sources(generator: Generator, model: str, outcome: str, ended: bool) -> tuple[str, str]:
    """The income sources at referral and, for an ended case, at its end (a salary for those
    who left for work, mostly the same as before for the others), as the JSON the columns hold.
    Drawn from numbers of their own, so that the rest of the dataset stays as it was."""
    rng = generator.income_rng
    sources, shares = zip(*INCOME_SOURCES[model], strict=True)
    drawn = rng.choices(sources, shares, k=2 if rng.random() < 0.1 else 1)
    baseline = sorted(set(drawn) - {"none"}) or ["none"]
    at_exit: list[str] = []
    if outcome == "work":
        at_exit = ["salary"]
    elif ended:
        at_exit = baseline if rng.random() < 0.8 else [rng.choices(sources, shares)[0]]
    return json.dumps(baseline), json.dumps(at_exit)


def consents(generator: Generator) -> Table:
    organisation_of = {unit: organisation for unit, _c, _m, organisation in generator.units}

    def rows() -> Iterator[tuple[Any, ...]]:
        seen: set[int] = set()
        for case in generator.cases:
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


def responsibilities(generator: Generator) -> Table:
    rows = (
        (case.id, case.id, case.staff, case.start, case.end) for case in generator.started_cases()
    )
    return Table(
        "pathways_responsibility",
        ("id", "enrolment_id", "staff_id", "starts_on", "ends_on"),
        rows,
    )


def events(generator: Generator) -> Table:
    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for case in generator.cases:
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


def milestones(generator: Generator) -> Table:
    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for case in generator.started_cases():
            last = case.end or generator.today
            for code, after in MILESTONES.get(case.model, ()):
                day = case.started_on + datetime.timedelta(days=after)
                if day > last:
                    break
                n += 1
                yield (n, case.id, code, day, False, "", case.staff)

    return Table(
        "pathways_milestone",
        ("id", "enrolment_id", "code", "occurred_on", "derived", "note", "recorded_by_id"),
        rows(),
    )


def _monthly_cohorts(generator: Generator) -> dict[tuple[int, datetime.date], int]:
    """A cohort for every month a unit of a group-based model started someone: (unit, first
    day of the month) -> cohort id."""
    grouped = {code for code, programme in generator.programmes.items() if programme.group}
    months = sorted(
        {(case.unit, case.started_on.replace(day=1))
         for case in generator.started_cases() if case.model in grouped}
    )  # fmt: skip
    return {key: n for n, key in enumerate(months, start=1)}


def cohorts(generator: Generator) -> Table:
    generator.cohort_of_month = _monthly_cohorts(generator)
    model_of_unit = {unit: model for unit, _country, model, _organisation in generator.units}

    def rows() -> Iterator[tuple[Any, ...]]:
        for (unit, month), n in generator.cohort_of_month.items():
            ends = month + datetime.timedelta(days=18 * 7)  # the course's eighteen weeks
            yield (n, unit, model_of_unit[unit], "", f"{month:%Y-%m}", month, ends, at(month, 8))

    return Table(
        "cohorts_cohort",
        ("id", "unit_id", "programme_code", "activity", "name", "starts_on", "ends_on",
         "created_at"),
        rows(),
    )  # fmt: skip


def cohort_members(generator: Generator) -> Table:
    """Every started case of a group-based model joins its unit's cohort of its start month."""

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for case in generator.started_cases():
            cohort = generator.cohort_of_month.get((case.unit, case.started_on.replace(day=1)))
            if cohort is not None:
                n += 1
                generator.cohort_members = n
                yield (n, cohort, case.id, case.started_on, case.end)

    return Table(
        "cohorts_cohortmember", ("id", "cohort_id", "enrolment_id", "joined_on", "left_on"), rows()
    )


# Share of the follow-ups that are due which the staff have recorded.
FOLLOW_UPS_RECORDED = 0.7


def follow_ups(generator: Generator) -> Table:
    """The status at each follow-up the model defines, for seven in ten that are due: counted
    from the exit, or from the milestone the model names."""
    rng = generator.group_rng
    milestone_after = {
        (model, code): after for model, marks in MILESTONES.items() for code, after in marks
    }

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for case in generator.started_cases():
            for follow_up in generator.programmes[case.model].follow_ups.values():
                if follow_up.after == "exit":
                    anchor = case.end
                else:
                    after = milestone_after.get((case.model, follow_up.after))
                    anchor = None if after is None else case.started_on + datetime.timedelta(after)
                    if anchor is not None and anchor > (case.end or generator.today):
                        anchor = None  # the milestone was never reached
                if anchor is None or follow_up.due(anchor) > generator.today:
                    continue
                if rng.random() >= FOLLOW_UPS_RECORDED:
                    continue
                n += 1
                observed = follow_up.due(anchor)
                status = rng.choice(list(follow_up.statuses))
                yield (n, case.id, follow_up.code, status, observed, "", case.staff,
                       at(observed, 10))  # fmt: skip

    return Table(
        "pathways_followup",
        ("id", "enrolment_id", "code", "status", "observed_on", "note", "recorded_by_id",
         "recorded_at"),
        rows(),
    )  # fmt: skip


PREFERRED_JOBS = {
    "SE": ("Lagerarbete", "Butik", "Kök och restaurang", "Kontor", "Lokalvård", "Trädgård"),
    "DK": ("Lager", "Butik", "Køkken", "Kontor", "Rengøring", "Gartneri"),
}


def vocational_profiles(generator: Generator) -> Table:
    """A first vocational profile for most IPS cases within a month of the start, and a second
    version for some of them a few months on: what the IPS report counts as profiles started."""
    rng = generator.group_rng

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for case in generator.started_cases():
            if case.model != "ips" or rng.random() >= 0.85:
                continue
            last = case.end or generator.today
            written = case.started_on + datetime.timedelta(days=rng.randint(7, 30))
            for version in (1, 2):
                if written > last:
                    break
                n += 1
                jobs = rng.choice(PREFERRED_JOBS[case.country])
                yield (n, case.id, version, written, "", "", jobs, "", "", "", "", "",
                       case.staff, at(written, 14))  # fmt: skip
                if rng.random() >= 0.3:
                    break
                written += datetime.timedelta(days=rng.randint(60, 180))

    return Table(
        "employment_vocationalprofile",
        ("id", "enrolment_id", "version", "written_on", "work_history", "education",
         "preferred_jobs", "preferred_hours", "preferred_location", "strengths", "for_employers",
         "disclosure_preference", "created_by_id", "created_at"),
        rows(),
    )  # fmt: skip
