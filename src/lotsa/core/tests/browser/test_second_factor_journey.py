"""Sign-ins with more than a password: an administrator asked for their authenticator app's
code, on a desktop screen and on a phone; and a participant without an eID who sets up a passkey
with an invitation code and signs in with it (Chromium's virtual authenticator standing in for
the phone's)."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from lotsa.participant_space.invitations import create_invitation
from lotsa.participant_space.models import ParticipantAccount
from lotsa.people.models import Participant
from lotsa.testing.factories import TEST_PASSWORD, EnrolmentFactory

pytestmark = pytest.mark.django_db(transaction=True)
SCREENS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.mark.parametrize("screen", SCREENS)
def test_an_administrator_with_a_password_is_asked_for_a_second_factor(
    personas: Any, visit: Any, screen: str
) -> None:
    secret = generate_totp_secret()
    TOTP.activate(personas.administrator, secret)
    page = visit.page
    page.set_viewport_size(SCREENS[screen])

    visit.sign_in(personas.administrator.username, TEST_PASSWORD, second_factor=False)
    assert page.url.endswith("/accounts/2fa/authenticate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tvåfaktorsautentisering"
    code = page.get_by_label("Kod")
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"
    code.fill(wrong)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in", exact=True).click()
    visit.check_accessibility()
    assert page.url.endswith("/accounts/2fa/authenticate/")
    assert page.locator(".errorlist").is_visible()

    page.get_by_label("Kod").fill(current_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in", exact=True).click()
    visit.check_accessibility()
    assert not page.url.endswith("/accounts/2fa/authenticate/")
    visit.go("/administration/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert "/accounts/" not in page.url


def test_an_administrator_without_a_second_factor_adds_an_authenticator_app(
    personas: Any, visit: Any
) -> None:
    page = visit.page
    visit.sign_in(personas.administrator.username, TEST_PASSWORD, second_factor=False)
    assert page.url.endswith("/accounts/2fa/")
    visit.go("/administration/")
    assert page.url.endswith("/accounts/2fa/")  # held until a factor is added
    with page.expect_navigation():
        page.locator('a[href="/accounts/2fa/totp/activate/"]').click()
    visit.check_accessibility()
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)  # asked again before adding a factor
    with page.expect_navigation():
        page.locator('main form[action="/accounts/reauthenticate/"] button').click()
    visit.check_accessibility()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Autentiseringskod").fill(current_code(secret))
    with page.expect_navigation():
        page.locator('main form[action="/accounts/2fa/totp/activate/"] button').click()
    visit.check_accessibility()
    assert page.url.endswith("/accounts/2fa/recovery-codes/")
    visit.go("/administration/")
    assert page.url.endswith("/administration/")


def test_a_participant_sets_up_a_passkey_with_an_invitation_and_signs_in_with_it(
    personas: Any, visit: Any
) -> None:
    participant = Participant.objects.create(
        code_name="ANON-2", is_anonymous=True, identity_number=None, birth_year=1991
    )
    EnrolmentFactory.create(
        participant=participant, unit=personas.unit_a, responsible_staff=personas.coach_a
    )
    code = create_invitation(actor=personas.coach_a, participant=participant).code
    page = visit.page
    page.set_viewport_size(SCREENS["phone"])
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    visit.go("/me/invitation/")
    page.get_by_label("Inbjudningskod").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Fortsätt").click()
    visit.check_accessibility()
    assert page.url.endswith("/me/invitation/passkey/")
    with page.expect_navigation():
        page.locator("#passkey_create").click()
    visit.check_accessibility()
    assert page.url.endswith("/me/")
    account = ParticipantAccount.objects.get(participants=participant)
    assert account.user.authenticator_set.count() == 1

    visit.sign_out()
    visit.go("/accounts/login/")
    with page.expect_navigation(url="**/me/"):
        page.locator("#passkey_login").click()
    visit.check_accessibility()
    assert page.url.endswith("/me/")
