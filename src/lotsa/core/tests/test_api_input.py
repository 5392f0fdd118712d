"""What the API refuses before any service sees it: text with NUL characters (which PostgreSQL
cannot store) and bodies over the size limit, each with a clear 4xx."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.people.models import Participant
from lotsa.testing.factories import swedish_number

pytestmark = pytest.mark.django_db
NUL = "\x00"


def registration(personas: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "unit_id": personas.unit_a.pk,
        "programme_model": "ips",
        "referral_date": "2026-03-02",
        "identity_country": "SE",
        "identity_number": swedish_number(datetime.date(1990, 6, 1), 123),
        "first_name": "Ida",
        "last_name": "Nulsson",
    }
    data.update(overrides)
    return data


def locations(response: Any) -> list[list[Any]]:
    return [entry["loc"] for entry in response.json()["detail"]]


@pytest.mark.parametrize("field", ["first_name", "last_name", "city", "identity_number"])
def test_nul_in_a_body_field_answers_422_naming_the_field(personas, api_for, field) -> None:
    response = api_for(personas.coach_a).post(
        "/api/participants",
        registration(personas, **{field: f"Ida{NUL}"}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert ["body", "payload", field] in locations(response)
    assert not Participant.objects.filter(last_name__startswith="Nulsson").exists()


def test_nul_in_a_changed_field_answers_422(personas, api_for) -> None:
    response = api_for(personas.coach_a).patch(
        f"/api/participants/{personas.own.pk}",
        {"phone": f"070{NUL}"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert ["body", "payload", "phone"] in locations(response)


def test_nul_in_nested_objects_and_lists_is_named_where_it_is(personas, api_for) -> None:
    enrolment = personas.own.enrolments.get()
    client = api_for(personas.coach_a)
    response = client.post(
        f"/api/enrolments/{enrolment.pk}/plans",
        {
            "long_term_goal": "Work",
            "sub_goals": ["Fine", f"Not{NUL}fine"],
            "items": [{"activity": "Visit"}, {"activity": f"Call{NUL}"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    found = locations(response)
    assert ["body", "payload", "items", 1, "activity"] in found
    assert ["body", "payload", "sub_goals"] in found or [
        "body",
        "payload",
        "sub_goals",
        1,
    ] in found


def test_nul_in_a_referred_persons_details_answers_422(personas, api_for) -> None:
    response = api_for(personas.coach_a).post(
        "/api/referrals",
        {
            "from_unit_id": personas.unit_a.pk,
            "to_unit_id": personas.joint_team.pk,
            "programme_model": "amia",
            "person": {"first_name": f"A{NUL}", "last_name": "B"},
            "stated_needs": "Work",
            "requested_service": "AMiA",
            "consent_given_on": "2026-01-05",
            "shared_with_receiver": "summary",
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert ["body", "payload", "person", "first_name"] in locations(response)


@pytest.mark.parametrize(
    ("url", "location"),
    [
        (f"/api/participants?q=Ann{NUL}", ["query", "q"]),
        (f"/api/employers?q=Ab{NUL}", ["query", "q"]),
        (f"/api/outcomes/ips?quarter=2026Q1{NUL}", ["query", "quarter"]),
        (f"/api/outcomes/ips?unit=1{NUL}", ["query", "unit"]),
        (f"/api/outcomes/ips/records?metric=served{NUL}", ["query", "metric"]),
        (f"/api/outcomes/ip{NUL}s", ["path", "code"]),
    ],
)
def test_nul_in_a_query_or_path_answers_422_naming_the_parameter(
    personas, api_for, url, location
) -> None:
    response = api_for(personas.coach_a).get(url)
    assert response.status_code == 422, response.content
    assert location in locations(response)


@pytest.fixture
def small_bodies(settings: Any) -> int:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    return 2_000


@pytest.mark.parametrize("debug", [False, True])
def test_a_body_over_the_limit_answers_413_from_the_api(
    personas, api_for, small_bodies, settings, debug
) -> None:
    settings.DEBUG = debug
    response = api_for(personas.coach_a).post(
        "/api/participants",
        registration(personas, city="x" * small_bodies),
        content_type="application/json",
    )
    assert response.status_code == 413, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    assert not Participant.objects.filter(last_name="Nulsson").exists()


def test_a_form_over_the_limit_answers_413_with_a_page(personas, client_for, small_bodies) -> None:
    response = client_for(personas.coach_a).post(
        "/participants/new/",
        {"first_name": "Ida", "last_name": "Nulsson", "city": "x" * small_bodies},
    )
    assert response.status_code == 413, response.content[:300]
    page = response.content.decode()
    assert "<html" in page and "2000" in page
    assert not Participant.objects.filter(last_name="Nulsson").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "survey", "given_on": 0}, "given_on"),
        ({"kind": "survey", "given_on": 1767571200.0}, "given_on"),
        ({"kind": "survey", "given_on": "2026-01-05", "given_to_id": "1"}, "given_to_id"),
        ({"kind": "survey", "given_on": "2026-01-05", "given_to_id": True}, "given_to_id"),
        ({"kind": "survey", "given_on": "2026-01-05", "expires_on": 86400}, "expires_on"),
    ],
)
def test_a_body_value_of_another_kind_is_refused_rather_than_converted(
    personas, api_for, body, field
) -> None:
    """0 is not 1 January 1970 and "1" is not the number 1: the published schema says which
    kind each field takes, and the API holds to it."""
    response = api_for(personas.coach_a).post(
        f"/api/participants/{personas.own.pk}/consents", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert ["body", "payload", field] in locations(response)
    assert not personas.own.consents.filter(kind="survey").exists()


def test_booleans_and_lists_of_ids_in_a_body_take_their_own_kind(personas, api_for) -> None:
    client = api_for(personas.coach_a)
    contact = {
        "occurred_at": "2026-01-05T10:00:00+01:00",
        "mode": "face_to_face",
        "place": "office",
        "parties": ["participant"],
        "duration_minutes": "30",
    }
    enrolment = personas.own.enrolments.get()
    response = client.post(
        f"/api/enrolments/{enrolment.pk}/contacts", contact, content_type="application/json"
    )
    assert response.status_code == 422
    assert ["body", "payload", "duration_minutes"] in locations(response)
    response = client.post(
        "/api/employers/1/contacts",
        {
            "unit_id": personas.unit_a.pk,
            "occurred_on": "2026-01-05",
            "purpose": "meeting",
            "face_to_face": 1,
            "enrolment_ids": [str(enrolment.pk)],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    found = locations(response)
    assert ["body", "payload", "face_to_face"] in found
    assert ["body", "payload", "enrolment_ids"] in found
    # The same contact with JSON's own kinds is recorded.
    contact["duration_minutes"] = 30
    response = client.post(
        f"/api/enrolments/{enrolment.pk}/contacts", contact, content_type="application/json"
    )
    assert response.status_code == 201, response.content
