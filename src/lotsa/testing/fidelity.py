"""Fidelity reviews of unit A for tests, made through the review's own services: planned by the
personas' reviewer alone, every item rated and submitted, so that consensus is open; and a
quarter of the unit's casework for the evidence the review reads."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from lotsa.accounts.models import User
from lotsa.casework.models import Contact
from lotsa.employment.models import (
    BenefitsCounselling,
    Employer,
    EmployerContact,
    Job,
    VocationalProfile,
)
from lotsa.fidelity.models import FidelityReview
from lotsa.fidelity.scale import current_scale
from lotsa.fidelity.services import agree_item, plan_review, rate_item, submit_ratings
from lotsa.pathways.models import ChecklistEntry, Enrolment, EnrolmentEvent, Milestone
from lotsa.teamwork import services as teamwork
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.personas import Personas


def planned_review(
    personas: Personas, period_start: datetime.date, period_end: datetime.date
) -> FidelityReview:
    """An external review of unit A by the personas' reviewer alone."""
    return plan_review(
        actor=personas.reviewer,
        unit=personas.unit_a,
        mode="external",
        period_start=period_start,
        period_end=period_end,
        reviewers=[personas.reviewer],
    )


def review_in_consensus(personas: Personas, period_end: datetime.date) -> FidelityReview:
    """A review of unit A over the half year up to the period's end, ready for consensus."""
    review = planned_review(personas, period_end - datetime.timedelta(days=180), period_end)
    for number in current_scale().items:
        rate_item(actor=personas.reviewer, review=review, item_number=number, score=3)
    submit_ratings(actor=personas.reviewer, review=review)
    return review


def agree_every_item(
    personas: Personas, review: FidelityReview, recommendations: Mapping[int, str]
) -> None:
    """Every item agreed at 3, with a recommendation for the items named."""
    for number in current_scale().items:
        agree_item(
            actor=personas.reviewer,
            review=review,
            item_number=number,
            score=3,
            recommendations=recommendations.get(number, ""),
        )


def a_quarter_of_casework(personas: Personas, period_end: datetime.date) -> None:
    """What unit A's coaches recorded about their participants in the 13 weeks up to the
    period's end, enough for every measure read from casework and job development to have a
    figure: two cases referred by the treatment team the coach is attached to, their first
    employer contact, profiles, disclosure and benefits counselling, a job each (one started
    long ago, still supported), meetings in the community and a missed one followed up, and a
    declined referral."""
    coach, start = personas.coach_a, period_end - datetime.timedelta(days=90)
    team = teamwork.save_treatment_team(
        actor=personas.team_leader_a,
        unit=personas.unit_a,
        details=teamwork.TeamDetails(
            name="Psykiatrimottagning Väster", kind="psychiatric_outpatient"
        ),
    )
    teamwork.attach_coach(actor=personas.team_leader_a, team=team, coach=coach, starts_on=start)
    employer = Employer.objects.create(
        name="Bageriet i Testby", country="SE", organisation_number="5560000150", sector="private"
    )
    cases = []
    for title, code, started in (
        ("Bagare", "7512", start + datetime.timedelta(days=20)),
        ("Lagerarbetare", "4322", start - datetime.timedelta(days=200)),
    ):
        case = EnrolmentFactory.create(
            unit=personas.unit_a,
            responsible_staff=coach,
            referral_source="treatment_team",
            referral_date=started - datetime.timedelta(days=14),
            start_date=started - datetime.timedelta(days=14),
        )
        teamwork.set_treatment_team(actor=coach, enrolment=case, team=team)
        Milestone.objects.create(
            enrolment=case,
            code="first_employer_contact",
            occurred_on=started - datetime.timedelta(days=7),
        )
        VocationalProfile.objects.create(
            enrolment=case,
            version=1,
            written_on=started - datetime.timedelta(days=10),
            preferred_jobs=title,
            created_by=coach,
        )
        BenefitsCounselling.objects.create(
            enrolment=case,
            offered_on=started - datetime.timedelta(days=12),
            provider="fk",
            recorded_by=coach,
        )
        EnrolmentEvent.objects.create(
            enrolment=case,
            kind="phase_changed",
            occurred_on=max(start, started - datetime.timedelta(days=9)),
            to_phase="job_search",
        )
        ChecklistEntry.objects.create(
            enrolment=case,
            item_code="disclosure_discussion",
            done_on=started - datetime.timedelta(days=11),
        )
        job = Job.objects.create(
            enrolment=case,
            employer=employer,
            title=title,
            occupation_code=code,
            starts_on=started,
            hours_per_week=20,
            currency="SEK",
            form="open_market",
        )
        cases.append((case, job))
    for week in range(13):
        day = start + datetime.timedelta(days=7 * week)
        for case, job in cases:
            _contact(
                case, coach, day, place="workplace", job=job, with_treatment_team=week % 4 == 0
            )
        EmployerContact.objects.create(
            employer=employer,
            staff=coach,
            unit=personas.unit_a,
            occurred_on=day,
            purpose="follow_up",
            face_to_face=True,
        )
    missed = start + datetime.timedelta(days=30)
    _contact(cases[0][0], coach, missed, outcome="missed")
    _contact(cases[0][0], coach, missed + datetime.timedelta(days=2), outcome="outreach")
    EnrolmentFactory(
        unit=personas.unit_a,
        status="declined",
        end_date=start + datetime.timedelta(days=40),
        decline_reason="not_reached",
        phase="closed",
    )


def _contact(enrolment: Enrolment, staff: User, day: datetime.date, **fields: Any) -> Contact:
    return Contact.objects.create(
        enrolment=enrolment,
        staff=staff,
        occurred_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
        occurred_on=day,
        mode="face_to_face",
        duration_minutes=45,
        **({"place": "office"} | fields),
    )
