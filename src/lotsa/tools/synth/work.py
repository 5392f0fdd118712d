"""Work and contacts: jobs, the contacts of each case, and the units' contacts with employers."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lotsa.tools.demo.employment import DEMO_JOBS
from lotsa.tools.synth.tables import Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator


def tables(generator: Generator) -> Iterator[Table]:
    yield jobs(generator)
    yield contacts(generator)
    yield employer_contacts(generator)
    yield employer_contact_links(generator)


def jobs(generator: Generator) -> Table:
    rng = generator.rng
    eligible = list(generator.started_cases())
    forms = ("open_market",) * 8 + ("subsidised", "internship", "other")

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        while n < generator.scale.jobs and eligible:
            case = rng.choice(eligible)
            first = case.started_on + datetime.timedelta(days=rng.randint(20, 120))
            last = case.end or generator.today
            if first > last:
                continue
            starts = generator.day_between(first, last)
            n += 1
            case.jobs.append((n, starts))
            ends = None
            if rng.random() < 0.45:
                ends = starts + datetime.timedelta(days=rng.randint(30, 500))
                ends = ends if ends < generator.today else None
            country = case.country
            title, occupation = rng.choice(DEMO_JOBS[country])
            form = rng.choice(forms)
            counted = starts + datetime.timedelta(days=rng.randint(0, 3))
            yield (
                n, case.id, rng.choice(generator.employers_of[country] or generator.employers_of["SE"]),
                title, occupation, starts, ends, Decimal(rng.choice((10, 15, 20, 30, 40))),
                counted if rng.random() < 0.97 and counted <= generator.today else None,
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


def contacts(generator: Generator) -> Table:
    """Contacts spread over each open case in proportion to how long it was open; after a job
    start, a share of them are follow-along support linked to the job."""
    rng = generator.rng
    started = list(generator.started_cases())
    open_days = [((c.end or generator.today) - c.started_on).days + 1 for c in started]
    all_days = max(sum(open_days), 1)
    modes = ("face_to_face", "face_to_face", "face_to_face", "phone", "video")
    places = ("office", "community", "community", "workplace", "home")

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        days_so_far = 0
        for case, days in zip(started, open_days, strict=True):
            # In whole numbers, so that the contacts add up to the scale's exactly.
            days_so_far += days
            count = generator.scale.contacts * days_so_far // all_days - n
            for _contact in range(count):
                day = case.started_on + datetime.timedelta(days=rng.randrange(days))
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


def employer_contacts(generator: Generator) -> Table:
    rng = generator.rng
    working_units = [u for u in generator.units if u[2] in ("ips", "amia")] or generator.units
    purposes = ("first_meeting", "present_candidate", "follow_up", "information")

    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(1, generator.scale.employer_contacts + 1):
            unit, country, _model, _org = rng.choice(working_units)
            day = generator.day_between(generator.first_day, generator.today)
            cases = generator.cases_of_unit.get(unit, [])
            for _try in range(rng.choice((0, 1, 1, 2))):
                case = rng.choice(cases) if cases else None
                if case and case.start and case.start <= day <= (case.end or generator.today):
                    generator.employer_links.append((n, case.id))
            yield (
                n, rng.choice(generator.employers_of[country] or generator.employers_of["SE"]),
                rng.choice(generator.staff_of_unit[unit]), unit, day, rng.random() < 0.75,
                rng.random() < 0.2, rng.choice(purposes), "", "", None, at(day, 16),
            )  # fmt: skip

    return Table(
        "employment_employercontact",
        ("id", "employer_id", "staff_id", "unit_id", "occurred_on", "face_to_face",
         "participant_present", "purpose", "outcome", "next_step", "next_step_on",
         "recorded_at"),
        rows(),
    )  # fmt: skip


def employer_contact_links(generator: Generator) -> Table:
    rows = (
        (n, contact, enrolment)
        for n, (contact, enrolment) in enumerate(dict.fromkeys(generator.employer_links), start=1)
    )
    return Table(
        "employment_employercontact_enrolments",
        ("id", "employercontact_id", "enrolment_id"),
        rows,
    )
