"""Reads of time reports: a case's months, one month's form, the unit's monthly report of
participant activities and the caseworkers' reports to sign and co-sign."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core import numbers
from lotsa.core.extracts import Row, by_enrolment, fields_of, staff_name
from lotsa.organisations.models import Membership, Unit
from lotsa.pathways.deadlines import month_due, with_deadline_facts
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import BenefitExtent, Enrolment, Milestone
from lotsa.people.identity import format_identity_number
from lotsa.people.models import Participant
from lotsa.timereports.models import (
    ActivityReportDelivery,
    StaffTimeReport,
    TimeReport,
    TimeReportWeek,
)
from lotsa.timereports.services import (
    COSIGNING_ROLES,
    agency_of_week,
    first_of_month,
    last_of_month,
    report_weeks,
    reporting_switch,
)


def time_reports_of(enrolment: Enrolment) -> list[TimeReport]:
    """The case's time reports, newest month first, with their planned and actual totals."""
    return list(
        TimeReport.objects.filter(enrolment=enrolment)
        .annotate(planned=Sum("weeks__planned_hours"), actual=Sum("weeks__actual_hours"))
        .order_by("-month")
    )


@dataclass
class WeekLine:
    starts_on: datetime.date
    ends_on: datetime.date
    agency: str
    planned: Decimal | None = None
    actual: Decimal | None = None


def month_form(enrolment: Enrolment, programme: Programme, month: datetime.date) -> dict[str, Any]:
    """The weeks of a month's report as the form shows them: the saved hours, or empty weeks
    split where the reporting agency changes."""
    report = (
        TimeReport.objects.filter(enrolment=enrolment, month=month)
        .prefetch_related("weeks")
        .first()
    )
    if report is not None:
        weeks = [
            WeekLine(w.starts_on, w.ends_on, w.agency, w.planned_hours, w.actual_hours)
            for w in report.weeks.all()
        ]
    else:
        fresh = with_deadline_facts(Enrolment.objects.filter(pk=enrolment.pk)).get()
        switch = reporting_switch(fresh, programme)
        weeks = [
            WeekLine(start, end, agency_of_week(programme, switch, start))
            for start, end in report_weeks(month, switch)
        ]
    return {"report": report, "weeks": weeks, "month": month}


# ------------------------------------------------------------------ report of participant activities


@dataclass
class ActivityLine:
    enrolment_id: int
    participant_id: int
    name: str
    identity: str
    start_date: datetime.date
    ali_start: datetime.date | None
    exit_reason: str
    extent: str
    hours: dict[str, Decimal] = field(default_factory=dict)  # by reporting agency
    signed: bool = False
    reported: bool = False

    def hours_of(self, agencies: tuple[str, ...]) -> list[Decimal | None]:
        """The hours under each of the agencies, in their order (None where there are none)."""
        return [self.hours.get(agency) for agency in agencies]


@dataclass
class ActivityReport:
    unit: Unit
    programme: Programme
    month: datetime.date
    due_on: datetime.date
    lines: list[ActivityLine]
    agencies: tuple[str, ...]
    delivery: ActivityReportDelivery | None

    def total(self, agency: str) -> Decimal:
        return sum((line.hours.get(agency, Decimal(0)) for line in self.lines), Decimal(0))

    @property
    def totals(self) -> list[tuple[str, Decimal]]:
        return [(agency, self.total(agency)) for agency in self.agencies]

    @property
    def cells(self) -> list[list[tuple[Any, bool]]]:
        """The table's rows as (value, is a number) cells, built here rather than in a template
        loop, which costs more than the report's queries on a unit of some hundred people."""
        signed, unsigned, missing = _("Yes"), _("Not yet"), _("No report")
        return [
            [
                (line.name, False),
                (line.identity or "–", False),
                (date_format(line.start_date, "SHORT_DATE_FORMAT"), False),
                (
                    date_format(line.ali_start, "SHORT_DATE_FORMAT") if line.ali_start else "–",
                    False,
                ),
                (line.exit_reason or "–", False),
                (line.extent or "–", False),
                *(
                    (numbers.decimal(hours) if hours is not None else "", True)
                    for hours in line.hours_of(self.agencies)
                ),
                (signed if line.signed else unsigned if line.reported else missing, False),
            ]
            for line in self.lines
        ]


def activity_report(
    user: Actor, unit: Unit, programme: Programme, month: datetime.date, settings: dict[str, Any]
) -> ActivityReport:
    """Every participant of the unit's model whose enrolment ran during the month: who they
    are, when they entered the Work-Life Introduction (or the model's switch), why they left,
    the extent of their benefit and their hours in the month under the agency that reports
    them. Three queries of plain rows, whatever the number of participants; the people listed
    are logged."""
    first, last = first_of_month(month), last_of_month(month)
    running = Enrolment.objects.filter(
        unit=unit, programme_model=programme.code, start_date__lte=last
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    switch = Milestone.objects.filter(
        enrolment=OuterRef("pk"), code=programme.reporting.switch if programme.reporting else ""
    ).values("occurred_on")[:1]
    rows = (
        running.annotate(
            switch=Subquery(switch),
            month_report=FilteredRelation("time_reports", condition=Q(time_reports__month=first)),
        )
        .order_by("participant__last_name", "participant__first_name", "pk")
        .values_list(
            "pk", "participant_id", "participant__is_anonymous", "participant__code_name",
            "participant__first_name", "participant__last_name", "participant__identity_number",
            "participant__identity_country", "start_date", "end_date", "exit_reason",
            "benefit_facts__extent", "switch", "month_report__id", "month_report__signed_on",
        )
    )  # fmt: skip
    hours: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for enrolment_id, agency, total in (
        TimeReportWeek.objects.filter(report__month=first, report__enrolment__in=running)
        .values("report__enrolment_id", "agency")
        .annotate(total=Sum("actual_hours"))
        .values_list("report__enrolment_id", "agency", "total")
    ):
        hours[enrolment_id][agency] = total
    lines = []
    for (
        pk, participant_id, anonymous, code_name, first_name, last_name, number, country,
        start_date, end_date, exit_code, extent, entered, report_id, signed_on,
    ) in rows:  # fmt: skip
        assert start_date is not None  # the query asks for a start by the month's end
        exit_reason = programme.exit_reasons.get(exit_code)
        lines.append(
            ActivityLine(
                enrolment_id=pk,
                participant_id=participant_id,
                name=Participant.name_from(anonymous, code_name, first_name, last_name),
                identity=format_identity_number(number, country) if number else "",
                start_date=start_date,
                ali_start=entered,
                exit_reason=str(exit_reason.name)
                if exit_reason and end_date and end_date <= last
                else "",
                extent=str(BenefitExtent(extent).label) if extent else "",
                hours=hours.get(pk, {}),
                signed=signed_on is not None,
                reported=report_id is not None,
            )
        )
    delivery = ActivityReportDelivery.objects.filter(
        unit=unit, programme_code=programme.code, month=first
    ).first()
    due_day = (
        programme.setting("activity_report_due", settings)
        if "activity_report_due" in programme.unit_settings
        else "last"
    )
    record(
        AuditEvent.ACTIVITY_REPORT_VIEWED,
        actor=user,
        obj=unit,
        changes={
            "month": f"{first:%Y-%m}",
            "participants": [line.participant_id for line in lines],
        },
    )
    return ActivityReport(
        unit=unit,
        programme=programme,
        month=first,
        due_on=month_due(first, due_day),
        lines=lines,
        agencies=(programme.reporting.before, programme.reporting.after)
        if programme.reporting
        else (),
        delivery=delivery,
    )


# ------------------------------------------------------------------ caseworkers' time reports


def staff_reports_of(user: Actor) -> QuerySet[StaffTimeReport]:
    """The user's own reports, newest month first."""
    return StaffTimeReport.objects.filter(staff=user).select_related("unit", "cosigned_by")


def reports_to_cosign(user: Actor) -> list[StaffTimeReport]:
    """Reports awaiting a co-signature by the user: of caseworkers employed by an organisation
    the user is a manager or team leader for."""
    employers = (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user, role__in=COSIGNING_ROLES)
        .values("employer_id")
    )
    caseworkers = Membership.objects.filter(employer_id__in=employers).values("user_id")
    return list(
        StaffTimeReport.objects.filter(
            needs_cosignature=True, cosigned_on__isnull=True, staff_id__in=caseworkers
        )
        .exclude(staff=user)
        .select_related("staff", "unit")
        .order_by("month", "staff__last_name")
    )


def staff_report_for(user: Actor, report_id: object) -> StaffTimeReport:
    """A caseworker's report the user may co-sign; otherwise 404 (logged)."""
    report = next((r for r in reports_to_cosign(user) if str(r.pk) == str(report_id)), None)
    if report is None:
        access.refuse(
            user,
            "staff_time_report.cosign",
            object_type="timereports.stafftimereport",
            object_id=report_id,
        )
    return report


def time_reports_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The participant's monthly time reports of the enrolments by enrolment, oldest first,
    with the planned and actual hours of each week. Two queries."""
    reports = (
        TimeReport.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("entered_by")
        .prefetch_related("weeks")
        .order_by("month", "id")
    )
    return by_enrolment(
        reports,
        lambda report: (
            fields_of(report, ("month", "note", "signed_on"))
            | {
                "entered_by": staff_name(report.entered_by),
                "weeks": [
                    fields_of(
                        week, ("starts_on", "ends_on", "planned_hours", "actual_hours", "agency")
                    )
                    for week in report.weeks.all()
                ],
            }
        ),
    )
