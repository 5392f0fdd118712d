"""Administrators configure the organisations' identity providers and the staff's sign-in
identities; the sign-in page offers the providers as buttons."""

from __future__ import annotations

from typing import Any

import pytest

from lotsa.accounts.models import IdentityProvider, SignInIdentity
from lotsa.audit.models import AuditEntry, AuditEvent

pytestmark = pytest.mark.django_db
SECRET = "a-client-secret-from-the-provider"


def provider_form(personas: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "organisation": personas.unit_a.organisation.pk,
        "name": "SITHS",
        "audience": "staff",
        "server_url": "https://idp.inera.example.test/oidc",
        "client_id": "lotsa-test",
        "client_secret": SECRET,
        "staff_claim": "hsa_id",
        "is_active": "on",
    } | overrides


def test_an_administrator_adds_a_provider_and_its_secret_is_never_shown(
    personas, client_for
) -> None:
    client = client_for(personas.administrator)
    response = client.post("/administration/identity-providers/new/", provider_form(personas))
    assert response.status_code == 302
    provider = IdentityProvider.objects.select_related("app").get()
    assert (provider.app.provider, provider.app.client_id, provider.app.secret) == (
        "openid_connect",
        "lotsa-test",
        SECRET,
    )
    assert provider.app.settings == {
        "server_url": "https://idp.inera.example.test/oidc",
        "oauth_pkce_enabled": True,
    }
    assert provider.staff_claim == "hsa_id"
    entry = AuditEntry.objects.get(event=AuditEvent.IDENTITY_PROVIDER_SAVED)
    assert SECRET not in str(entry.changes)
    page = client.get(f"/administration/identity-providers/{provider.pk}/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert f"/accounts/oidc/{provider.provider_id}/login/callback/" in page.content.decode()
    # Saved again without a secret, the secret stays.
    form = provider_form(personas, client_secret="", name="SITHS (Inera)")
    response = client.post(f"/administration/identity-providers/{provider.pk}/", form)
    assert response.status_code == 302
    provider.app.refresh_from_db()
    assert (provider.app.name, provider.app.secret) == ("SITHS (Inera)", SECRET)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"server_url": "http://idp.example.test"}, "server_url"),
        ({"client_secret": ""}, "client_secret"),
        ({"audience": "participants"}, "identity_claim"),
        ({"audience": "participants", "identity_claim": "cpr"}, "identity_country"),
    ],
)
def test_an_incomplete_provider_is_refused_at_its_field(
    personas, client_for, overrides, field
) -> None:
    client = client_for(personas.administrator)
    response = client.post(
        "/administration/identity-providers/new/", provider_form(personas, **overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not IdentityProvider.objects.exists()


def test_an_administrator_records_a_staff_members_sign_in_identity(personas, client_for) -> None:
    client = client_for(personas.administrator)
    client.post("/administration/identity-providers/new/", provider_form(personas))
    provider = IdentityProvider.objects.get()
    coach = personas.coach_a
    field = f"identity_{provider.pk}"
    page = client.get(f"/administration/staff/{coach.pk}/")
    assert field in page.context["form"].fields
    staff_form = {
        "username": coach.username,
        "first_name": coach.first_name,
        "last_name": coach.last_name,
        "is_active": "on",
        field: "SE2321000016-A1B2",
    }
    response = client.post(f"/administration/staff/{coach.pk}/", staff_form)
    assert response.status_code == 302
    assert SignInIdentity.objects.get(user=coach, provider=provider).value == "SE2321000016-A1B2"
    assert AuditEntry.objects.filter(event=AuditEvent.SIGN_IN_IDENTITY_SAVED).count() == 1
    # Another staff member cannot be given the same identity.
    other = personas.coach_b
    response = client.post(
        f"/administration/staff/{other.pk}/",
        staff_form | {"username": other.username, "first_name": other.first_name, "last_name": "B"},
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    # Emptied, the identity is forgotten.
    client.post(f"/administration/staff/{coach.pk}/", staff_form | {field: ""})
    assert not SignInIdentity.objects.filter(user=coach).exists()


def test_the_sign_in_page_offers_staff_and_participant_providers_apart(
    personas, client_for, client
) -> None:
    administrator = client_for(personas.administrator)
    administrator.post("/administration/identity-providers/new/", provider_form(personas))
    administrator.post(
        "/administration/identity-providers/new/",
        provider_form(
            personas,
            name="BankID",
            audience="participants",
            identity_claim="personal_identity_number",
            identity_country="SE",
        ),
    )
    administrator.post(
        "/administration/identity-providers/new/",
        provider_form(personas, name="Retired login", is_active=""),
    )
    page = client.get("/accounts/login/")
    staff = [p.app.name for p in page.context["staff_providers"]]
    participants = [p.app.name for p in page.context["participant_providers"]]
    assert (staff, participants) == (["SITHS"], ["BankID"])
    html = page.content.decode()
    for provider in IdentityProvider.objects.filter(is_active=True):
        assert f'action="/accounts/oidc/{provider.provider_id}/login/"' in html
    assert "Retired login" not in html


@pytest.mark.parametrize("persona", ["coach_a", "manager_a"])
def test_only_administrators_edit_identity_providers(personas, client_for, persona) -> None:
    administrator = client_for(personas.administrator)
    administrator.post("/administration/identity-providers/new/", provider_form(personas))
    provider = IdentityProvider.objects.get()
    client = client_for(getattr(personas, persona))
    assert client.get(f"/administration/identity-providers/{provider.pk}/").status_code == 403
    response = client.post(
        f"/administration/identity-providers/{provider.pk}/", provider_form(personas)
    )
    assert response.status_code == 403
