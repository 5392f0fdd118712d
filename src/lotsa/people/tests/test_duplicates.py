"""Registering a person cannot tell whether they are registered where the user may not look.

Duplicates are refused among the people the user may see; a person another unit or organisation
registered is a record of that unit's own, joined to the user's only through a referral the
person consented to. Found by a security test: with any identity number and an invalid
programme, which field the API refused told whether the person was registered anywhere."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.pathways.models import Enrolment
from lotsa.people.models import Participant
from lotsa.testing.factories import swedish_number

pytestmark = pytest.mark.django_db
UNREGISTERED = swedish_number(datetime.date(1979, 4, 3), 517)


def registration(unit: Any, number: str, **overrides: str) -> dict[str, Any]:
    return {
        "unit_id": unit.pk, "identity_country": "SE", "identity_number": number,
        "first_name": "Ny", "last_name": "Person", "programme_model": "ips",
        "referral_date": "2026-11-02",
    } | overrides  # fmt: skip


def answer(response: Any) -> tuple[int, list[str]]:
    return response.status_code, sorted(
        str(error["loc"][-1]) for error in response.json().get("detail", [])
    )


@pytest.mark.parametrize("programme", ["no-such-model", "ips"])
def test_the_api_answers_alike_for_a_person_registered_elsewhere_and_for_nobody(
    personas: Any, api_for: Any, programme: str
) -> None:
    """The joint team (another organisation) serves ``joint``; coach A may not see them."""
    api = api_for(personas.coach_a)
    elsewhere = personas.joint.identity_display
    registered = api.post(
        "/api/participants", registration(personas.unit_a, elsewhere, programme_model=programme),
        content_type="application/json",
    )  # fmt: skip
    nobody = api.post(
        "/api/participants",
        registration(personas.unit_a, UNREGISTERED, programme_model=programme),
        content_type="application/json",
    )
    assert answer(registered)[0] == answer(nobody)[0]
    if programme == "ips":
        assert registered.status_code == 201
        created = Participant.objects.get(pk=registered.json()["id"])
        assert created.pk != personas.joint.pk
        assert (created.first_name, created.last_name) == ("Ny", "Person")
        assert not Enrolment.objects.filter(participant=personas.joint, unit=personas.unit_a)
        assert personas.joint.last_name not in registered.content.decode()
    else:
        assert answer(registered) == answer(nobody) == (422, ["programme_model"])


def test_the_page_answers_alike_for_a_person_registered_elsewhere_and_for_nobody(
    personas: Any, client_for: Any
) -> None:
    client = client_for(personas.coach_a)

    def register(number: str) -> Any:
        return client.post(
            "/participants/new/",
            {"unit": personas.unit_a.pk, "is_anonymous": "False", "identity_country": "SE",
             "identity_number": number,
             "first_name": "Ny", "last_name": "Person", "programme_model": "ips",
             "referral_date": "2026-11-02"},
        )  # fmt: skip

    registered, nobody = register(personas.joint.identity_display), register(UNREGISTERED)
    assert registered.status_code == nobody.status_code == 302
    assert Participant.objects.filter(identity_number=personas.joint.identity_number).count() == 2


def test_a_person_the_user_may_see_is_refused_with_a_way_to_them_and_the_refusal_logged(
    personas: Any, api_for: Any, client_for: Any
) -> None:
    response = api_for(personas.coach_a).post(
        "/api/participants", registration(personas.unit_a, personas.same_unit.identity_display),
        content_type="application/json",
    )  # fmt: skip
    assert answer(response) == (422, ["identity_number"])
    page = client_for(personas.coach_a).post(
        "/participants/new/",
        {"unit": personas.unit_a.pk, "is_anonymous": "False", "identity_country": "SE",
         "identity_number": personas.same_unit.identity_display, "first_name": "Ny",
         "last_name": "Person", "programme_model": "ips", "referral_date": "2026-11-02"},
    )  # fmt: skip
    assert page.status_code == 400
    assert f"/participants/{personas.same_unit.pk}/" in page.content.decode()
    refusals = AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_DUPLICATE_REFUSED)
    assert [(r.actor, r.participant_id) for r in refusals] == [
        (personas.coach_a, personas.same_unit.pk)
    ] * 2
    assert (
        Participant.objects.filter(identity_number=personas.same_unit.identity_number).count() == 1
    )


def test_search_by_number_finds_only_whom_the_user_may_see(personas: Any, client_for: Any) -> None:
    page = client_for(personas.coach_a).get(
        "/participants/", {"q": personas.joint.identity_display}
    )
    assert page.status_code == 200
    assert personas.joint.last_name not in page.content.decode()
    assert list(page.context["participants"]) == []
