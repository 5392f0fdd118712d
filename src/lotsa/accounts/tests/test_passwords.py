"""Changing a password, whoever does it: the new one must be new, API tokens are revoked, and
the change is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command
from django.test import Client

from lotsa.accounts import services
from lotsa.accounts.models import ApiToken
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError
from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-nytt-lösenord-42"


def tokens_of(user) -> list[ApiToken]:  # type: ignore[no-untyped-def]
    services.create_api_token(actor=user, name="Rapportverktyg")
    services.create_api_token(actor=user, name="Schemaläggare")
    return list(ApiToken.objects.filter(user=user))


def assert_tokens_revoked_for_the_password_change(tokens: list[ApiToken], actor) -> None:  # type: ignore[no-untyped-def]
    for token in tokens:
        token.refresh_from_db()
        assert token.revoked_at is not None
    revoked = AuditEntry.objects.filter(event=AuditEvent.API_TOKEN_REVOKED)
    assert sorted(
        (entry.object_id, entry.actor, entry.changes["reason"]) for entry in revoked
    ) == sorted((str(token.pk), actor, "password_changed") for token in tokens)


def change_own(client: Client, old: str, new: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_changing_ones_password_revokes_ones_api_tokens_and_is_audited(
    personas, client_for
) -> None:
    tokens = tokens_of(personas.coach_a)
    _other, other_key = services.create_api_token(actor=personas.coach_b, name="Annan")
    script_key = services.create_api_token(actor=personas.coach_a, name="Skript")[1]
    client = client_for(personas.coach_a)
    response = change_own(client, TEST_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    personas.coach_a.refresh_from_db()
    assert personas.coach_a.check_password(NEW_PASSWORD)
    # The browser that changed it stays signed in; the old tokens no longer work.
    assert client.get("/accounts/tokens/").status_code == 200
    assert (
        Client(headers={"authorization": f"Bearer {script_key}"}).get("/api/me").status_code == 401
    )
    assert_tokens_revoked_for_the_password_change(
        [*tokens, ApiToken.objects.get(name="Skript")], personas.coach_a
    )
    # Other people's tokens are untouched.
    assert (
        Client(headers={"authorization": f"Bearer {other_key}"}).get("/api/me").status_code == 200
    )
    [change] = AuditEntry.objects.filter(event=AuditEvent.PASSWORD_CHANGED)
    assert (change.actor, change.object_type, change.object_id) == (
        personas.coach_a,
        "accounts.user",
        str(personas.coach_a.pk),
    )
    assert change.changes == {"api_tokens_revoked": 3}


def test_the_current_password_cannot_be_the_new_one(personas, client_for) -> None:
    tokens = tokens_of(personas.coach_a)
    response = change_own(client_for(personas.coach_a), TEST_PASSWORD, TEST_PASSWORD)
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors["new_password2"]] == ["password_unchanged"]
    assert all(
        token.revoked_at is None for token in ApiToken.objects.filter(pk__in=[t.pk for t in tokens])
    )
    assert not AuditEntry.objects.filter(event=AuditEvent.PASSWORD_CHANGED).exists()


def test_a_wrong_current_password_changes_nothing(personas, client_for) -> None:
    response = change_own(client_for(personas.coach_a), "not-the-password", NEW_PASSWORD)
    assert response.status_code == 400
    assert "old_password" in response.context["form"].errors
    personas.coach_a.refresh_from_db()
    assert personas.coach_a.check_password(TEST_PASSWORD)
    assert not AuditEntry.objects.filter(event=AuditEvent.PASSWORD_CHANGED).exists()


def staff_details(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        field: getattr(user, field)
        for field in ("username", "first_name", "last_name", "email", "title", "phone")
    }


def test_an_administrator_setting_a_password_revokes_the_tokens_and_is_audited(
    personas,
) -> None:
    tokens = tokens_of(personas.coach_a)
    services.save_staff(
        actor=personas.administrator,
        staff=personas.coach_a,
        password=NEW_PASSWORD,
        **staff_details(personas.coach_a),
    )
    personas.coach_a.refresh_from_db()
    assert personas.coach_a.check_password(NEW_PASSWORD)
    assert_tokens_revoked_for_the_password_change(tokens, personas.administrator)
    [change] = AuditEntry.objects.filter(event=AuditEvent.PASSWORD_CHANGED)
    assert (change.actor, change.object_id) == (personas.administrator, str(personas.coach_a.pk))
    # Changing only other details keeps the password and the tokens.
    services.save_staff(
        actor=personas.administrator,
        staff=personas.coach_a,
        **staff_details(personas.coach_a) | {"title": "Arbetsspecialist"},
    )
    assert AuditEntry.objects.filter(event=AuditEvent.PASSWORD_CHANGED).count() == 1


def test_an_administrator_cannot_set_the_current_password_again(personas) -> None:
    with pytest.raises(DomainError) as refused:
        services.save_staff(
            actor=personas.administrator,
            staff=personas.coach_a,
            password=TEST_PASSWORD,
            **staff_details(personas.coach_a),
        )
    assert "password" in refused.value.errors


def test_the_changepassword_command_follows_the_same_rules(personas, monkeypatch) -> None:
    tokens = tokens_of(personas.coach_a)
    answers = iter([TEST_PASSWORD, TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("changepassword", "coach_a")
    personas.coach_a.refresh_from_db()
    assert personas.coach_a.check_password(NEW_PASSWORD)
    assert_tokens_revoked_for_the_password_change(tokens, None)
    [change] = AuditEntry.objects.filter(event=AuditEvent.PASSWORD_CHANGED)
    assert change.actor is None and change.object_id == str(personas.coach_a.pk)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    with pytest.raises(CommandError):
        call_command("changepassword", "coach_a")


def test_accounts_can_share_a_password_hashed_once(personas) -> None:
    hashed = make_password(NEW_PASSWORD)
    created = [
        services.save_staff(
            actor=personas.administrator,
            staff=None,
            username=username,
            first_name="Signe",
            last_name="Holm",
            email="",
            password_hash=hashed,
        )
        for username in ("signe.holm", "signe.holm2")
    ]
    assert all(user.password == hashed and user.check_password(NEW_PASSWORD) for user in created)
    assert AuditEntry.objects.filter(
        event=AuditEvent.USER_CREATED, object_id__in=[str(user.pk) for user in created]
    ).count() == len(created)
    with pytest.raises(ValueError, match="hashing algorithm"):
        services.save_staff(
            actor=personas.administrator,
            staff=None,
            username="signe.holm3",
            first_name="Signe",
            last_name="Holm",
            email="",
            password_hash=NEW_PASSWORD,
        )
