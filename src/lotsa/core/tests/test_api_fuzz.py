"""The whole API, fuzzed from its own OpenAPI description (schemathesis, in the test database).

Every operation gets boundary cases and generated requests, valid and invalid, with a bearer
token; each answer must be no server error and must match the description: a documented
status, the documented content type and body schema. Most cases name the objects of a small
world (a participant with a consent, an enrolment with a job, an employer, a referral, a
fidelity review), so that requests reach the services rather than stop at a 404.

Left out: ``positive_data_acceptance``, which expects every request valid by the schema to
succeed. The domain refuses some of those on purpose, with a field-level 422 (a check digit, a
date before another, a phase that cannot follow), rules no JSON Schema states.

The number of cases is bounded and the seed fixed, so a run costs about a minute per database
and finds the same things each time.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from lotsa.accounts.services import create_api_token
from lotsa.employment.occupations import occupations
from lotsa.employment.services import register_employer, save_job
from lotsa.fidelity.services import plan_review
from lotsa.people.services import record_consent
from lotsa.referrals.services import send_referral
from lotsa.testing.personas import Personas
from lotsa.wsgi import application

SETTINGS: dict[str, Any] = {
    "seed": 20260105,
    "checks": {"positive_data_acceptance": {"enabled": False}},
    "generation": {
        # The token is the test's; requests without one are the ignored_auth check's.
        "with-security-parameters": False,
        # Parameters the description does not name are ignored, like most APIs do.
        "allow-extra-parameters": False,
    },
}
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=SchemathesisConfig.from_dict(SETTINGS)
)
# For a second role, a few generated cases per operation, without the boundary cases.
briefly = schemathesis.openapi.from_wsgi(
    "/api/openapi.json",
    application,
    config=SchemathesisConfig.from_dict(SETTINGS | {"phases": {"coverage": {"enabled": False}}}),
)
pytestmark = pytest.mark.fuzz
BOUNDED = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
ORG_NUMBER = "556677-1233"


@pytest.fixture
def in_process_requests(settings: Any) -> Iterator[None]:
    """Requests run inside the test's transaction: Django must not close the connection at the
    end of each (as its test client also arranges), and no limit may hold the run back."""
    settings.API_RATE_LIMIT = 1_000_000
    settings.API_ANONYMOUS_RATE_LIMIT = 1_000_000
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def world(personas: Personas) -> dict[str, Any]:
    """Real objects for the path's ids: a case of coach A's, with what hangs on it."""
    coach = personas.coach_a
    today = datetime.date(2026, 1, 5)
    enrolment = personas.own.enrolments.get()
    consent = record_consent(
        actor=coach, participant=personas.own, kind="participation", given_on=today
    )
    employer = register_employer(
        actor=coach, name="Fuzz AB", country="SE", organisation_number=ORG_NUMBER, sector="private"
    )
    job = save_job(
        actor=coach,
        enrolment=enrolment,
        employer=employer,
        title="Lagerarbetare",
        occupation_code=next(iter(occupations("SE"))),
        starts_on=today,
        hours_per_week=Decimal("20.0"),
        currency="SEK",
        form="open_market",
    )
    referral = send_referral(
        actor=coach,
        from_unit=personas.unit_a,
        to_unit=personas.joint_team,
        programme_model="amia",
        participant=personas.own,
        stated_needs="Work",
        requested_service="AMiA",
        consent_given_on=today,
        shared_with_receiver="summary",
    )
    review = plan_review(
        actor=personas.reviewer,
        unit=personas.unit_a,
        mode="external",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        reviewers=[personas.reviewer],
    )
    return {
        "participant_id": personas.own.pk,
        "enrolment_id": enrolment.pk,
        "consent_id": consent.pk,
        "employer_id": employer.pk,
        "job_id": job.pk,
        "referral_id": referral.pk,
        "review_id": review.pk,
        "code": "ips",
    }


def name_real_objects(case: Any, ids: dict[str, Any]) -> None:
    """Two cases in three name the world's objects; the rest keep the generated ids, which
    mostly name nothing (404). Only ids generated as valid are replaced, so a case meant to
    be invalid stays invalid."""
    components = case.meta.components if case.meta is not None else {}
    if "path" not in components or components["path"].mode.name.lower() != "positive":
        return
    for name, value in list((case.path_parameters or {}).items()):
        if name in ids and zlib.crc32(repr(value).encode()) % 3:
            case.path_parameters[name] = ids[name]


@pytest.fixture
def coach_world(personas: Personas, in_process_requests: None) -> dict[str, Any]:
    ids = world(personas)
    _token, coach = create_api_token(actor=personas.coach_a, name="fuzz")
    _token, reviewer = create_api_token(actor=personas.reviewer, name="fuzz")
    return {"ids": ids, "coach": coach, "reviewer": reviewer}


@schema.parametrize()
@BOUNDED
def test_the_api_answers_within_its_description(case: Any, coach_world: dict[str, Any]) -> None:
    name_real_objects(case, coach_world["ids"])
    # A fidelity review is the reviewer's; everything else is coach A's casework.
    role = "reviewer" if case.path.startswith("/api/fidelity-reviews") else "coach"
    case.call_and_validate(headers={"Authorization": f"Bearer {coach_world[role]}"})


@pytest.fixture
def analyst_token(personas: Personas, in_process_requests: None) -> str:
    _token, key = create_api_token(actor=personas.analyst, name="fuzz")
    return key


@briefly.parametrize()
@settings(BOUNDED, max_examples=3)
def test_a_role_without_casework_is_refused_as_described(case: Any, analyst_token: str) -> None:
    """An analyst may see aggregates only: the refusals (403, 404) must be the documented ones."""
    case.call_and_validate(headers={"Authorization": f"Bearer {analyst_token}"})
