"""A work unit's daily pages: the workday's attendance, the weekly schedule, incidents and
the monthly compensation basis for payroll."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.forms import AttendanceForm
from lotsa.cohorts.models import AttendanceStatus
from lotsa.core.downloads import XLSX, download
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError
from lotsa.worktraining.forms.daily import (
    DayForm,
    IncidentForm,
    MonthForm,
    ScheduleEntryForm,
    WeekForm,
)
from lotsa.worktraining.models import WorkUnit
from lotsa.worktraining.queries import daily as queries
from lotsa.worktraining.services import daily as services

Action = access.Action


def _work_unit(request: AuthenticatedHttpRequest, work_unit_id: int) -> WorkUnit:
    return access.get_work_unit_for(request.user, work_unit_id, Action.VIEW_PARTICIPANT)


def _base(request: AuthenticatedHttpRequest, work_unit: WorkUnit) -> dict[str, Any]:
    """What every daily page of the work unit shows: the unit, and what the user may do there."""
    return {
        "work_unit": work_unit,
        "may_change": work_unit.unit_id
        in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT),
        "may_export": work_unit.unit_id
        in access.unit_ids_for(request.user, Action.EXPORT_COMPENSATION),
    }


def _shown(request: AuthenticatedHttpRequest, work_unit: WorkUnit, participants: list[int]) -> None:
    """The daily work group's names on a page: logged as a view of the group."""
    record(AuditEvent.COHORT_VIEWED, actor=request.user, obj=work_unit, participants=participants)


def _bad_choice(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    return render(request, template, context, status=400)


# ------------------------------------------------------------------ the workday


@login_required
@require_http_methods(["GET", "POST"])
def workday(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    """The day's attendance of the daily work group (today unless ?day=), to record."""
    work_unit = _work_unit(request, work_unit_id)
    day_form = DayForm(request.GET)
    if not day_form.is_valid():
        return _bad_choice(
            request,
            "worktraining/workday.html",
            {**_base(request, work_unit), "day_form": day_form},
        )
    day = day_form.cleaned_data["day"] or timezone.localdate()
    page = queries.workday_of(work_unit, day)
    _shown(request, work_unit, page.participant_ids)
    form = AttendanceForm(
        request.POST or None,
        members=[line.member for line in page.lines],
        current={line.member.enrolment_id: line.status for line in page.lines},
        current_minutes={line.member.enrolment_id: line.minutes_late for line in page.lines},
    )
    here = f"{reverse('worktraining:workday', args=[work_unit.pk])}?day={day.isoformat()}"
    return form_page(
        request,
        form,
        lambda data: services.record_workday_attendance(
            actor=request.user,
            work_unit=work_unit,
            day=day,
            statuses=AttendanceForm.statuses(data),
            minutes_late=AttendanceForm.minutes_late(data),
        ),
        template="worktraining/workday.html",
        context={
            **_base(request, work_unit),
            "page": page,
            "day_form": day_form,
            "previous": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
            "today": timezone.localdate(),
            "statuses": AttendanceStatus.choices,
        },
        message=_("The attendance is recorded."),
        done=lambda _session: here,
    )


# ------------------------------------------------------------------ weekly schedule


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    """The week's schedule (this week unless ?week=), its lines added and published here."""
    work_unit = _work_unit(request, work_unit_id)
    week_form = WeekForm(request.GET)
    if not week_form.is_valid():
        return _bad_choice(
            request,
            "worktraining/schedule.html",
            {**_base(request, work_unit), "week_form": week_form},
        )
    monday = services.monday_of(week_form.cleaned_data["week"] or timezone.localdate())
    week = queries.week_of(work_unit, monday)
    _shown(request, work_unit, week.participant_ids)
    here = f"{reverse('worktraining:schedule', args=[work_unit.pk])}?week={monday.isoformat()}"
    context = {
        **_base(request, work_unit),
        "week": week,
        "week_form": week_form,
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
    }
    if request.method == "POST" and request.POST.get("form") == "publish":
        return _publish(request, week, context, here)
    members = {m.enrolment_id: m for m in week.members}
    return form_page(
        request,
        ScheduleEntryForm(request.POST or None, members=week.members),
        lambda data: services.add_schedule_entry(
            actor=request.user,
            work_unit=work_unit,
            week_starting=monday,
            entry=services.EntryInput(
                **{
                    **data,
                    "enrolment": members[data["enrolment"]].enrolment
                    if data["enrolment"]
                    else None,
                }
            ),
        ),
        template="worktraining/schedule.html",
        context=context,
        message=_("The line is added to the week."),
        done=lambda _entry: here,
    )


def _publish(
    request: AuthenticatedHttpRequest, week: queries.Week, context: dict[str, Any], here: str
) -> HttpResponse:
    form = ScheduleEntryForm(members=week.members)
    try:
        if week.schedule is None:
            raise DomainError(_("Add the week's work before publishing it."))
        services.publish_schedule(actor=request.user, schedule=week.schedule)
    except DomainError as error:
        add_domain_errors(form, error)
        return render(request, "worktraining/schedule.html", {**context, "form": form}, status=400)
    messages.success(request, _("The week is published to the participants."))
    return redirect(here)


@login_required
@require_POST
def remove_schedule_entry(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = access.get_schedule_entry_for(request.user, entry_id, Action.CHANGE_PARTICIPANT)
    schedule = services.remove_schedule_entry(actor=request.user, entry=entry)
    messages.success(request, _("The line is removed."))
    return redirect(
        f"{reverse('worktraining:schedule', args=[schedule.work_unit_id])}"
        f"?week={schedule.week_starting.isoformat()}"
    )


# ------------------------------------------------------------------ incidents


@login_required
@require_http_methods(["GET", "POST"])
def incidents(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    """The work unit's incidents, and recording one."""
    work_unit = _work_unit(request, work_unit_id)
    members = {m.enrolment_id: m for m in queries.group_on(work_unit, timezone.localdate())}
    # The form offers the group's members by name.
    _shown(request, work_unit, [m.enrolment.participant_id for m in members.values()])
    listed = queries.incident_list(request.user, work_unit)
    return form_page(
        request,
        IncidentForm(request.POST or None, members=list(members.values())),
        lambda data: services.record_incident(
            actor=request.user,
            work_unit=work_unit,
            enrolment=members[data.pop("enrolment")].enrolment,
            facts=services.IncidentInput(**data),
        ),
        template="worktraining/incidents.html",
        context={**_base(request, work_unit), "incidents": listed},
        message=_("The incident is recorded."),
        done=lambda incident: reverse("worktraining:incident", args=[incident.pk]),
    )


@login_required
@require_GET
def incident(request: AuthenticatedHttpRequest, incident_id: int) -> HttpResponse:
    found = access.get_incident_for(request.user, incident_id, Action.VIEW_PARTICIPANT)
    return render(request, "worktraining/incident.html", {"incident": found})


# ------------------------------------------------------------------ compensation basis


def _payroll_work_unit(request: AuthenticatedHttpRequest, work_unit_id: int) -> WorkUnit:
    """Only team leaders and managers see the basis (403 for other roles, 404 for another
    unit's work unit)."""
    access.require(request.user, Action.EXPORT_COMPENSATION)
    return access.get_work_unit_for(request.user, work_unit_id, Action.EXPORT_COMPENSATION)


@login_required
@require_GET
def compensation(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    """The month's compensation basis (this month unless ?month=)."""
    work_unit = _payroll_work_unit(request, work_unit_id)
    month_form = MonthForm(request.GET)
    context: dict[str, Any] = {**_base(request, work_unit), "month_form": month_form}
    if not month_form.is_valid():
        return _bad_choice(request, "worktraining/compensation.html", context)
    month = (month_form.cleaned_data["month"] or timezone.localdate()).replace(day=1)
    basis = queries.compensation_page(request.user, work_unit, month)
    return render(
        request,
        "worktraining/compensation.html",
        {
            **context,
            "month": month,
            "basis": basis,
            "headings": queries.basis_headings(),
            "rows": [(row, queries.basis_values(row)) for row in basis],
            "exports": work_unit.compensation_exports.filter(month=month).select_related(
                "exported_by"
            )[:5],
        },
    )


@login_required
@require_POST
def compensation_export(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    """The month's basis as a workbook for payroll; each export is recorded."""
    work_unit = _payroll_work_unit(request, work_unit_id)
    month_form = MonthForm(request.POST)
    if not month_form.is_valid() or month_form.cleaned_data["month"] is None:
        return _bad_choice(
            request,
            "worktraining/compensation.html",
            {**_base(request, work_unit), "month_form": month_form},
        )
    month = month_form.cleaned_data["month"]
    try:
        export, content = services.export_compensation_basis(
            actor=request.user, work_unit=work_unit, month=month
        )
    except DomainError as error:
        add_domain_errors(month_form, error)
        return _bad_choice(
            request,
            "worktraining/compensation.html",
            {**_base(request, work_unit), "month_form": month_form},
        )
    return download(content, XLSX, f"ersattningsunderlag-{work_unit.pk}-{export.month:%Y-%m}.xlsx")
