"""Pages of the work-training records: work units and their task catalogue, a case's
commissioner's referral, work analyses and their summaries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.access import Action
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.core.pages import form_page
from lotsa.employment.occupations import occupation_label
from lotsa.organisations.models import Unit
from lotsa.pathways.models import Enrolment
from lotsa.worktraining.concepts import not_offered
from lotsa.worktraining.forms.records import (
    AnalysisForm,
    ReferralForm,
    SummaryForm,
    TaskForm,
    WorkUnitForm,
    inbox_referral_label,
)
from lotsa.worktraining.models import WorkAnalysis, WorkTask, WorkUnit
from lotsa.worktraining.queries import records as queries
from lotsa.worktraining.services import analysis, referral, units

# ------------------------------------------------------------------ work units and tasks


def _require_on_unit(request: AuthenticatedHttpRequest, action: Action, unit: Unit) -> None:
    """A 403 for a role that may not do this anywhere, a 404 in a unit it may not do it in
    (both logged)."""
    access.require(request.user, action)
    access.require(request.user, action, unit)


def _managing(request: AuthenticatedHttpRequest, work_unit_id: int) -> WorkUnit:
    """A work unit to change: 403 for a role that may not manage work units, 404 for one of
    another unit."""
    access.require(request.user, Action.MANAGE_WORK_UNITS)
    return access.get_work_unit_for(request.user, work_unit_id, Action.MANAGE_WORK_UNITS)


@login_required
@require_http_methods(["GET", "POST"])
def work_units(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, Action.VIEW_PARTICIPANT)
    may_manage = unit.pk in access.unit_ids_for(request.user, Action.MANAGE_WORK_UNITS)
    if request.method == "POST":
        _require_on_unit(request, Action.MANAGE_WORK_UNITS, unit)
    return form_page(
        request,
        WorkUnitForm(request.POST or None),
        lambda data: units.save_work_unit(
            actor=request.user, unit=unit, details=WorkUnitForm.details(data)
        ),
        template="worktraining/work_units.html",
        context={
            "unit": unit,
            "work_units": list(queries.work_units_of(unit.pk)),
            "may_manage": may_manage,
        },
        message=_("The work unit is saved."),
        done=lambda saved: reverse("worktraining:work-unit", args=[saved.pk]),
    )


@login_required
@require_GET
def work_unit(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    found = access.get_work_unit_for(request.user, work_unit_id, Action.VIEW_PARTICIPANT)
    country = found.unit.organisation.country
    tasks = queries.tasks_of(found)
    return render(
        request,
        "worktraining/work_unit.html",
        {
            "work_unit": found,
            "services": queries.concepts_named(found.services),
            "tasks": [
                (task, [occupation_label(country, code) for code in task.occupation_codes])
                for task in tasks
            ],
            "may_manage": found.unit_id
            in access.unit_ids_for(request.user, Action.MANAGE_WORK_UNITS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_unit_edit(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    found = _managing(request, work_unit_id)
    return form_page(
        request,
        WorkUnitForm(request.POST or None, work_unit=found),
        lambda data: units.save_work_unit(
            actor=request.user,
            unit=found.unit,
            work_unit=found,
            details=WorkUnitForm.details(data),
        ),
        template="worktraining/work_unit_form.html",
        context={"work_unit": found, "unit": found.unit},
        message=_("The work unit is saved."),
        done=lambda saved: reverse("worktraining:work-unit", args=[saved.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: AuthenticatedHttpRequest, work_unit_id: int) -> HttpResponse:
    found = _managing(request, work_unit_id)
    return _task_page(request, found, None)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    access.require(request.user, Action.MANAGE_WORK_UNITS)
    task = access.get_work_task_for(request.user, task_id, Action.MANAGE_WORK_UNITS)
    return _task_page(request, task.work_unit, task)


def _task_page(
    request: AuthenticatedHttpRequest, work_unit: WorkUnit, task: WorkTask | None
) -> HttpResponse:
    return form_page(
        request,
        TaskForm(request.POST or None, task=task),
        lambda data: units.save_work_task(
            actor=request.user, work_unit=work_unit, task=task, details=TaskForm.details(data)
        ),
        template="worktraining/task_form.html",
        context={"work_unit": work_unit, "task": task},
        message=_("The task is saved."),
        done=lambda saved: reverse("worktraining:work-unit", args=[saved.work_unit_id]),
    )


# ------------------------------------------------------------------ a case's records


def _case(request: AuthenticatedHttpRequest, enrolment_id: int, opened: AuditEvent) -> Enrolment:
    """The case of a records page: seen in full to read, of the user's unit to change."""
    if request.method == "POST":
        return _changing(request, enrolment_id, opened)
    return access.get_work_training_case_for(
        request.user, enrolment_id, Action.VIEW_PARTICIPANT, opened=opened
    )


def _changing(
    request: AuthenticatedHttpRequest, enrolment_id: int, opened: AuditEvent
) -> Enrolment:
    """The case of a form page: a 403 for a role that may not change cases, a 404 for a case
    of another unit (both logged). Opening the form is logged as ``opened``; saving writes
    the service's entry."""
    access.require(request.user, Action.CHANGE_PARTICIPANT)
    return access.get_work_training_case_for(
        request.user,
        enrolment_id,
        Action.CHANGE_PARTICIPANT,
        opened=opened if request.method == "GET" else None,
    )


def _may_change(request: AuthenticatedHttpRequest, enrolment: Enrolment) -> bool:
    return enrolment.unit_id in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT)


@login_required
@require_http_methods(["GET", "POST"])
def referral_page(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _case(request, enrolment_id, AuditEvent.WORK_REFERRAL_VIEWED)
    current = queries.referral_of(enrolment)
    linked = current.referral if current else None
    form = ReferralForm(
        request.POST or None,
        country=enrolment.unit.organisation.country,
        inbox=queries.inbox_referrals_for(request.user, enrolment),
        initial=ReferralForm.initial_of(current),
    )
    asked = request.POST.getlist("requested_services")
    return form_page(
        request,
        form,
        lambda data: referral.save_work_referral(
            actor=request.user,
            enrolment=enrolment,
            details=ReferralForm.details(data),
            confirm_not_offered=data["confirm_not_offered"],
            referral=data["referral"],
        ),
        template="worktraining/referral.html",
        context={
            "enrolment": enrolment,
            "referral": current,
            "services": queries.concepts_named(current.requested_services) if current else [],
            "warned": bool(not_offered(asked))
            or bool(current and current.assessment_warning_shown_on),
            "may_change": _may_change(request, enrolment),
            "inbox_referral": inbox_referral_label(linked) if linked else "",
            "may_open_inbox_referral": linked is not None
            and access.may_open_referral(request.user, linked),
        },
        message=_("The referral is saved."),
        done=lambda _saved: reverse("worktraining:referral", args=[enrolment.pk]),
    )


@login_required
@require_GET
def analyses_page(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _case(request, enrolment_id, AuditEvent.WORK_ANALYSIS_VIEWED)
    return render(
        request,
        "worktraining/analyses.html",
        {
            "enrolment": enrolment,
            "page": queries.analyses_of(enrolment, timezone.localdate()),
            "may_change": _may_change(request, enrolment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def analysis_create(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _changing(request, enrolment_id, AuditEvent.WORK_ANALYSIS_VIEWED)
    task_id = request.POST.get("task") or request.GET.get("task")
    task = access.get_work_task_for(request.user, task_id, Action.CHANGE_PARTICIPANT)
    if task.work_unit.unit_id != enrolment.unit_id:
        access.refuse(
            request.user,
            Action.CHANGE_PARTICIPANT,
            object_type="worktraining.worktask",
            object_id=task.pk,
            participant_id=enrolment.participant_id,
        )
    form = AnalysisForm(request.POST or None, task=task)
    return form_page(
        request,
        form,
        lambda data: analysis.record_work_analysis(
            actor=request.user,
            enrolment=enrolment,
            task=task,
            observed_on=data["observed_on"],
            purpose=data["purpose"],
            entries=form.entries(data),
        ),
        template="worktraining/analysis_form.html",
        context={"enrolment": enrolment, "task": task},
        message=_("The work analysis is recorded."),
        done=lambda saved: reverse("worktraining:analysis", args=[saved.pk]),
    )


@login_required
@require_GET
def analysis_page(request: AuthenticatedHttpRequest, analysis_id: int) -> HttpResponse:
    found: WorkAnalysis = access.get_work_analysis_for(
        request.user, analysis_id, Action.VIEW_PARTICIPANT
    )
    return render(
        request,
        "worktraining/analysis.html",
        {
            "enrolment": found.enrolment,
            "page": queries.analysis_page(found, timezone.localdate()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary_create(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _changing(request, enrolment_id, AuditEvent.WORK_ANALYSIS_VIEWED)
    choices = WorkAnalysis.objects.filter(enrolment=enrolment).select_related("task")
    return form_page(
        request,
        SummaryForm(request.POST or None, analyses=choices),
        lambda data: analysis.write_analysis_summary(
            actor=request.user,
            enrolment=enrolment,
            written_on=data["written_on"],
            text=data["text"],
            for_referrer=data["for_referrer"],
            analyses=list(data["analyses"]),
        ),
        template="worktraining/summary_form.html",
        context={"enrolment": enrolment},
        message=_("The summary is saved."),
        done=lambda _saved: reverse("worktraining:analyses", args=[enrolment.pk]),
    )
