"""Participant pages: search and list, registration, the record, changes and consents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import form_page
from lotsa.organisations.models import Unit
from lotsa.pathways.services.lifecycle import enrol_participant, register_participant
from lotsa.people import queries, services
from lotsa.people.forms import (
    ConsentForm,
    EnrolForm,
    ParticipantForm,
    RegisterParticipantForm,
    SearchForm,
    WithdrawConsentForm,
)

Action = access.Action
# What can be edited afterwards: an anonymous participant has only birth year and sex; for an
# identified one those two come from the identity number.
ANONYMOUS_FIELDS = {"is_anonymous", "birth_year", "sex", "version"}
IDENTIFIED_FIELDS = set(ParticipantForm.base_fields) - {"birth_year", "sex"}


def _units_for(request: AuthenticatedHttpRequest, action: access.Action) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=access.unit_ids_for(request.user, action)).select_related(
        "organisation"
    )


@login_required
def participant_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, Action.VIEW_PARTICIPANT)
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    participants = queries.participants_listed_for(request.user, text)
    template = "people/_results.html" if request.headers.get("HX-Request") else "people/list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "query": text,
            "participants": participants,
            "limit": queries.SEARCH_LIMIT,
            "can_register": access.can(request.user, Action.REGISTER_PARTICIPANT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, Action.REGISTER_PARTICIPANT)
    form = RegisterParticipantForm(
        request.POST or None, units=_units_for(request, Action.REGISTER_PARTICIPANT)
    )
    return form_page(
        request,
        form,
        lambda data: register_participant(
            actor=request.user,
            details=form.details(),
            unit=data["unit"],
            programme_model=data["programme_model"],
            referral_date=data["referral_date"],
            referral_source=data["referral_source"],
            referrer=data["referrer"],
        ),
        template="people/form.html",
        context={"creating": True},
        message=_("The participant is registered."),
        done=lambda participant: reverse("people:detail", args=[participant.pk]),
    )


@login_required
def participant_detail(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for(request.user, participant_id, Action.VIEW_PARTICIPANT)
    may_change = access.can(request.user, Action.CHANGE_PARTICIPANT, participant)
    return render(
        request,
        "people/detail.html",
        {
            "participant": participant,
            "enrolments": queries.enrolments_of(request.user, participant),
            "consents": queries.consents_of(request.user, participant),
            "may_change": may_change,
            "consent_form": ConsentForm(
                givers=services.consent_givers_for(request.user, participant)
            )
            if may_change
            else None,
            "enrol_form": EnrolForm(units=_units_for(request, Action.REGISTER_PARTICIPANT))
            if may_change
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    form = ParticipantForm(
        request.POST or None,
        initial=services.details_of(participant).__dict__ | {"version": participant.version},
    )
    form.fields["is_anonymous"].disabled = True
    kept = ANONYMOUS_FIELDS if participant.is_anonymous else IDENTIFIED_FIELDS
    for name in set(form.fields) - kept:
        del form.fields[name]
    return form_page(
        request,
        form,
        lambda data: services.update_participant(
            actor=request.user,
            participant=participant,
            details=form.details(),
            version=data["version"],
        ),
        template="people/form.html",
        context={"participant": participant, "creating": False},
        message=_("The changes are saved."),
        done=lambda saved: reverse("people:detail", args=[saved.pk]),
    )


@login_required
@require_http_methods(["POST"])
def consent_create(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    return form_page(
        request,
        ConsentForm(request.POST, givers=services.consent_givers_for(request.user, participant)),
        lambda data: services.record_consent(actor=request.user, participant=participant, **data),
        template="people/consent_form.html",
        context={"participant": participant},
        message=_("The consent is recorded."),
        done=lambda _consent: reverse("people:detail", args=[participant.pk]) + "#consents",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(
    request: AuthenticatedHttpRequest, participant_id: int, consent_id: int
) -> HttpResponse:
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    consent = queries.consent_for(request.user, participant, consent_id)
    return form_page(
        request,
        WithdrawConsentForm(request.POST or None),
        lambda data: services.withdraw_consent(actor=request.user, consent=consent, **data),
        template="people/withdraw_form.html",
        context={"participant": participant, "consent": consent},
        message=_("The withdrawal is recorded."),
        done=lambda _consent: reverse("people:detail", args=[participant.pk]) + "#consents",
    )


@login_required
@require_http_methods(["POST"])
def enrolment_create(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    return form_page(
        request,
        EnrolForm(request.POST, units=_units_for(request, Action.REGISTER_PARTICIPANT)),
        lambda data: enrol_participant(actor=request.user, participant=participant, **data),
        template="people/enrol_form.html",
        context={"participant": participant},
        message=_("The referral is recorded."),
        done=lambda _enrolment: reverse("people:detail", args=[participant.pk]) + "#enrolments",
    )
