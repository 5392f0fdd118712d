"""Pages of the parameter sets: the shipped sets and the organisation's copies, a copy with its
values and versions, making a copy, and adjusting one. Team leaders, managers and analysts of
any of the organisation's units see the copies; managers make and adjust them (a 403 for other
roles, a 404 for another organisation's copy)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import form_page
from lotsa.organisations.models import Organisation
from lotsa.socioeconomics import services
from lotsa.socioeconomics.forms import AdjustForm, CopyForm, provenance_text, value_label
from lotsa.socioeconomics.models import ParameterSetCopy
from lotsa.socioeconomics.names import parameter_set_title
from lotsa.socioeconomics.parameter_set import sourced_values
from lotsa.socioeconomics.queries_costs import (
    OfferedParameterSet,
    copies_with_latest,
    copy_key,
    copy_versions,
    parameter_set_for_key,
    shipped_sets,
)

VIEW = access.Action.VIEW_PARAMETER_SETS
EDIT = access.Action.EDIT_PARAMETER_SETS


def _countries(request: AuthenticatedHttpRequest) -> list[str]:
    ids = access.organisation_ids_for(request.user, VIEW)
    return sorted(set(Organisation.objects.filter(pk__in=ids).values_list("country", flat=True)))


@login_required
@require_GET
def parameter_set_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, VIEW)
    shipped = [p for country in _countries(request) for p in shipped_sets(country)]
    return render(
        request,
        "socioeconomics/parameter_sets.html",
        {
            "shipped": [(parameter_set_title(p), p) for p in shipped],
            "copies": copies_with_latest(request.user),
            "may_copy": bool(access.organisation_ids_for(request.user, EDIT)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def copy_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, EDIT)
    organisations = list(
        Organisation.objects.filter(pk__in=access.organisation_ids_for(request.user, EDIT))
    )
    shipped = [
        p
        for country in sorted({o.country for o in organisations})
        for p in shipped_sets(country)
        if not p.is_example
    ]
    form = CopyForm(
        request.POST or None,
        organisations=organisations,
        shipped=shipped,
        titles={p.id: parameter_set_title(p) for p in shipped},
        initial={"organisation": organisations[0].pk if len(organisations) == 1 else None},
    )
    return form_page(
        request,
        form,
        lambda data: services.copy_parameter_set(actor=request.user, **data),
        template="socioeconomics/copy_form.html",
        context={},
        message=_("The copy is made."),
        done=lambda copy: reverse("socioeconomics:copy", args=[copy.pk]),
    )


def _latest(request: AuthenticatedHttpRequest, copy: ParameterSetCopy) -> OfferedParameterSet:
    newest = copy.versions.order_by("-version").values_list("version", flat=True).first()
    offered = parameter_set_for_key(request.user, copy_key(copy, newest or 0))
    assert offered is not None
    return offered


@login_required
@require_GET
def copy_page(request: AuthenticatedHttpRequest, copy_id: int) -> HttpResponse:
    access.require(request.user, VIEW)
    copy = access.get_parameter_copy_for(request.user, copy_id, VIEW)
    offered = _latest(request, copy)
    sources = dict(offered.parameters.sources)
    return render(
        request,
        "socioeconomics/copy.html",
        {
            "copy": copy,
            "offered": offered,
            "values": [
                (value_label(v.key), v, provenance_text(v, sources))
                for v in sourced_values(offered.parameters)
            ],
            "versions": [
                (
                    version,
                    [
                        (value_label(key), before, after)
                        for key, (before, after) in version.changes.items()
                    ],
                )
                for version in copy_versions(copy)
            ],
            "may_edit": copy.organisation_id in access.organisation_ids_for(request.user, EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def copy_edit(request: AuthenticatedHttpRequest, copy_id: int) -> HttpResponse:
    access.require(request.user, EDIT)
    copy = access.get_parameter_copy_for(request.user, copy_id, EDIT)
    offered = _latest(request, copy)
    form = AdjustForm(request.POST or None, parameters=offered.parameters)
    return form_page(
        request,
        form,
        lambda data: services.adjust_parameter_set(
            actor=request.user,
            copy=copy,
            values=form.values(),
            note=data["note"],
            based_on_version=data["version"],
        ),
        template="socioeconomics/copy_form.html",
        context={"copy": copy, "offered": offered},
        message=_("A new version of the copy is saved."),
        done=lambda _saved: reverse("socioeconomics:copy", args=[copy.pk]),
    )
