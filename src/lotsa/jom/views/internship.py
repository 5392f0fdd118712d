"""Pages of a JOM participant's internship: the case's internship page, the agreement guide and
its signatures, and one form per record (readiness, internship, follow-up, attendance, mentor,
transport, aftercare level, education), plus the group's aftercare meetings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import action_form_page, form_page
from lotsa.errors import DomainError
from lotsa.jom.forms.internship import (
    AftercareLevelForm,
    AftercareMeetingForm,
    AgreementForm,
    EducationStatusForm,
    FollowUpForm,
    InternshipAttendanceForm,
    InternshipForm,
    MentorSupportForm,
    ReadinessForm,
    SignatureForm,
    TransportSupportForm,
)
from lotsa.jom.models import AgreementSection, CourseTask, InternshipAgreement
from lotsa.jom.queries import internship as queries
from lotsa.jom.services import aftercare as aftercare_services
from lotsa.jom.services import internship as services
from lotsa.pathways.models import Enrolment

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Action = access.Action


def _case_page_url(enrolment_id: int) -> str:
    return reverse("jom:case-internship", args=[enrolment_id])


@login_required
@require_GET
def case_internship(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The case's internship records, with what the user may record under the course's model."""
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.VIEW_PARTICIPANT)
    course = access.course_of_case(enrolment)
    may_change = enrolment.unit_id in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT)
    may = {
        task.value: may_change and access.may_do_case_task(request.user, enrolment, task)
        for task in (
            CourseTask.INTERNSHIP_AGREEMENTS,
            CourseTask.INTERNSHIP_FOLLOW_UP,
            CourseTask.MENTORING,
        )
    }
    return render(
        request,
        "jom/internship.html",
        {
            "page": queries.internship_page(enrolment, course),
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "may_change": may_change,
            "may": may,
        },
    )


# ------------------------------------------------------------------ one form per record


def _record_form(
    request: AuthenticatedHttpRequest,
    enrolment: Enrolment,
    form: forms.Form,
    title: StrOrPromise,
    save: Callable[[forms.Form], Any],
    message: StrOrPromise,
) -> HttpResponse:
    """A record's form on a page of its own: saved and back to the internship page, or shown
    again with the fields the service refused (400)."""
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form)
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, str(message))
                return redirect(_case_page_url(enrolment.pk))
        return action_form_page(request, enrolment, form, title, status=400)
    return action_form_page(request, enrolment, form, title)


def _case_for(
    request: AuthenticatedHttpRequest, enrolment_id: int, task: CourseTask | None
) -> Enrolment:
    """The case to record on: 403 for a role that works on no case and for a task the
    organisation model gives another party, 404 outside the user's units (all logged)."""
    access.require(request.user, Action.CHANGE_PARTICIPANT)
    enrolment = access.get_case_to_work_on(request.user, enrolment_id)
    if task is not None:
        access.require_case_task(request.user, enrolment, task)
    return enrolment


def _case_record_view(
    form_class: Callable[..., forms.Form],
    task: CourseTask | None,
    title: StrOrPromise,
    message: StrOrPromise,
    save: Callable[[AuthenticatedHttpRequest, Enrolment, dict[str, Any]], Any],
    *,
    with_enrolment: bool = False,
) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
        enrolment = _case_for(request, enrolment_id, task)
        kwargs = {"enrolment": enrolment} if with_enrolment else {}
        form = form_class(request.POST or None, **kwargs)
        return _record_form(
            request,
            enrolment,
            form,
            title,
            lambda valid: save(request, enrolment, valid.cleaned_data),
            message,
        )

    return view


readiness = _case_record_view(
    ReadinessForm,
    CourseTask.INTERNSHIP_AGREEMENTS,
    gettext_lazy("Decide readiness for the internship"),
    gettext_lazy("The readiness decision is recorded."),
    lambda request, enrolment, data: services.decide_readiness(
        actor=request.user, enrolment=enrolment, **data
    ),
)
mentor = _case_record_view(
    MentorSupportForm,
    CourseTask.MENTORING,
    gettext_lazy("Assess the need for a mentor"),
    gettext_lazy("The mentor support is recorded."),
    lambda request, enrolment, data: services.save_mentor_support(
        actor=request.user, enrolment=enrolment, **data
    ),
    with_enrolment=True,
)
transport = _case_record_view(
    TransportSupportForm,
    None,
    gettext_lazy("Record transport support"),
    gettext_lazy("The transport support is recorded."),
    lambda request, enrolment, data: services.save_transport_support(
        actor=request.user, enrolment=enrolment, **data
    ),
)
aftercare_level = _case_record_view(
    AftercareLevelForm,
    None,
    gettext_lazy("Choose the aftercare level"),
    gettext_lazy("The aftercare level is recorded."),
    lambda request, enrolment, data: aftercare_services.set_aftercare_level(
        actor=request.user, enrolment=enrolment, **data
    ),
)
education = _case_record_view(
    EducationStatusForm,
    None,
    gettext_lazy("Record education started or planned"),
    gettext_lazy("The education status is recorded."),
    lambda request, enrolment, data: aftercare_services.record_education_status(
        actor=request.user, enrolment=enrolment, **data
    ),
)


@login_required
@require_http_methods(["GET", "POST"])
def internship_new(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _case_for(request, enrolment_id, CourseTask.INTERNSHIP_AGREEMENTS)
    form = InternshipForm(
        request.POST or None, enrolment=enrolment, initial={"company_consultant": request.user.pk}
    )
    return _record_form(
        request,
        enrolment,
        form,
        _("Record the internship"),
        lambda _valid: services.save_internship(
            actor=request.user, enrolment=enrolment, details=form.details()
        ),
        _("The internship is recorded."),
    )


def _internship_to_work_on(
    request: AuthenticatedHttpRequest, internship_id: int, task: CourseTask
) -> Any:
    access.require(request.user, Action.CHANGE_PARTICIPANT)
    internship = access.get_internship_for(request.user, internship_id, Action.CHANGE_PARTICIPANT)
    access.require_case_task(request.user, internship.enrolment, task)
    return internship


@login_required
@require_http_methods(["GET", "POST"])
def internship_edit(request: AuthenticatedHttpRequest, internship_id: int) -> HttpResponse:
    internship = _internship_to_work_on(request, internship_id, CourseTask.INTERNSHIP_AGREEMENTS)
    enrolment = internship.enrolment
    form = InternshipForm(
        request.POST or None, enrolment=enrolment, initial=InternshipForm.initial_of(internship)
    )
    return _record_form(
        request,
        enrolment,
        form,
        _("Change the internship"),
        lambda valid: services.save_internship(
            actor=request.user,
            enrolment=enrolment,
            details=form.details(),
            internship=internship,
            version=form.cleaned_data["version"],
        ),
        _("The internship is saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: AuthenticatedHttpRequest, internship_id: int) -> HttpResponse:
    internship = _internship_to_work_on(request, internship_id, CourseTask.INTERNSHIP_FOLLOW_UP)
    form = FollowUpForm(request.POST or None)
    return _record_form(
        request,
        internship.enrolment,
        form,
        _("Record a follow-up of the internship"),
        lambda valid: services.record_internship_follow_up(
            actor=request.user, internship=internship, **valid.cleaned_data
        ),
        _("The follow-up is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedHttpRequest, internship_id: int) -> HttpResponse:
    internship = _internship_to_work_on(request, internship_id, CourseTask.INTERNSHIP_FOLLOW_UP)
    form = InternshipAttendanceForm(request.POST or None)
    return _record_form(
        request,
        internship.enrolment,
        form,
        _("Record an internship day"),
        lambda valid: services.record_internship_attendance(
            actor=request.user, internship=internship, **valid.cleaned_data
        ),
        _("The internship day is recorded."),
    )


# ------------------------------------------------------------------ the agreement guide


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """Write the agreement guide: the latest version, or a new version once it is signed."""
    enrolment = _case_for(request, enrolment_id, CourseTask.INTERNSHIP_AGREEMENTS)
    latest = services.latest_agreement(enrolment)
    form = AgreementForm(
        request.POST or None, enrolment=enrolment, initial=AgreementForm.initial_of(latest)
    )
    if request.method == "GET":
        access.record_case_view(request.user, enrolment)
    return form_page(
        request,
        form,
        lambda data: services.save_agreement(
            actor=request.user,
            enrolment=enrolment,
            text=form.text(),
            shared_sections=data["shared_sections"],
            consent_given_on=data["consent_given_on"],
            employer=data["employer"],
        ),
        template="jom/agreement_form.html",
        context={
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "latest": latest,
        },
        message=_("The agreement guide is saved."),
        done=lambda saved: reverse("jom:agreement", args=[saved.pk]),
    )


def _agreement_context(
    request: AuthenticatedHttpRequest, agreement: InternshipAgreement
) -> dict[str, Any]:
    enrolment = agreement.enrolment
    latest = services.latest_agreement(enrolment)
    return {
        "agreement": agreement,
        "enrolment": enrolment,
        "participant": enrolment.participant,
        "is_latest": latest is not None and latest.pk == agreement.pk,
        "sections": [
            (label, getattr(agreement, code), code in agreement.shared_sections)
            for code, label in AgreementSection.choices
            if getattr(agreement, code)
        ],
        "may_sign": enrolment.unit_id
        in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT)
        and access.may_do_case_task(request.user, enrolment, CourseTask.INTERNSHIP_AGREEMENTS),
    }


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """One version of the agreement guide with its three signatures; staff record the company's
    and the jobcentre's (and a participant's signature on paper) here."""
    if request.method == "POST":
        access.require(request.user, Action.CHANGE_PARTICIPANT)
    action = Action.CHANGE_PARTICIPANT if request.method == "POST" else Action.VIEW_PARTICIPANT
    found = access.get_agreement_for(request.user, agreement_id, action)
    form = SignatureForm(request.POST or None, agreement=found)
    status = 200
    if request.method == "POST":
        access.require_case_task(request.user, found.enrolment, CourseTask.INTERNSHIP_AGREEMENTS)
        status = 400
        if form.is_valid():
            try:
                services.record_agreement_signature(
                    actor=request.user, agreement=found, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The signature is recorded."))
                return redirect(reverse("jom:agreement", args=[found.pk]))
    return render(
        request,
        "jom/agreement.html",
        _agreement_context(request, found) | {"form": form},
        status=status,
    )


# ------------------------------------------------------------------ aftercare meetings


@login_required
@require_http_methods(["GET", "POST"])
def aftercare_meetings(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    """The group follow-up meetings of a course's participants, and a new one."""
    if request.method == "POST":
        access.require(request.user, Action.CHANGE_PARTICIPANT)
    action = Action.CHANGE_PARTICIPANT if request.method == "POST" else Action.VIEW_PARTICIPANT
    cohort = access.get_cohort_for(request.user, cohort_id, action)
    form = AftercareMeetingForm(request.POST or None, cohort=cohort)
    meetings = queries.aftercare_meetings_of(cohort)
    # The page shows the course's participants: those present, and those to choose among.
    record(
        AuditEvent.COHORT_VIEWED,
        actor=request.user,
        obj=cohort,
        changes={"aftercare_meetings": [meeting.pk for meeting in meetings]},
        participants=[enrolment.participant_id for enrolment in form.fields["attendees"].queryset],  # type: ignore[attr-defined]
    )
    return form_page(
        request,
        form,
        lambda data: aftercare_services.record_aftercare_meeting(
            actor=request.user, cohort=cohort, **data
        ),
        template="jom/aftercare_meetings.html",
        context={
            "cohort": cohort,
            "meetings": meetings,
            "may_change": cohort.unit_id
            in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT),
        },
        message=_("The aftercare meeting is recorded."),
        done=lambda _saved: reverse("jom:aftercare-meetings", args=[cohort.pk]),
    )
