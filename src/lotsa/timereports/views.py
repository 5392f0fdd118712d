"""Time report pages: a participant's month, the unit's monthly report of participant activities
(page, spreadsheet, PDF, marked as sent) and the caseworkers' own monthly hours."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core import spreadsheets
from lotsa.core.downloads import PDF, XLSX, download, pdf_of
from lotsa.core.pages import form_page
from lotsa.dates import add_months, implausible
from lotsa.errors import NotFound
from lotsa.organisations.models import Unit
from lotsa.participant_space.models import SignedDocument
from lotsa.participant_space.queries import current_signature
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.timereports import queries, services
from lotsa.timereports.forms import (
    DeliveryForm,
    MonthHoursForm,
    SignForm,
    StaffReportForm,
    agency_name,
)
from lotsa.timereports.models import TimeReport

Action = access.Action


def _month(raw: str) -> datetime.date:
    """A month in a URL or query, as 2026-11; anything else is not a page."""
    try:
        month = datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 - a month, no time
    except ValueError:
        raise NotFound("month") from None
    if implausible(month):
        raise NotFound("month")
    return month


def _reporting(enrolment: Enrolment) -> Programme:
    programme = programme_of(enrolment)
    if not programme.time_reports:
        raise NotFound("time reports")
    return programme


@login_required
@require_http_methods(["GET", "POST"])
def month(request: AuthenticatedHttpRequest, enrolment_id: int, month: str) -> HttpResponse:
    """The participant's hours in one month, week by week: written by staff, then signed."""
    first = _month(month)
    action = Action.CHANGE_PARTICIPANT if request.method == "POST" else Action.VIEW_PARTICIPANT
    enrolment = access.get_enrolment_for(request.user, enrolment_id, action)
    programme = _reporting(enrolment)
    shown = queries.month_form(enrolment, programme, first)
    form = MonthHoursForm(
        request.POST or None,
        weeks=shown["weeks"],
        initial={"note": shown["report"].note if shown["report"] else ""},
    )
    return form_page(
        request,
        form,
        lambda data: services.save_time_report(
            actor=request.user,
            enrolment=enrolment,
            month=first,
            weeks=form.hours(),
            note=data["note"],
        ),
        template="timereports/month.html",
        context=_month_context(request, enrolment, shown),
        message=_("The time report is saved."),
        done=lambda report: reverse("timereports:month", args=[enrolment.pk, month]),
    )


def _month_context(
    request: AuthenticatedHttpRequest, enrolment: Enrolment, shown: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    report = shown["report"]
    locked = report is not None and report.signed_on is not None
    return {
        "enrolment": enrolment,
        "participant": enrolment.participant,
        "report": report,
        "month": shown["month"],
        "weeks": [(week, agency_name(week.agency)) for week in shown["weeks"]],
        "may_change": not locked
        and enrolment.unit_id in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT),
        "sign_form": extra.get("sign_form") or SignForm(),
        # Submitted by the participant in their own space: signed over exactly these hours.
        "participant_signature": current_signature(SignedDocument.TIME_REPORT, report)
        if locked
        else None,
    }


@login_required
@require_POST
def sign(request: AuthenticatedHttpRequest, enrolment_id: int, month: str) -> HttpResponse:
    first = _month(month)
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    programme = _reporting(enrolment)
    report = TimeReport.objects.filter(enrolment=enrolment, month=first).first()
    if report is None:
        access.refuse(
            request.user,
            Action.CHANGE_PARTICIPANT,
            object_type="timereports.timereport",
            object_id=f"{enrolment.pk}:{month}",
            participant_id=enrolment.participant_id,
        )
    report.enrolment = enrolment
    sign_form = SignForm(request.POST)
    shown = queries.month_form(enrolment, programme, first)
    return form_page(
        request,
        sign_form,
        lambda data: services.record_time_report_signature(
            actor=request.user, report=report, day=data["day"]
        ),
        template="timereports/month.html",
        context=_month_context(request, enrolment, shown, sign_form=sign_form)
        | {"form": MonthHoursForm(weeks=shown["weeks"])},
        message=_("The participant's signature is recorded: the report is locked."),
        done=lambda _report: reverse("timereports:month", args=[enrolment.pk, month]),
    )


# ------------------------------------------------------------------ report of participant activities


def _unit_report(request: AuthenticatedHttpRequest, unit_id: int) -> queries.ActivityReport:
    """The report of the unit's model that keeps time reports, for ?month= (by default the
    month that ended last)."""
    unit = access.get_unit_for(request.user, unit_id, Action.VIEW_PARTICIPANT)
    rows = UnitProgramme.objects.filter(unit=unit).values_list("programme_code", "settings")
    keeping = [
        (programme, settings)
        for code, settings in rows
        if (programme := registry().get(code)) is not None and programme.time_reports
    ]
    if not keeping:
        raise NotFound("time reports")
    programme, settings = keeping[0]
    default = add_months(timezone.localdate().replace(day=1), -1)
    chosen = _month(request.GET["month"]) if request.GET.get("month") else default
    return queries.activity_report(request.user, unit, programme, chosen, settings)


def _report_context(report: queries.ActivityReport) -> dict[str, Any]:
    return {
        "today": timezone.localdate(),
        "report": report,
        "agencies": [(kind, agency_name(kind)) for kind in report.agencies],
        "previous": add_months(report.month, -1),
        "next": add_months(report.month, 1),
    }


@login_required
@require_http_methods(["GET", "POST"])
def activity_report(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    report = _unit_report(request, unit_id)
    form = DeliveryForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.mark_activity_report_sent(
            actor=request.user,
            unit=report.unit,
            programme_code=report.programme.code,
            month=report.month,
            day=data["day"],
            sent_to=data["sent_to"],
        ),
        template="timereports/activity_report.html",
        context=_report_context(report)
        | {
            "may_send": access.can(request.user, Action.CHANGE_PARTICIPANT, report.unit)
            and report.delivery is None
        },
        message=_("The report is recorded as sent."),
        done=lambda _d: (
            f"{reverse('timereports:activity', args=[unit_id])}?month={report.month:%Y-%m}"
        ),
    )


def _exported(request: AuthenticatedHttpRequest, report: queries.ActivityReport, kind: str) -> None:
    record(
        AuditEvent.ACTIVITY_REPORT_EXPORTED,
        actor=request.user,
        obj=report.unit,
        changes={
            "month": f"{report.month:%Y-%m}",
            "format": kind,
            "participants": [line.participant_id for line in report.lines],
        },
    )


def _file_name(report: queries.ActivityReport, suffix: str) -> str:
    return f"deltagarinsatser-{report.unit.pk}-{report.month:%Y-%m}.{suffix}"


@login_required
@require_GET
def activity_report_xlsx(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    report = _unit_report(request, unit_id)
    agencies = [(kind, agency_name(kind)) for kind in report.agencies]
    rows: list[list[Any]] = [
        [_("Report of participant activities"), report.unit.name, f"{report.month:%Y-%m}"],
        [
            _("Name"),
            _("Identity number"),
            _("Start date"),
            _("Work-Life Introduction from"),
            _("Exit reason"),
            _("Extent"),
            *[_("Hours reported by %(name)s") % {"name": name} for _k, name in agencies],
            _("Signed by the participant"),
        ],
        *(
            [
                line.name,
                line.identity,
                line.start_date,
                line.ali_start,
                line.exit_reason,
                line.extent,
                *[float(hours or 0) for hours in line.hours_of(report.agencies)],
                _("Yes") if line.signed else _("No"),
            ]
            for line in report.lines
        ),
        ["", "", "", "", "", _("Total"), *[float(t) for _k, t in report.totals]],
    ]
    content = spreadsheets.xlsx([(f"{report.month:%Y-%m}", rows)])
    _exported(request, report, "xlsx")
    return download(content, XLSX, _file_name(report, "xlsx"))


@login_required
@require_GET
def activity_report_pdf(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    report = _unit_report(request, unit_id)
    _exported(request, report, "pdf")
    return download(
        pdf_of(request, "timereports/activity_report_pdf.html", _report_context(report)),
        PDF,
        _file_name(report, "pdf"),
    )


# ------------------------------------------------------------------ caseworkers' time reports


@login_required
@require_http_methods(["GET", "POST"])
def staff_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The caseworker's own monthly hours, and the reports the user co-signs as a manager."""
    units = Unit.objects.filter(
        pk__in=access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT)
    ).order_by("name")
    to_cosign = queries.reports_to_cosign(request.user)
    if not to_cosign and not units:
        access.require(request.user, Action.CHANGE_PARTICIPANT)
    form = StaffReportForm(
        request.POST or None,
        units=units,
        initial={"month": add_months(timezone.localdate().replace(day=1), -1)},
    )
    return form_page(
        request,
        form,
        lambda data: services.submit_staff_time_report(actor=request.user, **data),
        template="timereports/staff.html",
        context={
            "mine": list(queries.staff_reports_of(request.user)[:24]),
            "to_cosign": to_cosign,
            "may_report": bool(units),
            "cosign_form": SignForm(),
        },
        message=_("Your time report is signed."),
        done=lambda _r: reverse("timereports:staff"),
    )


@login_required
@require_POST
def cosign(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = queries.staff_report_for(request.user, report_id)
    form = SignForm(request.POST)
    return form_page(
        request,
        form,
        lambda data: services.cosign_staff_time_report(
            actor=request.user, report=report, day=data["day"]
        ),
        template="timereports/staff.html",
        context={
            "mine": list(queries.staff_reports_of(request.user)[:24]),
            "to_cosign": queries.reports_to_cosign(request.user),
            "may_report": False,
            "cosign_form": form,
        },
        message=_("The time report is co-signed."),
        done=lambda _r: reverse("timereports:staff"),
    )
