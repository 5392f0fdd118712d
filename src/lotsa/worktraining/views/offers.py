"""Pages of the activities presented to a participant: the list with the form to record one,
and the participant's later choice."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import form_page
from lotsa.organisations.models import Membership
from lotsa.worktraining.forms.offers import DecisionForm, OfferForm
from lotsa.worktraining.models import WorkUnit
from lotsa.worktraining.queries.planning import offers_of
from lotsa.worktraining.services import offers as services


@login_required
@require_http_methods(["GET", "POST"])
def activity_offers(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, access.Action.VIEW_PARTICIPANT)
    may_change = enrolment.unit_id in access.unit_ids_for(
        request.user, access.Action.CHANGE_PARTICIPANT
    )
    if request.method == "POST" and not may_change:
        access.require_in_unit(request.user, enrolment.unit, access.Action.CHANGE_PARTICIPANT)
    staff = User.objects.filter(
        pk__in=Membership.objects.active_on(timezone.localdate())
        .filter(unit_id=enrolment.unit_id)
        .values("user_id")
    ).order_by("first_name", "last_name")
    form = OfferForm(
        request.POST or None,
        work_units=WorkUnit.objects.filter(unit_id=enrolment.unit_id, is_active=True),
        staff=staff,
        presenter=request.user,
    )
    return form_page(
        request,
        form,
        lambda d: services.record_activity_offer(actor=request.user, enrolment=enrolment, **d),
        template="worktraining/activity_offers.html",
        context={"enrolment": enrolment, "offers": offers_of(enrolment), "may_change": may_change},
        message=_("The activity is recorded."),
        done=lambda _saved: reverse("worktraining:activity-offers", args=[enrolment.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide_offer(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = access.get_activity_offer_for(request.user, offer_id, access.Action.CHANGE_PARTICIPANT)
    return form_page(
        request,
        DecisionForm(request.POST or None),
        lambda d: services.decide_activity_offer(actor=request.user, offer=offer, **d),
        template="worktraining/offer_decision.html",
        context={"offer": offer, "enrolment": offer.enrolment},
        message=_("The participant's choice is recorded."),
        done=lambda _saved: reverse("worktraining:activity-offers", args=[offer.enrolment_id]),
    )
