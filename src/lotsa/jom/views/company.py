"""What the company may know: the parts of the agreement guide the participant shares with the
company, as a page to show and a PDF to send. Nothing else of the agreement reaches it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.downloads import PDF, download, pdf_of
from lotsa.errors import DomainError
from lotsa.jom.models import InternshipAgreement
from lotsa.jom.queries import internship as queries

Action = access.Action


def _brief(
    request: AuthenticatedHttpRequest, agreement_id: int
) -> tuple[InternshipAgreement, dict[str, Any]] | HttpResponse:
    access.require(request.user, Action.CHANGE_PARTICIPANT)
    agreement = access.get_agreement_for(request.user, agreement_id, Action.CHANGE_PARTICIPANT)
    context: dict[str, Any] = {
        "agreement": agreement,
        "enrolment": agreement.enrolment,
        "participant": agreement.enrolment.participant,
    }
    try:
        context["sections"] = queries.show_company_brief(request.user, agreement)
    except DomainError as error:
        context["refusal"] = error.errors
        return render(request, "jom/company_brief.html", context, status=409)
    return agreement, context


@login_required
@require_GET
def company_brief(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """The brief as the company sees it; refused (409) before the participant's consent."""
    found = _brief(request, agreement_id)
    if isinstance(found, HttpResponse):
        return found
    return render(request, "jom/company_brief.html", found[1])


@login_required
@require_GET
def company_brief_pdf(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    found = _brief(request, agreement_id)
    if isinstance(found, HttpResponse):
        return found
    agreement, context = found
    return download(
        pdf_of(request, "jom/company_brief_pdf.html", context),
        PDF,
        f"praktikaftale-{agreement.enrolment_id}-v{agreement.version}.pdf",
    )
