"""Reads for job development, jobs and follow-along support."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.casework.models import Contact
from lotsa.core.extracts import Row, by_enrolment, fields_of, staff_name
from lotsa.dates import days_after, implausible
from lotsa.employment.models import (
    JOB_DETAILS,
    PROFILE_DETAILS,
    BenefitsCounselling,
    Employer,
    EmployerContact,
    Job,
    VocationalProfile,
)
from lotsa.employment.rules import is_competitive
from lotsa.organisations.models import Unit
from lotsa.pathways.deadlines import DeadlineState, DeadlineStatus, pending_state

WEEKLY_FACE_TO_FACE_TARGET = 6
FIRST_MONTH_WEEKS = 4
MONTHLY_DAYS = 30


def week_bounds(year: int, week: int) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of an ISO week. Contact dates are local (Europe/Stockholm) calendar days.
    ValueError for a week that does not exist or no record can be in."""
    monday = datetime.date.fromisocalendar(year, week, 1)
    if implausible(monday) or implausible(days_after(monday, 6)):
        raise ValueError(f"week {year}-W{week} is out of range")
    return monday, days_after(monday, 6)


@dataclass
class WeekSheet:
    year: int
    week: int
    monday: datetime.date
    sunday: datetime.date
    face_to_face: int
    target: int
    contacts: list[EmployerContact]
    relationships: Sequence[Employer]
    open_next_steps: list[EmployerContact]

    @property
    def previous(self) -> tuple[int, int]:
        year, week, _day = (self.monday - datetime.timedelta(days=7)).isocalendar()
        return year, week

    @property
    def following(self) -> tuple[int, int]:
        year, week, _day = (self.monday + datetime.timedelta(days=7)).isocalendar()
        return year, week


def week_sheet(staff: Actor, year: int, week: int) -> WeekSheet:
    """A coach's job development in one ISO week, against the target of 6 face-to-face contacts.

    Relationships are employers the coach has met more than once; open next steps are the
    coach's planned next steps with an employer that no later contact has followed up.
    """
    monday, sunday = week_bounds(year, week)
    mine = EmployerContact.objects.filter(staff=staff)
    this_week = list(
        mine.filter(occurred_on__range=(monday, sunday))
        .select_related("employer")
        .prefetch_related("enrolments__participant")
    )
    relationships = list(
        Employer.objects.filter(contacts__staff=staff)
        .annotate(visits=Count("contacts", filter=Q(contacts__staff=staff)))
        .filter(visits__gte=2)
        .order_by("name")
    )
    latest_step_by_employer: dict[int, EmployerContact] = {}
    for contact in (
        mine.exclude(next_step="")
        .select_related("employer")
        .order_by("employer_id", "-occurred_on", "-id")
    ):
        latest_step_by_employer.setdefault(contact.employer_id, contact)
    last_contact_on = dict(
        mine.values("employer_id")
        .annotate(last=Max("occurred_on"))
        .values_list("employer_id", "last")
    )
    open_steps = [
        c
        for c in latest_step_by_employer.values()
        if last_contact_on.get(c.employer_id) == c.occurred_on
    ]
    return WeekSheet(
        year=year,
        week=week,
        monday=monday,
        sunday=sunday,
        face_to_face=sum(1 for c in this_week if c.face_to_face),
        target=WEEKLY_FACE_TO_FACE_TARGET,
        contacts=this_week,
        relationships=relationships,
        open_next_steps=sorted(open_steps, key=lambda c: c.next_step_on or datetime.date.max),
    )


def employers_matching(text: str) -> QuerySet[Employer]:
    employers = Employer.objects.annotate(contact_count=Count("contacts")).order_by("name")
    text = text.strip()
    if text:
        employers = employers.filter(
            Q(name__icontains=text) | Q(organisation_number__icontains=text.replace(" ", ""))
        )
    return employers


def employer_contacts_for(user: Actor, employer: Employer) -> list[EmployerContact]:
    """The employer's relationship history, newest first. What a contact achieved and the next
    step are the notes of the unit that made it: for other units' contacts they are left out."""
    own = access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT)
    contacts = list(employer.contacts.select_related("staff", "unit")[:200])
    for contact in contacts:
        if contact.unit_id not in own:
            contact.outcome, contact.next_step, contact.next_step_on = "", "", None
    return contacts


def employer_page(user: Actor, employer: Employer) -> dict[str, Any]:
    """The relationship history, jobs and participants placed — participants only where visible."""
    contacts = employer_contacts_for(user, employer)
    jobs = list(
        employer.jobs.filter(enrolment__in=access.enrolments_visible_to(user))
        .select_related("enrolment__participant")
        .order_by("-starts_on")
    )
    return {
        "contacts": contacts,
        "contact_count": employer.contacts.count(),
        "jobs": jobs,
        "placed": sorted({job.enrolment.participant for job in jobs}, key=lambda p: p.display_name),
        "people": list(employer.contact_persons.all()),
    }


def latest_profile_version(enrolment: Any) -> int:
    """The number of the enrolment's newest vocational profile (0 for none yet)."""
    latest = (
        VocationalProfile.objects.filter(enrolment=enrolment)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return latest or 0


def first_face_to_face_employer_contact() -> Subquery:
    """For an outer query over enrolments: the day of the first face-to-face employer contact on
    the enrolment's behalf from its start on (what Enrolment.first_employer_contact_on keeps)."""
    return Subquery(
        EmployerContact.objects.filter(
            enrolments=OuterRef("pk"), face_to_face=True, occurred_on__gte=OuterRef("start_date")
        )
        .order_by()
        .values("enrolments")
        .annotate(first=Min("occurred_on"))
        .values("first")[:1]
    )


def stale_first_employer_contacts(enrolments: QuerySet[Any]) -> QuerySet[Any]:
    """The enrolments whose kept first employer contact differs from a recomputation."""
    never = datetime.date.min
    return enrolments.annotate(
        kept=Coalesce("first_employer_contact_on", Value(never)),
        recomputed=Coalesce(first_face_to_face_employer_contact(), Value(never)),
    ).exclude(kept=F("recomputed"))


def country_of_unit(unit_id: int) -> str:
    """The country of a unit's organisation: its occupations are coded in that country's list."""
    country: str = (
        Unit.objects.filter(pk=unit_id).values_list("organisation__country", flat=True).get()
    )
    return country


# A job that ended this long ago without its four paid hours recorded is no longer asked about
# on the Today page (its own page still asks).
FOUR_PAID_HOURS_ASKED_AFTER_END_DAYS = 30


def jobs_awaiting_four_paid_hours(enrolment_ids: Sequence[int], today: datetime.date) -> list[Job]:
    """The jobs of the enrolments that have started but whose four paid hours are not recorded,
    so their start is not yet counted in the outcome reports; earliest start first. One query."""
    return list(
        Job.objects.filter(
            enrolment_id__in=list(enrolment_ids),
            starts_on__lte=today,
            four_paid_hours_on__isnull=True,
        )
        .filter(
            Q(ends_on__isnull=True)
            | Q(ends_on__gte=today - datetime.timedelta(days=FOUR_PAID_HOURS_ASKED_AFTER_END_DAYS))
        )
        .select_related("employer", "enrolment__participant")
        .order_by("starts_on", "pk")
    )


def awaits_four_paid_hours(job: Job, today: datetime.date | None = None) -> bool:
    """Whether to ask if the participant has worked four paid hours in the job yet."""
    return job.four_paid_hours_on is None and job.starts_on <= (today or timezone.localdate())


def jobs_of(enrolment: Any) -> list[Job]:
    return list(enrolment.jobs.select_related("employer").order_by("-starts_on", "-id"))


class UnitJobs(TypedDict):
    current: list[Job]
    started_this_quarter: list[Job]
    ended: list[Job]
    quarter_start: datetime.date


def unit_jobs(unit: Unit, today: datetime.date | None = None) -> UnitJobs:
    """Current jobs, jobs started this quarter and jobs ended (with reasons) at the unit."""
    today = today or timezone.localdate()
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    jobs = Job.objects.filter(enrolment__unit=unit).select_related(
        "employer", "enrolment__participant"
    )
    return {
        "current": list(
            jobs.filter(starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .order_by("starts_on")
        ),
        "started_this_quarter": list(
            jobs.filter(starts_on__gte=quarter_start, starts_on__lte=today).order_by("starts_on")
        ),
        "ended": list(jobs.filter(ends_on__lt=today).order_by("-ends_on")[:100]),
        "quarter_start": quarter_start,
    }


def profile_prompt(
    enrolment: Any, jobs: list[Job], profiles: list[VocationalProfile]
) -> datetime.date | None:
    """The date of a job start or end after the latest profile version, if any (prompt a new one)."""
    changes = [
        day
        for job in jobs
        for day in (job.starts_on, job.ends_on)
        if day is not None and day <= timezone.localdate()
    ]
    if not changes:
        return None
    latest_change = max(changes)
    latest_profile = profiles[0].written_on if profiles else None
    return latest_change if latest_profile is None or latest_profile < latest_change else None


def follow_along(
    job: Job, contact_days: list[datetime.date], today: datetime.date
) -> list[DeadlineStatus]:
    """The IPS follow-along timing rules for one job, from the contacts linked to it.

    A contact in the week before the start, one within 3 days after it, one in each of the first
    four weeks, then at least one a month for as long as the job lasts (no end date of its own).
    """
    if job.ends_on is not None and job.ends_on < today:
        return []
    start = job.starts_on
    days = sorted(contact_days)

    def window(code: str, name: Any, first: datetime.date, last: datetime.date) -> DeadlineStatus:
        met = next((day for day in days if first <= day <= last), None)
        if met is not None:
            return DeadlineStatus(code, name, last, DeadlineState.MET, met)
        return DeadlineStatus(code, name, last, pending_state(last, today))

    statuses = [
        window(
            "job_before_start",
            _("Support contact in the week before the job starts"),
            days_after(start, -7),
            days_after(start, -1),
        ),
        window(
            "job_first_days",
            _("Support contact within 3 days of the job start"),
            start,
            days_after(start, 3),
        ),
    ]
    for week in range(1, FIRST_MONTH_WEEKS + 1):
        first = days_after(start, 7 * (week - 1))
        if first > days_after(today, 7):
            break
        statuses.append(
            window(
                f"job_week_{week}",
                _("Weekly support contact, week %(week)s of the job") % {"week": week},
                first,
                days_after(first, 6),
            )
        )
    month_from = days_after(start, 7 * FIRST_MONTH_WEEKS)
    if today >= days_after(month_from, -7):
        last = max([day for day in days if day >= start] + [days_after(month_from, -1)])
        due = days_after(last, MONTHLY_DAYS)
        statuses.append(
            DeadlineStatus(
                "job_monthly",
                _("Monthly support contact while in work"),
                due,
                pending_state(due, today),
            )
        )
    return statuses


def follow_along_for(
    enrolments: list[Any], today: datetime.date, *, jobs_read: list[Job] | None = None
) -> dict[int, list[DeadlineStatus]]:
    """Follow-along deadlines per enrolment of models that use them, in two queries in all (one,
    given ``jobs_read``: every job of the enrolments, read already)."""
    wanted = [
        e.pk
        for e in enrolments
        if (e.programme and e.programme.follow_along and e.status == "active")
    ]
    if jobs_read is not None:
        jobs = [
            job
            for job in jobs_read
            if job.enrolment_id in wanted and (job.ends_on is None or job.ends_on >= today)
        ]
    else:
        # "or [0]" keeps the query count the same whether or not any enrolment qualifies.
        jobs = list(
            Job.objects.filter(enrolment_id__in=wanted or [0]).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today)
            )
        )
    contact_days: dict[int, list[datetime.date]] = {}
    job_ids = [job.pk for job in jobs] or [0]
    for job_id, day in Contact.objects.filter(job_id__in=job_ids).values_list(
        "job_id", "occurred_on"
    ):
        contact_days.setdefault(job_id, []).append(day)
    result: dict[int, list[DeadlineStatus]] = {}
    for job in jobs:
        result.setdefault(job.enrolment_id, []).extend(
            follow_along(job, contact_days.get(job.pk, []), today)
        )
    return result


def follow_along_statuses(job: Job) -> list[DeadlineStatus]:
    days = list(job.support_contacts.values_list("occurred_on", flat=True))
    return follow_along(job, days, timezone.localdate())


@dataclass
class EmploymentRecord:
    jobs: list[Job]
    profiles: list[VocationalProfile]
    counselling: list[Any]
    profile_prompt: datetime.date | None


def employment_record(enrolment: Any) -> EmploymentRecord:
    """Jobs, the latest profile versions and benefits counselling for the case page."""
    jobs = jobs_of(enrolment)
    profiles = list(enrolment.profiles.select_related("created_by").order_by("-version")[:3])
    counselling = list(enrolment.benefits_counselling.order_by("-offered_on"))
    for job in jobs:
        job.competitive = is_competitive(job)
    return EmploymentRecord(jobs, profiles, counselling, profile_prompt(enrolment, jobs, profiles))


JOB_EXTRACT_FIELDS = ("id", *JOB_DETAILS)
PROFILE_EXTRACT_FIELDS = ("version", *PROFILE_DETAILS)
COUNSELLING_EXTRACT_FIELDS = (
    "offered_on",
    "held_on",
    "provider",
    "counsellor",
    "topics",
    "questions_answered",
)


def employment_for_extract(enrolment_ids: list[int]) -> dict[str, dict[int, list[Row]]]:
    """What job development recorded about the enrolments, each kind by enrolment, oldest
    first: ``jobs`` (with the employer's name), ``vocational_profiles`` (every version),
    ``benefits_counselling`` and ``employer_contacts`` made on the person's behalf. Four
    queries."""
    jobs = (
        Job.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("employer")
        .order_by("starts_on", "id")
    )
    profiles = (
        VocationalProfile.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("created_by")
        .order_by("version")
    )
    counselling = BenefitsCounselling.objects.filter(enrolment_id__in=enrolment_ids).order_by(
        "offered_on", "id"
    )
    on_behalf = (
        EmployerContact.enrolments.through.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("employercontact__employer", "employercontact__staff")
        .order_by("employercontact__occurred_on", "employercontact_id")
    )
    return {
        "jobs": by_enrolment(
            jobs, lambda job: fields_of(job, JOB_EXTRACT_FIELDS) | {"employer": job.employer.name}
        ),
        "vocational_profiles": by_enrolment(
            profiles,
            lambda profile: (
                fields_of(profile, PROFILE_EXTRACT_FIELDS)
                | {"created_by": staff_name(profile.created_by)}
            ),
        ),
        "benefits_counselling": by_enrolment(
            counselling, lambda held: fields_of(held, COUNSELLING_EXTRACT_FIELDS)
        ),
        "employer_contacts": by_enrolment(
            on_behalf, lambda link: _employer_contact_row(link.employercontact)
        ),
    }


def _employer_contact_row(contact: EmployerContact) -> Row:
    return fields_of(
        contact,
        ("occurred_on", "face_to_face", "participant_present", "purpose", "outcome", "next_step"),
    ) | {"employer": contact.employer.name, "staff": staff_name(contact.staff)}
