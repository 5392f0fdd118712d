"""Referral pages: the inbox and sent referrals, a new referral, one referral and its answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.people.models import Participant
from lotsa.referrals import queries, services
from lotsa.referrals.forms import REFERRAL_FIELDS, AnswerForm, ReferralForm
from lotsa.referrals.models import Referral

Action = access.Action


@login_required
@require_GET
def referrals(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, Action.VIEW_PARTICIPANT)
    return render(
        request,
        "referrals/list.html",
        {
            "lists": queries.referrals_for(request.user),
            "may_send": access.can(request.user, Action.REGISTER_PARTICIPANT),
        },
    )


def _send(
    request: AuthenticatedHttpRequest, participant: Participant | None, cancel: str
) -> HttpResponse:
    from_units = Unit.objects.filter(
        pk__in=access.unit_ids_for(request.user, Action.REGISTER_PARTICIPANT)
    ).order_by("name")
    form = ReferralForm(
        request.POST or None, from_units=from_units, with_person=participant is None
    )

    def save(data: dict[str, Any]) -> Referral:
        return services.send_referral(
            actor=request.user,
            participant=participant,
            person=form.details() if participant is None else None,
            **{name: data[name] for name in REFERRAL_FIELDS},
        )

    return form_page(
        request,
        form,
        save,
        template="referrals/form.html",
        context={"participant": participant, "cancel": cancel},
        message=_("The referral is sent."),
        done=lambda referral: reverse("referrals:detail", args=[referral.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_referral(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, Action.REGISTER_PARTICIPANT)
    return _send(request, None, reverse("referrals:list"))


@login_required
@require_http_methods(["GET", "POST"])
def refer_participant(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    return _send(request, participant, reverse("people:detail", args=[participant.pk]))


def _reasons(referral: Referral) -> list[tuple[str, str]]:
    """The programme model's reasons for declining, and 'other' (with a note) in any case."""
    programme = programme_of(referral)
    reasons = [(code, str(r.name)) for code, r in programme.decline_reasons.items()]
    if "other" not in programme.decline_reasons:
        reasons.append(("other", _("Other reason")))
    return reasons


def _page(
    request: AuthenticatedHttpRequest,
    referral: Referral,
    side: access.Side,
    *,
    form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_answer = side == access.Side.RECEIVER and referral.to_unit_id in access.unit_ids_for(
        request.user, Action.REGISTER_PARTICIPANT
    )
    may_withdraw = side == access.Side.SENDER and referral.from_unit_id in access.unit_ids_for(
        request.user, Action.REGISTER_PARTICIPANT
    )
    # The sender follows the case only as far as the participant let the receiver report back.
    case = None
    if referral.enrolment is not None:
        seen = access.case_access(request.user, referral.enrolment)
        case = referral.enrolment if seen is not None else None
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "side": side,
            "programme": programme_of(referral),
            "decline_reason": dict(_reasons(referral)).get(referral.decline_reason, ""),
            "may_answer": may_answer and referral.status == "sent",
            "may_withdraw": may_withdraw and referral.status == "sent",
            "form": form or AnswerForm(reasons=None if may_withdraw else _reasons(referral)),
            "case": case,
        },
        status=status,
    )


@login_required
@require_GET
def referral(request: AuthenticatedHttpRequest, referral_id: int) -> HttpResponse:
    referral, side = access.get_referral_for(request.user, referral_id)
    return _page(request, referral, side)


@dataclass(frozen=True)
class Answer:
    save: Callable[[Any, Referral, dict[str, Any]], Any]
    message: Any
    done: Callable[[Referral, Any], str]


def _back(referral: Referral, _saved: Any) -> str:
    return reverse("referrals:detail", args=[referral.pk])


ANSWERS = {
    "accept": Answer(
        lambda actor, referral, data: services.accept_referral(
            actor=actor, referral=referral, day=data["day"]
        ),
        gettext_lazy("The referral is accepted: the person is enrolled as referred."),
        lambda _referral, enrolment: reverse("pathways:case", args=[enrolment.pk]),
    ),
    "decline": Answer(
        lambda actor, referral, data: services.decline_referral(
            actor=actor,
            referral=referral,
            day=data["day"],
            reason=data["reason"],
            note=data["note"],
        ),
        gettext_lazy("The referral is declined."),
        _back,
    ),
    "withdraw": Answer(
        lambda actor, referral, data: services.withdraw_referral(
            actor=actor, referral=referral, day=data["day"], note=data["note"]
        ),
        gettext_lazy("The referral is withdrawn."),
        _back,
    ),
}


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, referral_id: int, action: str) -> HttpResponse:
    """Accept or decline (the receiving unit) or withdraw (the sender) a referral."""
    referral, side = access.get_referral_for(request.user, referral_id)
    chosen = ANSWERS[action]
    form = AnswerForm(request.POST, reasons=None if action == "withdraw" else _reasons(referral))
    if form.is_valid():
        try:
            saved = chosen.save(request.user, referral, form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, chosen.message)
            return redirect(chosen.done(referral, saved))
    return _page(request, referral, side, form=form, status=400)
