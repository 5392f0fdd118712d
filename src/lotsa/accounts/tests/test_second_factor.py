"""The second factor of password sign-ins for roles that reach beyond one unit, and the roles
an installation moves off passwords."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from lotsa.accounts.models import User
from lotsa.accounts.secondfactor import PENDING_SESSION_KEY
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.organisations.models import Role
from lotsa.testing.factories import TEST_PASSWORD, ParticipantAccountFactory
from lotsa.testing.personas import Personas

pytestmark = pytest.mark.django_db

SIGNED_IN = "_auth_user_id"
SECOND_FACTOR_PAGE = "/accounts/2fa/authenticate/"
ADD_SECOND_FACTOR_PAGE = "/accounts/2fa/"
STAFF_PAGES = ("/", "/administration/", "/accounts/tokens/")


def sign_in(client: Client, username: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"login": username, "password": password})


def current_code(secret: str) -> str:
    """The code an authenticator app shows now, computed as allauth checks it."""
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def with_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def entries(event: AuditEvent, user: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(event=event, actor=user).values_list("changes__type", flat=True)
    )


def test_a_coach_signing_in_with_a_password_is_not_asked_for_a_second_factor(personas) -> None:
    client = Client()
    response = sign_in(client, "coach_a")
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session[SIGNED_IN] == str(personas.coach_a.pk)
    assert PENDING_SESSION_KEY not in client.session
    assert client.get("/participants/").status_code == 200


def test_an_administrator_with_an_authenticator_app_is_asked_for_its_code(personas) -> None:
    secret = with_totp(personas.administrator)
    client = Client()
    response = sign_in(client, "administrator")
    assert response.status_code == 302
    assert response.url == SECOND_FACTOR_PAGE
    assert SIGNED_IN not in client.session
    page = client.get(SECOND_FACTOR_PAGE)
    assert page.status_code == 200
    assert b'<html lang="sv">' in page.content  # Lotsa's frame
    assert b'<main id="main"' in page.content

    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"
    refused = client.post(SECOND_FACTOR_PAGE, {"code": wrong})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert SIGNED_IN not in client.session

    admitted = client.post(SECOND_FACTOR_PAGE, {"code": current_code(secret)})
    assert admitted.status_code == 302
    assert client.session[SIGNED_IN] == str(personas.administrator.pk)
    assert client.get("/administration/").status_code == 200


def test_an_identity_provider_sign_in_is_not_asked_for_a_second_factor(personas) -> None:
    """The stage steps aside for a sign-in that carries a social login."""
    from allauth.account.models import Login

    from lotsa.accounts.secondfactor import PasswordSecondFactorStage

    with_totp(personas.administrator)
    through_provider = Login(user=personas.administrator, signal_kwargs={"sociallogin": object()})
    with_password = Login(user=personas.administrator, signal_kwargs={})
    controller = type("Controller", (), {"state": {}})()
    request = Client().request().wsgi_request
    assert not PasswordSecondFactorStage(controller, request, through_provider)._should_handle(
        request
    )
    assert PasswordSecondFactorStage(controller, request, with_password)._should_handle(request)


def test_an_administrator_without_a_second_factor_is_held_until_they_add_one(
    personas, django_capture_on_commit_callbacks
) -> None:
    administrator = personas.administrator
    client = Client()
    assert sign_in(client, "administrator").status_code == 302
    assert client.session[SIGNED_IN] == str(administrator.pk)
    for path in STAFF_PAGES:
        response = client.get(path)
        assert (response.status_code, response.url) == (302, ADD_SECOND_FACTOR_PAGE), path
    assert client.get(ADD_SECOND_FACTOR_PAGE).status_code == 200
    # The language can be chosen on the way.
    chosen = client.post("/i18n/setlang/", {"language": "en", "next": ADD_SECOND_FACTOR_PAGE})
    assert (chosen.status_code, chosen.url) == (302, ADD_SECOND_FACTOR_PAGE)
    assert b'<html lang="en">' in client.get(ADD_SECOND_FACTOR_PAGE).content

    # Adding the authenticator app asks for the password again, then for the app's first code.
    activate = "/accounts/2fa/totp/activate/"
    asked = client.get(activate)
    assert asked.status_code == 302
    assert asked.url.startswith("/accounts/reauthenticate/")
    assert client.post(asked.url, {"password": TEST_PASSWORD}).status_code == 302
    page = client.get(activate)
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content  # the QR code to scan
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(activate, {"code": current_code(secret)})
    assert added.status_code == 302
    assert added.url == "/accounts/2fa/recovery-codes/"  # offered at once
    offered = client.get(added.url)
    codes = RecoveryCodes.activate(administrator).generate_codes()
    assert codes[0] in offered.content.decode()
    assert b"mfa/js/recovery_codes.js" in offered.content  # allauth's script, in Lotsa's frame

    assert Authenticator.objects.filter(user=administrator, type=Authenticator.Type.TOTP).exists()
    # The recovery codes are made within the app's activation, which allauth announces once
    # it is committed.
    assert entries(AuditEvent.SECOND_FACTOR_ADDED, administrator) == [
        Authenticator.Type.RECOVERY_CODES,
        Authenticator.Type.TOTP,
    ]
    for path in STAFF_PAGES:
        assert client.get(path).status_code == 200, path


def test_a_recovery_code_lets_in_once(personas) -> None:
    administrator = personas.administrator
    with_totp(administrator)
    code = RecoveryCodes.activate(administrator).generate_codes()[0]

    first = Client()
    sign_in(first, "administrator")
    assert first.post(SECOND_FACTOR_PAGE, {"code": code}).status_code == 302
    assert first.session[SIGNED_IN] == str(administrator.pk)

    again = Client()
    sign_in(again, "administrator")
    refused = again.post(SECOND_FACTOR_PAGE, {"code": code})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert SIGNED_IN not in again.session


def test_removing_a_factor_and_new_recovery_codes_are_audited(
    personas, django_capture_on_commit_callbacks
) -> None:
    administrator = personas.administrator
    secret = with_totp(administrator)
    RecoveryCodes.activate(administrator)
    client = Client()
    sign_in(client, "administrator")
    client.post(SECOND_FACTOR_PAGE, {"code": current_code(secret)})
    reauthenticate = client.get("/accounts/2fa/recovery-codes/generate/")
    assert reauthenticate.status_code == 302
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/2fa/recovery-codes/generate/").status_code == 302
    assert entries(AuditEvent.RECOVERY_CODES_GENERATED, administrator) == [
        Authenticator.Type.RECOVERY_CODES
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    # The last factor gone, its recovery codes go with it.
    assert entries(AuditEvent.SECOND_FACTOR_REMOVED, administrator) == [
        Authenticator.Type.RECOVERY_CODES,
        Authenticator.Type.TOTP,
    ]


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.MANAGER, Role.ANALYST, Role.FIDELITY_REVIEWER]
)
def test_every_role_beyond_one_unit_must_add_a_second_factor(personas, role: str) -> None:
    username = {
        Role.ADMINISTRATOR: "administrator",
        Role.MANAGER: "manager_a",
        Role.ANALYST: "analyst",
        Role.FIDELITY_REVIEWER: "reviewer",
    }[role]
    client = Client()
    sign_in(client, username)
    assert client.session[PENDING_SESSION_KEY] is True


# ------------------------------------------------------------------ passwords off per role


def test_a_coach_is_refused_a_password_when_coaches_sign_in_through_their_organisation(
    personas, settings
) -> None:
    settings.PASSWORD_SIGN_IN_DISABLED_FOR = [Role.COACH]
    client = Client()
    response = sign_in(client, "coach_a")
    assert response.status_code == 200
    assert SIGNED_IN not in client.session
    form = response.context["form"]
    assert len(form.errors["password"]) == 1  # at the field, not above the form
    assert form.non_field_errors() == []
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.LOGIN_PASSWORD_NOT_ALLOWED, object_id=str(personas.coach_a.pk)
        ).count()
        == 1
    )
    # Another role still signs in with its password.
    assert sign_in(Client(), "leader_a").status_code == 302


def test_a_wrong_password_of_such_a_role_is_an_ordinary_failure(personas, settings) -> None:
    settings.PASSWORD_SIGN_IN_DISABLED_FOR = [Role.COACH]
    assert sign_in(Client(), "coach_a", "not-the-password").status_code == 200
    assert not AuditEntry.objects.filter(event=AuditEvent.LOGIN_PASSWORD_NOT_ALLOWED).exists()


def test_participants_can_be_refused_passwords(settings, personas: Personas) -> None:
    participant = ParticipantAccountFactory.create(
        user__username="participant_p", participants=[personas.own]
    ).user
    assert sign_in(Client(), "participant_p").url == "/me/"

    settings.PASSWORD_SIGN_IN_DISABLED_FOR = ["participant"]
    client = Client()
    assert sign_in(client, "participant_p").status_code == 200
    assert SIGNED_IN not in client.session
    assert AuditEntry.objects.filter(
        event=AuditEvent.LOGIN_PASSWORD_NOT_ALLOWED, object_id=str(participant.pk)
    ).exists()


# ------------------------------------------------------------------ allauth's pages in Lotsa's frame

SCRIPT = re.compile(rb"<script([^>]*)>", re.IGNORECASE)


def scripts_that_would_run_inline(content: bytes) -> list[bytes]:
    """Script elements the content security policy would block: neither a file of our own nor
    a data block (JSON, which a browser does not run)."""
    return [
        attributes
        for attributes in SCRIPT.findall(content)
        if b"src=" not in attributes and b'type="application/json"' not in attributes
    ]


@pytest.mark.parametrize(
    ("path", "swedish_heading"),
    [
        ("/accounts/2fa/", "Tvåfaktorsautentisering"),
        ("/accounts/2fa/totp/activate/", "Aktivera autentiseringsapp"),
        ("/accounts/2fa/webauthn/add/", "Lägg till säkerhetsnyckel"),
        ("/accounts/2fa/recovery-codes/generate/", "Återställningskoder"),
        ("/accounts/reauthenticate/", "Bekräfta åtkomst"),
    ],
)
def test_the_second_factor_pages_are_lotsa_pages(
    personas, client_for, path: str, swedish_heading: str
) -> None:
    client = client_for(personas.administrator)
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    response = client.get(path)
    assert response.status_code == 200
    content = response.content
    assert b'<html lang="sv">' in content
    assert b'<a class="skip-link" href="#main">' in content
    assert scripts_that_would_run_inline(content) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # allauth's own words come in Swedish from its catalogue.
    heading = re.findall(r"<h1>(.*?)</h1>", content.decode(), re.S)
    assert [text.strip() for text in heading] == [swedish_heading]


def test_the_second_factor_code_field_is_labelled(personas) -> None:
    with_totp(personas.administrator)
    client = Client()
    sign_in(client, "administrator")
    content = client.get(SECOND_FACTOR_PAGE).content.decode()
    field_id = re.search(r'<input[^>]*name="code"[^>]*id="([^"]+)"', content)
    assert field_id is not None
    assert f'<label for="{field_id.group(1)}">' in content
