from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.downloads import PDF, download, pdf_of
from lotsa.core.forms import add_domain_errors
from lotsa.errors import DomainError
from lotsa.participant_space import queries, services
from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.forms import MessageForm, WithdrawConsentForm
from lotsa.participant_space.reading import choose_easy_read, is_easy_read
from lotsa.people import services as people_services
from lotsa.people.extract import views as extract
from lotsa.people.models import Participant


@participant_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "participant_space/home.html", {})


@require_POST
@participant_required
def reading(request: HttpRequest) -> HttpResponse:
    """Switch between the usual text and easy-read, and come back to the same page."""
    choose_easy_read(request, request.POST.get("easy") == "1")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/me/"):
        target = "/me/"
    return redirect(target)


# ------------------------------------------------------------------ my data and messages


def _mine(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A page of "My data" or the messages: the menu marks which, from the template's name."""
    section = "messages" if template.startswith("participant_space/message") else "data"
    return render(request, template, {"section": section, **context}, status=status)


@require_GET
@participant_required
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _mine(request, "participant_space/mydata_home.html", {})


@require_GET
@participant_required
def my_consents(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _mine(
        request,
        "participant_space/mydata_consents.html",
        {"consents": queries.my_consents(request.user), "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@participant_required
def withdraw_consent(request: AuthenticatedHttpRequest, own_consent_id: int) -> HttpResponse:
    """First what withdrawing means, then the confirmation."""
    consent = access.get_own_consent(request.user, own_consent_id)
    if consent.withdrawn_on is not None:
        return redirect("me:data-consents")
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            people_services.withdraw_consent(
                actor=request.user,
                consent=consent,
                withdrawn_on=timezone.localdate(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your consent is withdrawn."))
            return redirect("me:data-consents")
    return _mine(
        request,
        "participant_space/mydata_withdraw.html",
        {
            "consent": consent,
            "form": form,
            "consequence": queries.withdrawal_consequence(consent, easy_read=is_easy_read(request)),
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
@participant_required
def my_copy(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _mine(
        request, "participant_space/mydata_copy.html", {"records": queries.my_records(request.user)}
    )


def _own_extract(
    request: AuthenticatedHttpRequest, record_id: int, form: extract.Format
) -> tuple[Participant, dict[str, Any]]:
    participant = queries.get_own_record(request.user, record_id)
    return participant, extract.register_extract(
        request.user,
        participant,
        form,
        organisations=queries.organisations_holding(participant),
    )


# The file name of a person's copy of their data, in their language.
COPY_NAME = gettext_lazy("my-data")


def _copy_name(suffix: str) -> str:
    return f"{COPY_NAME}-{timezone.localdate():%Y%m%d}.{suffix}"


@require_GET
@participant_required
def my_copy_json(request: AuthenticatedHttpRequest, record_id: int) -> HttpResponse:
    _participant, data = _own_extract(request, record_id, extract.Format.JSON)
    return download(extract.as_json(data), "application/json; charset=utf-8", _copy_name("json"))


@require_GET
@participant_required
def my_copy_pdf(request: AuthenticatedHttpRequest, record_id: int) -> HttpResponse:
    participant, data = _own_extract(request, record_id, extract.Format.PDF)
    context = {"participant": participant, "sections": extract.readable(data)}
    return download(pdf_of(request, "people/extract_pdf.html", context), PDF, _copy_name("pdf"))


@require_GET
@participant_required
def who_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    shown = queries.access_log_page(request.user, request.GET.get("page"))
    return _mine(
        request,
        "participant_space/mydata_reads.html",
        {"reads": shown.reads, "page_obj": shown.page},
    )


@require_http_methods(["GET", "POST"])
@participant_required
def my_messages(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The messages the person has sent, and a new one to their responsible staff."""
    enrolments = queries.enrolments_to_write_to(request.user)
    form = MessageForm(request.POST if request.method == "POST" else None, enrolments=enrolments)
    if form.is_valid():
        enrolment = access.get_own_enrolment(request.user, form.cleaned_data["enrolment"].pk)
        try:
            services.send_message(
                actor=request.user,
                enrolment=enrolment,
                text=form.cleaned_data["text"],
                link=lambda message: request.build_absolute_uri(
                    reverse("messages:message", args=[message.pk])
                ),
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect("me:messages")
    return _mine(
        request,
        "participant_space/messages.html",
        {"form": form, "enrolments": enrolments, "sent": queries.my_messages(request.user)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def staff_message(request: AuthenticatedHttpRequest, message_id: int) -> HttpResponse:
    """A participant's message, opened by staff who may see the case: it is then read."""
    message = services.mark_message_read(
        actor=request.user, message=access.get_message_for(request.user, message_id)
    )
    return render(request, "participant_space/message_staff.html", {"message": message})
