"""Fidelity review pages: a unit's reviews, the review workspace, evidence drill-through, report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.downloads import PDF, download, pdf_of
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page, local_next
from lotsa.errors import DomainError, NotFound
from lotsa.fidelity import queries, services
from lotsa.fidelity.charts import fidelity_profile
from lotsa.fidelity.evidence import item_evidence
from lotsa.fidelity.forms import ActionForm, ConsensusForm, PlanForm, RatingForm
from lotsa.fidelity.models import FidelityReview, ImprovementAction
from lotsa.fidelity.scale import scale_of
from lotsa.organisations.models import Membership, Unit
from lotsa.pathways.models import Enrolment


def _candidates(unit: Unit) -> QuerySet[User]:
    """Who can review the unit: fidelity reviewers, and the unit's own team leaders and managers."""
    reviewers = Membership.objects.filter(role="fidelity_reviewer").values("user_id")
    leads = Membership.objects.filter(unit=unit, role__in=("supervisor", "manager")).values(
        "user_id"
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=reviewers) | Q(pk__in=leads))
        .order_by("last_name", "first_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_reviews(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_fidelity_unit_for(request.user, unit_id)
    candidates = _candidates(unit)
    return form_page(
        request,
        PlanForm(request.POST or None, candidates=candidates),
        lambda data: services.plan_review(
            actor=request.user, unit=unit, reviewers=list(data.pop("reviewers")), **data
        ),
        template="fidelity/unit_reviews.html",
        context={
            "unit": unit,
            "reviews": FidelityReview.objects.filter(unit=unit).order_by("-period_end"),
            "may_plan": access.may_review(request.user, unit),
        },
        message=_("The review is planned."),
        done=lambda review: reverse("fidelity:review", args=[review.pk]),
    )


def _render_review(
    request: AuthenticatedHttpRequest,
    review: FidelityReview,
    *,
    status: int = 200,
    error_form: object = None,
) -> HttpResponse:
    view = queries.review_view(request.user, review)
    record(AuditEvent.FIDELITY_VIEWED, actor=request.user, obj=review)
    return render(
        request,
        "fidelity/review.html",
        {"view": view, "review": review, "error_form": error_form},
        status=status,
    )


@login_required
def review(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    return _render_review(request, access.get_review_for(request.user, review_id))


@login_required
@require_POST
def rate(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for(request.user, review_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        existing = queries.own_rating(request.user, review, data["item_number"])
        try:
            if existing:
                services.change_rating(
                    actor=request.user,
                    rating=existing,
                    score=data["score"],
                    notes=data["notes"],
                    sources=data["sources"],
                )
            else:
                services.rate_item(
                    actor=request.user,
                    review=review,
                    from_evidence=queries.suggested_score(review, data["item_number"])
                    == data["score"],
                    **data,
                )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            return redirect(
                reverse("fidelity:review", args=[review.pk]) + f"#item-{data['item_number']}"
            )
    return _render_review(request, review, status=400, error_form=form)


def _review_step(
    request: AuthenticatedHttpRequest, review_id: int, step: Any, message: str, done: str
) -> HttpResponse:
    """Submit or finalise: one service call; a refusal is shown on the review page (400)."""
    review = access.get_review_for(request.user, review_id)
    try:
        step(actor=request.user, review=review)
    except DomainError as error:
        messages.error(request, " ".join(m for ms in error.errors.values() for m in ms))
        return _render_review(request, review, status=400)
    messages.success(request, message)
    return redirect(done, review_id=review.pk)


@login_required
@require_POST
def submit(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    return _review_step(
        request,
        review_id,
        services.submit_ratings,
        _("Your ratings are submitted."),
        "fidelity:review",
    )


@login_required
@require_POST
def finalise(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    return _review_step(
        request, review_id, services.finalise_review, _("The review is final."), "fidelity:report"
    )


@login_required
@require_POST
def agree(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    review = access.get_review_for(request.user, review_id)
    form = ConsensusForm(request.POST)
    if form.is_valid():
        try:
            services.agree_item(actor=request.user, review=review, **form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            return redirect(
                reverse("fidelity:review", args=[review.pk])
                + f"#item-{form.cleaned_data['item_number']}"
            )
    return _render_review(request, review, status=400, error_form=form)


def report_context(
    request: AuthenticatedHttpRequest, review_id: int, *, pdf: bool
) -> dict[str, object]:
    review = access.get_review_for(request.user, review_id)
    view = queries.review_view(request.user, review, evidence_for_all=True)
    record(
        AuditEvent.FIDELITY_VIEWED,
        actor=request.user,
        obj=review,
        changes={"report": "pdf" if pdf else "page"},
    )
    return {
        "view": view,
        "review": review,
        "profile": fidelity_profile(view),
        "pdf": pdf,
    }


@login_required
def report(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    return render(request, "fidelity/report.html", report_context(request, review_id, pdf=False))


@login_required
def report_pdf(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """The report as a PDF, rendered with WeasyPrint from the same data as the page."""
    context = report_context(request, review_id, pdf=True)
    return download(
        pdf_of(request, "fidelity/report_pdf.html", context),
        PDF,
        f"fidelity-report-{review_id}.pdf",
    )


@login_required
def evidence_records(
    request: AuthenticatedHttpRequest, review_id: int, item_number: int
) -> HttpResponse:
    """The records behind an evidence figure: the enrolments (numbers, programme and phase, never
    names) or the team's own records (meetings, supervision, time logged)."""
    review = access.get_review_evidence_for(request.user, review_id)
    scale = scale_of(review)
    item = scale.items.get(item_number)
    if item is None or not item.measure:
        raise NotFound("item")
    evidence = item_evidence(review.unit, review.period_start, review.period_end, item)
    enrolments = Enrolment.objects.filter(pk__in=evidence.enrolment_ids).order_by("pk")
    record(
        AuditEvent.FIDELITY_VIEWED,
        actor=request.user,
        obj=review,
        changes={"evidence": item_number},
    )
    return render(
        request,
        "fidelity/evidence.html",
        {"review": review, "item": item, "evidence": evidence, "enrolments": enrolments},
    )


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Units running IPS with their latest final review, for reviewers and unit leads."""
    reviewer = bool(access.unit_ids_for(request.user, access.Action.REVIEW_FIDELITY))
    led = access.unit_ids_for(request.user, access.Action.LEAD_UNIT)
    if not reviewer and not led:
        access.require(request.user, access.Action.REVIEW_FIDELITY)
    units = (
        Unit.objects.filter(programmes__programme_code="ips")
        .select_related("organisation")
        .order_by("name")
    )
    if not reviewer:
        units = units.filter(pk__in=led)
    return render(request, "fidelity/overview.html", {"rows": queries.latest_reviews(list(units))})


@login_required
@require_POST
def update_action(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    action = ImprovementAction.objects.select_related("review", "unit").filter(pk=action_id).first()
    if action is None or not access.may_see_fidelity_of(request.user, action.unit_id):
        access.refuse(
            request.user,
            "fidelity.action",
            object_type="fidelity.improvementaction",
            object_id=action_id,
        )
    form = ActionForm(request.POST, unit=action.unit)
    if form.is_valid():
        try:
            services.update_action(actor=request.user, action=action, **form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                local_next(request, reverse("fidelity:report", args=[action.review_id]))
            )
    return _render_review(request, action.review, status=400, error_form=form)
