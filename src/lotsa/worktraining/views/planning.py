"""Pages of a work-training unit's planning: its work units' business plans, one plan with its
sections, goal chain, activity plan and follow-up, the gender review and the gender
statistics (page and XLSX)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core import spreadsheets
from lotsa.core.downloads import XLSX, download
from lotsa.core.pages import form_page
from lotsa.core.replica import reading_from_replica
from lotsa.worktraining import gender
from lotsa.worktraining.forms.planning import (
    ActivityForm,
    AdoptForm,
    FollowUpForm,
    GenderReviewForm,
    GoalForm,
    RemoveGoalForm,
    SectionForm,
    StartPlanForm,
    YearForm,
)
from lotsa.worktraining.models import (
    BusinessPlan,
    GenderReview,
    PlanActivity,
    PlanGoal,
    PlanSection,
    WorkUnit,
)
from lotsa.worktraining.queries import planning as queries
from lotsa.worktraining.services import planning as services


def _may_plan(request: AuthenticatedHttpRequest, unit_id: int) -> bool:
    return unit_id in access.unit_ids_for(request.user, access.Action.MANAGE_WORK_UNITS)


def _year(request: AuthenticatedHttpRequest) -> tuple[YearForm, int]:
    """The year asked for; this year when none or a wrong one is given (the form says so)."""
    form = YearForm(request.GET if "year" in request.GET else None)
    this_year = timezone.localdate().year
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else this_year
    if not form.is_bound:
        form = YearForm(initial={"year": this_year})
    return form, year


@login_required
@require_http_methods(["GET", "POST"])
def unit_planning(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, access.Action.VIEW_OUTCOMES)
    work_units = WorkUnit.objects.filter(unit=unit, is_active=True)
    return form_page(
        request,
        StartPlanForm(request.POST or None, work_units=work_units),
        lambda data: services.start_business_plan(actor=request.user, **data),
        template="worktraining/planning.html",
        context={
            "unit": unit,
            "work_units": queries.plans_of_unit(unit),
            "reviews": queries.gender_reviews_of(unit),
            "may_plan": _may_plan(request, unit.pk),
            "this_year": timezone.localdate().year,
        },
        message=_("The plan is started."),
        done=lambda plan: reverse("worktraining:business-plan", args=[plan.pk]),
    )


_PLAN_FORMS = {
    "section": lambda data, plan: SectionForm(data, prefix="section"),
    "goal": lambda data, plan: GoalForm(data, plan=plan, prefix="goal"),
    "activity": lambda data, plan: ActivityForm(data, plan=plan, prefix="activity"),
    "adopt": lambda data, plan: AdoptForm(data, prefix="adopt"),
}


def _plan_save(
    request: AuthenticatedHttpRequest, plan: BusinessPlan, which: str
) -> Callable[[dict[str, Any]], Any]:
    actor = request.user
    if which == "section":
        return lambda d: services.save_plan_section(actor=actor, plan=plan, **d)
    if which == "goal":
        return lambda d: services.save_plan_goal(actor=actor, plan=plan, **d)
    if which == "activity":
        return lambda d: services.save_plan_activity(actor=actor, plan=plan, **d)
    return lambda d: services.adopt_business_plan(actor=actor, plan=plan, **d)


@login_required
@require_http_methods(["GET", "POST"])
def business_plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_business_plan_for(request.user, plan_id, access.Action.VIEW_OUTCOMES)
    unit = plan.work_unit.unit
    which = request.POST.get("form", "") if request.method == "POST" else ""
    if request.method == "POST" and which not in _PLAN_FORMS:
        which = "section"
    forms = {
        name: make(request.POST if name == which else None, plan)
        for name, make in _PLAN_FORMS.items()
    }
    limit = (
        None
        if unit.pk in access.unit_ids_for(request.user, access.Action.VIEW_PARTICIPANT)
        else settings.SMALL_CELL_LIMIT
    )
    return form_page(
        request,
        forms[which or "section"],
        _plan_save(request, plan, which or "section"),
        template="worktraining/business_plan.html",
        context={
            "plan": plan,
            "page": queries.business_plan_page(plan, limit=limit),
            "may_plan": _may_plan(request, unit.pk),
            "forms": forms,
            "versions": BusinessPlan.objects.filter(
                work_unit=plan.work_unit, year=plan.year
            ).order_by("version"),
        },
        message=_("The plan is saved."),
        done=lambda _saved: reverse("worktraining:business-plan", args=[plan.pk]),
    )


@login_required
@require_http_methods(["POST"])
def new_plan_version(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_business_plan_for(request.user, plan_id, access.Action.VIEW_OUTCOMES)
    form = YearForm({"year": plan.year})
    return form_page(
        request,
        form,
        lambda d: services.start_business_plan(
            actor=request.user, work_unit=plan.work_unit, year=d["year"]
        ),
        template="worktraining/plan_version.html",
        context={"plan": plan},
        message=_("A new version of the plan is started."),
        done=lambda new: reverse("worktraining:business-plan", args=[new.pk]),
    )


def _part_of(
    request: AuthenticatedHttpRequest,
    plan: BusinessPlan,
    model: type[PlanSection] | type[PlanActivity] | type[PlanGoal],
    part_id: int,
) -> object:
    """A heading, goal or activity of the plan; one of another plan answers as a missing one."""
    found = model.objects.filter(plan=plan, pk=part_id).first()
    if found is None:
        access.refuse(
            request.user,
            access.Action.MANAGE_WORK_UNITS,
            object_type=model._meta.label_lower,
            object_id=part_id,
        )
    return found


@login_required
@require_http_methods(["GET", "POST"])
def plan_section(request: AuthenticatedHttpRequest, plan_id: int, section_id: int) -> HttpResponse:
    plan = access.get_business_plan_for(request.user, plan_id, access.Action.MANAGE_WORK_UNITS)
    section = _part_of(request, plan, PlanSection, section_id)
    assert isinstance(section, PlanSection)
    done = reverse("worktraining:business-plan", args=[plan.pk])
    if request.method == "POST" and request.POST.get("remove"):
        services.remove_plan_section(actor=request.user, section=section)
        return redirect(done)
    initial = {
        "area": section.area,
        "heading": section.heading,
        "text": section.text,
        "weight": section.weight,
    }
    return form_page(
        request,
        SectionForm(request.POST or None, initial=initial),
        lambda d: services.save_plan_section(actor=request.user, plan=plan, section=section, **d),
        template="worktraining/plan_section.html",
        context={"plan": plan, "section": section},
        message=_("The plan is saved."),
        done=lambda _saved: done,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_goal(request: AuthenticatedHttpRequest, plan_id: int, goal_id: int) -> HttpResponse:
    plan = access.get_business_plan_for(request.user, plan_id, access.Action.MANAGE_WORK_UNITS)
    goal = _part_of(request, plan, PlanGoal, goal_id)
    assert isinstance(goal, PlanGoal)
    initial = {
        "level": goal.level,
        "parent": goal.parent_id,
        "text": goal.text,
        "measure": goal.measure,
        "target": goal.target,
        "resources": goal.resources,
    }
    return form_page(
        request,
        GoalForm(request.POST or None, initial=initial, plan=plan),
        lambda d: services.save_plan_goal(actor=request.user, plan=plan, goal=goal, **d),
        template="worktraining/plan_goal.html",
        context={"plan": plan, "goal": goal},
        message=_("The plan is saved."),
        done=lambda _saved: reverse("worktraining:business-plan", args=[plan.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_activity(
    request: AuthenticatedHttpRequest, plan_id: int, activity_id: int
) -> HttpResponse:
    """A line of the activity plan: changed in full while the plan is a draft, followed up
    (status and how it went) once it is adopted."""
    plan = access.get_business_plan_for(request.user, plan_id, access.Action.MANAGE_WORK_UNITS)
    planned = _part_of(request, plan, PlanActivity, activity_id)
    assert isinstance(planned, PlanActivity)
    form: forms.Form
    if plan.is_locked:
        form = FollowUpForm(
            request.POST or None,
            initial={"status": planned.status, "follow_up": planned.follow_up},
        )

        def save(d: dict[str, Any]) -> Any:
            return services.follow_up_plan_activity(actor=request.user, planned=planned, **d)
    else:
        form = ActivityForm(
            request.POST or None,
            plan=plan,
            initial={
                "activity": planned.activity,
                "goal": planned.goal_id,
                "starts_on": planned.starts_on,
                "ends_on": planned.ends_on,
                "responsible": planned.responsible,
                "status": planned.status,
                "follow_up": planned.follow_up,
            },
            with_follow_up=True,
        )

        def save(d: dict[str, Any]) -> Any:
            return services.save_plan_activity(actor=request.user, plan=plan, planned=planned, **d)

    return form_page(
        request,
        form,
        save,
        template="worktraining/plan_activity.html",
        context={"plan": plan, "planned": planned},
        message=_("The plan is saved."),
        done=lambda _saved: reverse("worktraining:business-plan", args=[plan.pk]),
    )


def _posted(request: AuthenticatedHttpRequest) -> Any:
    """The posted fields, bound even when none is sent: a removal may carry none."""
    return request.POST if request.method == "POST" else None


def _removing(
    request: AuthenticatedHttpRequest,
    plan_id: int,
    model: type[PlanGoal] | type[PlanActivity],
    part_id: int,
) -> tuple[BusinessPlan, object]:
    """A goal or activity of a plan to remove: 404 for a plan of another unit or a part of
    another plan, 403 for a role that reads the plan but does not write it (both logged)."""
    plan = access.get_business_plan_for(request.user, plan_id, access.Action.VIEW_OUTCOMES)
    access.require_in_unit(request.user, plan.work_unit.unit, access.Action.MANAGE_WORK_UNITS)
    return plan, _part_of(request, plan, model, part_id)


@login_required
@require_http_methods(["GET", "POST"])
def remove_plan_goal(request: AuthenticatedHttpRequest, plan_id: int, goal_id: int) -> HttpResponse:
    """What removing a goal takes with it, asked for once it has activities, refused while
    goals serve it."""
    plan, goal = _removing(request, plan_id, PlanGoal, goal_id)
    assert isinstance(goal, PlanGoal)
    return form_page(
        request,
        RemoveGoalForm(_posted(request)),
        lambda d: services.remove_plan_goal(actor=request.user, goal=goal, **d),
        template="worktraining/plan_part_remove.html",
        context={
            "plan": plan,
            "part": goal,
            "is_goal": True,
            "serving": list(goal.children.all()),
            "activities": list(goal.activities.all()),
        },
        message=_("The goal is removed from the plan."),
        done=lambda _removed: reverse("worktraining:business-plan", args=[plan.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_plan_activity(
    request: AuthenticatedHttpRequest, plan_id: int, activity_id: int
) -> HttpResponse:
    plan, planned = _removing(request, plan_id, PlanActivity, activity_id)
    assert isinstance(planned, PlanActivity)
    return form_page(
        request,
        forms.Form(_posted(request)),
        lambda _d: services.remove_plan_activity(actor=request.user, planned=planned),
        template="worktraining/plan_part_remove.html",
        context={"plan": plan, "part": planned, "is_goal": False, "serving": [], "activities": []},
        message=_("The activity is removed from the plan."),
        done=lambda _removed: reverse("worktraining:business-plan", args=[plan.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def gender_review(request: AuthenticatedHttpRequest, unit_id: int, year: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, access.Action.VIEW_OUTCOMES)
    review = GenderReview.objects.filter(unit=unit, year=year).first()
    initial = (
        {
            "inventory": review.inventory,
            "patterns": review.patterns,
            "analysis": review.analysis,
            "action_plan": review.action_plan,
            "follow_up_on": review.follow_up_on,
            "business_plan": review.business_plan_id,
        }
        if review
        else {}
    )
    plans = BusinessPlan.objects.filter(work_unit__unit=unit, year=year)
    return form_page(
        request,
        GenderReviewForm(request.POST or None, initial=initial, plans=plans),
        lambda d: services.save_gender_review(actor=request.user, unit=unit, year=year, **d),
        template="worktraining/gender_review.html",
        context={
            "unit": unit,
            "year": year,
            "review": review,
            "may_plan": _may_plan(request, unit.pk),
        },
        message=_("The gender review is saved."),
        done=lambda _saved: reverse("worktraining:gender-review", args=[unit.pk, year]),
    )


@login_required
@require_GET
def gender_statistics(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    form, year = _year(request)
    with reading_from_replica():
        statistics = gender.gender_statistics_for(request.user, unit_id, year)
    legend = None
    if statistics.limit is not None:
        legend = queries.suppression_legend(statistics.limit)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "worktraining/gender_statistics.html",
        {"statistics": statistics, "form": form, "legend": legend},
        status=status,
    )


@login_required
@require_GET
def gender_statistics_xlsx(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    form, year = _year(request)
    if form.is_bound and form.errors:
        return HttpResponseBadRequest(_("Give a year between 2000 and 2100."))
    with reading_from_replica():
        statistics = gender.gender_statistics_for(request.user, unit_id, year, exported_as="xlsx")
    content = spreadsheets.xlsx(
        [(_("Gender statistics"), gender.as_rows(statistics))], first_column_width=48
    )
    return download(content, XLSX, f"gender-statistics-{statistics.unit.pk}-{year}.xlsx")
