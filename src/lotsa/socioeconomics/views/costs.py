"""Pages of a unit's programme costs: the years it has a cost for, one year's cost with its
versions, and the form that records or revises it. Team leaders and managers of the unit keep
them; analysts read them too (a 403 for other roles, a 404 for another unit's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import form_page
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.socioeconomics import services
from lotsa.socioeconomics.costs import SPLIT_PRESETS
from lotsa.socioeconomics.forms import CostForm
from lotsa.socioeconomics.names import column_name
from lotsa.socioeconomics.queries_costs import cost_history, costs_of_unit

VIEW = access.Action.VIEW_PROGRAMME_COSTS
EDIT = access.Action.EDIT_PROGRAMME_COSTS


def _unit(request: AuthenticatedHttpRequest, unit_id: int, action: access.Action) -> Unit:
    access.require(request.user, action)
    return access.get_unit_for(request.user, unit_id, action)


def _on_fields(form: CostForm, save: Callable[[], Any]) -> Any:
    """The service's refusal of the split shown at the payers' shares."""
    try:
        return save()
    except DomainError as error:
        raise DomainError(
            {form.error_fields.get(name, name): messages for name, messages in error.errors.items()}
        ) from None


def _presets(country: str) -> list[tuple[str, str]]:
    return [
        (str(name), ", ".join(f"{column_name(p)} {s}" for p, s in shares.items()))
        for _code, name, shares in SPLIT_PRESETS.get(country, ())
    ]


@login_required
@require_GET
def unit_costs(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id, VIEW)
    return render(
        request,
        "socioeconomics/costs.html",
        {
            "unit": unit,
            "costs": costs_of_unit(unit),
            "may_edit": unit.pk in access.unit_ids_for(request.user, EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_create(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id, EDIT)
    country = unit.organisation.country
    form = CostForm(
        request.POST or None, country=country, initial={"year": timezone.localdate().year}
    )
    return form_page(
        request,
        form,
        lambda _data: _on_fields(
            form,
            lambda: services.record_programme_cost(
                actor=request.user,
                unit=unit,
                year=form.cleaned_data["year"],
                details=form.details(),
            ),
        ),
        template="socioeconomics/cost_form.html",
        context={"unit": unit, "presets": _presets(country)},
        message=_("The programme cost is saved."),
        done=lambda cost: reverse("socioeconomics:cost", args=[cost.pk]),
    )


@login_required
@require_GET
def cost_page(request: AuthenticatedHttpRequest, cost_id: int) -> HttpResponse:
    access.require(request.user, VIEW)
    cost = access.get_programme_cost_for(request.user, cost_id, VIEW)
    versions = list(cost_history(cost))
    return render(
        request,
        "socioeconomics/cost.html",
        {
            "unit": cost.unit,
            "cost": versions[0],
            "versions": versions,
            "may_edit": cost.unit_id in access.unit_ids_for(request.user, EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_edit(request: AuthenticatedHttpRequest, cost_id: int) -> HttpResponse:
    access.require(request.user, EDIT)
    opened = access.get_programme_cost_for(request.user, cost_id, EDIT)
    latest = cost_history(opened).first()
    assert latest is not None
    country = latest.unit.organisation.country
    form = CostForm(request.POST or None, country=country, cost=latest)
    return form_page(
        request,
        form,
        lambda data: _on_fields(
            form,
            lambda: services.revise_programme_cost(
                actor=request.user,
                cost=_opened_version(latest, data.get("version")),
                details=form.details(),
            ),
        ),
        template="socioeconomics/cost_form.html",
        context={"unit": latest.unit, "cost": latest, "presets": _presets(country)},
        message=_("A new version of the programme cost is saved."),
        done=lambda cost: reverse("socioeconomics:cost", args=[cost.pk]),
    )


def _opened_version(latest: Any, version: int | None) -> Any:
    """The version the form was opened at, so that a save made since is not overwritten."""
    if version is None or version == latest.version:
        return latest
    opened = cost_history(latest).filter(version=version).first()
    return opened or latest
