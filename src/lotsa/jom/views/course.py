"""The pages of a JOM course: the course with who does what, its set-up (organisation model,
shape, contract, target group), the timetable and its sessions, admission and the provider's
weekly report."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.pages import form_page
from lotsa.jom import codes
from lotsa.jom.forms.course import (
    AssessmentForm,
    ContractForm,
    CourseForm,
    DecisionForm,
    ProviderReportForm,
    SessionPlanForm,
    TargetGroupForm,
    TimetableForm,
)
from lotsa.jom.models import (
    AdmissionDecision,
    Course,
    CourseTask,
    Party,
    ProviderContract,
    TargetGroup,
)
from lotsa.jom.queries import course as queries
from lotsa.jom.services import admission, contract
from lotsa.jom.services import course as course_services
from lotsa.jom.timetable import course_timetable
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.pathways.models import EnrolmentStatus
from lotsa.pathways.services import lifecycle

VIEW, MANAGE = access.Action.VIEW_PARTICIPANT, access.Action.MANAGE_COURSE


def _course_for(request: AuthenticatedHttpRequest, course_id: int) -> Course:
    return access.get_course_for(request.user, course_id, VIEW)


def _page_url(course: Course) -> str:
    return reverse("jom:course", args=[course.pk])


def _form(
    request: AuthenticatedHttpRequest,
    form: Any,
    save: Any,
    *,
    title: Any,
    back: str,
    done: Any,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form page of the course: its title, the page to go back to, the form."""
    return form_page(
        request,
        form,
        save,
        template="jom/form.html",
        context={"title": title, "back": back, "intro": intro, **(extra or {})},
        message=_("Saved."),
        done=done,
    )


def _staff_of(unit: Unit) -> Any:
    return User.objects.filter(
        pk__in=Membership.objects.active_on(timezone.localdate())
        .filter(unit=unit)
        .values("user_id")
    ).order_by("last_name", "first_name")


@login_required
@require_http_methods(["GET"])
def course(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = _course_for(request, course_id)
    page = queries.course_page(course)
    record(
        AuditEvent.COHORT_VIEWED,
        actor=request.user,
        obj=course,
        participants=page.participant_ids,
    )
    user = request.user
    context = {
        "course": course,
        "cohort": course.cohort,
        "page": page,
        "may_manage": course.cohort.unit_id in access.unit_ids_for(user, MANAGE),
        "may_admit": access.may_do_course_task(user, course, CourseTask.ADMISSION),
        "may_report": Party.PROVIDER in access.course_parties_of(user, course),
        "may_teach": access.may_do_course_task(user, course, CourseTask.TEACHING),
    }
    return render(request, "jom/course.html", context)


def _course_form(request: AuthenticatedHttpRequest, unit_id: int, **initial: Any) -> CourseForm:
    return CourseForm(
        request.POST or None,
        initial=initial or None,
        contracts=queries.contracts_of(unit_id),
        target_groups=queries.target_groups_of(unit_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: AuthenticatedHttpRequest, jom_cohort_id: int) -> HttpResponse:
    """Run a JOM cohort as a course: the team leader chooses its model and shape."""
    cohort = access.get_cohort_for(request.user, jom_cohort_id, VIEW)
    if cohort.programme_code != codes.PROGRAMME or cohort.activity:
        access.refuse(request.user, MANAGE, object_type="cohorts.cohort", object_id=cohort.pk)
    existing = Course.objects.filter(cohort=cohort).first()
    if existing is not None:
        return redirect(_page_url(existing))
    course_services.require_manager(request.user, cohort.unit_id)
    unit_programme = cohort.unit.programmes.filter(programme_code=cohort.programme_code).first()
    model = queries.initial_organisation_model(unit_programme)
    form = _course_form(request, cohort.unit_id, organisation_model=model)
    return _form(
        request,
        form,
        lambda _data: course_services.save_course(
            actor=request.user,
            cohort=cohort,
            values=course_services.CourseValues(**form.record_values()),
        ),
        title=_("Run %(cohort)s as a course") % {"cohort": cohort.name},
        back=reverse("cohorts:cohort", args=[cohort.pk]),
        done=_page_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = _course_for(request, course_id)
    course_services.require_manager(request.user, course.cohort.unit_id)
    values = {name: getattr(course, name) for name in CourseForm.base_fields}
    form = _course_form(request, course.cohort.unit_id, **values)
    return _form(
        request,
        form,
        lambda data: course_services.save_course(
            actor=request.user,
            cohort=course.cohort,
            course=course,
            values=course_services.CourseValues(**form.record_values()),
            version=data["version"],
        ),
        title=_("Organisation model and shape of %(course)s") % {"course": course},
        back=_page_url(course),
        done=_page_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def timetable(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """The course's timetable; the team leader generates it (again) from the course's shape."""
    course = _course_for(request, course_id)
    if request.method == "POST":
        course_services.require_manager(request.user, course.cohort.unit_id)
    return form_page(
        request,
        TimetableForm(request.POST or None),
        lambda data: course_services.generate_timetable(
            actor=request.user, course=course, closed_days=data["closed_days"]
        ),
        template="jom/timetable.html",
        context={
            "course": course,
            "timetable": course_timetable(course),
            "sessions": queries.session_plans(course),
            "may_manage": course.cohort.unit_id in access.unit_ids_for(request.user, MANAGE),
            "may_teach": access.may_do_course_task(request.user, course, CourseTask.TEACHING),
        },
        message=_("The timetable is generated."),
        done=lambda _saved: reverse("jom:timetable", args=[course.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(
    request: AuthenticatedHttpRequest, course_id: int, session_plan_id: int
) -> HttpResponse:
    course = _course_for(request, course_id)
    plan = access.get_session_plan_for(request.user, course, session_plan_id, VIEW)
    if not access.may_do_course_task(request.user, course, CourseTask.TEACHING):
        course_services.require_manager(request.user, course.cohort.unit_id)
    starts_at = timezone.localtime(plan.session.starts_at)
    initial = {
        "day": starts_at.date(),
        "starts_at": starts_at.time().replace(second=0, microsecond=0),
        "duration_minutes": plan.session.duration_minutes,
        "module": plan.module,
        "profession": plan.profession,
        "teacher": plan.teacher_id,
        "venue": plan.venue,
        "version": plan.version,
    }
    form = SessionPlanForm(
        request.POST or None, initial=initial, staff=_staff_of(course.cohort.unit)
    )
    return _form(
        request,
        form,
        lambda data: course_services.save_session_plan(
            actor=request.user,
            plan=plan,
            values=course_services.SessionValues(**form.record_values()),
            version=data["version"],
        ),
        title=_("Session on %(day)s") % {"day": date_format(starts_at.date(), "SHORT_DATE_FORMAT")},
        back=reverse("jom:timetable", args=[course.pk]),
        done=lambda _saved: reverse("jom:timetable", args=[course.pk]),
    )


def _providers(unit: Unit) -> Any:
    return Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, country=unit.organisation.country
    ).order_by("name")


def _jobcentre_staff(unit: Unit) -> Any:
    return (
        _staff_of(unit)
        .filter(memberships__unit=unit, memberships__employer_id=unit.organisation_id)
        .distinct()
    )


def _contract_page(
    request: AuthenticatedHttpRequest, unit: Unit, existing: ProviderContract | None
) -> HttpResponse:
    initial = None
    if existing is not None:
        initial = {
            name: getattr(existing, name)
            for name in ContractForm.base_fields
            if name not in ("provider", "contact_person")
        } | {"provider": existing.provider_id, "contact_person": existing.contact_person_id}
        initial |= {f"hours_{t.task}": t.hours_budgeted for t in existing.tasks.all()}
    form = ContractForm(
        request.POST or None,
        initial=initial,
        providers=_providers(unit),
        staff=_jobcentre_staff(unit),
    )

    def save(data: dict[str, Any]) -> ProviderContract:
        return contract.save_provider_contract(
            actor=request.user,
            unit=unit,
            contract=existing,
            values=contract.ContractValues(**form.values(), tasks=form.tasks()),
            version=data["version"],
        )

    return _form(
        request,
        form,
        save,
        title=_("Provider contract of %(unit)s") % {"unit": unit.name},
        back=reverse("jom:unit_courses", args=[unit.pk]),
        done=lambda _saved: reverse("jom:unit_courses", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_new(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, VIEW)
    course_services.require_manager(request.user, unit.pk)
    return _contract_page(request, unit, None)


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    found = access.get_provider_contract_for(request.user, contract_id, VIEW)
    course_services.require_manager(request.user, found.unit_id)
    return _contract_page(request, found.unit, found)


def _target_group_page(
    request: AuthenticatedHttpRequest, unit: Unit, existing: TargetGroup | None
) -> HttpResponse:
    initial = (
        {name: getattr(existing, name) for name in TargetGroupForm.base_fields}
        if existing is not None
        else None
    )
    form = TargetGroupForm(request.POST or None, initial=initial)
    return _form(
        request,
        form,
        lambda data: admission.save_target_group(
            actor=request.user,
            unit=unit,
            target_group=existing,
            values=admission.TargetGroupValues(**form.record_values()),
            version=data["version"],
        ),
        title=_("Target group of %(unit)s") % {"unit": unit.name},
        back=reverse("jom:unit_courses", args=[unit.pk]),
        done=lambda _saved: reverse("jom:unit_courses", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_group_new(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, VIEW)
    course_services.require_manager(request.user, unit.pk)
    return _target_group_page(request, unit, None)


@login_required
@require_http_methods(["GET", "POST"])
def target_group_edit(request: AuthenticatedHttpRequest, target_group_id: int) -> HttpResponse:
    found = access.get_target_group_for(request.user, target_group_id, VIEW)
    course_services.require_manager(request.user, found.unit_id)
    return _target_group_page(request, found.unit, found)


@login_required
@require_http_methods(["GET"])
def unit_courses(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """A unit's JOM courses with its provider contracts and target groups."""
    unit = access.get_unit_for(request.user, unit_id, VIEW)
    context = {
        "unit": unit,
        "courses": queries.courses_of(unit.pk),
        "contracts": queries.contracts_of(unit.pk),
        "target_groups": queries.target_groups_of(unit.pk),
        "may_manage": unit.pk in access.unit_ids_for(request.user, MANAGE),
    }
    return render(request, "jom/unit_courses.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def admission_new(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """The admission interview of a person referred to the unit, for the party the course's
    organisation model gives admission to."""
    course = _course_for(request, course_id)
    access.require_course_task(request.user, course, CourseTask.ADMISSION)
    candidates = queries.admission_candidates(course)
    record(
        AuditEvent.COHORT_VIEWED,
        actor=request.user,
        obj=course,
        participants=[enrolment.participant_id for enrolment in candidates],
    )

    def save(data: dict[str, Any]) -> Any:
        enrolment = data.pop("enrolment")
        return admission.assess_admission(
            actor=request.user,
            course=course,
            enrolment=enrolment,
            values=admission.AssessmentValues(**data),
        )

    return _form(
        request,
        AssessmentForm(request.POST or None, enrolments=candidates),
        save,
        title=_("Admission interview for %(course)s") % {"course": course},
        intro=_("The target group's criteria give advice only: the decision is taken afterwards."),
        back=_page_url(course),
        done=lambda saved: reverse("jom:admission", args=[saved.pk]),
    )


def _decide(request: AuthenticatedHttpRequest, assessment: Any, data: dict[str, Any]) -> Any:
    """Decide; a referral not admitted is then declined on the case with the same reason."""
    decided = admission.decide_admission(actor=request.user, assessment=assessment, **data)
    enrolment = decided.enrolment
    if (
        decided.decision == AdmissionDecision.NOT_ADMITTED
        and enrolment.status == EnrolmentStatus.REFERRED
    ):
        lifecycle.decline_referral(
            actor=request.user,
            enrolment=enrolment,
            day=data["decided_on"],
            reason=decided.reason,
            note=decided.reason_note,
        )
    return decided


@login_required
@require_http_methods(["GET", "POST"])
def admission_page(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    """One admission assessment with its advice; its decision for those who take it."""
    assessment = access.get_admission_for(request.user, assessment_id, VIEW)
    course = assessment.course
    may_decide = assessment.decision == AdmissionDecision.PENDING and access.may_do_course_task(
        request.user, course, CourseTask.ADMISSION
    )
    if request.method == "POST" and not may_decide:
        access.require_course_task(request.user, course, CourseTask.ADMISSION)
        return redirect(reverse("jom:admission", args=[assessment.pk]))
    form = DecisionForm(request.POST or None, reasons=admission.reasons_not_admitted())
    return form_page(
        request,
        form,
        lambda data: _decide(request, assessment, data),
        template="jom/admission.html",
        context={
            "assessment": assessment,
            "course": course,
            "advice": queries.advice_of(assessment),
            "reason_label": admission.reasons_not_admitted().get(assessment.reason, ""),
            "may_decide": may_decide,
        },
        message=_("The decision is recorded."),
        done=lambda _saved: _page_url(course),
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_report(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """The provider's weekly report: the week's attendance from the cohort and a development
    note on each participant."""
    course = _course_for(request, course_id)
    contract.require_provider(request.user, course)
    week = _week_asked(request)
    rows = queries.report_week(course, week)
    record(
        AuditEvent.COHORT_VIEWED,
        actor=request.user,
        obj=course,
        participants=[row.member.enrolment.participant_id for row in rows],
    )
    form = ProviderReportForm(
        request.POST or None,
        initial={"week_starting": week},
        members=[row.member for row in rows],
    )
    return form_page(
        request,
        form,
        lambda data: contract.send_provider_report(
            actor=request.user,
            course=course,
            week_starting=data["week_starting"],
            notes=form.notes(),
        ),
        template="jom/provider_report.html",
        context={"course": course, "rows": rows, "week": week},
        message=_("The report is sent."),
        done=lambda _saved: _page_url(course),
    )


def _week_asked(request: AuthenticatedHttpRequest) -> datetime.date:
    """The Monday of the week asked for (``?week=``), else of the week before this one."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate() - datetime.timedelta(days=7)
    return contract.week_start(day)
