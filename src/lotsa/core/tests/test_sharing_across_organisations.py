"""Cases across organisations: a person enrolled in IPS at the municipality's unit A and in
AMiA at Försäkringskassan's joint team is seen in the other organisation only through a consent
to information sharing in force, and only as far as its scope says.

The matrix walks every persona over both cases of the five people in two organisations (no
consent, a summary, the full record, a withdrawn and an expired consent) and checks the status,
whether the name and the case's note appear, and the audit entry.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.people.services import withdraw_consent
from lotsa.testing.factories import EnrolmentFactory, ParticipantFactory
from lotsa.testing.personas import TWO_ORG_SHARING, case_note

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

UNIT_A = ("coach_a", "colleague_a", "team_leader_a", "manager_a")
JOINT_TEAM = ("fk_caseworker", "af_caseworker")
NO_ACCESS = ("coach_b", "former_coach_a", "reviewer", "analyst", "administrator")

# What the staff of each organisation see of the other organisation's case, by sharing.
ACROSS = {"none": "", "summary": "summary", "full": "full", "withdrawn": "", "expired": ""}


def expected(persona: str, programme_model: str, sharing: str) -> str:
    """'own', 'full', 'summary' or '' (not found) for the persona and the case."""
    own_model = "ips" if persona in UNIT_A else "amia" if persona in JOINT_TEAM else None
    if own_model is None:
        return ""
    return "own" if programme_model == own_model else ACROSS[sharing]


def test_without_consent_neither_organisation_opens_the_others_case(
    personas, client_for, api_for
) -> None:
    """The defect as reported: with no consent recorded, the municipal IPS coach opened the AMiA
    case and the Försäkringskassan caseworker the municipal IPS case."""
    person = ParticipantFactory()
    ips = EnrolmentFactory(participant=person, unit=personas.unit_a)
    amia = EnrolmentFactory(
        participant=person, unit=personas.joint_team, programme_model="amia", phase="mapping"
    )
    for user, foreign, own in (
        (personas.coach_a, amia, ips),
        (personas.fk_caseworker, ips, amia),
    ):
        page = client_for(user).get(f"/cases/{foreign.pk}/")
        api = api_for(user).get(f"/api/enrolments/{foreign.pk}")
        assert (page.status_code, api.status_code) == (404, 404)
        assert person.last_name not in page.content.decode()
        assert api.json() == {"detail": "Not found."}
        refused = AuditEntry.objects.filter(
            event=AuditEvent.ACCESS_DENIED, actor=user, object_id=str(foreign.pk)
        )
        assert refused.count() == 2
        assert {entry.participant_id for entry in refused} == {person.pk}
        own_page = client_for(user).get(f"/cases/{own.pk}/")
        assert own_page.status_code == 200
        assert foreign.unit.name not in own_page.content.decode()


@pytest.mark.parametrize("persona", UNIT_A + JOINT_TEAM + NO_ACCESS)
def test_case_pages_follow_the_consent(personas, two_orgs, client_for, persona) -> None:
    user = getattr(personas, persona)
    client = client_for(user)
    for sharing, person in two_orgs.items():
        for enrolment in person.enrolments.all():
            seen = expected(persona, enrolment.programme_model, sharing)
            where = f"{persona} {sharing} {enrolment.programme_model}"
            before = latest_entry()
            response = client.get(f"/cases/{enrolment.pk}/")
            content = response.content.decode()
            assert response.status_code == (200 if seen else 404), where
            assert (person.last_name in content) == bool(seen), where
            assert (case_note(enrolment) in content) == (seen in ("own", "full")), where
            entries = AuditEntry.objects.filter(pk__gt=before, participant_id=person.pk)
            entry = entries.order_by("pk").last()
            assert entry is not None, where
            if not seen:
                assert entry.event == AuditEvent.ACCESS_DENIED, where
            elif seen == "own":
                assert (entry.event, entry.changes) == (AuditEvent.ENROLMENT_VIEWED, {}), where
            else:
                assert entry.event == AuditEvent.ENROLMENT_VIEWED, where
                assert entry.changes["scope"] == seen, where
                assert entry.changes["consent"] is not None, where


def latest_entry() -> int:
    """The id of the audit trail's latest entry (entries are numbered in order)."""
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("persona", UNIT_A + JOINT_TEAM + NO_ACCESS)
def test_the_api_follows_the_consent(personas, two_orgs, api_for, persona) -> None:
    user = getattr(personas, persona)
    api = api_for(user)
    for sharing, person in two_orgs.items():
        for enrolment in person.enrolments.all():
            seen = expected(persona, enrolment.programme_model, sharing)
            where = f"{persona} {sharing} {enrolment.programme_model}"
            case = api.get(f"/api/enrolments/{enrolment.pk}")
            assert case.status_code == (200 if seen else 404), where
            if seen:
                assert case.json()["shared"] == ("" if seen == "own" else seen), where
                assert (case.json()["milestones"] != []) == (seen != "summary"), where
            contacts = api.get(f"/api/enrolments/{enrolment.pk}/contacts")
            assert contacts.status_code == (200 if seen in ("own", "full") else 404), where
            if contacts.status_code == 200:
                assert [c["note"] for c in contacts.json()] == [case_note(enrolment)], where


@pytest.mark.parametrize("persona", UNIT_A + JOINT_TEAM)
def test_the_person_page_lists_only_the_cases_the_viewer_may_see(
    personas, two_orgs, client_for, api_for, persona
) -> None:
    user = getattr(personas, persona)
    other_unit = personas.joint_team if persona in UNIT_A else personas.unit_a
    for sharing, person in two_orgs.items():
        page = client_for(user).get(f"/participants/{person.pk}/")
        assert page.status_code == 200
        listed = {enrolment.unit for enrolment in page.context["enrolments"]}
        shows_other = bool(ACROSS[sharing])
        assert (other_unit in listed) == shows_other, sharing
        assert (other_unit.name in page.content.decode()) == shows_other, sharing
        record = api_for(user).get(f"/api/participants/{person.pk}").json()
        units = {enrolment["unit_id"] for enrolment in record["enrolments"]}
        assert (other_unit.pk in units) == shows_other, sharing


@pytest.mark.parametrize("persona", UNIT_A + JOINT_TEAM)
def test_a_case_shows_the_other_enrolments_only_where_shared(
    personas, two_orgs, client_for, persona
) -> None:
    own_model = "ips" if persona in UNIT_A else "amia"
    client = client_for(getattr(personas, persona))
    for sharing, person in two_orgs.items():
        own = person.enrolments.get(programme_model=own_model)
        other = person.enrolments.exclude(pk=own.pk).get()
        content = client.get(f"/cases/{own.pk}/").content.decode()
        assert (f"/cases/{other.pk}/" in content) == bool(ACROSS[sharing]), sharing
        assert (other.unit.name in content) == bool(ACROSS[sharing]), sharing


def test_withdrawing_the_consent_ends_the_access_at_the_next_request(
    personas, two_orgs, client_for
) -> None:
    person = two_orgs["full"]
    ips = person.enrolments.get(programme_model="ips")
    client = client_for(personas.fk_caseworker)
    assert client.get(f"/cases/{ips.pk}/").status_code == 200
    consent = person.consents.get(given_to=personas.municipality)
    withdraw_consent(
        actor=personas.coach_a,
        consent=consent,
        withdrawn_on=timezone.localdate(),
        reason="The participant asked us to stop.",
    )
    response = client.get(f"/cases/{ips.pk}/")
    assert response.status_code == 404
    assert person.last_name not in response.content.decode()


def test_a_shared_case_cannot_be_changed_by_the_other_organisation(
    personas, two_orgs, client_for, api_for
) -> None:
    ips = two_orgs["full"].enrolments.get(programme_model="ips")
    page = client_for(personas.fk_caseworker).post(
        f"/cases/{ips.pk}/contacts/",
        {"occurred_at": "2026-01-10T10:00", "mode": "phone", "place": "office"},
    )
    api = api_for(personas.fk_caseworker).post(
        f"/api/enrolments/{ips.pk}/contacts",
        {
            "occurred_at": "2026-01-10T10:00:00+01:00",
            "mode": "phone",
            "place": "office",
            "parties": ["participant"],
        },
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (404, 404)
    assert ips.contacts.count() == 1


def test_every_kind_of_sharing_is_in_the_matrix() -> None:
    assert set(TWO_ORG_SHARING) == set(ACROSS)
