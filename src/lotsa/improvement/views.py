"""Pages of the improvement work: the register and its matrix, one improvement with its PDSA
cycles, benchmarking visits, a unit's competence overview and one's own training."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import form_page
from lotsa.improvement import queries, services
from lotsa.improvement.forms import (
    STEP_FORMS,
    ImprovementForm,
    PlanForm,
    RegisterFilterForm,
    TrainingForm,
    UnitTrainingForm,
    VisitForm,
)
from lotsa.improvement.models import Improvement, Quadrant
from lotsa.organisations.models import Unit


def _staff(unit: Unit) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=queries.staff_of(unit, timezone.localdate()).values("user_id")
    ).order_by("last_name", "first_name")


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """The register with filters, the form to propose an improvement, and (for the team leader)
    the fidelity recommendations not yet taken in."""
    unit = access.get_unit_for(request.user, unit_id, access.Action.VIEW_IMPROVEMENTS)
    leader = services.leads(request.user, unit.pk)
    if request.method == "POST" and request.POST.get("form") == "take_in":
        taken = services.take_in_fidelity_actions(actor=request.user, unit=unit)
        messages.success(
            request,
            ngettext(
                "%(count)s recommendation is now in the register.",
                "%(count)s recommendations are now in the register.",
                len(taken),
            )
            % {"count": len(taken)},
        )
        return redirect("improvement:register", unit.pk)
    staff = _staff(unit)
    filters = RegisterFilterForm(request.GET or None, staff=staff)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    owner = chosen.get("owner")
    improvements = queries.register_for(
        unit,
        queries.RegisterFilter(
            status=chosen.get("status", ""),
            source=chosen.get("source", ""),
            quadrant=chosen.get("quadrant", ""),
            owner_id=owner.pk if owner else None,
        ),
    )
    return form_page(
        request,
        ImprovementForm(request.POST or None, unit=unit, staff=staff),
        lambda data: services.propose_improvement(actor=request.user, unit=unit, **data),
        template="improvement/register.html",
        context={
            "unit": unit,
            "improvements": improvements,
            "filters": filters,
            "leader": leader,
            "to_take_in": queries.fidelity_actions_to_take_in(unit) if leader else [],
        },
        message=_("The improvement is in the register."),
        done=lambda improvement: reverse("improvement:improvement", args=[improvement.pk]),
    )


@login_required
@require_GET
def matrix(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, access.Action.VIEW_IMPROVEMENTS)
    placed = queries.matrix_for(unit)
    return render(
        request,
        "improvement/matrix.html",
        {
            "unit": unit,
            "quadrants": [(q, q.label, placed[q]) for q in Quadrant],
            "leader": services.leads(request.user, unit.pk),
        },
    )


def _form_for(request: AuthenticatedHttpRequest, name: str, form_class: Any, **kwargs: Any) -> Any:
    """The posted form if the post is this one's, else an empty one."""
    return form_class(request.POST if request.POST.get("form") == name else None, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def improvement(request: AuthenticatedHttpRequest, improvement_id: int) -> HttpResponse:
    """One improvement: its details (editable by the team leader and its owner), its cycles,
    and the form for the next step of the open cycle or a new cycle's plan."""
    found: Improvement = access.get_unit_record_for(
        request.user,
        queries.improvement_with_cycles(improvement_id),
        improvement_id,
        access.Action.VIEW_IMPROVEMENTS,
    )
    cycles = list(found.cycles.all())
    open_cycle = cycles[-1] if cycles and cycles[-1].step else None
    step = open_cycle.step if open_cycle else "plan"
    edit = _form_for(
        request,
        "edit",
        ImprovementForm,
        unit=found.unit,
        staff=_staff(found.unit),
        fidelity=found.fidelity_action_id is not None,
        initial={name: getattr(found, name) for name in services.IMPROVEMENT_FIELDS},
    )
    step_form = _form_for(request, step, STEP_FORMS.get(step, PlanForm))
    save: Callable[[dict[str, Any]], object]
    if request.POST.get("form") == "edit":
        form = edit

        def save(data: dict[str, Any]) -> object:
            return services.update_improvement(actor=request.user, improvement=found, **data)

    elif open_cycle is not None:
        form = step_form

        def save(data: dict[str, Any]) -> object:
            return services.record_step(actor=request.user, cycle=open_cycle, step=step, **data)

    else:
        form = step_form

        def save(data: dict[str, Any]) -> object:
            return services.plan_cycle(actor=request.user, improvement=found, **data)

    return form_page(
        request,
        form,
        save,
        template="improvement/improvement.html",
        context={
            "improvement": found,
            "cycles": cycles,
            "step": step,
            "edit_form": edit,
            "step_form": step_form,
            "may_change": services.may_change(request.user, found),
        },
        message=_("Saved."),
        done=lambda _saved: reverse("improvement:improvement", args=[found.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visits(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, access.Action.VIEW_IMPROVEMENTS)
    return form_page(
        request,
        VisitForm(request.POST or None, unit=unit),
        lambda data: services.record_visit(actor=request.user, unit=unit, **data),
        template="improvement/visits.html",
        context={
            "unit": unit,
            "visits": queries.visits_for(unit),
            "leader": services.leads(request.user, unit.pk),
        },
        message=_("The benchmarking visit is recorded."),
        done=lambda _visit: reverse("improvement:visits", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def competence(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """Who in the unit has which training; the team leader records the staff's courses here."""
    unit, overview = queries.competence_overview_for(request.user, unit_id)
    return form_page(
        request,
        UnitTrainingForm(request.POST or None, staff=_staff(unit)),
        lambda data: services.record_training(actor=request.user, **data),
        template="improvement/competence.html",
        context={"unit": unit, "overview": overview},
        message=_("The course is recorded."),
        done=lambda _training: reverse("improvement:competence", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_training(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One's own courses: for the staff who work in units (coaches, team leaders, managers)."""
    trainings = queries.own_training_for(request.user)
    return form_page(
        request,
        TrainingForm(request.POST or None),
        lambda data: services.record_training(actor=request.user, staff=request.user, **data),
        template="improvement/my_training.html",
        context={"trainings": trainings},
        message=_("The course is recorded."),
        done=lambda _training: reverse("improvement:my-training"),
    )
