from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from stdnum import luhn

from lotsa.accounts.models import User
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.organisations.numbers import OrganisationNumberError, normalise_organisation_number

pytestmark = pytest.mark.django_db
SWEDISH_BODY = "556677889"
SWEDISH = f"{SWEDISH_BODY[:6]}-{SWEDISH_BODY[6:]}{luhn.calc_check_digit(SWEDISH_BODY)}"


def test_organisation_numbers_are_normalised() -> None:
    assert normalise_organisation_number(SWEDISH.replace("-", ""), "SE") == SWEDISH
    assert normalise_organisation_number("13 58 55 20", "DK") == "13585520"


@pytest.mark.parametrize(
    ("number", "country", "message"),
    [
        (SWEDISH[:-1] + str((int(SWEDISH[-1]) + 1) % 10), "SE", "check digit"),
        ("55667788", "SE", "10 digits"),
        ("13585529", "DK", "check digit"),
        ("1358552", "DK", "8 digits"),
        ("", "SE", "Enter"),
        ("55667788A9", "SE", "only digits"),
    ],
)
def test_bad_organisation_numbers_say_why(number: str, country: str, message: str) -> None:
    with pytest.raises(OrganisationNumberError, match=message):
        normalise_organisation_number(number, country)


def test_an_administrator_creates_an_organisation_and_a_unit(personas, client_for) -> None:
    client = client_for(personas.administrator)
    response = client.post(
        "/administration/organisations/new/",
        {
            "name": "Jobcenter Testrup",
            "kind": "jobcentre",
            "country": "DK",
            "organisation_number": "13585520",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Jobcenter Testrup")
    assert organisation.organisation_number == "13585520"
    duplicate = client.post(
        "/administration/organisations/new/",
        {
            "name": "Again",
            "kind": "jobcentre",
            "country": "DK",
            "organisation_number": "13 58 55 20",
        },
    )
    assert duplicate.status_code == 400
    assert "organisation_number" in duplicate.context["form"].errors
    unit = client.post(
        "/administration/units/new/",
        {"organisation": organisation.pk, "name": "JOM-hold 3", "is_active": "on"},
    )
    assert unit.status_code == 302
    assert Unit.objects.filter(organisation=organisation, name="JOM-hold 3").exists()
    events = set(
        AuditEntry.objects.filter(actor=personas.administrator).values_list("event", flat=True)
    )
    assert {AuditEvent.ORGANISATION_CREATED, AuditEvent.UNIT_CREATED} <= events


def test_a_joint_team_has_members_employed_by_different_organisations(personas, client_for) -> None:
    client = client_for(personas.administrator)
    created = client.post(
        "/administration/staff/new/",
        {
            "username": "ny.handlaggare",
            "first_name": "Ny",
            "last_name": "Handläggare",
            "password": "ett-bra-lösenord-42",
            "is_active": "on",
        },
    )
    assert created.status_code == 302
    newcomer = User.objects.get(username="ny.handlaggare")
    assert newcomer.check_password("ett-bra-lösenord-42")
    joined = client.post(
        "/administration/memberships/new/",
        {
            "user": newcomer.pk,
            "unit": personas.joint_team.pk,
            "employer": personas.af.pk,
            "role": "coach",
            "fte": "0.75",
            "starts_on": "2026-01-01",
        },
    )
    assert joined.status_code == 302
    employers = set(
        Membership.objects.filter(unit=personas.joint_team).values_list("employer__name", flat=True)
    )
    assert employers == {"Försäkringskassan", "Arbetsförmedlingen"}
    membership = Membership.objects.get(user=newcomer)
    assert membership.fte == Decimal("0.75")
    entry = AuditEntry.objects.get(
        event=AuditEvent.MEMBERSHIP_CREATED, object_id=str(membership.pk)
    )
    assert entry.changes["employer"] == [None, personas.af.pk]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"fte": "1.5"}, "fte"),
        ({"fte": "0"}, "fte"),
        ({"ends_on": "2025-01-01"}, "ends_on"),
        ({"unit": "99999"}, "unit"),
        ({"role": "king"}, "role"),
        ({"starts_on": "soon"}, "starts_on"),
    ],
)
def test_bad_memberships_are_refused_field_by_field(personas, client_for, data, field) -> None:
    form = {
        "user": personas.coach_a.pk,
        "unit": personas.unit_b.pk,
        "employer": personas.unit_b.organisation_id,
        "role": "coach",
        "fte": "0.5",
        "starts_on": "2026-01-01",
    }
    form.update(data)
    response = client_for(personas.administrator).post("/administration/memberships/new/", form)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_a_new_account_needs_a_strong_password_and_a_free_username(personas, client_for) -> None:
    client = client_for(personas.administrator)
    weak = client.post(
        "/administration/staff/new/",
        {"username": "svag", "first_name": "S", "last_name": "V", "password": "123"},
    )
    assert weak.status_code == 400 and "password" in weak.context["form"].errors
    taken = client.post(
        "/administration/staff/new/",
        {
            "username": "COACH_A",
            "first_name": "S",
            "last_name": "V",
            "password": "ett-bra-lösenord-42",
        },
    )
    assert taken.status_code == 400 and "username" in taken.context["form"].errors


def test_ending_a_membership_removes_access_from_that_day(personas, client_for, clock) -> None:
    membership = Membership.objects.get(user=personas.coach_a)
    client = client_for(personas.administrator)
    response = client.post(
        f"/administration/memberships/{membership.pk}/",
        {
            "user": personas.coach_a.pk,
            "unit": personas.unit_a.pk,
            "employer": membership.employer_id,
            "role": "coach",
            "fte": "1.00",
            "starts_on": "2020-01-01",
            "ends_on": (clock.today() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert client_for(personas.coach_a).get(f"/participants/{personas.own.pk}/").status_code == 404
    entry = AuditEntry.objects.get(event=AuditEvent.MEMBERSHIP_UPDATED)
    assert list(entry.changes) == ["ends_on"]


def test_an_administrator_lets_a_unit_run_a_model_with_its_own_deadline_days(
    personas, client_for
) -> None:
    from lotsa.pathways.models import UnitProgramme

    client = client_for(personas.administrator)
    url = f"/administration/units/{personas.unit_b.pk}/programmes/amia/"
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"days_mapping_completed": "21", "days_joint_follow_up": ""}).status_code
        == 302
    )
    assert UnitProgramme.objects.get(unit=personas.unit_b, programme_code="amia").deadline_days == {
        "mapping_completed": 21
    }
    assert client.post(url, {"days_mapping_completed": "-1"}).status_code == 400
    assert (
        client.get(f"/administration/units/{personas.unit_b.pk}/programmes/astrology/").status_code
        == 404
    )
    assert client_for(personas.coach_b).get(url).status_code == 403
