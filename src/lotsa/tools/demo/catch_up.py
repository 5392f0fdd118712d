"""The demo's coaches keep their deadlines, as a working team mostly does: once the cases are
built, every coach's caseload is read the way the caseload page reads it, and what is overdue
is done on time after all (dated before it fell due), except in a few cases per coach that are
left overdue, so the red that remains is a real, small signal.

The records are the ones a coach would have made: a milestone, a checklist item, the vocational
profile, a face-to-face employer contact on the person's behalf, a contact with the person or
a support contact linked to their job, a month's time report signed. A phase that a deadline
expects cannot be entered after the fact; the cases' walk keeps within those limits instead.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.casework.queries import CaseRow, caseload_for
from lotsa.casework.services import record_contact
from lotsa.employment.models import Employer, Job
from lotsa.employment.services import record_employer_contact, save_profile
from lotsa.errors import DomainError
from lotsa.organisations.models import Role
from lotsa.pathways.deadlines import DeadlineStatus
from lotsa.pathways.definitions.vocabulary import CHECKLIST_PREFIX
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.pathways.services.enrolment_records import record_milestone, tick_checklist_item
from lotsa.timereports.models import TimeReport
from lotsa.timereports.services import record_time_report_signature

# At most one case in this many of a coach's open cases is left overdue.
LEFT_OVERDUE_ONE_IN = 8


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def meet_milestone(
    rng: random.Random, coach: User, enrolment: Any, code: str, day: datetime.date
) -> None:
    """Record what marks the milestone on the day: the milestone itself, or the vocational
    profile or the employer contact it is derived from. A phase's start (the other derived
    milestones) is not recorded after the fact."""
    source = programme_of(enrolment).milestones[code].derived
    if not source:
        record_milestone(actor=coach, enrolment=enrolment, code=code, day=day)
    elif source == "profile":
        save_profile(
            actor=coach,
            enrolment=enrolment,
            written_on=day,
            preferred_jobs="Arbete med människor eller i butik, helst dagtid.",
            strengths="Noggrann och pålitlig.",
        )
    elif source == "employer_contact":
        country = enrolment.unit.organisation.country
        record_employer_contact(
            actor=coach,
            employer=rng.choice(list(Employer.objects.filter(country=country))),
            unit=enrolment.unit,
            occurred_on=day,
            purpose="present_candidate",
            face_to_face=True,
            enrolments=[enrolment],
        )


class CatchUp:
    """Meets the overdue deadlines of the demo coaches' caseloads, with the builder's numbers."""

    def __init__(self, builder: Any) -> None:
        self.rng: random.Random = builder.rng
        self.today: datetime.date = builder.today

    def build(self) -> None:
        coaches = User.objects.filter(memberships__role=Role.COACH).distinct().order_by("pk")
        for coach in coaches:
            self._coach(coach)

    def _coach(self, coach: User) -> None:
        rows = caseload_for(coach, today=self.today)
        overdue = [row for row in rows if row.overdue]
        open_cases = sum(1 for row in rows if row.enrolment.is_open)
        left = set(
            self.rng.sample(
                [row.enrolment.pk for row in overdue],
                k=min(len(overdue), open_cases // LEFT_OVERDUE_ONE_IN),
            )
        )
        # Meeting one deadline can start the next (a course's end starts the status at its
        # end), so a second reading catches those as well.
        for _reading in range(2):
            for row in overdue:
                if row.enrolment.pk not in left:
                    for deadline in row.overdue:
                        self._meet(coach, row, deadline)
            overdue = [row for row in caseload_for(coach, today=self.today) if row.overdue]

    def _meet(self, coach: User, row: CaseRow, deadline: DeadlineStatus) -> None:
        enrolment = row.enrolment
        programme = programme_of(enrolment)
        rule = programme.deadlines.get(deadline.code)
        # A day in the week before it fell due, never before the referral.
        day = max(
            enrolment.referral_date,
            deadline.due_on - datetime.timedelta(days=self.rng.randint(0, 6)),
        )
        try:
            if rule is None:  # the follow-along rules of a job
                self._support(coach, enrolment, deadline)
            elif rule.kind == "contact_interval":
                self._contact(coach, enrolment, min(rule.days - 1, 7))
            elif rule.kind == "monthly":
                report = TimeReport.objects.filter(
                    enrolment=enrolment, month=f"{deadline.subject}-01", signed_on__isnull=True
                ).first()
                if report is not None:
                    record_time_report_signature(actor=coach, report=report, day=day)
            elif rule.expect.startswith(CHECKLIST_PREFIX):
                item = rule.expect[len(CHECKLIST_PREFIX) :]
                tick_checklist_item(actor=coach, enrolment=enrolment, item_code=item, day=day)
            else:
                meet_milestone(self.rng, coach, enrolment, rule.expect, day)
        except DomainError:
            pass  # what the services refuse stays overdue: a real case can be stuck too

    def _contact(self, coach: User, enrolment: Any, within_days: int) -> None:
        day = self.today - datetime.timedelta(days=self.rng.randint(1, max(1, within_days)))
        record_contact(
            actor=coach,
            enrolment=enrolment,
            occurred_at=_at(day, self.rng.randint(9, 15)),
            mode="face_to_face",
            place=self.rng.choice(["office", "community", "home"]),
            parties=["participant"],
            duration_minutes=self.rng.choice([30, 45, 60]),
        )

    def _support(self, coach: User, enrolment: Any, deadline: DeadlineStatus) -> None:
        """A support contact linked to the job, inside the rule's window (the monthly one
        lately)."""
        job = (
            # the week before a start is about the job starting after it
            Job.objects.filter(
                enrolment=enrolment,
                starts_on__lte=deadline.due_on + datetime.timedelta(days=8),
            )
            .order_by("-starts_on")
            .first()
        )
        if job is None:
            return
        if deadline.code == "job_monthly":
            day = self.today - datetime.timedelta(days=self.rng.randint(1, 10))
        else:
            day = deadline.due_on - datetime.timedelta(days=self.rng.randint(0, 2))
        record_contact(
            actor=coach,
            enrolment=enrolment,
            occurred_at=_at(day, 15),
            mode="face_to_face",
            place="workplace",
            parties=["participant", "employer"],
            duration_minutes=30,
            job=job,
        )
