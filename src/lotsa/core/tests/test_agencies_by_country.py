"""A form for a Danish unit never offers Försäkringskassan or Arbetsförmedlingen, a Swedish one
never the Danish jobcentre; the services refuse them with an error on the field."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.casework.models import Contact
from lotsa.casework.services import AttendeeInput, record_contact, record_meeting
from lotsa.employment.services import record_benefits_counselling
from lotsa.errors import DomainError
from lotsa.organisations.models import Organisation, Role, Unit
from lotsa.organisations.services import save_organisation
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.lifecycle import enrol_participant
from lotsa.people.models import Consent
from lotsa.people.services import record_consent
from lotsa.referrals.services import record_exit_handover
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

SWEDISH_AGENCIES = {"fk", "af", "forsakringskassan", "arbetsformedlingen"}
REFUSED = "This agency does not work in Denmark."


@dataclass
class DanishCase:
    jobcentre: Organisation
    unit: Unit
    coach: User
    enrolment: Enrolment


@pytest.fixture
def danish(personas: Any) -> DanishCase:
    jobcentre = OrganisationFactory(
        name="Jobcenter Testrup", country="DK", kind=Organisation.Kind.JOBCENTRE
    )
    unit = UnitFactory(organisation=jobcentre, name="IPS Testrup", runs=["ips"])
    coach = UserFactory()
    MembershipFactory(user=coach, unit=unit, role=Role.COACH)
    enrolment = EnrolmentFactory(unit=unit, responsible_staff=coach, programme_model="ips")
    Consent.objects.create(
        participant=enrolment.participant,
        kind="participation",
        given_on=enrolment.referral_date,
        given_to=jobcentre,
        recorded_by=coach,
    )
    return DanishCase(jobcentre, unit, coach, enrolment)


class _Offered(HTMLParser):
    """The values a form offers for one field: its options, or its check boxes."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.values, self._in_select = name, set[str](), False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "select":
            self._in_select = found.get("name") == self.name
            return
        option = tag == "option" and self._in_select
        check_box = tag == "input" and found.get("name") == self.name
        if (option or check_box) and found.get("value"):
            self.values.add(str(found["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._in_select = False


def offered(client: Any, url: str, name: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Offered(name)
    parser.feed(response.content.decode())
    assert parser.values, f"{url} offers no {name}"
    return parser.values


def _forms_of(enrolment: Enrolment) -> dict[str, tuple[str, str]]:
    case = f"/cases/{enrolment.pk}"
    return {
        "referral source": ("/participants/new/", "referral_source"),
        "contact parties": (f"{case}/contacts/", "parties"),
        "meeting parties": (f"{case}/meetings/new/", "attendees-0-party"),
        "counselling provider": (f"{case}/counselling/", "provider"),
    }


def test_a_danish_units_forms_offer_no_swedish_agency(personas, danish, client_for) -> None:
    coach = client_for(danish.coach)

    for form, (url, field) in _forms_of(danish.enrolment).items():
        assert not offered(coach, url, field) & SWEDISH_AGENCIES, form
    assert "jobcentre" in offered(coach, "/participants/new/", "referral_source")
    handover = offered(coach, f"/cases/{danish.enrolment.pk}/handover-at-exit/", "to_organisation")
    consent = offered(coach, f"/participants/{danish.enrolment.participant_id}/", "organisation")
    swedish_agencies = {str(personas.fk.pk), str(personas.af.pk)}
    assert not handover & swedish_agencies and str(personas.municipality.pk) in handover
    assert not consent & swedish_agencies and str(personas.municipality.pk) in consent
    kinds = offered(
        client_for(personas.administrator),
        f"/administration/organisations/{danish.jobcentre.pk}/",
        "kind",
    )
    assert not kinds & SWEDISH_AGENCIES and "jobcentre" in kinds


def test_a_swedish_units_forms_still_offer_its_agencies_and_no_jobcentre(
    personas, case, client_for
) -> None:
    enrolment = case("ips", started_on=datetime.date(2026, 1, 10))
    coach = client_for(personas.coach_a)

    for form, (url, field) in _forms_of(enrolment).items():
        values = offered(coach, url, field)
        assert {"fk", "af"} <= values and "jobcentre" not in values, form
    handover = offered(coach, f"/cases/{enrolment.pk}/handover-at-exit/", "to_organisation")
    assert {str(personas.fk.pk), str(personas.af.pk)} <= handover
    kinds = offered(
        client_for(personas.administrator),
        f"/administration/organisations/{personas.municipality.pk}/",
        "kind",
    )
    assert {"forsakringskassan", "arbetsformedlingen"} <= kinds and "jobcentre" not in kinds


def test_posting_a_swedish_agency_for_a_danish_unit_is_refused_on_the_field(
    danish, client_for
) -> None:
    contact = client_for(danish.coach).post(
        f"/cases/{danish.enrolment.pk}/contacts/",
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "mode": "face_to_face",
            "place": "office",
            "parties": ["participant", "fk"],
            "duration_minutes": "30",
        },
    )

    assert contact.status_code == 400
    assert "parties" in contact.context["form"].errors
    assert not Contact.objects.filter(enrolment=danish.enrolment).exists()


def test_a_new_danish_organisation_cannot_be_of_a_swedish_agencys_kind(
    personas, client_for
) -> None:
    response = client_for(personas.administrator).post(
        "/administration/organisations/new/",
        {
            "name": "Försäkringskassan Danmark",
            "kind": "forsakringskassan",
            "country": "DK",
            "organisation_number": "13585520",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["kind"] == ["Den här myndigheten finns inte i Danmark."]
    assert not Organisation.objects.filter(name="Försäkringskassan Danmark").exists()


def test_the_services_refuse_a_swedish_agency_for_a_danish_unit(personas, danish) -> None:
    enrolment, coach = danish.enrolment, danish.coach
    now = timezone.now()
    refusals = {
        "referral_source": lambda: enrol_participant(
            actor=coach,
            participant=enrolment.participant,
            unit=danish.unit,
            programme_model="ips",
            referral_date=enrolment.referral_date,
            referral_source="af",
        ),
        "parties": lambda: record_contact(
            actor=coach,
            enrolment=enrolment,
            occurred_at=now,
            mode="phone",
            place="office",
            parties=["participant", "af"],
        ),
        "attendees": lambda: record_meeting(
            actor=coach,
            enrolment=enrolment,
            meeting_type="planning",
            occurred_at=now,
            mode="in_person",
            place="office",
            attendees=[AttendeeInput("participant"), AttendeeInput("fk")],
        ),
        "provider": lambda: record_benefits_counselling(
            actor=coach, enrolment=enrolment, offered_on=now.date(), provider="fk"
        ),
        "to_organisation": lambda: record_exit_handover(
            actor=coach,
            enrolment=enrolment,
            to_organisation=personas.af,
            to_caseworker="Handläggare",
            day=now.date(),
            summary="Planen",
        ),
        "organisation": lambda: record_consent(
            actor=coach,
            participant=enrolment.participant,
            kind="information_sharing",
            given_on=now.date(),
            organisation=personas.fk,
            sharing_scope="summary",
        ),
        "kind": lambda: save_organisation(
            actor=personas.administrator,
            organisation=danish.jobcentre,
            name=danish.jobcentre.name,
            kind="arbetsformedlingen",
            country="DK",
            organisation_number="13585520",
        ),
    }

    for field, attempt in refusals.items():
        with pytest.raises(DomainError) as refused:
            attempt()
        assert REFUSED in refused.value.errors.get(field, []), field


def test_a_danish_referral_offers_only_danish_units_and_the_models_they_run(
    personas, danish, client_for
) -> None:
    coach = client_for(danish.coach)
    url = f"/participants/{danish.enrolment.participant_id}/refer/"

    to_units = offered(coach, url, "to_unit")
    models = offered(coach, url, "programme_model")

    assert str(danish.unit.pk) in to_units
    assert not to_units & {str(personas.joint_team.pk), str(personas.unit_a.pk)}
    assert models == {"ips"}


def test_a_danish_report_by_referral_source_has_no_column_for_a_swedish_agency(
    danish, client_for
) -> None:
    response = client_for(danish.coach).get("/outcomes/flow/?quarter=2025Q1&programme=ips")

    assert response.status_code == 200
    columns = {
        str(value)
        for table in response.context["view"].tables
        if table.dimension.code == "referral_source"
        for value, _label in table.columns
    }
    assert "jobcentre" in columns and not columns & SWEDISH_AGENCIES


def test_a_new_organisation_offers_each_agency_under_its_own_country(personas, client_for) -> None:
    response = client_for(personas.administrator).get("/administration/organisations/new/")

    text = response.content.decode()
    groups = {
        label: set(re.findall(r'value="([a-z_]+)"', options))
        for label, options in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', text, re.S)
    }
    assert groups["Danmark"] == {"jobcentre"}
    assert groups["Sverige"] == {"forsakringskassan", "arbetsformedlingen"}
    assert "municipality" in groups["I båda länderna"]


def test_the_work_training_referral_offers_only_the_units_own_agencies(
    danish, knut_team, client_for
) -> None:
    danish_knut = UnitFactory(
        organisation=danish.jobcentre, name="Arbejdstræning", runs=["knut_pv"]
    )
    MembershipFactory(user=danish.coach, unit=danish_knut, role=Role.COACH)
    enrolment = EnrolmentFactory(unit=danish_knut, programme_model="knut_pv", phase="work_training")
    url = "/work-training/cases/{}/referral/"

    in_denmark = offered(client_for(danish.coach), url.format(enrolment.pk), "commissioner")
    in_sweden = offered(
        client_for(knut_team.work_supervisor), url.format(knut_team.enrolment.pk), "commissioner"
    )

    assert not in_denmark & SWEDISH_AGENCIES and "municipal_labour_market" in in_denmark
    assert {"af", "fk"} <= in_sweden


def test_the_jom_mentor_form_offers_the_jobcentre_only_to_a_danish_unit(
    personas, danish, case, client_for
) -> None:
    def mentor_providers(user: Any, enrolment: Enrolment) -> set[str]:
        return offered(client_for(user), f"/courses/cases/{enrolment.pk}/mentor/", "provider_type")

    in_denmark = mentor_providers(danish.coach, danish.enrolment)
    in_sweden = mentor_providers(
        personas.coach_a, case("jom", started_on=datetime.date(2026, 1, 10))
    )

    assert "jobcentre" in in_denmark and not in_denmark & SWEDISH_AGENCIES
    assert "jobcentre" not in in_sweden and {"external_provider", "partner"} <= in_sweden
