"""Invitations for participants without an eID to match: made by staff, used once by the
participant to make their account and their passkey."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lotsa.accounts.sign_in_method import INVITATION, SESSION_KEY, sign_in_method
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.participant_space.invitations import (
    INVITATION_VALID_DAYS,
    hash_of,
    redeem_invitation,
)
from lotsa.participant_space.models import Invitation, ParticipantAccount
from lotsa.people.models import Participant
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.personas import Personas

pytestmark = pytest.mark.django_db

REDEEM = "/me/invitation/"
PASSKEY = "/me/invitation/passkey/"


@pytest.fixture
def anonymous(personas: Personas) -> Participant:
    participant = Participant.objects.create(
        code_name="ANON-1", is_anonymous=True, identity_number=None, birth_year=1990
    )
    EnrolmentFactory.create(
        participant=participant, unit=personas.unit_a, responsible_staff=personas.coach_a
    )
    return participant


def invite(client: Client, participant: Participant) -> str:
    response = client.post(f"/participants/{participant.pk}/invitation/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return str(response.context["issued"].code)


def events(event: AuditEvent) -> list[int | None]:
    return list(AuditEntry.objects.filter(event=event).values_list("participant_id", flat=True))


def test_staff_make_a_code_that_is_shown_once_and_kept_only_as_a_hash(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    client = client_for(personas.coach_a)
    page = client.get(f"/participants/{anonymous.pk}/")
    assert f'action="/participants/{anonymous.pk}/invitation/"'.encode() in page.content

    code = invite(client, anonymous)
    invitation = Invitation.objects.get(participant=anonymous)
    assert invitation.code_hash == hash_of(code) != code
    assert code not in json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert invitation.created_by == personas.coach_a
    validity = invitation.expires_at - invitation.created_at
    assert abs(validity - datetime.timedelta(days=INVITATION_VALID_DAYS)) < datetime.timedelta(
        seconds=1
    )
    assert events(AuditEvent.INVITATION_CREATED) == [anonymous.pk]

    # A new code replaces the old one, which no longer works.
    newer = invite(client, anonymous)
    assert newer != code
    assert (
        Invitation.objects.filter(participant=anonymous, expires_at__gt=timezone.now()).count() == 1
    )
    refused = Client().post(REDEEM, {"code": code})
    assert refused.status_code == 400


def test_staff_who_cannot_change_the_participant_cannot_invite(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    response = client_for(personas.coach_b).post(f"/participants/{anonymous.pk}/invitation/")
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_an_identified_participant_signs_in_with_eid_not_an_invitation(
    personas: Personas, client_for: Any
) -> None:
    response = client_for(personas.coach_a).post(f"/participants/{personas.own.pk}/invitation/")
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    page = client_for(personas.coach_a).get(f"/participants/{personas.own.pk}/")
    assert b"/invitation/" not in page.content


def test_the_right_code_makes_the_account_and_signs_the_participant_in(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    code = invite(client_for(personas.coach_a), anonymous)
    client = Client()
    assert client.get(REDEEM).status_code == 200
    # Typed in lower case with spaces, as people type what they are read out.
    response = client.post(REDEEM, {"code": code.lower().replace("-", " ")})
    assert (response.status_code, response.url) == (302, PASSKEY)

    account = ParticipantAccount.objects.get()
    assert list(account.participants.all()) == [anonymous]
    assert account.user.is_participant and not account.user.has_usable_password()
    assert account.identity_number is None
    assert client.session["_auth_user_id"] == str(account.user.pk)
    assert client.session[SESSION_KEY] == INVITATION
    invitation = Invitation.objects.get()
    assert invitation.redeemed_at is not None and invitation.account == account
    assert events(AuditEvent.PARTICIPANT_ACCOUNT_CREATED) == [anonymous.pk]
    assert events(AuditEvent.INVITATION_REDEEMED) == [anonymous.pk]

    # The passkey is offered at once, without the "sign in again" a password would give.
    page = client.get(PASSKEY)
    assert page.status_code == 200
    options = page.context["js_data"]["creation_options"]["publicKey"]
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["user"]["id"]
    assert b"mfa/js/webauthn.js" in page.content

    # The code is used up.
    assert Client().post(REDEEM, {"code": code}).status_code == 400


def test_a_later_invitation_leads_to_the_same_account(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    staff = client_for(personas.coach_a)
    first = redeem_invitation(code=invite(staff, anonymous))
    again = redeem_invitation(code=invite(staff, anonymous))
    assert again == first
    assert ParticipantAccount.objects.count() == 1
    assert events(AuditEvent.PARTICIPANT_ACCOUNT_CREATED) == [anonymous.pk]
    assert events(AuditEvent.INVITATION_REDEEMED) == [anonymous.pk, anonymous.pk]


@pytest.mark.parametrize("state", ["wrong", "expired", "used"])
def test_a_code_that_does_not_work_is_refused_at_the_field(
    personas: Personas, anonymous: Participant, client_for: Any, state: str
) -> None:
    code = invite(client_for(personas.coach_a), anonymous)
    if state == "wrong":
        code = "AAAA-BBBB-CCCC"
    elif state == "expired":
        Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    else:
        redeem_invitation(code=code)
    client = Client()
    response = client.post(REDEEM, {"code": code})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(event=AuditEvent.INVITATION_REFUSED).count() == 1


def test_an_address_that_keeps_guessing_is_refused_for_a_while(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    code = invite(client_for(personas.coach_a), anonymous)
    client = Client()
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        assert client.post(REDEEM, {"code": "AAAA-BBBB-CCCC"}).status_code == 400
    locked = client.post(REDEEM, {"code": code})
    assert locked.status_code == 429
    assert not ParticipantAccount.objects.exists()
    # From another address the code still works.
    other = Client(REMOTE_ADDR="192.0.2.10")
    assert other.post(REDEEM, {"code": code}).status_code == 302


def test_the_passkey_page_is_only_for_the_one_who_just_used_a_code(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    account = redeem_invitation(code=invite(client_for(personas.coach_a), anonymous))
    later = client_for(account.user)
    assert later.get(PASSKEY).url == "/accounts/2fa/"
    assert client_for(personas.coach_a).get(PASSKEY).status_code == 404
    assert Client().get(PASSKEY).status_code == 302


def test_signed_in_staff_cannot_use_a_code(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    staff = client_for(personas.coach_a)
    code = invite(staff, anonymous)
    assert staff.post(REDEEM, {"code": code}).status_code == 404
    assert not ParticipantAccount.objects.exists()


def test_the_sign_in_method_of_a_session_started_by_an_invitation(
    personas: Personas, anonymous: Participant, client_for: Any
) -> None:
    code = invite(client_for(personas.coach_a), anonymous)
    client = Client()
    response = client.post(REDEEM, {"code": code})
    assert sign_in_method(response.wsgi_request) == INVITATION
