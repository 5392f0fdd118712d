"""A participant signs in only while their account reaches an enrolment."""

from __future__ import annotations

import pytest
from django.test import Client

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.testing.factories import (
    TEST_PASSWORD,
    EnrolmentFactory,
    ParticipantAccountFactory,
    ParticipantFactory,
)
from lotsa.testing.personas import Personas

pytestmark = pytest.mark.django_db


def sign_in(username: str) -> tuple[Client, int]:
    client = Client()
    response = client.post("/accounts/login/", {"login": username, "password": TEST_PASSWORD})
    return client, response.status_code


def test_a_participant_with_an_enrolment_lands_in_their_space(personas: Personas) -> None:
    account = ParticipantAccountFactory.create(participants=[personas.own])
    client, status = sign_in(account.user.username)
    assert status == 302
    assert client.session.get("_auth_user_id") == str(account.user.pk)
    assert client.get("/").url == "/me/"


def test_a_participant_whose_records_have_no_enrolment_is_not_let_in(personas: Personas) -> None:
    unenrolled = ParticipantFactory.create()
    account = ParticipantAccountFactory.create(participants=[unenrolled])
    client, status = sign_in(account.user.username)
    assert status == 403
    assert "_auth_user_id" not in client.session
    refusal = AuditEntry.objects.get(event=AuditEvent.ACCESS_DENIED)
    assert refusal.object_id == str(account.user.pk)
    assert refusal.changes == {"reason": "no_enrolment"}
    assert not AuditEntry.objects.filter(event=AuditEvent.LOGIN_SUCCEEDED).exists()
    # An enrolment in a unit lets the same sign-in through.
    EnrolmentFactory.create(
        participant=unenrolled, unit=personas.unit_a, responsible_staff=personas.coach_a
    )
    client, status = sign_in(account.user.username)
    assert status == 302 and "_auth_user_id" in client.session
