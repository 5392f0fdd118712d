"""A work unit's daily work in the demo: the carpentry of the work-training unit runs its daily
work group's attendance for the month so far (with sick days and late arrivals), publishes
this week's schedule, and has sent one participant home without the day's compensation."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.cohorts.models import Cohort
from lotsa.organisations.models import Membership, Role
from lotsa.worktraining.models import Financing, IncidentKind, WorkUnit
from lotsa.worktraining.services.daily import (
    EntryInput,
    IncidentInput,
    add_schedule_entry,
    members_on,
    monday_of,
    publish_schedule,
    record_incident,
    record_workday_attendance,
)

if TYPE_CHECKING:
    from lotsa.tools.demo.builder import DemoBuilder

DAILY_RATE = Decimal("62.50")
# Workdays of attendance back from yesterday: today's is left for the Today page to ask about.
WORKDAYS_BACK = 15


class DemoDailyWork:
    def __init__(self, builder: DemoBuilder) -> None:
        self.builder = builder

    def build(self) -> None:
        for cohort in Cohort.objects.filter(programme_code="knut_pv", activity="").order_by("pk"):
            self._work_unit(cohort)

    def _work_unit(self, cohort: Cohort) -> None:
        supervisor = (
            Membership.objects.filter(unit=cohort.unit, role=Role.COACH).order_by("pk").first()
        )
        if supervisor is None:
            return
        actor = supervisor.user
        work_unit = WorkUnit.objects.filter(cohort=cohort).first() or WorkUnit.objects.create(
            unit=cohort.unit,
            name="Snickeriet",
            description="Möbelrenovering och enklare snickeri på beställning.",
            financing=Financing.COMMITTEE_GRANT,
            cohort=cohort,
            daily_rate=DAILY_RATE,
        )
        today = self.builder.today
        rng = self.builder.rng
        days = [today - datetime.timedelta(days=n) for n in range(1, WORKDAYS_BACK * 2)]
        workdays = sorted(d for d in days if d.weekday() < 5 and d >= cohort.starts_on)[
            -WORKDAYS_BACK:
        ]
        for day in workdays:
            members = list(members_on(work_unit, day))
            statuses = {
                enrolment_id: rng.choices(
                    ["present", "late", "sick", "absent_notice", "absent_no_notice"],
                    weights=[76, 8, 8, 5, 3],
                )[0]
                for enrolment_id in members
            }
            late = {e: rng.choice([5, 10, 15, 30]) for e, s in statuses.items() if s == "late"}
            if statuses:
                record_workday_attendance(
                    actor=actor,
                    work_unit=work_unit,
                    day=day,
                    statuses=statuses,
                    minutes_late=late,
                )
        self._schedule(work_unit, actor, today)
        self._incident(work_unit, actor, workdays)

    def _schedule(self, work_unit: WorkUnit, actor: User, today: datetime.date) -> None:
        monday = monday_of(today)
        members = list(members_on(work_unit, today).values())
        for weekday in range(5):
            add_schedule_entry(
                actor=actor,
                work_unit=work_unit,
                week_starting=monday,
                entry=EntryInput(
                    weekday,
                    datetime.time(8, 0),
                    datetime.time(8, 30),
                    "Morgonsamling och dagens planering",
                    place="Fikarummet",
                ),
            )
        for weekday, member in enumerate(members[:5]):
            add_schedule_entry(
                actor=actor,
                work_unit=work_unit,
                week_starting=monday,
                entry=EntryInput(
                    weekday,
                    datetime.time(8, 30),
                    datetime.time(12, 0),
                    "Slipning och lackering av stolar",
                    enrolment=member.enrolment,
                    place="Verkstaden",
                ),
            )
        schedule = work_unit.schedules.get(week_starting=monday)
        publish_schedule(actor=actor, schedule=schedule)

    def _incident(self, work_unit: WorkUnit, actor: User, workdays: list[datetime.date]) -> None:
        if not workdays:
            return
        day = workdays[-1]
        members = list(members_on(work_unit, day).values())
        if not members:
            return
        record_incident(
            actor=actor,
            work_unit=work_unit,
            enrolment=members[0].enrolment,
            facts=IncidentInput(
                occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
                kind=IncidentKind.ALCOHOL_OR_DRUGS,
                breath_test_per_mille=Decimal("0.30"),
                written_warning=True,
                sent_home=True,
                without_compensation=True,
                return_condition="Nykter vid ankomst; samtal med handledaren först.",
                note="Luktade alkohol vid morgonsamlingen. Blåsprov gjordes med samtycke.",
            ),
        )
