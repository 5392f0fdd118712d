"""The rows of a work-training unit's daily work: workdays and schedules, incidents, the compensation basis, the report back to the commissioner."""

from __future__ import annotations

import datetime

from django.utils import timezone

from lotsa import access
from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one, refused, several
from lotsa.cohorts import services as cohorts
from lotsa.cohorts.models import CohortMember, Session
from lotsa.errors import Forbidden
from lotsa.testing.factories import CohortFactory, WorkUnitFactory
from lotsa.worktraining.models import WeeklySchedule, WorkUnit
from lotsa.worktraining.queries import daily as queries
from lotsa.worktraining.services import daily


def _work_unit(w: World) -> WorkUnit:
    """The carpentry of the KNUT-PV unit, with the unit's participant in its daily work group."""
    cohort = CohortFactory.create(
        unit=w.knut.unit,
        programme_code="knut_pv",
        starts_on=TODAY - datetime.timedelta(days=30),
    )
    CohortMember.objects.create(
        cohort=cohort, enrolment=w.knut.enrolment, joined_on=cohort.starts_on
    )
    return WorkUnitFactory.create(unit=w.knut.unit, name="Snickeriet", cohort=cohort)


def _participant(w: World) -> int:
    return w.knut.enrolment.participant_id


def _by_supervisor(w: World, **kwargs: object) -> dict[str, object]:
    return {"actor": w.knut.work_supervisor, "work_unit": _work_unit(w), **kwargs}


def _entry(w: World, work_unit: WorkUnit | None = None) -> daily.ScheduleEntry:
    return daily.add_schedule_entry(
        actor=w.knut.work_supervisor,
        work_unit=work_unit or _work_unit(w),
        week_starting=daily.monday_of(TODAY),
        entry=daily.EntryInput(
            0, datetime.time(8), datetime.time(12), "Snickeri", enrolment=w.knut.enrolment
        ),
    )


def _schedule(w: World) -> WeeklySchedule:
    return _entry(w).schedule


def _session(w: World) -> Call:
    work_unit = _work_unit(w)
    session = Session.objects.create(cohort=work_unit.cohort, starts_at=timezone.now())
    return Call(
        {
            "session": session,
            "enrolment": w.knut.enrolment,
            "status": "late",
            "minutes_late": 10,
            "actor": w.knut.work_supervisor,
        },
        _participant(w),
    )


def _incident_facts(**kwargs: object) -> daily.IncidentInput:
    return daily.IncidentInput(
        occurred_at=timezone.now() - datetime.timedelta(hours=1), kind="health", **kwargs
    )


def _incident(w: World) -> daily.Incident:
    return daily.record_incident(
        actor=w.knut.work_supervisor,
        work_unit=_work_unit(w),
        enrolment=w.knut.enrolment,
        facts=_incident_facts(note="Yrsel."),
    )


WORKTRAINING_DAILY_WRITES: list[Case] = [
    one(cohorts.set_attendance, E.ATTENDANCE_RECORDED, _session),
    several(
        daily.record_workday_attendance,
        (E.SESSION_SCHEDULED, E.ATTENDANCE_RECORDED),
        lambda w: Call(
            _by_supervisor(w, day=TODAY, statuses={w.knut.enrolment.pk: "sick"}),
            (None, _participant(w)),
        ),
        "the day's session made with the first attendance, then one entry per member",
    ),
    refused(
        daily.record_workday_attendance,
        E.ACCESS_DENIED,
        lambda w: Call(
            {
                "actor": w.knut.manager,
                "work_unit": _work_unit(w),
                "day": TODAY,
                "statuses": {w.knut.enrolment.pk: "present"},
            }
        ),
        Forbidden,
        "a manager",
    ),
    one(
        daily.add_schedule_entry,
        E.SCHEDULE_SAVED,
        lambda w: Call(
            _by_supervisor(
                w,
                week_starting=daily.monday_of(TODAY),
                entry=daily.EntryInput(
                    1, datetime.time(8), datetime.time(12), "Slipning", enrolment=w.knut.enrolment
                ),
            ),
            _participant(w),
        ),
    ),
    one(
        daily.remove_schedule_entry,
        E.SCHEDULE_SAVED,
        lambda w: Call({"actor": w.knut.work_supervisor, "entry": _entry(w)}, _participant(w)),
    ),
    one(
        daily.publish_schedule,
        E.SCHEDULE_PUBLISHED,
        lambda w: Call({"actor": w.knut.work_supervisor, "schedule": _schedule(w)}),
    ),
    one(
        daily.record_incident,
        E.INCIDENT_RECORDED,
        lambda w: Call(
            _by_supervisor(w, enrolment=w.knut.enrolment, facts=_incident_facts()),
            _participant(w),
        ),
        "not sent home",
    ),
    several(
        daily.record_incident,
        (E.INCIDENT_RECORDED, E.SESSION_SCHEDULED, E.ATTENDANCE_RECORDED),
        lambda w: Call(
            _by_supervisor(
                w,
                enrolment=w.knut.enrolment,
                facts=_incident_facts(sent_home=True, without_compensation=True),
            ),
            (_participant(w), None, _participant(w)),
        ),
        "sent home: the incident, the day's session made, and the day's attendance",
    ),
    one(
        daily.export_compensation_basis,
        E.COMPENSATION_EXPORTED,
        lambda w: Call({"actor": w.knut.team_leader, "work_unit": _work_unit(w), "month": TODAY}),
    ),
    refused(
        daily.export_compensation_basis,
        E.ACCESS_DENIED,
        lambda w: Call(_by_supervisor(w, month=TODAY)),
        Forbidden,
        "a work supervisor",
    ),
]

WORKTRAINING_DAILY_READS: list[Case] = [
    one(
        queries.incident_list,
        E.INCIDENT_VIEWED,
        lambda w: Call({"user": w.knut.work_supervisor, "work_unit": _incident(w).work_unit}),
    ),
    one(
        access.get_incident_for,
        E.INCIDENT_VIEWED,
        lambda w: Call(
            {
                "user": w.knut.work_supervisor,
                "incident_id": _incident(w).pk,
                "action": access.Action.VIEW_PARTICIPANT,
            },
            _participant(w),
        ),
    ),
    one(
        queries.compensation_page,
        E.COMPENSATION_VIEWED,
        lambda w: Call({"user": w.knut.manager, "work_unit": _work_unit(w), "month": TODAY}),
    ),
]
