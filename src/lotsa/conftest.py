from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from lotsa.accounts.services import create_api_token
from lotsa.testing.personas import Personas, build_personas


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Argon2 is deliberately slow; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _languages(settings: Any) -> Iterator[None]:
    """Pages answer in the default language, Swedish; messages checked in code read in English."""
    settings.LANGUAGE_CODE = "sv"
    with translation.override("en"):
        yield


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def client_for() -> Any:
    """A browser session signed in as the given user."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for() -> Any:
    """An API client sending the given user's bearer token."""

    def make(user: Any) -> Client:
        _token, key = create_api_token(actor=user, name="test")
        return Client(headers={"authorization": f"Bearer {key}"})

    return make
