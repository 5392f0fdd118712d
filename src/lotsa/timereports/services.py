"""Writing and signing time reports, and recording that a month's report was sent.

A participant's time report covers one calendar month, week by week (Monday to Sunday, cut at
the month's first and last day and at the day the reporting agency changes, so that every week
belongs to one agency). It is locked once the participant has signed it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.dates import add_months
from lotsa.errors import DomainError
from lotsa.organisations.models import Membership, Organisation, Role, Unit
from lotsa.pathways.deadlines import UnitRules, case_dates, with_deadline_facts
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.pathways.services.enrolment_changes import programme_of, require_participation
from lotsa.timereports.models import (
    ActivityReportDelivery,
    StaffTimeReport,
    TimeReport,
    TimeReportWeek,
)

MAX_WEEK_HOURS = Decimal("168")
MAX_MONTH_HOURS = Decimal("744")


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def last_of_month(month: datetime.date) -> datetime.date:
    return add_months(first_of_month(month), 1) - datetime.timedelta(days=1)


def report_weeks(
    month: datetime.date, switch: datetime.date | None = None
) -> list[tuple[datetime.date, datetime.date]]:
    """The weeks of the month (Monday to Sunday, cut at its first and last day), with a week
    that holds ``switch`` split so that ``switch`` begins a week of its own."""
    first, last = first_of_month(month), last_of_month(month)
    weeks, start = [], first
    while start <= last:
        end = min(start + datetime.timedelta(days=6 - start.weekday()), last)
        if switch is not None and start < switch <= end:
            weeks.append((start, switch - datetime.timedelta(days=1)))
            start = switch
        weeks.append((start, end))
        start = end + datetime.timedelta(days=1)
    return weeks


def reporting_switch(enrolment: Enrolment, programme: Programme) -> datetime.date | None:
    """The day another agency takes over reporting the participant's hours: the model's switch
    milestone, or the timeline's planned date for it until it is recorded. The enrolment comes
    read with its deadline facts."""
    if programme.reporting is None:
        return None
    dates = case_dates(enrolment, programme, UnitRules(settings=_settings(enrolment)))
    return dates.known.get(programme.reporting.switch)


def _settings(enrolment: Enrolment) -> dict[str, Any]:
    return (
        UnitProgramme.objects.filter(
            unit_id=enrolment.unit_id, programme_code=enrolment.programme_model
        )
        .values_list("settings", flat=True)
        .first()
        or {}
    )


def agency_of_week(
    programme: Programme, switch: datetime.date | None, starts_on: datetime.date
) -> str:
    """The kind of organisation that reports the hours of a week starting on the day."""
    if programme.reporting is None:
        return ""
    if switch is None or starts_on < switch:
        return programme.reporting.before
    return programme.reporting.after


@dataclass(frozen=True)
class WeekHours:
    planned: Decimal
    actual: Decimal


def _check_month(enrolment: Enrolment, month: datetime.date) -> None:
    if month.day != 1:
        raise DomainError({"month": _("Give the month as its first day.")})
    if enrolment.start_date is None or month < first_of_month(enrolment.start_date):
        raise DomainError({"month": _("The enrolment had not started in this month.")})
    if enrolment.end_date is not None and month > first_of_month(enrolment.end_date):
        raise DomainError({"month": _("The enrolment had ended before this month.")})
    if month > first_of_month(timezone.localdate()):
        raise DomainError({"month": _("A time report cannot be written for a future month.")})


def save_time_report(
    *,
    actor: Actor,
    enrolment: Enrolment,
    month: datetime.date,
    weeks: list[WeekHours],
    note: str = "",
) -> TimeReport:
    """Write (or correct, until it is signed) the participant's planned and actual hours of the
    month, one pair for each week of ``report_weeks``."""
    access.require_enrolment(actor, enrolment)
    return write_month_hours(actor, enrolment, month, weeks, note, most_in_a_week=MAX_WEEK_HOURS)


def write_month_hours(
    entered_by: User,
    enrolment: Enrolment,
    month: datetime.date,
    weeks: list[WeekHours],
    note: str,
    *,
    most_in_a_week: Decimal,
) -> TimeReport:
    """The month's hours written by whoever may write them (staff of the case, or the
    participant in their own space), checked the same way; a signed report is never changed."""
    if enrolment.is_open:
        require_participation(enrolment)
    programme = programme_of(enrolment)
    if not programme.time_reports:
        raise DomainError({"month": _("This programme model keeps no time reports.")})
    _check_month(enrolment, month)
    fresh = with_deadline_facts(Enrolment.objects.filter(pk=enrolment.pk)).get()
    switch = reporting_switch(fresh, programme)
    spans = report_weeks(month, switch)
    errors: dict[str, str] = {}
    if len(weeks) != len(spans):
        errors["weeks"] = _("Give the hours of each of the month's %(count)s weeks.") % {
            "count": len(spans)
        }
    for number, week in enumerate(weeks, start=1):
        for hours in (week.planned, week.actual):
            if not Decimal(0) <= hours <= most_in_a_week:
                errors[f"weeks.{number}"] = _(
                    "Week %(number)s: give the hours as a number between 0 and %(most)s."
                ) % {"number": number, "most": most_in_a_week}
    if len(note) > 2000:
        errors["note"] = _("Use at most %(limit)s characters.") % {"limit": 2000}
    report = TimeReport.objects.filter(enrolment=enrolment, month=month).first()
    if report is not None and report.signed_on is not None:
        errors["month"] = _("The participant has signed this report: it can no longer be changed.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        if report is None:
            report = TimeReport(enrolment=enrolment, month=month)
        report.note, report.entered_by = note.strip(), entered_by
        report.save()
        report.weeks.all().delete()
        TimeReportWeek.objects.bulk_create(
            TimeReportWeek(
                report=report,
                starts_on=start,
                ends_on=end,
                planned_hours=week.planned,
                actual_hours=week.actual,
                agency=agency_of_week(programme, switch, start),
            )
            for (start, end), week in zip(spans, weeks, strict=True)
        )
        record(
            AuditEvent.TIME_REPORT_SAVED,
            actor=entered_by,
            obj=report,
            participant_id=enrolment.participant_id,
            changes={
                "month": f"{month:%Y-%m}",
                "planned": str(sum((w.planned for w in weeks), Decimal(0))),
                "actual": str(sum((w.actual for w in weeks), Decimal(0))),
            },
        )
    return report


def record_time_report_signature(
    *, actor: Actor, report: TimeReport, day: datetime.date
) -> TimeReport:
    """The participant has read and signed the month's report; it is locked from now on."""
    access.require_enrolment(actor, report.enrolment)
    if report.signed_on is not None:
        raise DomainError({"day": _("The report is signed already.")})
    if not report.month <= day <= timezone.localdate():
        raise DomainError({"day": _("The signing date lies between the month's start and today.")})
    with transaction.atomic(durable=True):
        report.signed_on, report.signature_recorded_by = day, actor
        report.save(update_fields=["signed_on", "signature_recorded_by"])
        record(
            AuditEvent.TIME_REPORT_SIGNED,
            actor=actor,
            obj=report,
            participant_id=report.enrolment.participant_id,
            changes={"month": f"{report.month:%Y-%m}", "signed_on": day.isoformat()},
        )
    return report


def mark_activity_report_sent(
    *,
    actor: Actor,
    unit: Unit,
    programme_code: str,
    month: datetime.date,
    day: datetime.date,
    sent_to: str,
) -> ActivityReportDelivery:
    """Record that the unit sent the month's report of participant activities."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT, unit)
    errors: dict[str, str] = {}
    if month.day != 1 or month >= first_of_month(timezone.localdate()):
        errors["month"] = _("Choose a month that has ended.")
    if not month <= day <= timezone.localdate():
        errors["day"] = _("The date lies between the month and today.")
    if not sent_to.strip() or len(sent_to) > 200:
        errors["sent_to"] = _("Say to whom the report was sent (at most 200 characters).")
    if ActivityReportDelivery.objects.filter(
        unit=unit, programme_code=programme_code, month=month
    ).exists():
        errors["month"] = _("This month's report is recorded as sent already.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        delivery = ActivityReportDelivery.objects.create(
            unit=unit,
            programme_code=programme_code,
            month=month,
            sent_on=day,
            sent_to=sent_to.strip(),
            sent_by=actor,
        )
        record(
            AuditEvent.ACTIVITY_REPORT_SENT,
            actor=actor,
            obj=delivery,
            changes={"month": f"{month:%Y-%m}", "sent_on": day.isoformat()},
        )
    return delivery


# ------------------------------------------------------------------ caseworkers' time reports

COSIGNING_ROLES = (Role.MANAGER, Role.SUPERVISOR)


def employer_of(staff: User, unit: Unit, day: datetime.date) -> Organisation | None:
    """Who employs the staff member in the unit (in a joint team the agencies differ)."""
    membership = (
        Membership.objects.active_on(day)
        .filter(user=staff, unit=unit)
        .select_related("employer")
        .first()
    )
    return membership.employer if membership is not None else None


def needs_cosignature(unit: Unit, employer: Organisation | None) -> bool:
    """Whether the unit wants the caseworker's report co-signed, by the unit's choice for the
    model that keeps time reports (AMiA: Arbetsförmedlingen's caseworkers, by default)."""
    for code, chosen in UnitProgramme.objects.filter(unit=unit).values_list(
        "programme_code", "settings"
    ):
        programme = registry().get(code)
        if programme is None or "cosigned_caseworker_reports" not in programme.unit_settings:
            continue
        rule = programme.setting("cosigned_caseworker_reports", chosen)
        return rule == "all" or (employer is not None and rule == employer.kind)
    return False


def submit_staff_time_report(
    *, actor: Actor, unit: Unit, month: datetime.date, hours: Decimal, note: str = ""
) -> StaffTimeReport:
    """A caseworker signs their hours on the unit's programme for a month that has ended; a
    report not yet co-signed may be corrected."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT, unit)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if month.day != 1 or month >= first_of_month(today):
        errors["month"] = _("Choose a month that has ended.")
    if not Decimal(0) <= hours <= MAX_MONTH_HOURS:
        errors["hours"] = _("Give the hours as a number between 0 and 744.")
    if len(note) > 2000:
        errors["note"] = _("Use at most %(limit)s characters.") % {"limit": 2000}
    report = StaffTimeReport.objects.filter(staff=actor, unit=unit, month=month).first()
    if report is not None and report.cosigned_on is not None:
        errors["month"] = _("This month's report is co-signed: it can no longer be changed.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        report = report or StaffTimeReport(staff=actor, unit=unit, month=month)
        report.hours, report.note, report.signed_on = hours, note.strip(), today
        report.needs_cosignature = needs_cosignature(unit, employer_of(actor, unit, today))
        report.save()
        record(
            AuditEvent.STAFF_TIME_REPORT_SAVED,
            actor=actor,
            obj=report,
            changes={"month": f"{month:%Y-%m}", "hours": str(hours), "unit": unit.pk},
        )
    return report


def may_cosign(actor: Actor, report: StaffTimeReport) -> bool:
    """The caseworker's nearest manager: a manager or team leader employed by the same
    organisation as the caseworker (in the report's unit), not the caseworker."""
    if report.staff_id == actor.pk:
        return False
    employer = employer_of(report.staff, report.unit, report.signed_on)
    return (
        employer is not None
        and Membership.objects.active_on(timezone.localdate())
        .filter(user=actor, role__in=COSIGNING_ROLES, employer=employer)
        .exists()
    )


def cosign_staff_time_report(
    *, actor: Actor, report: StaffTimeReport, day: datetime.date
) -> StaffTimeReport:
    if not may_cosign(actor, report):
        access.refuse(
            actor,
            "staff_time_report.cosign",
            object_type="timereports.stafftimereport",
            object_id=report.pk,
        )
    if not report.needs_cosignature or report.cosigned_on is not None:
        raise DomainError({"day": _("This report needs no co-signature, or has one.")})
    if not report.signed_on <= day <= timezone.localdate():
        raise DomainError({"day": _("The date lies between the caseworker's signature and today.")})
    with transaction.atomic(durable=True):
        report.cosigned_by, report.cosigned_on = actor, day
        report.save(update_fields=["cosigned_by", "cosigned_on"])
        record(
            AuditEvent.STAFF_TIME_REPORT_COSIGNED,
            actor=actor,
            obj=report,
            changes={"month": f"{report.month:%Y-%m}", "staff": report.staff_id},
        )
    return report
