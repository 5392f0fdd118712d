"""The rows of second factors, of sign-ins refused a password, and of participants' invitations."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from lotsa.accounts import services as accounts
from lotsa.audit.tests.audited.rows import Call, Case, E, World, one, refused, several
from lotsa.errors import DomainError
from lotsa.participant_space import invitations
from lotsa.people.models import Participant
from lotsa.testing.factories import EnrolmentFactory


def _authenticator_call(w: World, authenticator: Authenticator) -> Call:
    return Call(
        {
            "sender": Authenticator,
            "request": None,
            "user": w.personas.administrator,
            "authenticator": authenticator,
        }
    )


def _totp(w: World) -> Call:
    totp = TOTP.activate(w.personas.administrator, generate_totp_secret()).instance
    return _authenticator_call(w, totp)


def _recovery_codes(w: World) -> Call:
    return _authenticator_call(w, RecoveryCodes.activate(w.personas.administrator).instance)


def _anonymous(w: World) -> Participant:
    participant = Participant.objects.create(
        code_name="ANON-9", is_anonymous=True, identity_number=None, birth_year=1990
    )
    EnrolmentFactory.create(
        participant=participant, unit=w.personas.unit_a, responsible_staff=w.personas.coach_a
    )
    return participant


def _invite(w: World) -> Call:
    participant = _anonymous(w)
    return Call({"actor": w.personas.coach_a, "participant": participant}, participant.pk)


def _code(w: World) -> Call:
    participant = _anonymous(w)
    issued = invitations.create_invitation(actor=w.personas.coach_a, participant=participant)
    return Call({"code": issued.code}, participant.pk)


def _second_code(w: World) -> Call:
    participant = _anonymous(w)
    first = invitations.create_invitation(actor=w.personas.coach_a, participant=participant)
    invitations.redeem_invitation(code=first.code)
    issued = invitations.create_invitation(actor=w.personas.coach_a, participant=participant)
    return Call({"code": issued.code}, participant.pk)


SECOND_FACTOR_WRITES: list[Case] = [
    one(
        accounts.record_password_not_allowed,
        E.LOGIN_PASSWORD_NOT_ALLOWED,
        lambda w: Call({"person": w.personas.coach_a}),
    ),
    one(accounts.record_second_factor_added, E.SECOND_FACTOR_ADDED, _totp),
    one(accounts.record_second_factor_removed, E.SECOND_FACTOR_REMOVED, _totp),
    one(accounts.record_recovery_codes_generated, E.RECOVERY_CODES_GENERATED, _recovery_codes),
    one(invitations.create_invitation, E.INVITATION_CREATED, _invite),
    several(
        invitations.redeem_invitation,
        (E.PARTICIPANT_ACCOUNT_CREATED, E.INVITATION_REDEEMED),
        _code,
        "the first invitation makes the participant's account, and is used up by it",
    ),
    one(invitations.redeem_invitation, E.INVITATION_REDEEMED, _second_code, "account made before"),
    refused(
        invitations.redeem_invitation,
        E.INVITATION_REFUSED,
        lambda w: Call({"code": "AAAA-BBBB-CCCC"}),
        DomainError,
        "wrong code",
    ),
]
