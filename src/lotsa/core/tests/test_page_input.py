"""What the pages refuse before any view sees it: an address holding a NUL character (which
PostgreSQL cannot store or search for) answers 400; forms name the field."""

from __future__ import annotations

import pytest

from lotsa.people.models import Participant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/employers/?q=Ab%00",
        "/participants/?q=Ann%00",
        "/outcomes/ips/?programme=ip%00",
        "/referrals/?anything=%00",
    ],
)
def test_an_address_with_a_nul_character_answers_400(personas, client_for, url) -> None:
    response = client_for(personas.coach_a).get(url)
    assert response.status_code == 400, response.content[:300]
    assert "<html" in response.content.decode()


def test_the_api_names_the_parameter_instead(personas, api_for) -> None:
    response = api_for(personas.coach_a).get("/api/employers?q=Ab%00")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_a_form_field_with_a_nul_character_is_refused_by_name(personas, client_for) -> None:
    response = client_for(personas.coach_a).post(
        "/participants/new/",
        {
            "unit": personas.unit_a.pk,
            "programme_model": "ips",
            "referral_date": "2026-03-02",
            "is_anonymous": "False",
            "identity_country": "SE",
            "first_name": "Ida\x00",
            "last_name": "Nulsson",
        },
    )
    assert response.status_code == 400
    assert "first_name" in response.context["form"].errors
    assert not Participant.objects.filter(last_name="Nulsson").exists()


def test_a_refused_host_still_gets_the_400_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/", headers={"host": "elsewhere.example"})
    assert response.status_code == 400
