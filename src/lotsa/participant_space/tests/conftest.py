"""A participant with an AMiA case at unit A: a plan, a booked meeting (with a staff note and a
reflection they must never see), a job; and someone else with a case of their own."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lotsa.casework.models import Contact, Meeting, MeetingReflection, PlanRevision
from lotsa.casework.services import PlanInput, PlanItemInput, revise_plan
from lotsa.employment.models import Employer, Job, JobForm, Sector
from lotsa.participant_space.models import ParticipantAccount
from lotsa.pathways.models import Enrolment
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import ParticipantAccountFactory, swedish_org_number
from lotsa.testing.personas import Personas

STAFF_NOTE = "Staff-only note about the meeting"
REFLECTION = "A caseworker's own reflection"


@dataclass
class Space:
    personas: Personas
    enrolment: Enrolment
    account: ParticipantAccount
    plan: PlanRevision
    meeting: Meeting
    job: Job
    other: Enrolment
    other_plan: PlanRevision

    def client(self, client_for: Callable[..., Client]) -> Client:
        """The participant's browser, in English (the pages' text is checked in English)."""
        client = client_for(self.account.user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client


def write_plan(personas: Personas, enrolment: Enrolment, goal: str) -> PlanRevision:
    return revise_plan(
        actor=personas.coach_a,
        enrolment=enrolment,
        plan=PlanInput(
            long_term_goal=goal,
            sub_goals=["Find out what work suits me"],
            items=[
                PlanItemInput(
                    activity="Visit two workplaces",
                    starts_on=TODAY,
                    ends_on=TODAY + datetime.timedelta(days=30),
                    responsible="The coach",
                )
            ],
        ),
    )


def book_meeting(personas: Personas, enrolment: Enrolment) -> Meeting:
    now = timezone.now()
    contact = Contact.objects.create(
        enrolment=enrolment,
        occurred_at=now - datetime.timedelta(days=2),
        occurred_on=timezone.localdate() - datetime.timedelta(days=2),
        mode="face_to_face",
        place="office",
        note=STAFF_NOTE,
        staff=personas.coach_a,
    )
    meeting = Meeting.objects.create(
        contact=contact,
        meeting_type="mapping",
        next_meeting_at=now + datetime.timedelta(days=7),
    )
    MeetingReflection.objects.create(meeting=meeting, staff=personas.coach_a, text=REFLECTION)
    return meeting


def record_job(enrolment: Enrolment, title: str) -> Job:
    employer = Employer.objects.create(
        name=f"{title} employer",
        country="SE",
        organisation_number=swedish_org_number(enrolment.pk + 500),
        sector=Sector.PRIVATE,
    )
    return Job.objects.create(
        enrolment=enrolment,
        employer=employer,
        title=title,
        occupation_code="9629",
        starts_on=TODAY - datetime.timedelta(days=10),
        hours_per_week=Decimal("20.0"),
        currency="SEK",
        form=JobForm.INTERNSHIP,
    )


@pytest.fixture
def space(clock: Any, personas: Personas, case: Callable[..., Enrolment]) -> Space:
    personas.coach_a.title = "Employment specialist"
    personas.coach_a.phone = "010-123 45 67"
    personas.coach_a.email = "coach.a@example.org"
    personas.coach_a.save()
    started = TODAY - datetime.timedelta(days=80)
    enrolment = case("amia", referred_on=started, started_on=started)
    Enrolment.objects.filter(pk=enrolment.pk).update(responsible_staff=personas.coach_a)
    enrolment.refresh_from_db()
    other = case("ips", referred_on=started, started_on=started)
    return Space(
        personas=personas,
        enrolment=enrolment,
        account=ParticipantAccountFactory(participants=[enrolment.participant]),
        plan=write_plan(personas, enrolment, "Work in a warehouse"),
        meeting=book_meeting(personas, enrolment),
        job=record_job(enrolment, "Warehouse trainee"),
        other=other,
        other_plan=write_plan(personas, other, "Someone else's goal"),
    )
