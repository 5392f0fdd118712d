"""Incidents of a workday: what may be recorded with what, sending home that sets the day's
attendance, and each opening of an incident logged on its own."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.cohorts.models import Attendance, AttendanceStatus
from lotsa.errors import DomainError, Forbidden
from lotsa.pathways.services.lifecycle import exit_enrolment
from lotsa.people.extract.views import Format, register_extract
from lotsa.retention.services import erase_due
from lotsa.testing.clock import TODAY
from lotsa.testing.queries import page_queries
from lotsa.worktraining.models import Incident, IncidentKind
from lotsa.worktraining.services.daily import (
    IncidentInput,
    record_incident,
    record_workday_attendance,
)

pytestmark = pytest.mark.django_db


def _this_morning() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=1)


def _record(work_group, enrolment=None, **facts) -> Incident:
    return record_incident(
        actor=work_group.team.work_supervisor,
        work_unit=work_group.work_unit,
        enrolment=enrolment or work_group.team.enrolment,
        facts=IncidentInput(**{"occurred_at": _this_morning(), "kind": "conflict", **facts}),
    )


def test_sending_home_turns_the_days_attendance_to_sent_home(work_group) -> None:
    team = work_group.team
    record_workday_attendance(
        actor=team.work_supervisor,
        work_unit=work_group.work_unit,
        day=TODAY,
        statuses={team.enrolment.pk: "present"},
    )

    _record(
        work_group,
        kind=IncidentKind.ALCOHOL_OR_DRUGS,
        breath_test_per_mille=Decimal("0.35"),
        written_warning=True,
        sent_home=True,
        without_compensation=True,
        return_condition="Nykter vid ankomst.",
    )

    (attendance,) = Attendance.objects.filter(enrolment=team.enrolment)
    assert attendance.status == AttendanceStatus.SENT_HOME
    assert attendance.session.starts_at.date() == TODAY


def test_sending_home_on_a_day_not_yet_recorded_makes_the_days_session(work_group) -> None:
    _record(work_group, sent_home=True)

    (attendance,) = Attendance.objects.filter(enrolment=work_group.team.enrolment)
    assert attendance.status == AttendanceStatus.SENT_HOME
    assert attendance.session.cohort_id == work_group.work_unit.cohort_id


def test_an_incident_without_sending_home_leaves_the_attendance(work_group) -> None:
    _record(work_group, written_warning=True)

    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"kind": "conflict", "breath_test_per_mille": Decimal("0.2")}, "breath_test_per_mille"),
        (
            {"kind": "alcohol_or_drugs", "breath_test_per_mille": Decimal("7.5")},
            "breath_test_per_mille",
        ),
        ({"without_compensation": True}, "without_compensation"),
        ({"kind": "fight"}, "kind"),
        (
            {"occurred_at": timezone.now() + datetime.timedelta(days=2)},
            "occurred_at",
        ),
    ],
)
def test_what_does_not_go_together_is_refused_on_its_field(work_group, facts, field) -> None:
    with pytest.raises(DomainError) as refused:
        _record(work_group, **facts)

    assert list(refused.value.errors) == [field]
    assert not Incident.objects.exists()


def test_the_table_refuses_a_breath_test_of_another_kind(work_group) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.create(
            enrolment=work_group.team.enrolment,
            work_unit=work_group.work_unit,
            occurred_at=_this_morning(),
            kind=IncidentKind.HEALTH,
            breath_test_per_mille=Decimal("0.1"),
            recorded_by=work_group.team.work_supervisor,
        )


def test_the_form_shows_the_refusal_next_to_the_field(work_group, client_for) -> None:
    team = work_group.team
    response = client_for(team.work_supervisor).post(
        f"/work-training/work-units/{work_group.work_unit.pk}/incidents/",
        {
            "enrolment": team.enrolment.pk,
            "occurred_at": timezone.localtime(_this_morning()).strftime("%Y-%m-%dT%H:%M"),
            "kind": "health",
            "breath_test_per_mille": "0.5",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["breath_test_per_mille"]
    assert not Incident.objects.exists()


def test_recording_on_the_page_goes_to_the_incident(work_group, client_for) -> None:
    team = work_group.team
    client = client_for(team.work_supervisor)
    response = client.post(
        f"/work-training/work-units/{work_group.work_unit.pk}/incidents/",
        {
            "enrolment": team.enrolment.pk,
            "occurred_at": timezone.localtime(_this_morning()).strftime("%Y-%m-%dT%H:%M"),
            "kind": "alcohol_or_drugs",
            "breath_test_per_mille": "0.4",
            "sent_home": "on",
            "without_compensation": "on",
            "note": "Luktade alkohol vid morgonsamlingen.",
        },
    )

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work-training/incidents/{incident.pk}/"
    assert incident.breath_test_per_mille == Decimal("0.40")
    html = client.get(response["Location"]).content.decode()
    assert "Luktade alkohol vid morgonsamlingen." in html


def test_opening_an_incident_is_its_own_read(work_group, client_for) -> None:
    incident = _record(work_group, kind=IncidentKind.HEALTH, note="Yrsel.")

    client_for(work_group.team.work_supervisor).get(f"/work-training/incidents/{incident.pk}/")

    opened = AuditEntry.objects.get(event=AuditEvent.INCIDENT_VIEWED)
    assert opened.participant_id == work_group.team.enrolment.participant_id
    assert opened.object_id == str(incident.pk)


def test_another_units_incident_is_not_found_and_logged(work_group, personas, client_for) -> None:
    incident = _record(work_group)

    response = client_for(personas.coach_a).get(f"/work-training/incidents/{incident.pk}/")

    assert response.status_code == 404
    # The refusal names the case the incident belongs to.
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED,
        actor=personas.coach_a,
        object_id=str(incident.enrolment_id),
    ).exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.INCIDENT_VIEWED).exists()


def test_a_manager_may_read_but_not_record(work_group, client_for) -> None:
    team = work_group.team
    with pytest.raises(Forbidden):
        record_incident(
            actor=team.manager,
            work_unit=work_group.work_unit,
            enrolment=team.enrolment,
            facts=IncidentInput(occurred_at=_this_morning(), kind="conflict"),
        )
    response = client_for(team.manager).get(
        f"/work-training/work-units/{work_group.work_unit.pk}/incidents/"
    )
    assert response.status_code == 200
    assert 'name="kind"' not in response.content.decode()


def test_the_list_names_everyone_shown_in_a_fixed_number_of_queries(work_group, client_for) -> None:
    client = client_for(work_group.team.work_supervisor)
    url = f"/work-training/work-units/{work_group.work_unit.pk}/incidents/"
    _record(work_group)
    one = page_queries(client, url)
    others = [work_group.join() for _ in range(3)]
    for enrolment in others:
        _record(work_group, enrolment=enrolment, sent_home=True)

    assert page_queries(client, url) == one
    listed = AuditEntry.objects.filter(event=AuditEvent.INCIDENT_VIEWED).latest("sequence")
    assert listed.changes["participants"] == sorted(
        [work_group.team.enrolment.participant_id, *(e.participant_id for e in others)]
    )


def test_the_register_extract_holds_the_incidents(work_group) -> None:
    team = work_group.team
    _record(work_group, kind=IncidentKind.HEALTH, note="Yrsel vid lunch.", sent_home=True)

    extract = register_extract(
        team.manager,
        team.enrolment.participant,
        Format.JSON,
        organisations={team.municipality.pk},
    )

    (enrolment,) = extract["enrolments"]
    (incident,) = enrolment["incidents"]
    assert (incident["kind"], incident["note"], incident["sent_home"]) == (
        "health",
        "Yrsel vid lunch.",
        True,
    )
    assert incident["work_unit"] == "Snickeriet"


def test_erasing_a_closed_case_blanks_what_was_written_about_an_incident(work_group, clock) -> None:
    team = work_group.team
    incident = _record(
        work_group, written_warning=True, return_condition="Samtal först.", note="Bråk i kön."
    )
    exit_enrolment(actor=team.work_supervisor, enrolment=team.enrolment, day=TODAY, reason="other")
    clock.move_to(TODAY.replace(year=TODAY.year + 6))

    erase_due(today=clock.today(), dry_run=False)

    incident.refresh_from_db()
    assert (incident.note, incident.return_condition) == ("", "")
    assert (incident.kind, incident.written_warning) == ("conflict", True)
