"""The coordinator's and the unit's survey pages: survey IDs and the key, rounds and their
one-time links, staff answering a round, and the triage of findings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.surveys.forms import (
    FindingForm,
    FindingReviewForm,
    FocusGroupForm,
    IssueSurveyIdForm,
    LinksForm,
    RoundForm,
    SurveyForm,
)
from lotsa.surveys.instruments import instrument
from lotsa.surveys.models import Finding, SurveyRound
from lotsa.surveys.queries import coordination as queries
from lotsa.surveys.services import findings, ids, rounds

# ------------------------------------------------------------------ the surveys menu


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    access.require(user, access.Action.ANSWER_STAFF_SURVEY)
    context = {
        "to_answer": queries.rounds_to_answer(user),
        "coordinator": bool(access.unit_ids_for(user, access.Action.READ_SURVEY_KEY)),
        "running": queries.units_running_surveys(user),
    }
    return render(request, "surveys/index.html", context)


# ------------------------------------------------------------------ survey IDs and the key


@login_required
@require_http_methods(["GET", "POST"])
def survey_ids(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    access.require(user, access.Action.READ_SURVEY_KEY)
    form = IssueSurveyIdForm(request.POST or None)
    failed = None
    if request.method == "POST" and form.is_valid():
        enrolment = access.get_enrolment_for_survey_id(user, form.cleaned_data["enrolment"])
        try:
            ids.issue_survey_id(actor=user, enrolment=enrolment)
        except DomainError as error:
            add_domain_errors(form, error)
            failed = enrolment.pk
        else:
            messages.success(
                request,
                _("A survey ID is issued for %(name)s.")
                % {"name": enrolment.participant.display_name},
            )
            return redirect("surveys:ids")
    status = 400 if request.method == "POST" else 200
    context = {"cases": queries.survey_ids_for(user), "form": form, "failed": failed}
    return render(request, "surveys/ids.html", context, status=status)


@login_required
@require_GET
def survey_key(request: AuthenticatedHttpRequest, survey_id_pk: int) -> HttpResponse:
    key = queries.survey_key(request.user, survey_id_pk)
    return render(request, "surveys/key.html", {"key": key, "survey_id": key.survey_id})


@login_required
@require_GET
def survey_id_slip(request: AuthenticatedHttpRequest, survey_id_pk: int) -> HttpResponse:
    """The slip that goes with a paper survey: the ID and how to answer, no name, so the
    returned paper carries the ID alone."""
    key = queries.survey_key(request.user, survey_id_pk)
    context = {
        "survey_id": key.survey_id,
        "surveys": queries.participant_surveys_of(key.programme),
        "today": timezone.localdate(),
    }
    return render(request, "surveys/slip.html", context)


# ------------------------------------------------------------------ rounds


def _unit_running(request: AuthenticatedHttpRequest, unit_id: int) -> Unit:
    access.require(request.user, access.Action.RUN_SURVEYS)
    return access.get_unit_for(request.user, unit_id, access.Action.RUN_SURVEYS)


def _round_running(request: AuthenticatedHttpRequest, round_id: int) -> SurveyRound:
    access.require(request.user, access.Action.RUN_SURVEYS)
    return access.get_survey_round_for(request.user, round_id, access.Action.RUN_SURVEYS)


@login_required
@require_http_methods(["GET", "POST"])
def unit_rounds(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_running(request, unit_id)
    return form_page(
        request,
        RoundForm(request.POST or None),
        lambda data: rounds.create_round(actor=request.user, unit=unit, **data),
        template="surveys/rounds.html",
        context={"unit": unit, "rounds": queries.rounds_of(unit)},
        message=_("The round is created."),
        done=lambda created: reverse("surveys:round", args=[created.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_page(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    survey_round = _round_running(request, round_id)
    survey = instrument(survey_round.instrument, survey_round.version)
    form = LinksForm(request.POST or None)
    links: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                tokens = rounds.create_links(
                    actor=request.user, survey_round=survey_round, count=form.cleaned_data["count"]
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                # Shown this once: only the tokens' hashes are kept.
                links = [
                    request.build_absolute_uri(reverse("survey-link", args=[token]))
                    for token in tokens
                ]
                status = 200
                form = LinksForm()
    context = {
        "round": survey_round,
        "survey": survey,
        "facts": queries.round_facts(survey_round),
        "is_open": queries.is_open(survey_round),
        "form": form,
        "links": links,
    }
    return render(request, "surveys/round.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def answer_round(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    access.require(request.user, access.Action.ANSWER_STAFF_SURVEY)
    survey_round = access.get_survey_round_for(
        request.user, round_id, access.Action.ANSWER_STAFF_SURVEY
    )
    survey = instrument(survey_round.instrument, survey_round.version)
    form = SurveyForm(survey, request.POST or None)
    context: dict[str, Any] = {"round": survey_round, "survey": survey}
    return form_page(
        request,
        form,
        lambda _data: rounds.answer_round(
            actor=request.user, survey_round=survey_round, checked=form.answers
        ),
        template="surveys/staff_answer.html",
        context={
            **context,
            "answered": queries.has_answered(request.user, survey_round),
            "is_open": queries.is_open(survey_round),
            "staff_survey": queries.round_audience(survey_round) != "user",
        },
        message=_("Thank you: your answers are kept without your name."),
        done=lambda _saved: reverse("surveys:index"),
    )


# ------------------------------------------------------------------ findings


def _finding_form(unit: Unit, *args: Any, **kwargs: Any) -> FindingForm:
    return FindingForm(
        *args,
        owners=queries.staff_of(unit),
        rounds=SurveyRound.objects.filter(unit=unit).order_by("-opens_on"),
        focus_groups=queries.focus_groups_of(unit),
        **kwargs,
    )


def _saving_finding(
    request: AuthenticatedHttpRequest, unit: Unit, finding: Finding | None = None
) -> Any:
    return lambda data: findings.save_finding(
        actor=request.user, unit=unit, finding=finding, **data
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_findings(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_running(request, unit_id)
    return form_page(
        request,
        _finding_form(unit, request.POST or None),
        _saving_finding(request, unit),
        template="surveys/findings.html",
        context={
            "unit": unit,
            "groups": queries.findings_of(unit),
            "focus_groups": queries.focus_groups_of(unit),
        },
        message=_("The finding is saved."),
        done=lambda _saved: reverse("surveys:findings", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_focus_group(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_running(request, unit_id)
    return form_page(
        request,
        FocusGroupForm(request.POST or None),
        lambda data: findings.save_focus_group(actor=request.user, unit=unit, **data),
        template="surveys/focus_group.html",
        context={"unit": unit},
        message=_("The focus group is saved."),
        done=lambda _saved: reverse("surveys:findings", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_page(request: AuthenticatedHttpRequest, finding_id: int) -> HttpResponse:
    access.require(request.user, access.Action.RUN_SURVEYS)
    finding = access.get_finding_for(request.user, finding_id)
    reviewing = request.POST.get("form") == "review"
    data = request.POST or None
    edit_form = _finding_form(
        finding.unit,
        None if reviewing else data,
        initial={
            "text": finding.text,
            "category": finding.category,
            "action": finding.action,
            "owner": finding.owner_id,
            "follow_up_on": finding.follow_up_on,
            "survey_round": finding.round_id,
            "focus_group": finding.focus_group_id,
            "source_note": finding.source_note,
        },
    )
    review_form = FindingReviewForm(
        data if reviewing else None, initial={"reviewed_on": timezone.localdate()}
    )
    form, save = (
        (
            review_form,
            lambda d: findings.review_finding(actor=request.user, finding=finding, **d),
        )
        if reviewing
        else (edit_form, _saving_finding(request, finding.unit, finding))
    )
    return form_page(
        request,
        form,
        save,
        template="surveys/finding.html",
        context={
            "finding": finding,
            "overdue": queries.is_overdue(finding),
            "reviews": list(finding.reviews.select_related("reviewed_by")),
            "edit_form": edit_form,
            "review_form": review_form,
        },
        message=_("Saved."),
        done=lambda _saved: reverse("surveys:finding", args=[finding.pk]),
    )
