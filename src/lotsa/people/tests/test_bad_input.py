"""Bad input gets a field-level 4xx, never a 500 and never silently dropped data."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.people.models import Participant
from lotsa.testing.factories import swedish_number

pytestmark = pytest.mark.django_db
NUMBER = swedish_number(datetime.date(1988, 3, 20), 981)
WRONG_CHECK_DIGIT = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)
IMPOSSIBLE_DATE = NUMBER.replace("0320", "0231")


def valid_form(personas, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "unit": personas.unit_a.pk,
        "programme_model": "ips",
        "referral_date": "2026-03-02",
        "is_anonymous": "False",
        "identity_country": "SE",
        "identity_number": NUMBER,
        "first_name": "Ida",
        "last_name": "Provsson",
    }
    data.update(overrides)
    return data


def test_the_registration_page_registers_and_opens_the_record(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    assert client.get("/participants/new/").status_code == 200
    response = client.post("/participants/new/", valid_form(personas))
    participant = Participant.objects.get(last_name="Provsson")
    assert response.status_code == 302 and response.url == f"/participants/{participant.pk}/"
    assert participant.identity_number == NUMBER.replace("-", "")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"identity_number": WRONG_CHECK_DIGIT}, "identity_number"),
        ({"identity_number": IMPOSSIBLE_DATE}, "identity_number"),
        ({"identity_number": "x" * 500}, "identity_number"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"referral_date": "yesterday"}, "referral_date"),
        ({"referral_date": "2999-01-01"}, "referral_date"),
        ({"unit": "999999"}, "unit"),
        ({"unit": "abc"}, "unit"),
        ({"programme_model": "astrology"}, "programme_model"),
        ({"email": "nope"}, "email"),
        ({"is_anonymous": "True"}, "first_name"),
        ({"is_anonymous": "maybe"}, "is_anonymous"),
    ],
)
def test_the_registration_form_answers_400_with_the_field_named(
    personas, client_for, overrides, field
) -> None:
    response = client_for(personas.coach_a).post(
        "/participants/new/", valid_form(personas, **overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Participant.objects.filter(last_name="Provsson").exists()


def test_a_unit_the_coach_does_not_belong_to_cannot_be_chosen(personas, client_for) -> None:
    response = client_for(personas.coach_a).post(
        "/participants/new/", valid_form(personas, unit=personas.unit_b.pk)
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors


def test_a_duplicate_on_the_form_links_to_the_existing_record(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    existing = personas.own.identity_display
    response = client.post("/participants/new/", valid_form(personas, identity_number=existing))
    assert response.status_code == 400
    assert f'href="/participants/{personas.own.pk}/"' in response.content.decode()


def test_the_edit_form_refuses_bad_input(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    url = f"/participants/{personas.own.pk}/edit/"
    data = valid_form(personas, identity_number=personas.own.identity_display, postal_code="1" * 11)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "postal_code" in response.context["form"].errors


def api_payload(personas, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "unit_id": personas.unit_a.pk,
        "programme_model": "ips",
        "referral_date": "2026-03-02",
        "identity_country": "SE",
        "identity_number": swedish_number(datetime.date(1990, 6, 1), 123),
        "first_name": "Ida",
        "last_name": "Apisson",
    }
    data.update(overrides)
    return data


def test_the_api_registers_a_participant(personas, api_for) -> None:
    response = api_for(personas.coach_a).post(
        "/api/participants", api_payload(personas), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["birth_year"] == 1990 and body["sex"] == "male"
    assert body["enrolments"][0]["unit"] == personas.unit_a.name


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"identity_number": swedish_number(datetime.date(1990, 6, 1), 123)[:-1] + "9"},
            "identity_number",
        ),
        ({"identity_number": "1" * 21}, "identity_number"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"first_name": 42}, "first_name"),
        ({"birth_year": "nineteen"}, "birth_year"),
        ({"referral_date": "not a date"}, "referral_date"),
        ({"programme_model": "astrology"}, "programme_model"),
        ({"unit_id": "abc"}, "unit_id"),
        ({"shoe_size": 44}, "shoe_size"),
        ({"identity_country": "NO"}, "identity_country"),
    ],
)
def test_the_api_answers_422_with_the_field_named(personas, api_for, overrides, field) -> None:
    response = api_for(personas.coach_a).post(
        "/api/participants", api_payload(personas, **overrides), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    locations = [entry["loc"][-1] for entry in response.json()["detail"]]
    assert field in locations
    assert not Participant.objects.filter(last_name="Apisson").exists()


def test_the_api_answers_a_foreign_unit_as_an_unknown_one(personas, api_for) -> None:
    api = api_for(personas.coach_a)
    answers = [
        api.post(
            "/api/participants",
            api_payload(personas, unit_id=unit_id),
            content_type="application/json",
        )
        for unit_id in (personas.unit_b.pk, 999999)
    ]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json() == {"detail": "Not found."}
    refused = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a)
    assert sorted(refused.values_list("object_id", flat=True)) == sorted(
        [str(personas.unit_b.pk), "999999"]
    )
    assert not Participant.objects.filter(last_name="Apisson").exists()


def test_the_api_points_to_a_visible_duplicate(personas, api_for) -> None:
    response = api_for(personas.coach_a).post(
        "/api/participants",
        api_payload(personas, identity_number=personas.own.identity_display),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["existing_id"] == personas.own.pk


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/participants/abc", None),
        ("get", "/api/participants/1/consents/check?kind=horoscope", None),
        ("post", "/api/participants/{own}/consents", {"kind": "survey", "given_on": "31/12/2025"}),
        (
            "post",
            "/api/participants/{own}/consents",
            {"kind": "survey", "given_on": "2026-01-01", "scope": "x" * 1001},
        ),
        (
            "post",
            "/api/participants/{own}/consents",
            {"kind": "information_sharing", "given_on": "2026-01-01", "organisation_id": 99999},
        ),
        (
            "post",
            "/api/participants/{own}/consents/99999/withdrawal",
            {"withdrawn_on": "2026-01-01", "reason": "x"},
        ),
        ("post", "/api/participants/{own}/consents", "not json"),
        ("patch", "/api/participants/{own}", {"identity_number": "123"}),
    ],
)
def test_bad_api_input_never_gives_a_server_error(personas, api_for, method, url, body) -> None:
    client = api_for(personas.coach_a)
    url = url.format(own=personas.own.pk)
    if body is None:
        response = getattr(client, method)(url)
    elif isinstance(body, str):
        response = getattr(client, method)(url, body, content_type="application/json")
    else:
        response = getattr(client, method)(url, body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert "detail" in response.json()


def test_an_anonymous_participants_edit_form_has_only_birth_year_and_sex(
    personas, client_for
) -> None:
    from lotsa.pathways.services.lifecycle import register_participant
    from lotsa.people.services import ParticipantDetails

    anonymous = register_participant(
        actor=personas.coach_a,
        details=ParticipantDetails(is_anonymous=True, birth_year=1970, sex="male"),
        unit=personas.unit_a,
        programme_model="ips",
        referral_date=datetime.date(2026, 1, 1),
    )
    client = client_for(personas.coach_a)
    form = client.get(f"/participants/{anonymous.pk}/edit/").context["form"]
    assert set(form.fields) == {"is_anonymous", "birth_year", "sex", "version"}
    response = client.post(
        f"/participants/{anonymous.pk}/edit/",
        {"is_anonymous": "False", "birth_year": "1971", "sex": "male", "first_name": "Sneaky"},
    )
    assert response.status_code == 302
    anonymous.refresh_from_db()
    assert anonymous.is_anonymous and anonymous.birth_year == 1971 and anonymous.first_name == ""


def test_live_search_answers_with_the_result_list_only(personas, client_for) -> None:
    response = client_for(personas.coach_a).get(
        "/participants/", {"q": personas.own.last_name}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert f'href="/participants/{personas.own.pk}/"' in html
    assert personas.other_unit.last_name not in html


def test_registration_records_who_referred(personas, client_for) -> None:
    response = client_for(personas.coach_a).post(
        "/participants/new/",
        valid_form(personas, referral_source="treatment_team", referrer="Psykosmottagningen"),
    )
    assert response.status_code == 302
    enrolment = Participant.objects.get(last_name="Provsson").enrolments.get()
    assert (enrolment.referral_source, enrolment.referrer) == (
        "treatment_team",
        "Psykosmottagningen",
    )
    bad = client_for(personas.coach_a).post(
        "/participants/new/",
        valid_form(personas, identity_number=NUMBER[:-1] + "0", referral_source="oracle"),
    )
    assert bad.status_code == 400 and "referral_source" in bad.context["form"].errors
