"""The API's request limits: per token, and per address for requests without a valid token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_throttled(response: Any) -> None:
    assert response.status_code == 429, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_token_over_its_limit_is_answered_429_with_retry_after(
    personas, api_for, settings
) -> None:
    settings.API_RATE_LIMIT = 3
    busy = api_for(personas.coach_a)
    assert [busy.get("/api/me").status_code for _ in range(3)] == [200, 200, 200]
    assert_throttled(busy.get("/api/me"))
    # The limit is the token's: the same user's other token is not held back.
    assert api_for(personas.coach_a).get("/api/me").status_code == 200


def test_requests_without_a_valid_token_are_limited_by_address(personas, api_for, settings) -> None:
    settings.API_ANONYMOUS_RATE_LIMIT = 2
    guessing = Client(headers={"authorization": "Bearer guess"})
    assert [guessing.get("/api/me").status_code for _ in range(2)] == [401, 401]
    assert_throttled(guessing.get("/api/me"))
    assert_throttled(Client().get("/api/me"))
    # An address that names itself in X-Forwarded-For is still the address it comes from.
    assert_throttled(Client(headers={"x-forwarded-for": "203.0.113.9"}).get("/api/me"))
    assert_throttled(Client(REMOTE_ADDR="127.0.0.1").get("/api/me"))
    assert Client(REMOTE_ADDR="127.0.0.2").get("/api/me").status_code == 401
    # Behind a proxy the operator trusts, the address it forwards is the one counted.
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    proxied = Client(REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": "198.51.100.7"})
    assert [proxied.get("/api/me").status_code for _ in range(2)] == [401, 401]
    assert_throttled(proxied.get("/api/me"))
    other = Client(REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": "198.51.100.8"})
    assert other.get("/api/me").status_code == 401
    # A valid token from the same address has its own limit.
    assert api_for(personas.coach_a).get("/api/me").status_code == 200


def test_the_default_limits_leave_room_for_ordinary_use(settings) -> None:
    assert settings.API_RATE_LIMIT >= 300
    assert settings.API_ANONYMOUS_RATE_LIMIT >= 30
    assert settings.TRUSTED_PROXIES == []
