"""Sign-in lockout and throttling: who gets locked out by whom, and for how long."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.http import HttpResponse
from django.test import Client

from lotsa.accounts.tests.test_security import run_lotsa
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

OFFICE = "192.0.2.10"  # a public-sector office behind one NAT address
ELSEWHERE = "198.51.100.20"


def sign_in(username: str, password: str, address: str, **headers: str) -> HttpResponse:
    return Client(REMOTE_ADDR=address, headers=headers).post(
        "/accounts/login/", {"login": username, "password": password}
    )


def signed_in(response: HttpResponse) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def refused(response: HttpResponse) -> bool:
    return response.status_code == 429 and "_auth_user_id" not in response.client.session


def seconds_pass(seconds: int) -> None:
    """Move the recorded failures back in time, as if that many seconds had passed."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(seconds=seconds)
    )


def events(event: AuditEvent) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=event).order_by("sequence"))


def test_guessing_from_one_address_locks_the_username_there_but_not_its_owner_elsewhere(
    personas, settings
) -> None:
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert sign_in("coach_a", "wrong-password", ELSEWHERE).status_code == 200
    locking = sign_in("coach_a", "wrong-password", ELSEWHERE)
    assert refused(locking)
    assert locking.context["refusal"].scope == "account_at_address"
    assert int(locking["Retry-After"]) == settings.LOGIN_LOCKOUT_MINUTES * 60
    # The right password does not get through from the guessing address ...
    assert refused(sign_in("coach_a", TEST_PASSWORD, ELSEWHERE))
    # ... but the owner signs in from the office as usual.
    assert signed_in(sign_in("coach_a", TEST_PASSWORD, OFFICE))

    [lock] = events(AuditEvent.LOGIN_LOCKED)
    assert (lock.object_id, lock.ip_address) == ("coach_a", ELSEWHERE)
    assert lock.changes == {
        "scope": "account_at_address",
        "failures": settings.LOGIN_FAILURE_LIMIT,
        "seconds": settings.LOGIN_LOCKOUT_MINUTES * 60,
    }
    [refusal] = events(AuditEvent.LOGIN_REFUSED)
    assert (refusal.object_id, refusal.ip_address) == ("coach_a", ELSEWHERE)
    assert refusal.changes["scope"] == "account_at_address"
    # A refused attempt checks no password, so it is not another failure.
    assert len(events(AuditEvent.LOGIN_FAILED)) == settings.LOGIN_FAILURE_LIMIT


def test_a_username_is_locked_everywhere_only_after_many_failures_from_several_addresses(
    personas, settings
) -> None:
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 12
    # Four failures from each of three addresses: none reaches the limit of its address.
    for address in ("203.0.113.1", "203.0.113.2"):
        for _attempt in range(4):
            assert sign_in("coach_a", "wrong-password", address).status_code == 200
    for _attempt in range(3):
        assert sign_in("coach_a", "wrong-password", "203.0.113.3").status_code == 200
    # One failure short of the account's limit its owner still signs in.
    assert signed_in(sign_in("coach_a", TEST_PASSWORD, OFFICE))
    response = sign_in("coach_a", "wrong-password", "203.0.113.3")
    assert refused(response)
    assert response.context["refusal"].scope == "account"
    assert refused(sign_in("coach_a", TEST_PASSWORD, OFFICE))
    assert signed_in(sign_in("colleague_a", TEST_PASSWORD, OFFICE))
    [lock] = events(AuditEvent.LOGIN_LOCKED)
    assert lock.changes["scope"] == "account" and lock.changes["failures"] == 12


def test_spraying_usernames_from_one_address_is_slowed_down_more_and_more(
    personas, settings
) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.LOGIN_ADDRESS_MAX_DELAY_SECONDS = 8
    names = iter(f"guess{number}" for number in range(100))
    for _attempt in range(5):
        assert sign_in(next(names), "Sommar2025!", ELSEWHERE).status_code == 200
    waits = []
    for _round in range(6):
        response = sign_in(next(names), "Sommar2025!", ELSEWHERE)
        assert refused(response) and response.context["refusal"].scope == "address"
        waits.append(int(response["Retry-After"]))
        # Until the wait is over every attempt from there is refused, the right password too.
        assert refused(sign_in(next(names), "Sommar2025!", ELSEWHERE))
        assert refused(sign_in("coach_a", TEST_PASSWORD, ELSEWHERE))
        seconds_pass(waits[-1])
    assert waits == [1, 2, 4, 8, 8, 8]
    # Refused attempts were not counted as failures: only the ones whose password was checked.
    assert len(events(AuditEvent.LOGIN_FAILED)) == 5 + 6
    assert [entry.changes["seconds"] for entry in events(AuditEvent.LOGIN_LOCKED)] == waits
    assert {entry.changes["scope"] for entry in events(AuditEvent.LOGIN_REFUSED)} == {"address"}
    # Other addresses are not slowed down.
    assert signed_in(sign_in("coach_a", TEST_PASSWORD, OFFICE))


def test_the_address_wait_ends_when_the_failures_age_out_of_the_window(personas, settings) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for number in range(3):
        sign_in(f"guess{number}", "wrong", ELSEWHERE)
    seconds_pass(1)
    assert refused(sign_in("guess9", "wrong", ELSEWHERE))
    seconds_pass(settings.LOGIN_ADDRESS_WINDOW_MINUTES * 60)
    assert signed_in(sign_in("coach_a", TEST_PASSWORD, ELSEWHERE))


def test_colleagues_behind_one_address_sign_in_and_their_typing_errors_are_forgiven(
    personas, settings
) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    # Typing errors before a successful sign-in no longer count against the office's address.
    for user in ("coach_a", "colleague_a", "leader_a"):
        for _attempt in range(3):
            assert sign_in(user, "typo", OFFICE).status_code == 200
        assert signed_in(sign_in(user, TEST_PASSWORD, OFFICE))
    # Below the limit others behind the same address sign in after a few failures.
    for _attempt in range(4):
        assert sign_in("manager_a", "typo", OFFICE).status_code == 200
    assert sign_in("reviewer", "typo", OFFICE).status_code == 200
    assert signed_in(sign_in("analyst", TEST_PASSWORD, OFFICE))
    assert signed_in(sign_in("manager_a", TEST_PASSWORD, OFFICE))


def test_an_ipv6_client_counts_with_its_whole_64_network(personas, settings) -> None:
    limit = settings.LOGIN_FAILURE_LIMIT
    for number in range(limit - 1):
        assert sign_in("coach_a", "wrong", f"2001:db8:1:2::{number + 1:x}").status_code == 200
    assert refused(sign_in("coach_a", "wrong", "2001:db8:1:2:ffff::1"))
    assert refused(sign_in("coach_a", TEST_PASSWORD, "2001:db8:1:2::beef"))
    assert signed_in(sign_in("coach_a", TEST_PASSWORD, "2001:db8:1:3::1"))


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(personas, settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        response = sign_in(
            "coach_a", "wrong", "10.0.0.2", x_forwarded_for=f"192.0.2.99, {ELSEWHERE}, 10.1.1.1"
        )
    assert refused(response)
    # The proxy's own address is not what got locked: the office behind it signs in.
    assert signed_in(sign_in("coach_a", TEST_PASSWORD, "10.0.0.2", x_forwarded_for=OFFICE))
    assert {entry.ip_address for entry in events(AuditEvent.LOGIN_FAILED)} == {ELSEWHERE}
    # A client cannot choose its address by sending the header itself.
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in("colleague_a", "wrong", OFFICE, x_forwarded_for="203.0.113.50")
    assert refused(sign_in("colleague_a", TEST_PASSWORD, OFFICE, x_forwarded_for="203.0.113.51"))


def test_a_usernames_old_failures_stop_counting_after_the_lockout_time(personas, settings) -> None:
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert sign_in("coach_a", "wrong", ELSEWHERE).status_code == 200
    seconds_pass(settings.LOGIN_LOCKOUT_MINUTES * 60 + 1)
    assert sign_in("coach_a", "wrong", ELSEWHERE).status_code == 200
    assert signed_in(sign_in("coach_a", TEST_PASSWORD, ELSEWHERE))


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        ({"LOGIN_ACCOUNT_FAILURE_LIMIT": "5"}, "LOGIN_ACCOUNT_FAILURE_LIMIT must be higher"),
        ({"TRUSTED_PROXIES": "10.0.0.0/8,proxy.example.org"}, "TRUSTED_PROXIES must list"),
    ],
)
def test_limits_that_would_defeat_the_protection_stop_the_start(
    variables: dict[str, str], said: str
) -> None:
    result = run_lotsa("check", **variables)
    assert result.returncode != 0
    assert said in result.stderr
