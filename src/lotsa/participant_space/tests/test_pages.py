"""A participant's own pages show their own case and nothing of anyone else's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.participant_space.tests.conftest import (
    REFLECTION,
    STAFF_NOTE,
    Space,
    book_meeting,
    record_job,
    write_plan,
)
from lotsa.pathways.models import Enrolment, Responsibility
from lotsa.testing.factories import (
    EnrolmentFactory,
    ParticipantAccountFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ("me:home", "me:plan", "me:meetings", "me:contacts", "me:jobs", "me:time-reports")


def _text(client: Client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_plan_page_shows_my_latest_plan_and_not_someone_elses(
    space: Space, client_for: Callable[..., Client]
) -> None:
    write_plan(space.personas, space.enrolment, "Work in a bakery")
    text = _text(space.client(client_for), "me:plan")
    assert "Work in a bakery" in text
    assert "Work in a warehouse" not in text  # the earlier version
    assert "Visit two workplaces" in text
    assert "Find out what work suits me" in text
    assert "Someone else&#x27;s goal" not in text
    assert "Not signed." in text


def test_the_meetings_page_shows_whom_i_meet_and_no_staff_notes(
    space: Space, client_for: Callable[..., Client]
) -> None:
    text = _text(space.client(client_for), "me:meetings")
    assert space.personas.coach_a.get_full_name() in text
    assert "Employment specialist" in text
    assert STAFF_NOTE not in text
    assert REFLECTION not in text


def test_the_contacts_page_shows_my_responsible_staff_and_how_to_reach_them(
    space: Space, client_for: Callable[..., Client]
) -> None:
    text = _text(space.client(client_for), "me:contacts")
    for shown in ("Employment specialist", "010-123 45 67", "coach.a@example.org"):
        assert shown in text
    assert space.enrolment.unit.name in text


def test_the_jobs_page_shows_my_jobs_only(space: Space, client_for: Callable[..., Client]) -> None:
    record_job(space.other, "Someone else's job")
    text = _text(space.client(client_for), "me:jobs")
    assert "Warehouse trainee" in text
    assert "Someone else" not in text


def test_no_page_shows_anything_of_another_participant(
    space: Space, client_for: Callable[..., Client]
) -> None:
    client = space.client(client_for)
    other = space.other.participant
    for name in PAGES:
        text = _text(client, name)
        assert other.last_name not in text
        assert other.identity_number not in text


@pytest.mark.parametrize("name", PAGES)
def test_every_page_view_is_audited_for_the_participant_shown(
    space: Space, client_for: Callable[..., Client], name: str
) -> None:
    client = space.client(client_for)
    before = AuditEntry.objects.count()
    client.get(reverse(name))
    entries = AuditEntry.objects.order_by("sequence")[before:]
    assert [(e.event, e.participant_id, e.actor_id) for e in entries] == [
        (AuditEvent.OWN_RECORD_VIEWED.value, space.enrolment.participant_id, space.account.user.pk)
    ]


def test_easy_read_shows_the_easy_text(space: Space, client_for: Callable[..., Client]) -> None:
    client = space.client(client_for)
    assert "The plan says what you want to do." not in _text(client, "me:plan")
    client.post(reverse("me:reading"), {"easy": "1", "next": reverse("me:plan")})
    text = _text(client, "me:plan")
    assert "The plan says what you want to do." in text
    assert "You have not signed this." in text
    assert "Steps on the way" in text
    assert "Ready by" in text


@pytest.mark.parametrize("name", PAGES)
def test_staff_get_404_on_the_participants_pages(
    space: Space, client_for: Callable[..., Client], name: str
) -> None:
    assert client_for(space.personas.coach_a).get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_read_as_many_queries_however_many_cases(
    space: Space, client_for: Callable[..., Client], name: str
) -> None:
    client = space.client(client_for)
    client.get(reverse(name))  # the session and caches warmed

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for model in ("jom", "knut_pv"):
        more = EnrolmentFactory(
            participant=space.enrolment.participant,
            unit=space.personas.unit_a,
            programme_model=model,
            responsible_staff=space.personas.coach_a,
        )
        write_plan(space.personas, more, f"A plan in {model}")
        book_meeting(space.personas, more)
        record_job(more, f"Job in {model}")
    assert queries() == few


def test_another_record_of_the_same_person_in_another_unit_is_not_shown(
    space: Space, client_for: Callable[..., Client]
) -> None:
    """Unit B registered the same person on its own; the account holds no link to that record."""
    own = space.enrolment.participant
    elsewhere = EnrolmentFactory(
        participant=ParticipantFactory(identity_number=own.identity_number),
        unit=space.personas.unit_b,
    )
    record_job(elsewhere, "Job in unit B")
    client = space.client(client_for)
    assert "Job in unit B" not in _text(client, "me:jobs")
    assert elsewhere.unit.name not in _text(client, "me:contacts")


def test_a_joint_team_case_shows_both_responsible_caseworkers(
    space: Space, client_for: Callable[..., Client]
) -> None:
    personas = space.personas
    joint = Enrolment.objects.get(participant=personas.joint)
    Responsibility.objects.create(
        enrolment=joint, staff=personas.af_caseworker, starts_on=joint.referral_date
    )
    account = ParticipantAccountFactory(participants=[personas.joint])
    client = client_for(account.user)
    text = _text(client, "me:contacts")
    assert personas.fk_caseworker.get_full_name() in text
    assert personas.af_caseworker.get_full_name() in text
    assert personas.coach_a.get_full_name() not in text
