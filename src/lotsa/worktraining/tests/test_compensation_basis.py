"""The monthly compensation basis of a work unit: the days of each participant by attendance,
incidents that take a day's compensation, and the workbook for payroll."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.testing.clock import TODAY
from lotsa.testing.queries import page_queries
from lotsa.worktraining.models import CompensationExport
from lotsa.worktraining.queries.daily import compensation_basis
from lotsa.worktraining.services.daily import (
    IncidentInput,
    export_compensation_basis,
    record_incident,
    record_workday_attendance,
)
from lotsa.worktraining.tests.conftest import DAILY_RATE

pytestmark = pytest.mark.django_db

# Workdays of the month so far (TODAY is Thursday 3 December): Tuesday 1 to Thursday 3.
DAYS_OF_MONTH = [TODAY - datetime.timedelta(days=n) for n in (2, 1, 0)]


def _attend(work_group, day, statuses, minutes=None) -> None:
    record_workday_attendance(
        actor=work_group.team.work_supervisor,
        work_unit=work_group.work_unit,
        day=day,
        statuses=statuses,
        minutes_late=minutes,
    )


def _sent_home(work_group, day, *, without_compensation: bool) -> None:
    record_incident(
        actor=work_group.team.work_supervisor,
        work_unit=work_group.work_unit,
        enrolment=work_group.team.enrolment,
        facts=IncidentInput(
            occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
            kind="alcohol_or_drugs",
            sent_home=True,
            without_compensation=without_compensation,
        ),
    )


def _present_every_day(work_group) -> None:
    for day in DAYS_OF_MONTH:
        _attend(work_group, day, {work_group.team.enrolment.pk: "present"})


def _row(work_group):
    (row,) = compensation_basis(work_group.work_unit, TODAY)
    return row


def test_sent_home_without_compensation_takes_one_day_and_its_rate(work_group) -> None:
    _present_every_day(work_group)
    before = _row(work_group)
    assert before.compensable == len(DAYS_OF_MONTH)
    assert before.amount == DAILY_RATE * len(DAYS_OF_MONTH)

    _sent_home(work_group, DAYS_OF_MONTH[1], without_compensation=True)

    after = _row(work_group)
    assert (after.present, after.sent_home, after.without_compensation) == (2, 1, 1)
    assert after.compensable == before.compensable - 1
    assert after.amount == before.amount - DAILY_RATE


def test_sent_home_with_compensation_keeps_the_day(work_group) -> None:
    _present_every_day(work_group)
    before = _row(work_group)

    _sent_home(work_group, DAYS_OF_MONTH[1], without_compensation=False)

    after = _row(work_group)
    assert after.sent_home == 1
    assert (after.compensable, after.amount) == (before.compensable, before.amount)


def test_late_minutes_are_summed_and_sick_and_absent_days_not_paid(work_group) -> None:
    enrolment = work_group.team.enrolment.pk
    _attend(work_group, DAYS_OF_MONTH[0], {enrolment: "late"}, {enrolment: 15})
    _attend(work_group, DAYS_OF_MONTH[1], {enrolment: "sick"})
    _attend(work_group, DAYS_OF_MONTH[2], {enrolment: "absent_no_notice"})
    # Last month's day is no part of this month's basis.
    _attend(work_group, TODAY - datetime.timedelta(days=7), {enrolment: "present"})

    row = _row(work_group)

    assert (row.present, row.late, row.minutes_late, row.sick, row.absent) == (0, 1, 15, 1, 1)
    assert row.compensable == 1
    assert row.amount == DAILY_RATE


def test_without_a_daily_rate_the_basis_gives_days_only(work_group) -> None:
    work_group.work_unit.daily_rate = None
    work_group.work_unit.save()
    _present_every_day(work_group)

    row = _row(work_group)
    assert (row.compensable, row.amount) == (len(DAYS_OF_MONTH), None)


def test_the_workbook_has_one_row_per_participant_with_the_pages_figures(
    work_group, client_for
) -> None:
    other = work_group.join()
    _present_every_day(work_group)
    _attend(work_group, DAYS_OF_MONTH[0], {other.pk: "late"}, {other.pk: 20})
    _sent_home(work_group, DAYS_OF_MONTH[2], without_compensation=True)
    leader = work_group.team.team_leader
    client = client_for(leader)
    base = f"/work-training/work-units/{work_group.work_unit.pk}/compensation/"

    page = client.get(f"{base}?month={TODAY:%Y-%m}")
    response = client.post(f"{base}export/", {"month": f"{TODAY:%Y-%m}"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{TODAY:%Y-%m}.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    shown = {row.name: row for row in page.context["basis"]}
    assert len(rows) == len(shown) == 2
    for name, _identity, present, late, minutes, *_rest, compensable, rate, amount in rows:
        assert (present, late, minutes, compensable) == (
            shown[name].present,
            shown[name].late,
            shown[name].minutes_late,
            shown[name].compensable,
        )
        assert float(amount) == float(shown[name].amount)
        assert float(rate) == float(DAILY_RATE)
    export = CompensationExport.objects.get()
    assert (export.rows, export.exported_by, export.month) == (2, leader, TODAY.replace(day=1))
    exported = AuditEntry.objects.get(event=AuditEvent.COMPENSATION_EXPORTED)
    assert exported.changes["participants"] == sorted(
        [work_group.team.enrolment.participant_id, other.participant_id]
    )


def test_a_work_supervisor_may_neither_see_nor_export_the_basis(work_group, client_for) -> None:
    supervisor = work_group.team.work_supervisor
    base = f"/work-training/work-units/{work_group.work_unit.pk}/compensation/"
    client = client_for(supervisor)

    assert client.get(base).status_code == 403
    assert client.post(f"{base}export/", {"month": f"{TODAY:%Y-%m}"}).status_code == 403
    with pytest.raises(Forbidden):
        export_compensation_basis(actor=supervisor, work_unit=work_group.work_unit, month=TODAY)
    assert not CompensationExport.objects.exists()
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=supervisor).count() == 3


def test_another_units_basis_is_not_found(work_group, personas, client_for) -> None:
    response = client_for(personas.manager_a).get(
        f"/work-training/work-units/{work_group.work_unit.pk}/compensation/"
    )
    assert response.status_code == 404


def test_a_month_not_begun_is_refused_on_its_field(work_group, client_for) -> None:
    with pytest.raises(DomainError) as refused:
        export_compensation_basis(
            actor=work_group.team.manager,
            work_unit=work_group.work_unit,
            month=TODAY + datetime.timedelta(days=40),
        )
    assert list(refused.value.errors) == ["month"]
    response = client_for(work_group.team.manager).get(
        f"/work-training/work-units/{work_group.work_unit.pk}/compensation/?month=13-2026"
    )
    assert response.status_code == 400


def test_the_page_costs_the_same_for_one_participant_as_for_many(work_group, client_for) -> None:
    client = client_for(work_group.team.manager)
    url = f"/work-training/work-units/{work_group.work_unit.pk}/compensation/"
    _present_every_day(work_group)
    one = page_queries(client, url)
    for _ in range(4):
        joined = work_group.join()
        for day in DAYS_OF_MONTH:
            _attend(work_group, day, {joined.pk: "present"})

    assert page_queries(client, url) == one
    viewed = AuditEntry.objects.filter(event=AuditEvent.COMPENSATION_VIEWED).latest("sequence")
    assert len(viewed.changes["participants"]) == 5


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ("Ersättningsunderlag", "Ersättningsgrundande dagar", "Dagar sjuk")),
        ("da", ("Grundlag for godtgørelse", "Dage med ret til godtgørelse", "Dage syg")),
    ],
)
def test_the_basis_speaks_the_users_language(work_group, client_for, language, words) -> None:
    client = client_for(work_group.team.manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(
        f"/work-training/work-units/{work_group.work_unit.pk}/compensation/"
    ).content.decode()

    assert all(word in html for word in words), words
