"""Sign-in through an identity provider, end to end against a real OpenID Connect provider on
loopback: the provider's login form over HTTP, Lotsa's side through the test client."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from lotsa.accounts.models import IdentityProvider, ProviderAudience, User
from lotsa.accounts.services import save_identity_provider, save_sign_in_identity
from lotsa.accounts.sign_in_method import PROVIDER_PREFIX, SESSION_KEY
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.participant_space.models import ParticipantAccount
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    swedish_number,
)
from lotsa.testing.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    RunningProvider,
    running_provider,
)
from lotsa.testing.oidc_provider.hooks import EXPIRED, IDENTITY_NUMBER_CLAIM, WRONG_AUDIENCE

pytestmark = pytest.mark.django_db

# The providers' ids follow from the organisation's and the button's names; the test provider
# knows Lotsa's callback addresses before Lotsa's providers exist.
ORGANISATION = "Testkommun"
STAFF_PROVIDER_ID = "testkommun-siths"
PARTICIPANT_PROVIDER_ID = "testkommun-bankid"
COACH = "anna.coach"
STRANGER = "stranger"
ENROLLED = "eid-enrolled"
NOT_ENROLLED = "eid-not-enrolled"
BAD_NUMBER = "eid-bad-number"
ENROLLED_NUMBER = swedish_number(datetime.date(1975, 5, 5), 123)
NOT_ENROLLED_NUMBER = swedish_number(datetime.date(1982, 2, 2), 456)


def callback_uri(provider_id: str, origin: str = "http://testserver") -> str:
    return f"{origin}/accounts/oidc/{provider_id}/login/callback/"


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProvider]:
    with running_provider(
        tmp_path_factory.mktemp("provider") / "provider.sqlite3",
        redirect_uris=[callback_uri(STAFF_PROVIDER_ID), callback_uri(PARTICIPANT_PROVIDER_ID)],
        users=[COACH, WRONG_AUDIENCE, EXPIRED, STRANGER, ENROLLED, NOT_ENROLLED, BAD_NUMBER],
        identity_numbers={
            ENROLLED: ENROLLED_NUMBER.replace("-", ""),
            NOT_ENROLLED: NOT_ENROLLED_NUMBER.replace("-", ""),
            # The check digit off by one.
            BAD_NUMBER: ENROLLED_NUMBER.replace("-", "")[:-1]
            + str((int(ENROLLED_NUMBER[-1]) + 1) % 10),
        },
    ) as running:
        yield running


@dataclass
class Lotsa:
    staff_provider: IdentityProvider
    participant_provider: IdentityProvider
    coach: User
    provider: RunningProvider

    def sign_in(self, client: Client, provider: IdentityProvider, username: str) -> str:
        """Start at Lotsa's button, sign in at the provider: the callback path to open."""
        response = client.post(f"/accounts/oidc/{provider.provider_id}/login/")
        assert response.status_code == 302
        callback = self.provider.sign_in(response["Location"], username)
        assert callback.startswith(callback_uri(provider.provider_id))
        return callback.removeprefix("http://testserver")


@pytest.fixture
def lotsa(identity_provider: RunningProvider) -> Lotsa:
    administrator = UserFactory(is_superuser=True)
    organisation = OrganisationFactory(name=ORGANISATION)
    common: dict[str, Any] = {
        "actor": administrator,
        "provider": None,
        "organisation": organisation,
        "server_url": identity_provider.url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    staff_provider = save_identity_provider(**common, name="SITHS", audience=ProviderAudience.STAFF)
    participant_provider = save_identity_provider(
        **common,
        name="BankID",
        audience=ProviderAudience.PARTICIPANTS,
        identity_claim=IDENTITY_NUMBER_CLAIM,
        identity_country="SE",
    )
    assert (staff_provider.provider_id, participant_provider.provider_id) == (
        STAFF_PROVIDER_ID,
        PARTICIPANT_PROVIDER_ID,
    )
    coach = MembershipFactory(user__username="coach").user
    for user, subject in [
        (coach, COACH),
        (UserFactory(), WRONG_AUDIENCE),
        (UserFactory(), EXPIRED),
    ]:
        save_sign_in_identity(
            actor=administrator, staff=user, provider=staff_provider, value=subject
        )
    return Lotsa(staff_provider, participant_provider, coach, identity_provider)


def signed_in(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def refusals() -> list[dict[str, Any]]:
    return [
        entry.changes
        for entry in AuditEntry.objects.filter(event=AuditEvent.LOGIN_PROVIDER_REFUSED)
    ]


def successes() -> int:
    return AuditEntry.objects.filter(event=AuditEvent.LOGIN_SUCCEEDED).count()


def test_a_mapped_staff_member_signs_in_through_the_provider(lotsa: Lotsa) -> None:
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.staff_provider, COACH))
    assert response.status_code == 302
    assert signed_in(client) == lotsa.coach.pk
    assert client.session[SESSION_KEY] == PROVIDER_PREFIX + STAFF_PROVIDER_ID
    assert AuditEntry.objects.filter(event=AuditEvent.LOGIN_SUCCEEDED, actor=lotsa.coach).exists()
    # The next sign-in finds the link the first one made.
    client.logout()
    client.get(lotsa.sign_in(client, lotsa.staff_provider, COACH))
    assert signed_in(client) == lotsa.coach.pk


@pytest.mark.parametrize("username", [WRONG_AUDIENCE, EXPIRED])
def test_an_id_token_for_another_client_or_expired_is_refused(lotsa: Lotsa, username: str) -> None:
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.staff_provider, username))
    assert response.status_code == 401
    assert signed_in(client) is None
    assert successes() == 0
    # The refusal is in the audit trail with the check the token failed.
    expected = {WRONG_AUDIENCE: "InvalidAudienceError", EXPIRED: "ExpiredSignatureError"}
    assert refusals() == [{"reason": "authentication_error", "detail": expected[username]}]


def test_a_replayed_callback_is_refused(lotsa: Lotsa) -> None:
    client = Client()
    callback = lotsa.sign_in(client, lotsa.staff_provider, COACH)
    client.get(callback)
    assert signed_in(client) == lotsa.coach.pk
    # The same session: its state was spent by the first use.
    response = client.get(callback)
    assert response.status_code == 401
    assert successes() == 1
    assert [refusal["reason"] for refusal in refusals()] == ["authentication_error"]
    # Another browser with the address (a leaked link) gets nobody signed in either.
    elsewhere = Client()
    response = elsewhere.get(callback)
    assert response.status_code == 401
    assert signed_in(elsewhere) is None
    assert successes() == 1


def test_an_unknown_subject_is_refused_with_a_page_and_an_audit_entry(lotsa: Lotsa) -> None:
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.staff_provider, STRANGER))
    assert response.status_code == 403
    assert "accounts/provider_refused.html" in [t.name for t in response.templates]
    assert signed_in(client) is None
    assert refusals() == [{"reason": "unknown_subject"}]
    assert not User.objects.filter(username__icontains=STRANGER).exists()


def test_an_inactive_staff_member_is_refused(lotsa: Lotsa) -> None:
    User.objects.filter(pk=lotsa.coach.pk).update(is_active=False)
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.staff_provider, COACH))
    assert response.status_code == 403
    assert signed_in(client) is None
    assert refusals() == [{"reason": "account_inactive"}]


def enrolled_participant() -> Any:
    return EnrolmentFactory(
        participant=ParticipantFactory(identity_number=ENROLLED_NUMBER.replace("-", ""))
    ).participant


def test_a_participant_with_an_enrolment_signs_in_with_eid_and_lands_in_their_space(
    lotsa: Lotsa,
) -> None:
    participant = enrolled_participant()
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.participant_provider, ENROLLED))
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    account = ParticipantAccount.objects.get()
    assert signed_in(client) == account.user_id
    assert account.user.is_participant
    assert not account.user.has_usable_password()
    assert ENROLLED_NUMBER.replace("-", "")[-4:] not in account.user.username
    assert (account.identity_country, account.identity_number) == (
        "SE",
        participant.identity_number,
    )
    assert list(account.participants.all()) == [participant]
    assert AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_ACCOUNT_CREATED).count() == 1
    assert client.session[SESSION_KEY] == PROVIDER_PREFIX + PARTICIPANT_PROVIDER_ID
    # The second sign-in is the same account.
    client.logout()
    client.get(lotsa.sign_in(client, lotsa.participant_provider, ENROLLED))
    assert signed_in(client) == account.user_id
    assert ParticipantAccount.objects.count() == 1


def test_an_eid_whose_number_has_no_enrolment_is_refused(lotsa: Lotsa) -> None:
    ParticipantFactory(identity_number=NOT_ENROLLED_NUMBER.replace("-", ""))
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.participant_provider, NOT_ENROLLED))
    assert response.status_code == 403
    assert response.context["for_participants"] is True
    assert signed_in(client) is None
    assert refusals() == [{"reason": "no_enrolment"}]
    assert not ParticipantAccount.objects.exists()


def test_a_staff_provider_does_not_sign_in_a_participant_account(lotsa: Lotsa) -> None:
    enrolled_participant()
    client = Client()
    client.get(lotsa.sign_in(client, lotsa.participant_provider, ENROLLED))
    account = ParticipantAccount.objects.get()
    client.logout()
    administrator = User.objects.get(is_superuser=True)
    with pytest.raises(Exception, match="eID"):
        save_sign_in_identity(
            actor=administrator,
            staff=account.user,
            provider=lotsa.staff_provider,
            value=ENROLLED,
        )
    response = client.get(lotsa.sign_in(client, lotsa.staff_provider, ENROLLED))
    assert response.status_code == 403
    assert signed_in(client) is None
    assert refusals() == [{"reason": "unknown_subject"}]


def test_an_eid_number_that_is_no_valid_number_is_refused(lotsa: Lotsa) -> None:
    enrolled_participant()
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.participant_provider, BAD_NUMBER))
    assert response.status_code == 403
    assert signed_in(client) is None
    assert refusals() == [{"reason": "identity_number_invalid"}]
    assert not ParticipantAccount.objects.exists()


def test_a_provider_no_longer_offered_signs_nobody_in(lotsa: Lotsa) -> None:
    IdentityProvider.objects.filter(pk=lotsa.staff_provider.pk).update(is_active=False)
    client = Client()
    response = client.get(lotsa.sign_in(client, lotsa.staff_provider, COACH))
    assert response.status_code == 403
    assert signed_in(client) is None
    assert refusals() == [{"reason": "provider_not_configured"}]
