"""The participant's internship agreement guide in their own space: reading it, and signing it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lotsa.accounts.sign_in_method import sign_in_method
from lotsa.participant_space import queries, services
from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.forms import SignForm
from lotsa.participant_space.views import _page, _participant, _signed

internship_agreement = _page("internship_agreement", queries.internship_agreements_for)


@require_POST
@participant_required
def sign_internship_agreement(request: HttpRequest, agreement_id: int) -> HttpResponse:
    user = _participant(request)
    agreement = queries.get_own_internship_agreement(user, agreement_id)
    return _signed(
        request,
        SignForm(request.POST),
        lambda shown: services.sign_internship_agreement(
            actor=user,
            agreement=agreement,
            shown_hash=shown,
            sign_in_method=sign_in_method(request),
        ),
        lambda errors: render(
            request,
            "participant_space/internship_agreement.html",
            queries.internship_agreements_for(user)
            | {"sign_errors": errors, "refused_agreement": agreement.pk},
        ),
        reverse("me:internship-agreement"),
    )
