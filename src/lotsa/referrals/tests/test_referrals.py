"""Referrals between organisations: a Försäkringskassan personal caseworker refers a person to
the joint AMiA team, which accepts or declines; the sender learns the outcome and nothing more,
unless the participant let the receiving organisation report back."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, NotFound
from lotsa.organisations.models import Role
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.pathways.services.lifecycle import exit_enrolment, start_enrolment
from lotsa.people.models import Consent, Participant
from lotsa.people.services import ParticipantDetails
from lotsa.referrals.models import ExitHandover, Referral
from lotsa.referrals.services import (
    accept_referral,
    decline_referral,
    record_exit_handover,
    send_referral,
    withdraw_referral,
)
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import MembershipFactory, UnitFactory, UserFactory, swedish_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def office(personas: Any) -> Any:
    """A local Försäkringskassan office whose personal caseworker refers people to AMiA."""
    unit = UnitFactory(organisation=personas.fk, name="Lokalt försäkringscenter Testby", runs=[])
    caseworker = UserFactory(username="fk_personal", first_name="Petra", last_name="Handläggare")
    MembershipFactory(user=caseworker, unit=unit, role=Role.COACH)
    return type("Office", (), {"unit": unit, "caseworker": caseworker})


def described(serial: int = 301, **overrides: Any) -> ParticipantDetails:
    values: dict[str, Any] = {
        "identity_country": "SE",
        "identity_number": swedish_number(datetime.date(1979, 3, 14), serial),
        "first_name": "Maja",
        "last_name": "Remissdotter",
        "phone": "070-000 00 00",
    }
    return ParticipantDetails(**(values | overrides))


def refer(personas: Any, office: Any, **overrides: Any) -> Referral:
    values: dict[str, Any] = {
        "actor": office.caseworker,
        "from_unit": office.unit,
        "to_unit": personas.joint_team,
        "programme_model": "amia",
        "person": described(),
        "stated_needs": "Stöd att hitta tillbaka till arbete efter lång sjukskrivning.",
        "requested_service": "AMiA inför arbetslivsintroduktionen.",
        "handover_summary": "Sjukpenningdagarna tar slut i maj.",
        "consent_given_on": TODAY,
        "shared_with_receiver": "full",
    }
    return send_referral(**(values | overrides))


def test_the_team_accepts_a_referral_and_the_person_is_enrolled_as_referred(
    personas: Any, office: Any
) -> None:
    referral = refer(personas, office)
    assert not Participant.objects.filter(last_name="Remissdotter").exists()
    enrolment = accept_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY)
    referral.refresh_from_db()
    assert (referral.status, referral.enrolment, referral.decided_by) == (
        "accepted",
        enrolment,
        personas.fk_caseworker,
    )
    person = Participant.objects.get(last_name="Remissdotter")
    assert (enrolment.participant, enrolment.unit, enrolment.status) == (
        person,
        personas.joint_team,
        "referred",
    )
    assert (enrolment.phase, enrolment.referral_source) == ("handover", "fk")
    assert enrolment.referrer == "Petra Handläggare, Lokalt försäkringscenter Testby"
    # Within one organisation (the office and the team are both Försäkringskassan's) no consent
    # to share is recorded: it would open all of the agency's records to all its units.
    assert not Consent.objects.filter(participant=person, kind="information_sharing").exists()
    events = list(
        AuditEntry.objects.filter(event__startswith="referral.")
        .order_by("sequence")
        .values_list("event", flat=True)
    )
    assert events == ["referral.send", "referral.accept"]
    assert AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_CREATED).get().participant_id == (
        person.pk
    )


def test_a_referred_person_the_unit_served_before_is_found_without_telling_the_sender(
    personas: Any, office: Any
) -> None:
    known = personas.joint  # served by the joint team, which receives the referral
    Enrolment.objects.filter(participant=known).update(
        status=EnrolmentStatus.EXITED, end_date=TODAY - datetime.timedelta(days=200)
    )
    referral = refer(
        personas,
        office,
        person=described(
            identity_number=known.identity_display, first_name="Annat", last_name="Namn"
        ),
    )
    assert referral.participant is None  # the sender learns nothing of the register
    enrolment = accept_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY)
    assert enrolment.participant == known
    linked = AuditEntry.objects.get(event=AuditEvent.PARTICIPANT_LINKED)
    assert (linked.participant_id, linked.actor) == (known.pk, personas.fk_caseworker)


def test_a_referred_person_registered_where_the_receiver_may_not_look_is_a_new_record(
    personas: Any, office: Any
) -> None:
    elsewhere = personas.other_unit  # served by a unit of another municipality
    referral = refer(
        personas,
        office,
        person=described(
            identity_number=elsewhere.identity_display, first_name="Annat", last_name="Namn"
        ),
    )
    enrolment = accept_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY)
    assert enrolment.participant != elsewhere
    assert (enrolment.participant.first_name, enrolment.participant.last_name) == (
        "Annat",
        "Namn",
    )
    assert not AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_LINKED).exists()


def test_the_sender_sees_the_outcome_and_the_case_only_with_consent_to_report_back(
    personas: Any, office: Any, client_for: Any
) -> None:
    silent = refer(personas, office)
    reported = refer(personas, office, person=described(302), report_back="summary")
    client = client_for(office.caseworker)
    for referral in (silent, reported):
        accept_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY)
        referral.refresh_from_db()
        page = client.get(f"/referrals/{referral.pk}/")
        assert page.status_code == 200
        assert "Accepterad" in page.content.decode()
        case = client.get(f"/cases/{referral.enrolment_id}/")
        assert case.status_code == (200 if referral.report_back else 404)
        assert (page.context["case"] is not None) == bool(referral.report_back)
    shown = client.get(f"/cases/{reported.enrolment_id}/").content.decode()
    assert "Remissdotter" in shown and "sammanfattning" in shown


def test_a_declined_referral_tells_the_sender_why(personas: Any, office: Any, client_for: Any):  # type: ignore[no-untyped-def]
    referral = refer(personas, office)
    with pytest.raises(DomainError) as missing_note:
        decline_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY, reason="other")
    assert set(missing_note.value.errors) == {"note"}
    decline_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY, reason="too_late")
    page = client_for(office.caseworker).get(f"/referrals/{referral.pk}/")
    assert "För kort tid kvar till att ersättningen upphör" in page.content.decode()
    assert not Enrolment.objects.filter(unit=personas.joint_team, referral_date=TODAY).exists()
    with pytest.raises(DomainError):
        accept_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY)


def test_the_sender_withdraws_an_unanswered_referral(personas: Any, office: Any) -> None:
    referral = refer(personas, office)
    with pytest.raises(NotFound):
        withdraw_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY)
    withdraw_referral(actor=office.caseworker, referral=referral, day=TODAY, note="Fel enhet")
    assert Referral.objects.get().status == "withdrawn"
    with pytest.raises(DomainError):
        accept_referral(actor=personas.fk_caseworker, referral=referral, day=TODAY)


@pytest.mark.parametrize("persona", ["coach_a", "coach_b", "analyst", "reviewer", "manager_a"])
def test_only_the_two_units_open_a_referral(
    personas: Any, office: Any, client_for: Any, api_for: Any, persona: str
) -> None:
    referral = refer(personas, office)
    user = getattr(personas, persona)
    page = client_for(user).get(f"/referrals/{referral.pk}/")
    api = api_for(user).get(f"/api/referrals/{referral.pk}")
    assert (page.status_code, api.status_code) == (404, 404)
    assert "Remissdotter" not in page.content.decode()
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.ACCESS_DENIED, actor=user, object_id=str(referral.pk)
        ).count()
        == 2
    )
    answered = client_for(user).post(f"/referrals/{referral.pk}/accept/", {"day": TODAY})
    assert answered.status_code == 404
    assert Referral.objects.get().status == "sent"


def test_a_manager_of_the_receiving_unit_sees_but_does_not_answer(
    personas: Any, office: Any, client_for: Any
) -> None:
    MembershipFactory(user=personas.manager_a, unit=personas.joint_team, role=Role.MANAGER)
    referral = refer(personas, office)
    client = client_for(personas.manager_a)
    page = client.get(f"/referrals/{referral.pk}/")
    assert page.status_code == 200 and page.context["may_answer"] is False
    assert client.post(f"/referrals/{referral.pk}/accept/", {"day": TODAY}).status_code == 404
    assert Referral.objects.get().status == "sent"


def test_the_inbox_lists_what_awaits_an_answer(personas: Any, office: Any, client_for: Any) -> None:
    waiting = refer(personas, office)
    other = refer(personas, office, person=described(303))
    decline_referral(actor=personas.fk_caseworker, referral=other, day=TODAY, reason="declined")
    page = client_for(personas.af_caseworker).get("/referrals/")
    assert page.status_code == 200
    lists = page.context["lists"]
    assert (lists.waiting, lists.answered, lists.sent) == ([waiting], [other], [])
    sent = client_for(office.caseworker).get("/referrals/").context["lists"]
    assert (sent.waiting, set(sent.sent)) == ([], {waiting, other})
    listed = AuditEntry.objects.filter(event=AuditEvent.REFERRALS_LISTED).first()
    assert set(listed.changes["referrals"]) == {waiting.pk, other.pk}


def test_a_referral_page_refuses_bad_input_field_by_field(
    personas: Any, office: Any, client_for: Any
) -> None:
    client = client_for(office.caseworker)
    response = client.post(
        "/referrals/new/",
        {
            "from_unit": office.unit.pk,
            "to_unit": office.unit.pk,
            "programme_model": "amia",
            "is_anonymous": "False",
            "identity_country": "SE",
            "identity_number": "19790314-0000",
            "first_name": "Maja",
            "last_name": "",
            "stated_needs": "",
            "requested_service": "AMiA",
            "consent_given_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "shared_with_receiver": "full",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"stated_needs", "to_unit"} <= set(errors)
    assert not Referral.objects.exists()
    fixed = client.post(
        "/referrals/new/",
        {
            "from_unit": office.unit.pk,
            "to_unit": personas.joint_team.pk,
            "programme_model": "amia",
            "is_anonymous": "False",
            "identity_country": "SE",
            "identity_number": "19790314-0000",
            "first_name": "Maja",
            "last_name": "",
            "stated_needs": "Arbete",
            "requested_service": "AMiA",
            "consent_given_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "shared_with_receiver": "full",
        },
    )
    assert fixed.status_code == 400
    assert {"identity_number", "last_name", "consent_given_on"} <= set(fixed.context["form"].errors)


def test_a_unit_that_does_not_run_the_model_is_refused(personas: Any, office: Any) -> None:
    with pytest.raises(DomainError) as refused:
        refer(personas, office, to_unit=personas.unit_b)
    assert set(refused.value.errors) == {"programme_model"}


def test_the_api_sends_answers_and_lists_referrals(
    personas: Any, office: Any, api_for: Any
) -> None:
    sender, team = api_for(office.caseworker), api_for(personas.af_caseworker)
    body = {
        "from_unit_id": office.unit.pk,
        "to_unit_id": personas.joint_team.pk,
        "programme_model": "amia",
        "person": {
            "identity_country": "SE",
            "identity_number": swedish_number(datetime.date(1979, 3, 14), 304),
            "first_name": "Api",
            "last_name": "Remiss",
        },
        "stated_needs": "Arbete",
        "requested_service": "AMiA",
        "consent_given_on": TODAY.isoformat(),
        "shared_with_receiver": "summary",
    }
    created = sender.post("/api/referrals", body, content_type="application/json")
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    assert created.json()["person_name"] == "Api Remiss"
    unknown = sender.post(
        "/api/referrals", body | {"to_unit_id": 999999}, content_type="application/json"
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "to_unit"
    foreign = sender.post(
        "/api/referrals",
        body | {"from_unit_id": personas.unit_a.pk},
        content_type="application/json",
    )
    assert foreign.status_code == 404
    misspelt = sender.post(
        "/api/referrals", body | {"report_bak": "full"}, content_type="application/json"
    )
    assert misspelt.status_code == 422
    assert [r["id"] for r in team.get("/api/referrals").json()] == [referral_id]
    accepted = team.post(
        f"/api/referrals/{referral_id}/acceptance",
        {"day": TODAY.isoformat()},
        content_type="application/json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted" and accepted.json()["enrolment_id"]
    outcome = sender.get(f"/api/referrals/{referral_id}").json()
    assert (outcome["status"], outcome["enrolment_id"], outcome["side"]) == (
        "accepted",
        None,
        "sender",
    )


def test_the_handover_at_the_end_is_recorded_once_after_the_exit(
    personas: Any, client_for: Any
) -> None:
    enrolment = Enrolment.objects.get(participant=personas.joint)
    arguments = {
        "actor": personas.fk_caseworker,
        "enrolment": enrolment,
        "to_organisation": personas.af,
        "to_caseworker": "Ordinarie handläggare, Arbetsförmedlingen Testby",
        "day": TODAY,
        "summary": "Slutdokumentationen och planen för fortsatt arbetssökande.",
    }
    with pytest.raises(DomainError) as too_early:
        record_exit_handover(**arguments)
    assert set(too_early.value.errors) == {"day"}
    exit_enrolment(
        actor=personas.fk_caseworker, enrolment=enrolment, day=TODAY, reason="available_for_work"
    )
    with pytest.raises(NotFound):
        record_exit_handover(**arguments | {"actor": personas.coach_a})
    client = client_for(personas.af_caseworker)
    saved = client.post(
        f"/cases/{enrolment.pk}/handover-at-exit/",
        {
            "to_organisation": personas.af.pk,
            "to_caseworker": "Ordinarie handläggare, Arbetsförmedlingen Testby",
            "day": TODAY.isoformat(),
            "summary": "Slutdokumentationen och planen för fortsatt arbetssökande.",
        },
    )
    assert saved.status_code == 302
    handover = ExitHandover.objects.get(enrolment=enrolment)
    assert (handover.to_organisation, handover.recorded_by) == (personas.af, personas.af_caseworker)
    page = client.get(f"/cases/{enrolment.pk}/").content.decode()
    assert "Ordinarie handläggare, Arbetsförmedlingen Testby" in page
    with pytest.raises(DomainError):
        record_exit_handover(**arguments)
    assert AuditEntry.objects.filter(event=AuditEvent.EXIT_HANDOVER_RECORDED).count() == 1


def test_an_accepted_referral_starts_as_any_enrolment(personas: Any, office: Any) -> None:
    enrolment = accept_referral(
        actor=personas.fk_caseworker, referral=refer(personas, office), day=TODAY
    )
    Consent.objects.create(
        participant=enrolment.participant,
        kind="participation",
        given_to=personas.fk,
        given_on=TODAY,
        recorded_by=personas.fk_caseworker,
    )
    start_enrolment(actor=personas.fk_caseworker, enrolment=enrolment, day=TODAY)
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
