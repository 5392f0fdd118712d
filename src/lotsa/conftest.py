from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from lotsa.accounts import middleware as idle_sessions
from lotsa.accounts.services import create_api_token
from lotsa.accounts.types import Actor
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.pathways.services.lifecycle import register_participant, start_enrolment
from lotsa.people.models import Participant
from lotsa.people.services import ParticipantDetails, record_consent
from lotsa.surveys import instruments as survey_instruments
from lotsa.testing.clock import FROZEN_AT, Clock
from lotsa.testing.factories import swedish_number
from lotsa.testing.personas import (
    JomTeam,
    KnutTeam,
    Personas,
    build_jom_team,
    build_knut_team,
    build_personas,
    people_in_two_organisations,
)


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


@pytest.fixture(autouse=True)
def _audit_checkpoints(settings: Any, tmp_path: Any) -> None:
    """Each test keeps its audit checkpoints in a file of its own."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def _fresh_request_counts() -> Iterator[None]:
    """Each test starts with the API's request limits unspent (they are counted in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Today is a fixed day (``lotsa.testing.clock``), which the test may move."""
    with time_machine.travel(FROZEN_AT) as traveller:
        yield Clock(traveller)


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def jom_team(db: None) -> JomTeam:
    """A Danish jobcentre's JOM unit with its provider's and partner's staff as members."""
    return build_jom_team()


@pytest.fixture
def knut_team(db: None) -> KnutTeam:
    """A Swedish municipality's work-training unit with one participant in work training."""
    return build_knut_team()


@pytest.fixture
def two_orgs(personas: Personas) -> dict[str, Participant]:
    """People enrolled at unit A and at the joint team, by the consent shared between them."""
    return people_in_two_organisations(personas)


@pytest.fixture
def client_for() -> Any:
    """A browser session signed in as the given user."""

    def make(user: Actor) -> Client:
        client = Client()
        client.force_login(user)
        # As after the first page view, so a test's first request costs what the next ones do.
        session = client.session
        session[idle_sessions.REFRESHED_KEY] = idle_sessions.now()
        session.save()
        return client

    return make


@pytest.fixture
def api_for() -> Any:
    """An API client sending the given user's bearer token."""

    def make(user: Actor) -> Client:
        _token, key = create_api_token(actor=user, name="test")
        return Client(headers={"authorization": f"Bearer {key}"})

    return make


MODELS = ("ips", "amia", "jom", "knut_pv")


@pytest.fixture
def case(personas: Any) -> Any:
    """A factory of enrolments at unit A (which runs every model), referred or started."""
    for code in MODELS:
        UnitProgramme.objects.get_or_create(unit=personas.unit_a, programme_code=code)
    serial = iter(range(100, 999))

    def make(
        model: str = "ips",
        *,
        referred_on: datetime.date | None = None,
        started_on: datetime.date | None = None,
        consent: bool = True,
    ) -> Enrolment:
        referred_on = referred_on or datetime.date(2026, 1, 5)
        participant = register_participant(
            actor=personas.coach_a,
            details=ParticipantDetails(
                identity_country="SE",
                identity_number=swedish_number(datetime.date(1985, 5, 5), next(serial)),
                first_name="Case",
                last_name=f"Person{model}",
            ),
            unit=personas.unit_a,
            programme_model=model,
            referral_date=referred_on,
        )
        if consent:
            record_consent(
                actor=personas.coach_a,
                participant=participant,
                kind="participation",
                given_on=referred_on,
            )
        enrolment = participant.enrolments.get()
        if started_on is not None:
            start_enrolment(actor=personas.coach_a, enrolment=enrolment, day=started_on)
        return enrolment

    return make


# A staff, a steering-group and a user survey for the tests of survey rounds, whatever
# instruments the project ships.
TEST_INSTRUMENTS = Path(__file__).resolve().parent / "surveys" / "tests" / "instruments"


@pytest.fixture
def round_instruments() -> Iterator[None]:
    shipped = survey_instruments.install_instruments(
        survey_instruments.INSTRUMENTS_DIR, TEST_INSTRUMENTS
    )
    yield
    survey_instruments.install_instruments(*shipped)
