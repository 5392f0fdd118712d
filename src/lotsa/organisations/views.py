"""Administration pages: organisations, units, staff accounts and their memberships."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.accounts import queries as account_queries
from lotsa.accounts.models import IdentityProvider, User
from lotsa.accounts.services import (
    save_identity_provider,
    save_sign_in_identity,
    save_staff,
)
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import administrators_only, form_page
from lotsa.errors import NotFound
from lotsa.organisations import queries, services
from lotsa.organisations.forms import (
    IdentityProviderForm,
    MembershipForm,
    OrganisationForm,
    StaffForm,
    UnitForm,
    UnitProgrammeForm,
)
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import UnitProgramme
from lotsa.pathways.services.unit_programmes import save_unit_programme


def _form_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    done: str,
    callback: str | None = None,
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template="organisations/form.html",
        context={"title": title, "back": done, "callback": callback},
        message=_("Saved."),
        done=lambda _saved: reverse(done),
    )


@administrators_only
def administration(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/administration.html",
        {
            "organisations": queries.organisations_overview(),
            "units": queries.units_overview(),
            "programme_choices": registry().choices(),
            "identity_providers": account_queries.identity_providers(),
        },
    )


@administrators_only
def organisation_edit(
    request: AuthenticatedHttpRequest, organisation_id: int | None = None
) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id) if organisation_id else None
    initial = (
        {f: getattr(organisation, f) for f in services.ORGANISATION_FIELDS} if organisation else {}
    )
    return _form_page(
        request,
        OrganisationForm(request.POST or None, initial=initial, organisation=organisation),
        lambda data: services.save_organisation(
            actor=request.user, organisation=organisation, **data
        ),
        title=str(organisation or gettext_lazy("New organisation")),
        done="organisations:administration",
    )


@administrators_only
def unit_edit(request: AuthenticatedHttpRequest, unit_id: int | None = None) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id else None
    initial = (
        {
            "organisation": unit.organisation_id,
            "name": unit.name,
            "description": unit.description,
            "is_active": unit.is_active,
        }
        if unit
        else {}
    )
    return _form_page(
        request,
        UnitForm(request.POST or None, initial=initial),
        lambda data: services.save_unit(actor=request.user, unit=unit, **data),
        title=str(unit or gettext_lazy("New unit")),
        done="organisations:administration",
    )


@administrators_only
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "organisations/staff_list.html", {"staff": queries.staff_overview()})


@administrators_only
def staff_edit(request: AuthenticatedHttpRequest, user_id: int | None = None) -> HttpResponse:
    staff = get_object_or_404(User, pk=user_id) if user_id else None
    providers = account_queries.staff_providers()
    initial: dict[str, Any] = {}
    if staff:
        initial = {
            f: getattr(staff, f)
            for f in (
                "username",
                "first_name",
                "last_name",
                "email",
                "title",
                "phone",
                "sex",
                "is_active",
            )
        }
        recorded = {i.provider_id: i.value for i in staff.sign_in_identities.all()}
        initial |= {StaffForm.identity_field(p): recorded.get(p.pk, "") for p in providers}

    def save(data: dict[str, Any]) -> User:
        identities = {p: data.pop(StaffForm.identity_field(p), "") for p in providers}
        saved = save_staff(actor=request.user, staff=staff, **data)
        for provider, value in identities.items():
            save_sign_in_identity(actor=request.user, staff=saved, provider=provider, value=value)
        return saved

    return _form_page(
        request,
        StaffForm(request.POST or None, initial=initial, sign_in_providers=providers),
        save,
        title=str(staff or gettext_lazy("New staff member")),
        done="organisations:staff",
    )


@administrators_only
def identity_provider_edit(
    request: AuthenticatedHttpRequest, provider_id: int | None = None
) -> HttpResponse:
    """An organisation's OpenID Connect provider. The client secret is never shown back."""
    provider = (
        get_object_or_404(IdentityProvider.objects.select_related("app"), pk=provider_id)
        if provider_id
        else None
    )
    initial: dict[str, Any] = {}
    if provider:
        initial = {
            "organisation": provider.organisation_id,
            "name": provider.app.name,
            "audience": provider.audience,
            "server_url": provider.app.settings.get("server_url", ""),
            "client_id": provider.app.client_id,
            "staff_claim": provider.staff_claim,
            "identity_claim": provider.identity_claim,
            "identity_country": provider.identity_country,
            "is_active": provider.is_active,
        }
    return _form_page(
        request,
        IdentityProviderForm(request.POST or None, initial=initial),
        lambda data: save_identity_provider(actor=request.user, provider=provider, **data),
        title=str(provider or gettext_lazy("New identity provider")),
        done="organisations:administration",
        callback=(
            request.build_absolute_uri(
                reverse("openid_connect_callback", args=[provider.provider_id])
            )
            if provider
            else None
        ),
    )


@administrators_only
def membership_edit(
    request: AuthenticatedHttpRequest, membership_id: int | None = None
) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id) if membership_id else None
    initial: dict[str, Any] = dict(request.GET.items()) if request.method == "GET" else {}
    if membership:
        initial = {
            "user": membership.user_id,
            "unit": membership.unit_id,
            "employer": membership.employer_id,
            "role": membership.role,
            "function": membership.function,
            "title": membership.title,
            "fte": membership.fte,
            "starts_on": membership.starts_on,
            "ends_on": membership.ends_on,
        }
    return _form_page(
        request,
        MembershipForm(request.POST or None, initial=initial),
        lambda data: services.save_membership(actor=request.user, membership=membership, **data),
        title=str(membership or gettext_lazy("New membership")),
        done="organisations:staff",
    )


@administrators_only
def unit_programme(
    request: AuthenticatedHttpRequest, unit_id: int, programme_code: str
) -> HttpResponse:
    """Let the unit run a programme model, with its own deadline days where they differ."""
    unit = get_object_or_404(Unit, pk=unit_id)
    programme = registry().get(programme_code)
    if programme is None:
        raise NotFound("programme")
    current = UnitProgramme.objects.filter(unit=unit, programme_code=programme_code).first()
    form = UnitProgrammeForm(
        request.POST or None,
        programme=programme,
        current=current.deadline_days if current else {},
        chosen=current.settings if current else {},
        initial={"places": current.places if current else None},
    )
    return _form_page(
        request,
        form,
        lambda data: save_unit_programme(
            actor=request.user,
            unit=unit,
            programme_code=programme_code,
            deadline_days=UnitProgrammeForm.deadline_days(data),
            places=data["places"],
            settings=UnitProgrammeForm.settings(data),
        ),
        title=f"{unit} – {programme.name}",
        done="organisations:administration",
    )
