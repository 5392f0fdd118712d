"""Motivational interviewing pages: a case's target behaviours, and one behaviour with its
stages, where a stage is recorded and an action plan made."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError
from lotsa.worktraining.forms.motivation import ActionPlanForm, MotivationForm, TargetBehaviourForm
from lotsa.worktraining.models import TargetBehaviour
from lotsa.worktraining.queries.motivation import behaviour_records, motivation_of
from lotsa.worktraining.services import motivation as services
from lotsa.worktraining.views.case_pages import action_of, may_record

Action = access.Action


@login_required
@require_http_methods(["GET", "POST"])
def motivation(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The case's target behaviours with the latest stage and its guidance; a new behaviour."""
    enrolment = access.get_work_training_case_for(
        request.user, enrolment_id, action_of(request), opened=AuditEvent.MOTIVATION_VIEWED
    )
    form = TargetBehaviourForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.save_target_behaviour(
            actor=request.user, enrolment=enrolment, **data
        ),
        template="worktraining/motivation.html",
        context={
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "records": motivation_of(enrolment),
            "may_change": may_record(request, enrolment, open_only=True),
        },
        message=_("The target behaviour is saved."),
        done=lambda saved: reverse("worktraining:behaviour", args=[saved.pk]),
    )


def _behaviour_page(
    request: AuthenticatedHttpRequest,
    behaviour: TargetBehaviour,
    *,
    assess_form: forms.Form | None = None,
    plan_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    prefetch_related_objects([behaviour], "assessments__recorded_by", "action_plans__made_by")
    context: dict[str, Any] = {
        "behaviour": behaviour,
        "enrolment": behaviour.enrolment,
        "participant": behaviour.enrolment.participant,
        "record": behaviour_records([behaviour])[0],
        "may_change": may_record(request, behaviour.enrolment, open_only=True),
        "assess_form": assess_form or MotivationForm(),
        "plan_form": plan_form or ActionPlanForm(),
    }
    return render(request, "worktraining/behaviour.html", context, status=status)


@login_required
@require_GET
def behaviour(request: AuthenticatedHttpRequest, behaviour_id: int) -> HttpResponse:
    found = access.get_target_behaviour_for(request.user, behaviour_id, Action.VIEW_PARTICIPANT)
    return _behaviour_page(request, found)


@login_required
@require_POST
def assess(request: AuthenticatedHttpRequest, behaviour_id: int) -> HttpResponse:
    """Record the stage of the motivation wheel for the behaviour."""
    found = access.get_target_behaviour_for(request.user, behaviour_id, action_of(request))
    form = MotivationForm(request.POST)
    if form.is_valid():
        try:
            services.assess_motivation(actor=request.user, behaviour=found, values=form.values())
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The stage is recorded."))
            return redirect(reverse("worktraining:behaviour", args=[found.pk]))
    return _behaviour_page(request, found, assess_form=form, status=400)


@login_required
@require_POST
def plan(request: AuthenticatedHttpRequest, behaviour_id: int) -> HttpResponse:
    """Make an action plan; in precontemplation only once the warning is confirmed."""
    found = access.get_target_behaviour_for(request.user, behaviour_id, action_of(request))
    form = ActionPlanForm(request.POST)
    if form.is_valid():
        try:
            services.make_action_plan(actor=request.user, behaviour=found, **form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The action plan is saved."))
            return redirect(reverse("worktraining:behaviour", args=[found.pk]))
    return _behaviour_page(request, found, plan_form=form, status=400)
