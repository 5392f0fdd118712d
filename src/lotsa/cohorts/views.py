"""Cohort pages: the unit's cohorts, one cohort with its attendance, and recording attendance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts import queries, services
from lotsa.cohorts.forms import AttendanceForm, CohortForm, MemberForm, SessionForm
from lotsa.cohorts.models import Cohort, CohortMember, Session
from lotsa.core.pages import form_page
from lotsa.pathways.models import OPEN_STATUSES, Enrolment


def _cohort_for(request: AuthenticatedHttpRequest, cohort_id: int) -> Cohort:
    return access.get_cohort_for(request.user, cohort_id, access.Action.VIEW_PARTICIPANT)


@login_required
@require_http_methods(["GET", "POST"])
def unit_cohorts(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, access.Action.VIEW_PARTICIPANT)
    return form_page(
        request,
        CohortForm(
            request.POST or None,
            runs=list(unit.programmes.values_list("programme_code", flat=True)),
        ),
        lambda data: services.create_cohort(actor=request.user, unit=unit, **data),
        template="cohorts/unit_cohorts.html",
        context={"unit": unit, "cohorts": queries.cohorts_for(request.user, unit_id)},
        message=_("The cohort is created."),
        done=lambda cohort: reverse("cohorts:cohort", args=[cohort.pk]),
    )


def _candidates(cohort: Cohort) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            unit=cohort.unit, programme_model=cohort.programme_code, status__in=OPEN_STATUSES
        )
        .exclude(cohort_memberships__cohort=cohort)
        .select_related("participant")
        .order_by("participant__last_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort_for(request, cohort_id)
    page = queries.cohort_page(cohort)
    may_change = cohort.unit_id in access.unit_ids_for(
        request.user, access.Action.CHANGE_PARTICIPANT
    )
    # Who may add members sees the unit's other open cases in the form as well.
    candidates = (
        list(_candidates(cohort).values_list("participant_id", flat=True)) if may_change else []
    )
    record(
        AuditEvent.COHORT_VIEWED,
        actor=request.user,
        obj=cohort,
        changes={"members": [m.enrolment_id for m in page.members]},
        participants=[m.enrolment.participant_id for m in page.members] + candidates,
    )
    adding = request.POST.get("form") == "member"
    member_form = MemberForm(request.POST if adding else None, enrolments=_candidates(cohort))
    session_form = SessionForm(request.POST if request.POST.get("form") == "session" else None)
    form, save = (
        (member_form, lambda d: services.add_member(actor=request.user, cohort=cohort, **d))
        if adding
        else (
            session_form,
            lambda d: services.schedule_session(actor=request.user, cohort=cohort, **d),
        )
    )
    return form_page(
        request,
        form,
        save,
        template="cohorts/cohort.html",
        context={
            "page": page,
            "cohort": cohort,
            "may_change": may_change,
            "member_form": member_form,
            "session_form": session_form,
        },
        message=_("Saved."),
        done=lambda _saved: reverse("cohorts:cohort", args=[cohort.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedHttpRequest, cohort_id: int, session_id: int) -> HttpResponse:
    cohort = _cohort_for(request, cohort_id)
    session = Session.objects.filter(cohort=cohort, pk=session_id).first()
    if session is None:
        access.refuse(
            request.user, "cohort.view", object_type="cohorts.session", object_id=session_id
        )
    members = list(
        CohortMember.objects.filter(cohort=cohort, left_on__isnull=True).select_related(
            "enrolment__participant"
        )
    )
    recorded = list(session.attendance.values_list("enrolment_id", "status", "minutes_late"))
    current = {enrolment_id: status for enrolment_id, status, _minutes in recorded}
    current_minutes = {enrolment_id: minutes for enrolment_id, _status, minutes in recorded}
    record(
        AuditEvent.COHORT_VIEWED,
        actor=request.user,
        obj=session,
        participants=[member.enrolment.participant_id for member in members],
    )
    return form_page(
        request,
        AttendanceForm(
            request.POST or None,
            members=members,
            current=current,
            current_minutes=current_minutes,
        ),
        lambda data: services.record_attendance(
            actor=request.user,
            session=session,
            statuses=AttendanceForm.statuses(data),
            minutes_late=AttendanceForm.minutes_late(data),
        ),
        template="cohorts/attendance.html",
        context={"cohort": cohort, "session": session},
        message=_("The attendance is recorded."),
        done=lambda _saved: reverse("cohorts:cohort", args=[cohort.pk]),
    )
