"""The rows of sign-in through identity providers: their configuration, the staff's sign-in
identities, the participants' accounts made by eID, and the refusals."""

from __future__ import annotations

import datetime
from typing import Any

from lotsa.accounts import services as accounts
from lotsa.accounts.models import IdentityProvider, ProviderAudience
from lotsa.audit.tests.audited.rows import Call, Case, E, World, one
from lotsa.participant_space import services as own_space
from lotsa.testing.factories import EnrolmentFactory, ParticipantFactory, swedish_number


def _provider_values(w: World, audience: str = ProviderAudience.STAFF) -> dict[str, Any]:
    return {
        "actor": w.personas.administrator,
        "organisation": w.personas.unit_a.organisation,
        "name": "SITHS" if audience == ProviderAudience.STAFF else "BankID",
        "server_url": "https://idp.example.test",
        "client_id": "lotsa",
        "client_secret": "secret-of-the-test",
        "audience": audience,
        "identity_claim": "personal_identity_number",
        "identity_country": "SE",
    }


def _provider(w: World, audience: str = ProviderAudience.STAFF) -> IdentityProvider:
    return accounts.save_identity_provider(provider=None, **_provider_values(w, audience))


def _participant_sign_in(w: World) -> Call:
    number = swedish_number(datetime.date(1977, 7, 7), 321).replace("-", "")
    participant = EnrolmentFactory(
        participant=ParticipantFactory(identity_number=number)
    ).participant
    return Call(
        {
            "provider": _provider(w, ProviderAudience.PARTICIPANTS),
            "subject": "broker-subject",
            "identity_number": number,
            "participants": [participant],
        }
    )


IDENTITY_PROVIDER_WRITES: list[Case] = [
    one(
        accounts.save_identity_provider,
        E.IDENTITY_PROVIDER_SAVED,
        lambda w: Call({"provider": None, **_provider_values(w)}),
    ),
    one(
        accounts.save_sign_in_identity,
        E.SIGN_IN_IDENTITY_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.administrator,
                "staff": w.personas.coach_a,
                "provider": _provider(w),
                "value": "SE2321000016-1234",
            }
        ),
    ),
    one(
        accounts.link_staff_sign_in,
        E.SIGN_IN_IDENTITY_SAVED,
        lambda w: Call(
            {"user": w.personas.coach_a, "provider": _provider(w), "subject": "a-subject"}
        ),
    ),
    one(own_space.sign_in_with_eid, E.PARTICIPANT_ACCOUNT_CREATED, _participant_sign_in),
    one(
        accounts.refuse_provider_sign_in,
        E.LOGIN_PROVIDER_REFUSED,
        lambda w: Call({"provider_id": "testkommun-siths", "reason": "unknown_subject"}),
    ),
]
