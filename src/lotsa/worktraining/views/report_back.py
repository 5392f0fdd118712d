"""Report back pages: a case's versions with a new one, one version with its review and
sending, and its PDF."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.downloads import PDF, download, pdf_of
from lotsa.core.forms import DayForm, add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.worktraining.forms.report_back import ReportBackForm, SendForm
from lotsa.worktraining.models import ReportBack, ReportBackStatus
from lotsa.worktraining.queries.report_back import referral_of, reports_back_of, shown_content
from lotsa.worktraining.services import report_back as services
from lotsa.worktraining.views.case_pages import action_of, may_record

Action = access.Action
TEXT_FIELDS = ("period_from", "period_to", "development", "next_steps")


def _first_initial(enrolment: Enrolment, existing: list[ReportBack]) -> dict[str, Any]:
    """A new version goes on from the latest: the day after the last sent period, its texts."""
    today = timezone.localdate()
    sent = [report for report in existing if report.status == ReportBackStatus.SENT]
    start = (
        sent[0].period_to + datetime.timedelta(days=1)
        if sent
        else enrolment.start_date or enrolment.referral_date
    )
    latest = existing[0] if existing else None
    return {
        "period_from": min(start, today),
        "period_to": today,
        "development": latest.development if latest else "",
        "next_steps": latest.next_steps if latest else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def reports_back(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The case's versions, and a new one."""
    enrolment = access.get_enrolment_for(request.user, enrolment_id, action_of(request))
    existing = reports_back_of(enrolment)
    form = ReportBackForm(request.POST or None, initial=_first_initial(enrolment, existing))
    return form_page(
        request,
        form,
        lambda _data: services.write_report_back(
            actor=request.user, enrolment=enrolment, text=form.text()
        ),
        template="worktraining/reports_back.html",
        context={
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "reports": existing,
            "may_change": may_record(request, enrolment, open_only=False),
        },
        message=_("A new version of the report back is saved."),
        done=lambda report: reverse("worktraining:report_back", args=[report.pk]),
    )


def _context(request: AuthenticatedHttpRequest, report: ReportBack) -> dict[str, Any]:
    enrolment = report.enrolment
    referral = referral_of(enrolment)
    may_change = may_record(request, enrolment, open_only=False)
    return {
        "report": report,
        "enrolment": enrolment,
        "participant": enrolment.participant,
        "content": shown_content(report, programme_of(enrolment)),
        "referral": referral,
        "may_change": may_change,
        "editable": may_change and report.status == ReportBackStatus.DRAFT,
    }


def _send_form(report: ReportBack, data: Any = None) -> SendForm:
    referral = referral_of(report.enrolment)
    return SendForm(
        data,
        country=report.enrolment.unit.organisation.country,
        commissioner=referral.from_unit.organisation if referral else None,
    )


def _text_of(report: ReportBack) -> dict[str, Any]:
    return {name: getattr(report, name) for name in TEXT_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def report_back(request: AuthenticatedHttpRequest, report_back_id: int) -> HttpResponse:
    """One version; while a draft, its texts (and period) may be corrected here."""
    found = access.get_report_back_for(request.user, report_back_id, action_of(request))
    form = ReportBackForm(request.POST or None, initial=_text_of(found))
    return form_page(
        request,
        form,
        lambda _data: services.write_report_back(
            actor=request.user, enrolment=found.enrolment, text=form.text(), report=found
        ),
        template="worktraining/report_back.html",
        context=_context(request, found) | {"day_form": DayForm(), "send_form": _send_form(found)},
        message=_("The report back is saved."),
        done=lambda saved: reverse("worktraining:report_back", args=[saved.pk]),
    )


STEPS: dict[str, tuple[Callable[..., forms.Form], Callable[..., Any], Any]] = {
    "review": (
        lambda report, data: DayForm(data),
        lambda actor, report, data: services.review_report_back(
            actor=actor, report=report, day=data["day"]
        ),
        gettext_lazy("The review is recorded: the report back may be sent."),
    ),
    "send": (
        lambda report, data: _send_form(report, data),
        lambda actor, report, data: services.send_report_back(actor=actor, report=report, **data),
        gettext_lazy("The sending is recorded: this version is locked."),
    ),
}


@login_required
@require_POST
def step(request: AuthenticatedHttpRequest, report_back_id: int, step: str) -> HttpResponse:
    """Record the review, or the sending to the commissioner."""
    found = access.get_report_back_for(request.user, report_back_id, action_of(request))
    make_form, save, message = STEPS[step]
    form = make_form(found, request.POST)
    if form.is_valid():
        try:
            save(request.user, found, form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("worktraining:report_back", args=[found.pk]))
    context = _context(request, found) | {
        "form": ReportBackForm(initial=_text_of(found)),
        "day_form": form if step == "review" else DayForm(),
        "send_form": form if step == "send" else _send_form(found),
        "failed_step": step,
    }
    return render(request, "worktraining/report_back.html", context, status=400)


@login_required
@require_GET
def report_back_pdf(request: AuthenticatedHttpRequest, report_back_id: int) -> HttpResponse:
    found = access.get_report_back_for(request.user, report_back_id, Action.VIEW_PARTICIPANT)
    return download(
        pdf_of(request, "worktraining/report_back_pdf.html", _context(request, found)),
        PDF,
        f"aterrapport-{found.enrolment_id}-v{found.version}.pdf",
    )
