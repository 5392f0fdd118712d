"""The coordinator's survey IDs: issuing under the survey consent, the list and the key page,
which no other role reaches, and the slip for a paper survey."""

from __future__ import annotations

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError
from lotsa.surveys.models import SurveyKey
from lotsa.surveys.services.ids import issue_survey_id
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

# Every persona who is not the joint team's coordinator.
NOT_THE_COORDINATOR = (
    "fk_caseworker",
    "af_caseworker",
    "coach_a",
    "team_leader_a",
    "manager_a",
    "analyst",
    "reviewer",
    "administrator",
    "records_officer",
)


def test_an_id_needs_the_survey_consent_in_force(personas, joint_case) -> None:
    with pytest.raises(DomainError) as refused:
        issue_survey_id(actor=personas.coordinator, enrolment=joint_case)
    assert "participant" in refused.value.errors
    assert not SurveyKey.objects.exists()


def test_a_withdrawn_consent_does_not_count(personas, joint_case, survey_consent) -> None:
    survey_consent(joint_case)
    consent = joint_case.participant.consents.get(kind="survey")
    consent.withdrawn_on = consent.given_on
    consent.save(update_fields=["withdrawn_on"])
    with pytest.raises(DomainError):
        issue_survey_id(actor=personas.coordinator, enrolment=joint_case)


def test_the_coordinator_issues_an_id_from_the_list(
    personas, client_for, joint_case, survey_consent
) -> None:
    survey_consent(joint_case)
    client = client_for(personas.coordinator)
    response = client.post("/surveys/ids/", {"enrolment": joint_case.pk})
    assert response.status_code == 302
    key = SurveyKey.objects.get()
    assert (key.participant_id, key.programme) == (personas.joint.pk, "amia")
    page = client.get("/surveys/ids/").content.decode()
    assert key.survey_id.code in page
    assert personas.joint.display_name in page


def test_issuing_without_consent_is_refused_on_the_page(personas, client_for, joint_case) -> None:
    response = client_for(personas.coordinator).post("/surveys/ids/", {"enrolment": joint_case.pk})
    assert response.status_code == 400
    assert 'class="errorlist" role="alert"' in response.content.decode()
    assert not SurveyKey.objects.exists()


def test_the_list_is_a_read_of_the_key_naming_everyone_listed(personas, client_for, issued) -> None:
    response = client_for(personas.coordinator).get("/surveys/ids/")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(event=AuditEvent.SURVEY_KEY_VIEWED).get()
    assert entry.changes["participants"] == [personas.joint.pk]
    assert issued.code not in str(entry.changes)


def test_the_list_shows_only_the_coordinators_units(
    personas, client_for, issued, other_coordinator
) -> None:
    page = client_for(other_coordinator).get("/surveys/ids/").content.decode()
    assert personas.joint.display_name not in page
    assert issued.code not in page


def test_a_case_of_another_unit_cannot_be_given_an_id(
    personas, client_for, other_coordinator, joint_case, survey_consent
) -> None:
    survey_consent(joint_case)
    response = client_for(other_coordinator).post("/surveys/ids/", {"enrolment": joint_case.pk})
    assert response.status_code == 404
    assert not SurveyKey.objects.exists()


def test_the_coordinator_reads_the_key(personas, client_for, issued) -> None:
    response = client_for(personas.coordinator).get(f"/surveys/ids/{issued.pk}/")
    assert response.status_code == 200
    assert personas.joint.display_name in response.content.decode()
    entry = AuditEntry.objects.filter(event=AuditEvent.SURVEY_KEY_VIEWED).get()
    assert entry.participant_id == personas.joint.pk
    assert issued.code not in str(entry.changes) + entry.object_id


@pytest.mark.parametrize("persona", [*NOT_THE_COORDINATOR, "other_coordinator"])
def test_the_key_is_refused_to_every_other_role(
    personas, client_for, issued, other_coordinator, persona
) -> None:
    user = other_coordinator if persona == "other_coordinator" else getattr(personas, persona)
    for page in (f"/surveys/ids/{issued.pk}/", f"/surveys/ids/{issued.pk}/slip/"):
        response = client_for(user).get(page)
        assert response.status_code == 404
        assert personas.joint.display_name not in response.content.decode()
        assert issued.code not in response.content.decode()
    refusals = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=user)
    assert refusals.count() == 2
    assert {entry.changes["action"] for entry in refusals} == {"survey.read_key"}
    assert not AuditEntry.objects.filter(event=AuditEvent.SURVEY_KEY_VIEWED).exists()


@pytest.mark.parametrize("persona", NOT_THE_COORDINATOR)
def test_the_list_is_forbidden_to_every_other_role(personas, client_for, persona) -> None:
    assert client_for(getattr(personas, persona)).get("/surveys/ids/").status_code == 403


def test_the_slip_shows_the_id_and_no_name(personas, client_for, issued) -> None:
    response = client_for(personas.coordinator).get(f"/surveys/ids/{issued.pk}/slip/")
    content = response.content.decode()
    assert response.status_code == 200
    assert issued.code in content
    assert personas.joint.last_name not in content


def test_the_list_costs_the_same_however_many_cases(
    personas, client_for, issued, survey_consent
) -> None:
    client = client_for(personas.coordinator)
    before = page_queries(client, "/surveys/ids/")
    for _n in range(4):
        enrolment = EnrolmentFactory.create(
            unit=personas.joint_team, programme_model="amia", phase="mapping"
        )
        survey_consent(enrolment)
        issue_survey_id(actor=personas.coordinator, enrolment=enrolment)
    assert page_queries(client, "/surveys/ids/") == before
