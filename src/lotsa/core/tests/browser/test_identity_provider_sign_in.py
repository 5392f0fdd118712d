"""Journey: a staff member signs in through their organisation's identity provider (a real
OpenID Connect provider on loopback); a person the provider knows but Lotsa does not is shown
why they are refused. Lotsa's pages are checked by axe-core; the provider's are not Lotsa's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lotsa.accounts.models import ProviderAudience
from lotsa.accounts.services import save_identity_provider, save_sign_in_identity
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from lotsa.testing.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    RunningProvider,
    running_provider,
)
from lotsa.testing.oidc_provider.credentials import password_of

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER_ID = "browserkommun-siths"
COACH = "karin.coach"
STRANGER = "stranger"


@pytest.fixture(scope="module")
def identity_provider(
    live_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningProvider]:
    with running_provider(
        tmp_path_factory.mktemp("provider") / "provider.sqlite3",
        redirect_uris=[f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"],
        users=[COACH, STRANGER],
    ) as running:
        yield running


def sign_in_at_provider(visit: Any, username: str) -> None:
    visit.go("/accounts/login/")
    with visit.page.expect_navigation():
        visit.page.get_by_role("button", name="SITHS").click()
    visit.page.locator("input[name=username]").fill(username)
    visit.page.locator("input[name=password]").fill(password_of(username))
    with visit.page.expect_navigation():
        visit.page.locator("button[type=submit]").click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()


def test_a_staff_member_signs_in_through_the_loopback_provider(
    identity_provider: RunningProvider, visit: Any
) -> None:
    administrator = UserFactory(is_superuser=True)
    provider = save_identity_provider(
        actor=administrator,
        provider=None,
        organisation=OrganisationFactory(name="Browserkommun"),
        name="SITHS",
        server_url=identity_provider.url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        audience=ProviderAudience.STAFF,
    )
    assert provider.provider_id == PROVIDER_ID
    coach = MembershipFactory(user__first_name="Karin", user__last_name="Coach").user
    save_sign_in_identity(actor=administrator, staff=coach, provider=provider, value=COACH)

    sign_in_at_provider(visit, STRANGER)
    assert visit.page.get_by_role("heading", level=1).is_visible()
    assert "/accounts/oidc/" in visit.page.url
    assert not visit.page.get_by_role("button", name="Logga ut").is_visible()

    # Signed out at the provider too, as when a colleague takes over the computer.
    visit.page.context.clear_cookies(name="provider_sessionid")
    sign_in_at_provider(visit, COACH)
    assert visit.page.get_by_role("button", name="Logga ut").is_visible()
    assert AuditEntry.objects.filter(event=AuditEvent.LOGIN_SUCCEEDED, actor=coach).exists()
    assert list(
        AuditEntry.objects.filter(event=AuditEvent.LOGIN_PROVIDER_REFUSED).values_list(
            "changes", flat=True
        )
    ) == [{"reason": "unknown_subject"}]
    # The sign-in page, the refusal, the sign-in page again and the first page after it.
    assert len(visit.checked) == 4
