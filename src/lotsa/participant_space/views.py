from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from allauth.mfa.webauthn.forms import SignupWebAuthnForm
from allauth.mfa.webauthn.internal import flows as webauthn_flows
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa import access
from lotsa.access import Action
from lotsa.accounts.models import User
from lotsa.accounts.sign_in_method import INVITATION, sign_in_method
from lotsa.accounts.sign_in_method import SESSION_KEY as SIGN_IN_METHOD_KEY
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.downloads import PDF, download, pdf_of
from lotsa.core.forms import add_domain_errors
from lotsa.core.net import client_ip
from lotsa.core.pages import form_page
from lotsa.errors import NON_FIELD, DomainError, NotFound
from lotsa.participant_space import invitations, queries, services
from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.forms import (
    InvitationCodeForm,
    MessageForm,
    SignForm,
    WithdrawConsentForm,
)
from lotsa.participant_space.invitations import too_many_refusals
from lotsa.participant_space.reading import choose_easy_read, is_easy_read
from lotsa.people import services as people_services
from lotsa.people.extract import views as extract
from lotsa.people.models import Participant
from lotsa.surveys.forms import SurveyForm
from lotsa.surveys.services import responses as survey_responses
from lotsa.timereports.forms import MonthHoursForm
from lotsa.timereports.models import TimeReport


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


# ------------------------------------------------------------------ my cases, plan, meetings, jobs


def _participant(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page(template: str, read: Callable[[User], dict[str, Any]]) -> Callable[..., HttpResponse]:
    @participant_required
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, f"participant_space/{template}.html", read(_participant(request)))

    return view


home = _page("home", queries.home_for)
meetings = _page("meetings", queries.meetings_for)
contact_persons = _page("contact_persons", queries.contact_persons_for)
jobs = _page("jobs", queries.jobs_for)
time_reports = _page("time_reports", queries.time_report_months_for)
plan = _page("plan", queries.plans_for)
my_surveys = _page("surveys", queries.surveys_for)


def _signed(
    request: HttpRequest,
    form: SignForm,
    sign: Callable[[str], Any],
    refused_page: Callable[[list[str]], HttpResponse],
    done: str,
) -> HttpResponse:
    """Sign what the page showed; a changed version is refused (409) and the page shown again
    with the new version and the reason."""
    status = 400
    if form.is_valid():
        try:
            sign(form.cleaned_data["content_hash"])
        except DomainError as error:
            add_domain_errors(form, error)
            status = 409 if isinstance(error, services.VersionChanged) else 400
        else:
            messages.success(request, _("You have signed."))
            return redirect(done)
    else:
        form.add_error(None, _("The page did not say what you sign. Open it again and sign."))
    response = refused_page([str(e) for errors in form.errors.values() for e in errors])
    response.status_code = status
    return response


@require_POST
@participant_required
def sign_plan(request: HttpRequest, revision_id: int) -> HttpResponse:
    user = _participant(request)
    revision = queries.get_own_plan_revision(user, revision_id)
    form = SignForm(request.POST)
    return _signed(
        request,
        form,
        lambda shown: services.sign_plan(
            actor=user,
            revision=revision,
            shown_hash=shown,
            sign_in_method=sign_in_method(request),
        ),
        lambda errors: render(
            request,
            "participant_space/plan.html",
            queries.plans_for(user) | {"sign_errors": errors, "refused_revision": revision.pk},
        ),
        reverse("me:plan"),
    )


final_documents = _page("final_documents", queries.final_documents_for)


@require_POST
@participant_required
def sign_final_documentation(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _participant(request)
    document = queries.get_own_final_document(user, document_id)
    return _signed(
        request,
        SignForm(request.POST),
        lambda shown: services.sign_final_documentation(
            actor=user,
            document=document,
            shown_hash=shown,
            sign_in_method=sign_in_method(request),
        ),
        lambda errors: render(
            request,
            "participant_space/final_documents.html",
            queries.final_documents_for(user)
            | {"sign_errors": errors, "refused_document": document.pk},
        ),
        reverse("me:final-documents"),
    )


def _month(raw: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 - a month, no time
    except ValueError:
        raise NotFound("month") from None


@participant_required
@require_http_methods(["GET", "POST"])
def time_report_month(request: HttpRequest, enrolment_id: int, month: str) -> HttpResponse:
    """My hours of one month, week by week: entered, saved, then submitted."""
    user = _participant(request)
    enrolment, programme = queries.get_own_report_month(user, enrolment_id, _month(month))
    shown = queries.report_month_for(user, enrolment, programme, _month(month))
    form = MonthHoursForm(
        request.POST or None,
        weeks=shown["weeks"],
        most_in_a_week=services.MOST_OWN_HOURS_IN_A_WEEK,
        initial={"note": shown["report"].note if shown["report"] else ""},
    )
    here = reverse("me:time-report", args=[enrolment.pk, month])
    return form_page(
        request,
        form,
        lambda data: services.save_own_time_report(
            actor=user,
            enrolment=enrolment,
            month=_month(month),
            weeks=form.hours(),
            note=data["note"],
        ),
        template="participant_space/time_report.html",
        context=shown,
        message=_("Your hours are saved. Submit the month when it is complete."),
        done=lambda _report: here,
    )


@require_POST
@participant_required
def submit_time_report(request: HttpRequest, enrolment_id: int, month: str) -> HttpResponse:
    user = _participant(request)
    enrolment, programme = queries.get_own_report_month(user, enrolment_id, _month(month))
    report = TimeReport.objects.filter(enrolment=enrolment, month=_month(month)).first()
    if report is None:
        raise NotFound("timereports.timereport")
    report.enrolment = enrolment
    form = SignForm(request.POST)

    def page_again(errors: list[str]) -> HttpResponse:
        shown = queries.report_month_for(user, enrolment, programme, _month(month))
        hours = MonthHoursForm(
            weeks=shown["weeks"], most_in_a_week=services.MOST_OWN_HOURS_IN_A_WEEK
        )
        return render(
            request,
            "participant_space/time_report.html",
            shown | {"form": hours, "sign_errors": errors},
        )

    return _signed(
        request,
        form,
        lambda shown: services.submit_time_report(
            actor=user, report=report, shown_hash=shown, sign_in_method=sign_in_method(request)
        ),
        page_again,
        reverse("me:time-report", args=[enrolment.pk, month]),
    )


# ------------------------------------------------------------------ my surveys


@participant_required
@require_http_methods(["GET", "POST"])
def answer_survey(
    request: HttpRequest, enrolment_id: int, instrument: str, wave: str
) -> HttpResponse:
    """One survey I am asked to answer, in easy-read when I chose it; then a thank-you."""
    user = _participant(request)
    open_wave = queries.get_own_open_wave(user, enrolment_id, instrument, wave)
    form = SurveyForm(open_wave.instrument, request.POST or None, easy_read=is_easy_read(request))
    return form_page(
        request,
        form,
        lambda _data: survey_responses.answer_own_survey(
            actor=user,
            enrolment=open_wave.enrolment,
            instrument=open_wave.instrument,
            wave=open_wave.wave.wave,
            checked=form.answers,
        ),
        template="participant_space/survey_answer.html",
        context={"open_wave": open_wave},
        message=_("Thank you for your answers."),
        done=lambda _response: reverse("me:survey-thanks"),
    )


@participant_required
@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "participant_space/survey_thanks.html")


# ------------------------------------------------------------------ invitations
# A participant without an eID to match sets up their sign-in with a code from staff.

INVITATION_SESSION_KEY = "lotsa_invitation_passkey"


@login_required
@require_POST
def invitation_create(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """Staff make a code for the participant and see it once, to hand it over in person."""
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    try:
        issued = invitations.create_invitation(actor=request.user, participant=participant)
    except DomainError as error:
        messages.error(request, " ".join(error.errors[NON_FIELD]))
        return redirect("people:detail", participant.pk)
    return render(
        request,
        "participant_space/invitation_created.html",
        {"participant": participant, "issued": issued},
    )


@require_http_methods(["GET", "POST"])
def invitation_redeem(request: HttpRequest) -> HttpResponse:
    """The open page where the participant enters their code."""
    if request.user.is_authenticated:
        if getattr(request.user, "is_participant", False):
            return redirect("me:home")
        raise Http404
    form = InvitationCodeForm(request.POST or None)
    if too_many_refusals(client_ip(request), now=timezone.now()):
        form = InvitationCodeForm()
        context = {"form": form, "locked": True, "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES}
        return render(request, "participant_space/invitation.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            account = invitations.redeem_invitation(code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SIGN_IN_METHOD_KEY] = INVITATION
            request.session[INVITATION_SESSION_KEY] = account.user.pk
            return redirect("me:invitation-passkey")
    status = 400 if form.errors else 200
    return render(request, "participant_space/invitation.html", {"form": form}, status=status)


@participant_required
@require_http_methods(["GET", "POST"])
def invitation_passkey(request: HttpRequest) -> HttpResponse:
    """Right after the code: the passkey the participant signs in with from now on. The code
    they just entered stands for allauth's usual "sign in again" before adding one, which a
    person without a password could not do."""
    user = request.user
    if request.session.get(INVITATION_SESSION_KEY) != user.pk:
        return redirect("mfa_index")
    form = SignupWebAuthnForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        webauthn_flows.signup_authenticator(
            request,
            user,
            name=form.cleaned_data["name"],
            credential=form.cleaned_data["credential"],
        )
        del request.session[INVITATION_SESSION_KEY]
        return redirect("me:home")
    creation_options = webauthn_flows.begin_registration(request, user, True, signup=True)
    context = {"form": form, "js_data": {"creation_options": creation_options}}
    status = 400 if form.errors else 200
    return render(request, "participant_space/invitation_passkey.html", context, status=status)


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
