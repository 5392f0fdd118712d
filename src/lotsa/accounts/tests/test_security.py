from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotsa import settings as lotsa_settings
from lotsa.accounts.models import ApiToken
from lotsa.accounts.services import create_api_token, revoke_api_token
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"login": username, "password": password})


def test_passwords_are_hashed_with_argon2_in_the_application() -> None:
    assert lotsa_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_signing_in_is_recorded(personas) -> None:
    response = login(Client(), "coach_a", TEST_PASSWORD)
    assert response.status_code == 302
    assert (
        AuditEntry.objects.filter(event=AuditEvent.LOGIN_SUCCEEDED, actor=personas.coach_a).count()
        == 1
    )


def test_a_username_is_locked_after_repeated_failures(personas) -> None:
    client = Client()
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert login(client, "coach_a", "wrong-password").status_code == 200
    locked = login(client, "coach_a", "wrong-password")
    assert locked.status_code == 429
    # Even the right password is refused while the lock lasts, from another browser too.
    again = login(Client(), "coach_a", TEST_PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in again.client.session
    failures = AuditEntry.objects.filter(event=AuditEvent.LOGIN_FAILED, object_id="coach_a")
    assert failures.count() == settings.LOGIN_FAILURE_LIMIT
    # Another user is not affected.
    assert login(Client(), "colleague_a", TEST_PASSWORD).status_code == 302


def test_sessions_end_after_idle_time_and_cookies_are_protected() -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_a_session_is_kept_alive_by_requests_but_saved_at_most_once_a_minute(
    personas, clock
) -> None:
    clock.hold()
    client = Client()
    client.force_login(personas.coach_a)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry() -> datetime.datetime:
        return Session.objects.get(session_key=key).expire_date

    assert client.get("/").status_code == 200
    first = expiry()
    clock.advance(seconds=settings.SESSION_REFRESH_SECONDS - 1)
    with CaptureQueriesContext(connection) as seen:
        assert client.get("/").status_code == 200
    assert not [q for q in seen.captured_queries if "UPDATE" in q["sql"] and "session" in q["sql"]]
    assert expiry() == first
    clock.advance(seconds=1)
    assert client.get("/").status_code == 200
    assert expiry() > first
    assert expiry() > timezone.now() + datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)


def test_a_session_idle_past_its_age_signs_the_user_out(personas, clock) -> None:
    client = Client()
    client.force_login(personas.coach_a)
    assert client.get("/caseload/").status_code == 200
    clock.advance(minutes=settings.SESSION_IDLE_MINUTES, seconds=1)
    response = client.get("/caseload/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_stale_session_cookie_does_not_create_a_session() -> None:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key-at-all"
    client.get("/accounts/login/")
    assert not Session.objects.exists()


def test_pages_carry_a_content_security_policy(personas, client_for) -> None:
    response = client_for(personas.coach_a).get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_answers_to_signed_in_users_are_never_stored_by_browsers_or_proxies(
    personas, client_for, api_for
) -> None:
    pages = client_for(personas.coach_a)
    api = api_for(personas.coach_a)
    for answer in (
        pages.get("/participants/"),
        pages.get(f"/participants/{personas.own.pk}/"),
        pages.get(f"/participants/{personas.other_unit.pk}/"),  # refusals too
        api.get("/api/participants"),
        api.get(f"/api/participants/{personas.own.pk}"),
    ):
        directives = {part.strip() for part in answer["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, answer.request["PATH_INFO"]


def test_api_tokens_authenticate_until_revoked_or_expired(personas) -> None:
    token, key = create_api_token(actor=personas.coach_a, name="Integration")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix * 4) and stored.prefix == key[:8]
    client = Client(headers={"authorization": f"Bearer {key}"})
    assert client.get(f"/api/participants/{personas.own.pk}").status_code == 200
    assert (
        Client(headers={"authorization": "Bearer not-a-token"}).get("/api/participants").status_code
        == 401
    )
    revoke_api_token(actor=personas.coach_a, token=token)
    assert client.get(f"/api/participants/{personas.own.pk}").status_code == 401
    _expired, old_key = create_api_token(actor=personas.coach_a, name="Old")
    ApiToken.objects.filter(name="Old").update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert (
        Client(headers={"authorization": f"Bearer {old_key}"}).get("/api/participants").status_code
        == 401
    )


def test_token_page_shows_a_new_key_once_and_revokes(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    created = client.post("/accounts/tokens/", {"name": "Rapportverktyg"})
    assert created.status_code == 201
    key = created.context["new_key"]
    assert key and key in created.content.decode()
    listing = client.get("/accounts/tokens/")
    assert key not in listing.content.decode()
    token = ApiToken.objects.get(user=personas.coach_a)
    assert client.post("/accounts/tokens/", {"name": ""}).status_code == 400
    other = client_for(personas.coach_b).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert other.status_code == 404
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(
        event=AuditEvent.API_TOKEN_REVOKED, actor=personas.coach_a
    ).exists()


def run_lotsa(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "lotsa", *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_in_production_mode() -> None:
    result = run_lotsa(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "LOTSA_PRODUCTION": "True",
    "SECRET_KEY": "x" * 30 + "-synthetic-secret-key-for-the-check-" + "y" * 20,
    "ALLOWED_HOSTS": "lotsa.example.org",
    "LOTSA_AUDIT_KEY": "synthetic-audit-key-for-the-check-" + "z" * 20,
    "LOTSA_PSEUDONYM_KEY": "synthetic-pseudonym-key-for-the-check-" + "p" * 20,
    "LOTSA_AUDIT_CHECKPOINT_FILE": "/var/log/lotsa/audit-checkpoints.jsonl",
}


@pytest.mark.parametrize(
    ("unset", "said"),
    [
        ({"LOTSA_AUDIT_KEY": ""}, "LOTSA_AUDIT_KEY"),
        ({"LOTSA_PSEUDONYM_KEY": ""}, "LOTSA_PSEUDONYM_KEY"),
        ({"LOTSA_LINKING_STUDIES": "ips-follow-up"}, "LOTSA_LINKING_STUDIES must list"),
        ({"LOTSA_AUDIT_CHECKPOINT_FILE": ""}, "LOTSA_AUDIT_CHECKPOINT_FILE"),
        ({"LOTSA_AUDIT_CHECKPOINT_FILE": "/srv/lotsa/data/checkpoints.jsonl",
          "LOTSA_DATA_DIR": "/srv/lotsa/data"}, "outside LOTSA_DATA_DIR"),
    ],
)  # fmt: skip
def test_production_mode_requires_its_keys_and_checkpoints_outside_the_data(
    unset: dict[str, str], said: str
) -> None:
    result = run_lotsa("check", **(PRODUCTION | unset))
    assert result.returncode != 0
    assert said in result.stderr


def test_production_mode_requires_a_secret_key() -> None:
    result = run_lotsa(
        "check", LOTSA_PRODUCTION="True", ALLOWED_HOSTS="lotsa.example.org", SECRET_KEY=""
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_is_the_default_and_development_must_be_asked_for() -> None:
    without_keys = run_lotsa("check", LOTSA_PRODUCTION="")
    assert without_keys.returncode != 0
    assert "required in production mode" in without_keys.stderr
    assert "LOTSA_PRODUCTION=False" in without_keys.stderr
    show = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    production = run_lotsa(
        "shell", "-v", "0", "-c", show, **(PRODUCTION | {"LOTSA_PRODUCTION": ""})
    )
    assert production.stdout.split() == ["False", "True"], production.stderr
    development = run_lotsa("shell", "-v", "0", "-c", show, LOTSA_PRODUCTION="False")
    assert development.stdout.split() == ["True", "False"], development.stderr


def test_a_malformed_switch_stops_the_start_with_its_name() -> None:
    result = run_lotsa("check", LOTSA_PRODUCTION="yes")
    assert result.returncode != 0
    assert "LOTSA_PRODUCTION must be True or False" in result.stderr


def test_the_api_tells_a_token_whose_it_is(personas, api_for) -> None:
    body = api_for(personas.fk_caseworker).get("/api/me").json()
    assert body["username"] == "fk_caseworker"
    assert [(m["unit"], m["employer"], m["role"]) for m in body["memberships"]] == [
        ("AMiA Testby", "Försäkringskassan", "coach")
    ]
