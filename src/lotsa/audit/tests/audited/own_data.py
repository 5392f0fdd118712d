"""The rows of a participant's own data and messages: withdrawing a consent themselves, reading
who opened their record, their messages to staff, and the demo's participant sign-ins."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from lotsa.accounts.models import User
from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one
from lotsa.participant_space import queries as space_queries
from lotsa.participant_space import services as space
from lotsa.participant_space.models import Message
from lotsa.people import services as people
from lotsa.testing.factories import TEST_PASSWORD, ParticipantAccountFactory


def _signed_in(w: World) -> User:
    return ParticipantAccountFactory.create(participants=[w.personas.own]).user


def _own_withdrawal(w: World) -> Call:
    consent = people.record_consent(
        actor=w.personas.coach_a,
        participant=w.personas.own,
        kind="survey",
        given_on=TODAY,
        given_to=w.personas.municipality,
    )
    return Call(
        {"actor": _signed_in(w), "consent": consent, "withdrawn_on": TODAY, "reason": ""},
        consent.participant_id,
    )


def _message(w: World) -> Call:
    return Call(
        {
            "actor": _signed_in(w),
            "enrolment": w.own,
            "text": "Kan vi ses på fredag?",
            "link": lambda message: f"/messages/{message.pk}/",
        },
        w.personas.own.pk,
    )


def _message_read(w: World) -> Call:
    sent = space.send_message(**_message(w).kwargs)
    message = Message.objects.select_related("enrolment").get(pk=sent.pk)
    return Call({"actor": w.personas.coach_a, "message": message}, w.personas.own.pk)


OWN_DATA_WRITES: list[Case] = [
    one(people.withdraw_consent, E.CONSENT_WITHDRAWN, _own_withdrawal, "by the participant"),
    one(
        space_queries.access_log_page,
        E.OWN_ACCESS_LOG_VIEWED,
        lambda w: Call({"user": _signed_in(w), "page_number": 1}),
    ),
    one(space.send_message, E.MESSAGE_SENT, _message),
    one(space.mark_message_read, E.MESSAGE_READ, _message_read),
    one(
        space.open_demo_account,
        E.PARTICIPANT_ACCOUNT_CREATED,
        lambda w: Call(
            {
                "actor": w.personas.administrator,
                "username": "participant.demo",
                "password_hash": make_password(TEST_PASSWORD),
                "participants": [w.personas.own],
            }
        ),
    ),
]
