from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.services import PlanInput, record_contact, revise_plan
from lotsa.errors import DomainError, NotFound
from lotsa.pathways.services.enrolment_records import record_milestone
from lotsa.pathways.services.lifecycle import exit_enrolment, transition_phase
from lotsa.people.models import Consent
from lotsa.people.queries import has_consent
from lotsa.people.services import record_consent, withdraw_consent
from lotsa.testing.clock import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
GIVEN = datetime.date(2026, 2, 1)


def test_a_recorded_consent_is_in_force_from_its_date_until_it_expires(personas) -> None:
    participant = personas.own
    record_consent(
        actor=personas.coach_a,
        participant=participant,
        kind="statistics",
        given_on=GIVEN,
        expires_on=datetime.date(2026, 6, 30),
        scope="Uppföljning",
    )
    assert not has_consent(participant, "statistics", on=datetime.date(2026, 1, 31))
    assert has_consent(participant, "statistics", on=GIVEN)
    assert has_consent(participant, "statistics", on=datetime.date(2026, 6, 30))
    assert not has_consent(participant, "statistics", on=datetime.date(2026, 7, 1))
    assert not has_consent(participant, "survey", on=GIVEN)
    entry = AuditEntry.objects.get(event=AuditEvent.CONSENT_CREATED)
    assert entry.participant_id == participant.pk
    assert entry.changes["kind"] == [None, "statistics"]


def test_withdrawal_is_recorded_and_the_consent_is_kept(personas) -> None:
    consent = record_consent(
        actor=personas.coach_a, participant=personas.own, kind="survey", given_on=GIVEN
    )
    withdraw_consent(
        actor=personas.colleague_a,
        consent=consent,
        withdrawn_on=datetime.date(2026, 3, 10),
        reason="Ångrade sig",
    )
    kept = Consent.objects.get(pk=consent.pk)
    assert kept.withdrawn_on == datetime.date(2026, 3, 10)
    assert kept.withdrawal_reason == "Ångrade sig"
    assert kept.withdrawn_recorded_by == personas.colleague_a
    assert has_consent(personas.own, "survey", on=datetime.date(2026, 3, 9))
    assert not has_consent(personas.own, "survey", on=datetime.date(2026, 3, 10))
    assert not has_consent(personas.own, "survey")
    entry = AuditEntry.objects.get(event=AuditEvent.CONSENT_WITHDRAWN)
    assert entry.changes["withdrawn_on"] == [None, "2026-03-10"]
    assert entry.actor == personas.colleague_a


def test_a_consent_cannot_be_withdrawn_twice_or_without_reason(personas) -> None:
    consent = record_consent(
        actor=personas.coach_a, participant=personas.own, kind="survey", given_on=GIVEN
    )
    with pytest.raises(DomainError) as refused:
        withdraw_consent(actor=personas.coach_a, consent=consent, withdrawn_on=GIVEN, reason="  ")
    assert "reason" in refused.value.errors
    withdraw_consent(actor=personas.coach_a, consent=consent, withdrawn_on=GIVEN, reason="Nej")
    with pytest.raises(DomainError) as again:
        withdraw_consent(
            actor=personas.coach_a, consent=consent, withdrawn_on=GIVEN, reason="Nej igen"
        )
    assert "already withdrawn" in again.value.errors["withdrawn_on"][0]


def test_withdrawal_dates_must_be_possible(personas) -> None:
    consent = record_consent(
        actor=personas.coach_a, participant=personas.own, kind="survey", given_on=GIVEN
    )
    for day in (
        GIVEN - datetime.timedelta(days=1),
        TODAY + datetime.timedelta(days=1),
    ):
        with pytest.raises(DomainError) as refused:
            withdraw_consent(actor=personas.coach_a, consent=consent, withdrawn_on=day, reason="x")
        assert "withdrawn_on" in refused.value.errors


def test_information_sharing_is_with_a_named_organisation(personas) -> None:
    with pytest.raises(DomainError) as refused:
        record_consent(
            actor=personas.coach_a,
            participant=personas.own,
            kind="information_sharing",
            given_on=GIVEN,
        )
    assert set(refused.value.errors) == {"organisation", "sharing_scope"}
    consent = record_consent(
        actor=personas.coach_a,
        participant=personas.own,
        kind="information_sharing",
        given_on=GIVEN,
        organisation=personas.fk,
        sharing_scope="summary",
    )
    assert (consent.given_to, consent.sharing_scope) == (personas.municipality, "summary")
    assert has_consent(personas.own, "information_sharing", on=GIVEN, organisation=personas.fk)
    assert not has_consent(personas.own, "information_sharing", on=GIVEN, organisation=personas.af)


@pytest.mark.parametrize(
    ("given_on", "expires_on", "field"),
    [
        (TODAY + datetime.timedelta(days=2), None, "given_on"),
        (GIVEN, GIVEN - datetime.timedelta(days=1), "expires_on"),
    ],
)
def test_impossible_consent_dates_are_refused(personas, given_on, expires_on, field) -> None:
    with pytest.raises(DomainError) as refused:
        record_consent(
            actor=personas.coach_a,
            participant=personas.own,
            kind="survey",
            given_on=given_on,
            expires_on=expires_on,
        )
    assert field in refused.value.errors
    assert not Consent.objects.exists()


def test_consents_are_only_recorded_by_staff_who_may_change_the_participant(personas) -> None:
    for actor in (personas.manager_a, personas.coach_b, personas.analyst):
        with pytest.raises(NotFound):
            record_consent(actor=actor, participant=personas.own, kind="survey", given_on=GIVEN)
    assert not Consent.objects.exists()
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED).count() == 3


def test_consent_pages_record_and_withdraw(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    url = f"/participants/{personas.own.pk}/consents/"
    response = client.post(
        url, {"kind": "statistics", "given_on": "2026-02-01", "scope": "Uppföljning"}
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    page = client.get(f"/participants/{personas.own.pk}/")
    assert "Registrering i uppföljningsstatistik" in page.content.decode()
    withdraw_url = f"/participants/{personas.own.pk}/consents/{consent.pk}/withdraw/"
    assert client.get(withdraw_url).status_code == 200
    bad = client.post(withdraw_url, {"withdrawn_on": "2026-01-01", "reason": "Vill inte"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["withdrawn_on"]
    done = client.post(withdraw_url, {"withdrawn_on": "2026-03-01", "reason": "Vill inte"})
    assert done.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2026, 3, 1)


def test_consent_of_another_participant_cannot_be_withdrawn_through_the_wrong_url(
    personas, client_for
) -> None:
    consent = record_consent(
        actor=personas.coach_a, participant=personas.same_unit, kind="survey", given_on=GIVEN
    )
    client = client_for(personas.coach_a)
    response = client.post(
        f"/participants/{personas.own.pk}/consents/{consent.pk}/withdraw/",
        {"withdrawn_on": "2026-03-01", "reason": "x"},
    )
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_consent_api_records_checks_and_withdraws(personas, api_for) -> None:
    api = api_for(personas.fk_caseworker)
    base = f"/api/participants/{personas.joint.pk}/consents"
    created = api.post(
        base,
        {
            "kind": "information_sharing",
            "given_on": "2026-02-01",
            "organisation_id": personas.af.pk,
            "sharing_scope": "full",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["in_force"] is True and body["organisation_id"] == personas.af.pk
    check = api.get(
        f"{base}/check", {"kind": "information_sharing", "organisation_id": personas.af.pk}
    )
    assert check.json()["in_force"] is True
    withdrawn = api.post(
        f"{base}/{body['id']}/withdrawal",
        {"withdrawn_on": TODAY.isoformat(), "reason": "Återkallat"},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["in_force"] is False
    assert api.get(f"{base}/check", {"kind": "information_sharing"}).json()["in_force"] is False
    assert [c["id"] for c in api.get(base).json()] == [body["id"]]


# ------------------------------------------------------------------ consent after the start


def _withdraw_participation(personas, enrolment, day):  # type: ignore[no-untyped-def]
    consent = enrolment.participant.consents.get(kind="participation")
    withdraw_consent(
        actor=personas.coach_a, consent=consent, withdrawn_on=day, reason="Vill inte delta längre"
    )


def test_with_the_consent_to_take_part_withdrawn_nothing_new_is_recorded(personas, case) -> None:
    enrolment = case("amia", referred_on=datetime.date(2026, 1, 5), started_on=GIVEN)
    _withdraw_participation(personas, enrolment, datetime.date(2026, 3, 2))
    attempts = {
        "contact": lambda: record_contact(
            actor=personas.coach_a,
            enrolment=enrolment,
            occurred_at=timezone.now(),
            mode="phone",
            place="office",
            parties=["participant"],
        ),
        "plan": lambda: revise_plan(
            actor=personas.coach_a,
            enrolment=enrolment,
            plan=PlanInput(long_term_goal="Arbete", sub_goals=[], items=[]),
        ),
        "phase": lambda: transition_phase(
            actor=personas.coach_a, enrolment=enrolment, to_phase="inform_and_enrol", day=GIVEN
        ),
        "milestone": lambda: record_milestone(
            actor=personas.coach_a, enrolment=enrolment, code="mapping_completed", day=GIVEN
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(DomainError) as refused:
            attempt()
        assert "2026-03-02" in str(refused.value), name
    assert not enrolment.contacts.exists() and not enrolment.plan_revisions.exists()
    exit_enrolment(
        actor=personas.coach_a, enrolment=enrolment, day=datetime.date(2026, 3, 2),
        reason="withdrew_consent",
    )  # fmt: skip
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.outcome) == ("exited", "withdrew_consent")
    assert enrolment.programme.exit_reasons["withdrew_consent"].end_state == "withdrew_consent"


def test_the_case_page_prompts_the_exit_after_the_withdrawal(personas, case, client_for) -> None:
    enrolment = case("ips", referred_on=datetime.date(2026, 1, 5), started_on=GIVEN)
    client = client_for(personas.coach_a)
    assert client.get(f"/cases/{enrolment.pk}/").context["open_form"] == ""
    _withdraw_participation(personas, enrolment, datetime.date(2026, 3, 2))
    page = client.get(f"/cases/{enrolment.pk}/")
    assert page.context["open_form"] == "exit"
    exit_form = page.context["forms"]["exit"]
    assert exit_form.initial["reason"] == "withdrew_consent"
    assert exit_form.initial["day"] == datetime.date(2026, 3, 2)
    assert "återkallade samtycket till att delta den 2026-03-02" in page.content.decode()
    refused = client.post(
        f"/cases/{enrolment.pk}/contacts/",
        {"occurred_at": "2026-03-03T10:00", "mode": "phone", "place": "office",
         "parties": ["participant"], "outcome": "held", "duration_minutes": "20"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "återkallade samtycket" in refused.content.decode()
    assert not enrolment.contacts.exists()
    ended = client.post(
        f"/cases/{enrolment.pk}/exit/", {"reason": "withdrew_consent", "day": "2026-03-02"}
    )
    assert ended.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.exit_reason == "withdrew_consent"
    assert "återkallade samtycket" not in client.get(f"/cases/{enrolment.pk}/").content.decode()
