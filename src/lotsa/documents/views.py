"""Final documentation pages: a case's versions with a new one, one version with its approvals,
the participant's signature and its sending, and its PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django import forms
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
from lotsa.core.downloads import PDF, download, pdf_of
from lotsa.core.forms import DayForm, add_domain_errors
from lotsa.core.pages import form_page
from lotsa.documents import queries, services
from lotsa.documents.forms import FinalDocumentForm, SendForm
from lotsa.documents.models import FinalDocument
from lotsa.errors import DomainError
from lotsa.organisations.models import Organisation
from lotsa.participant_space.models import SignedDocument
from lotsa.participant_space.queries import current_signature
from lotsa.pathways.services.enrolment_changes import programme_of

Action = access.Action


@login_required
@require_http_methods(["GET", "POST"])
def versions(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The case's versions, and a new version started from the latest (or from the records)."""
    action = Action.CHANGE_PARTICIPANT if request.method == "POST" else Action.VIEW_PARTICIPANT
    enrolment = access.get_enrolment_for(request.user, enrolment_id, action)
    existing = queries.final_documents_of(enrolment)
    start = existing[0] if existing else None
    initial = (
        {name: getattr(start, name) for name in FinalDocumentForm.base_fields}
        if start
        else asdict(queries.draft_of(enrolment))
    )
    form = FinalDocumentForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda _data: services.write_final_document(
            actor=request.user, enrolment=enrolment, text=form.text()
        ),
        template="documents/versions.html",
        context={
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "documents": existing,
            "programme": programme_of(enrolment),
            "may_change": enrolment.unit_id
            in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT),
        },
        message=_("A new version of the final documentation is saved."),
        done=lambda document: reverse("documents:document", args=[document.pk]),
    )


def _context(request: AuthenticatedHttpRequest, document: FinalDocument) -> dict[str, Any]:
    enrolment = document.enrolment
    programme = programme_of(enrolment)
    approved = {a.agency: a for a in document.approvals.all()}
    may_change = enrolment.unit_id in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT)
    return {
        "document": document,
        "enrolment": enrolment,
        "participant": enrolment.participant,
        "programme": programme,
        "approvals": [
            (str(Organisation.Kind(agency).label), approved.get(agency))
            for agency in programme.approvals
        ],
        "may_change": may_change,
        "editable": may_change and not approved and document.signed_on is None,
        "all_approved": all(agency in approved for agency in programme.approvals),
        "participant_signature": current_signature(SignedDocument.FINAL_DOCUMENTATION, document),
    }


@login_required
@require_http_methods(["GET", "POST"])
def document(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponse:
    """One version; while no agency has approved it, its text may be corrected here."""
    action = Action.CHANGE_PARTICIPANT if request.method == "POST" else Action.VIEW_PARTICIPANT
    found = access.get_final_document_for(request.user, document_id, action)
    form = FinalDocumentForm(
        request.POST or None,
        initial={name: getattr(found, name) for name in FinalDocumentForm.base_fields},
    )
    return form_page(
        request,
        form,
        lambda _data: services.write_final_document(
            actor=request.user, enrolment=found.enrolment, text=form.text(), document=found
        ),
        template="documents/document.html",
        context=_context(request, found) | {"day_form": DayForm(), "send_form": SendForm()},
        message=_("The final documentation is saved."),
        done=lambda saved: reverse("documents:document", args=[saved.pk]),
    )


STEPS: dict[str, tuple[Callable[..., forms.Form], Callable[..., Any], Any]] = {
    "approve": (
        DayForm,
        lambda actor, document, data: services.approve_final_document(
            actor=actor, document=document, day=data["day"]
        ),
        gettext_lazy("Your agency's approval is recorded."),
    ),
    "sign": (
        DayForm,
        lambda actor, document, data: services.sign_final_document(
            actor=actor, document=document, day=data["day"]
        ),
        gettext_lazy("The participant's signature is recorded: the documentation is locked."),
    ),
    "send": (
        SendForm,
        lambda actor, document, data: services.send_final_document(
            actor=actor, document=document, **data
        ),
        gettext_lazy("The sending is recorded."),
    ),
}


@login_required
@require_POST
def step(request: AuthenticatedHttpRequest, document_id: int, step: str) -> HttpResponse:
    """Approve (for the staff member's agency), record the participant's signature, or record
    the sending."""
    found = access.get_final_document_for(request.user, document_id, Action.CHANGE_PARTICIPANT)
    make_form, save, message = STEPS[step]
    form = make_form(request.POST)
    if form.is_valid():
        try:
            save(request.user, found, form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("documents:document", args=[found.pk]))
    context = _context(request, found) | {
        "form": FinalDocumentForm(
            initial={name: getattr(found, name) for name in FinalDocumentForm.base_fields}
        ),
        "day_form": form if step != "send" else DayForm(),
        "send_form": form if step == "send" else SendForm(),
        "failed_step": step,
    }
    return render(request, "documents/document.html", context, status=400)


@login_required
@require_GET
def document_pdf(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponse:
    found = access.get_final_document_for(request.user, document_id, Action.VIEW_PARTICIPANT)
    return download(
        pdf_of(request, "documents/document_pdf.html", _context(request, found)),
        PDF,
        f"slutdokumentation-{found.enrolment_id}-v{found.version}.pdf",
    )
