"""The case workspace: my caseload, the unit board, the case page with its actions, and the
meetings of a case with the reflections on them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor, AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.casework import queries
from lotsa.casework.forms import (
    AttendeeFormSet,
    BaselineForm,
    BenefitForm,
    ChecklistForm,
    CoachCaseloadFilter,
    ContactForm,
    DayForm,
    DeclineForm,
    ExitForm,
    FollowUpForm,
    HandOverForm,
    MeetingForm,
    MilestoneForm,
    PlanForm,
    ReflectionForm,
    TransitionForm,
    attendees_of,
    plan_initial,
)
from lotsa.casework.models import ATTENDEE_FOR_PARTY, PlanRevision
from lotsa.casework.services import (
    record_contact,
    record_meeting,
    record_plan_sign_off,
    revise_plan,
    write_reflection,
)
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import action_form_page, form_page, local_next
from lotsa.employment.queries import WEEKLY_FACE_TO_FACE_TARGET, employment_record, week_sheet
from lotsa.errors import DomainError, NotFound
from lotsa.organisations.models import Membership
from lotsa.participant_space.models import SignedDocument
from lotsa.participant_space.queries import current_signature
from lotsa.pathways.models import BenefitFacts, Enrolment
from lotsa.pathways.services import enrolment_records, lifecycle, responsibility
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.referrals.forms import ExitHandoverForm
from lotsa.referrals.services import record_exit_handover

Action = access.Action


@login_required
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = queries.caseload_shown_to(request.user)
    return render(
        request,
        "casework/caseload.html",
        {
            "rows": rows,
            "active": [r for r in rows if r.active],
            "inactive": [r for r in rows if not r.active],
            "contact_query": _returning_to(request),
        },
    )


@login_required
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = queries.today_shown_to(request.user)
    return render(
        request,
        "casework/today.html",
        {"page": page, "contact_query": _returning_to(request)},
    )


def _returning_to(request: HttpRequest) -> str:
    """The query of a contact button on a list page: the contact, once recorded, returns there."""
    return "?" + urlencode({"next": request.path})


@login_required
def unit_board(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for(request.user, unit_id, Action.VIEW_PARTICIPANT)
    board = queries.unit_board(unit)
    record(
        AuditEvent.CASELOAD_VIEWED,
        actor=request.user,
        obj=unit,
        changes={"board": True},
        participants=[row.enrolment.participant_id for row in board.waiting],
    )
    can_lead = unit.pk in access.unit_ids_for(request.user, Action.LEAD_UNIT)
    return render(
        request, "casework/unit_board.html", {"unit": unit, "board": board, "can_lead": can_lead}
    )


@login_required
def coach(request: AuthenticatedHttpRequest, unit_id: int, staff_id: int) -> HttpResponse:
    """A team leader's view of one coach: the cases behind a number of the unit board, the
    supervision figures of the last eight weeks and a week of job development."""
    unit = access.get_unit_for(request.user, unit_id, Action.LEAD_UNIT)
    today = timezone.localdate()
    membership = access.get_caseworker_of_unit_for(request.user, unit, staff_id, today)
    staff = membership.user
    form = CoachCaseloadFilter(request.GET)
    rows: list[queries.CaseRow] = []
    sheet = None
    if form.is_valid():
        rows = queries.coach_rows(
            staff, unit, today, show=form.cleaned_data["show"], phase=form.cleaned_data["phase"]
        )
        year, week, _day = today.isocalendar()
        try:
            sheet = week_sheet(
                staff, form.cleaned_data["year"] or year, form.cleaned_data["week"] or week
            )
        except ValueError:
            form.add_error("week", _("There is no such week."))
    record(
        AuditEvent.CASELOAD_VIEWED,
        actor=request.user,
        obj=staff,
        changes={"unit": unit.pk, **_filters_asked(request, form)},
        participants=[row.enrolment.participant_id for row in rows]
        + [e.participant_id for c in (sheet.contacts if sheet else []) for e in c.enrolments.all()],
    )
    return render(
        request,
        "casework/coach.html",
        {
            "unit": unit,
            "membership": membership,
            "staff": staff,
            "form": form,
            "rows": rows,
            "sheet": sheet,
            "weeks": queries.supervision_weeks(staff, unit, today),
            "caseload_limit": queries.CASELOAD_LIMIT,
            "employer_target": WEEKLY_FACE_TO_FACE_TARGET,
        },
        status=200 if form.is_valid() else 400,
    )


@login_required
def unassigned(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """The cases behind the unit board's "No current responsible" row, for those who lead it."""
    unit = access.get_unit_for(request.user, unit_id, Action.LEAD_UNIT)
    form = CoachCaseloadFilter(request.GET)
    rows: list[queries.CaseRow] = []
    if form.is_valid():
        rows = queries.unassigned_rows(
            unit,
            timezone.localdate(),
            show=form.cleaned_data["show"],
            phase=form.cleaned_data["phase"],
        )
    record(
        AuditEvent.CASELOAD_VIEWED,
        actor=request.user,
        obj=unit,
        changes={"unassigned": True, **_filters_asked(request, form)},
        participants=[row.enrolment.participant_id for row in rows],
    )
    return render(
        request,
        "casework/unassigned.html",
        {"unit": unit, "form": form, "rows": rows},
        status=200 if form.is_valid() else 400,
    )


def _filters_asked(request: AuthenticatedHttpRequest, form: CoachCaseloadFilter) -> dict[str, str]:
    """The filters as asked, valid or not, for the audit entry."""
    return {key: str(value) for key, value in request.GET.items() if key in form.fields}


def _staff_of(enrolment: Enrolment) -> QuerySet[User]:
    today = timezone.localdate()
    members = Membership.objects.active_on(today).filter(
        unit=enrolment.unit, role__in=responsibility.RESPONSIBLE_ROLES
    )
    return User.objects.filter(pk__in=members.values("user_id")).order_by("last_name", "first_name")


def _timeline_pages(request: HttpRequest) -> int:
    """How many pages of the timeline the case page shows (?timeline=n, "earlier entries")."""
    try:
        pages = int(request.GET.get("timeline", "1"))
    except ValueError:
        raise NotFound("timeline") from None
    if not 1 <= pages <= queries.TIMELINE_MAX_PAGES:
        raise NotFound("timeline")
    return pages


def _render_case(
    request: AuthenticatedHttpRequest,
    enrolment: Enrolment,
    *,
    seen: access.CaseAccess = access.OWN_UNIT,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    history = queries.other_enrolments_for(request.user, enrolment)
    if not seen.full:
        context = {"enrolment": enrolment, "participant": enrolment.participant, "seen": seen}
        return render(
            request,
            "casework/case_summary.html",
            context | queries.case_summary(enrolment) | {"history": history},
        )
    employment = employment_record(enrolment)
    record_ = queries.case_record(
        enrolment, timeline_pages=_timeline_pages(request), jobs=employment.jobs
    )
    record_["employment"] = employment
    record_["plan_signature"] = (
        current_signature(SignedDocument.PLAN, record_["plan"]) if record_["plan"] else None
    )
    may_change = enrolment.unit_id in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT)
    case_forms = dict([bound]) if bound is not None else {}
    prompt = _exit_prompt(enrolment, record_)
    if prompt is not None and may_change and bound is None:
        # The prompt to end the case: the exit form, open, with the reason and the day filled in.
        exit_form = CASE_ACTIONS["exit"].unbound(enrolment)
        exit_form.initial.update(reason=prompt[0], day=prompt[1])
        case_forms, bound = {"exit": exit_form}, ("exit", exit_form)
    return render(
        request,
        "casework/case.html",
        {
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "may_change": may_change,
            "forms": case_forms,
            "open_form": bound[0] if bound else "",
            "follow_ups_open": any(line.recorded is None for line in record_["follow_ups"]),
            "seen": seen,
            "history": history,
            "unread_messages": queries.unread_messages([enrolment.pk]),
            **record_,
        },
        status=status,
    )


def _render_case_again(
    request: AuthenticatedHttpRequest, enrolment: Enrolment, bound: tuple[str, forms.Form]
) -> HttpResponse:
    """The case page after a refused form, with its errors: a view of the case of its own."""
    access.record_case_view(request.user, enrolment)
    return _render_case(request, enrolment, bound=bound, status=400)


def _exit_prompt(
    enrolment: Enrolment, record_: dict[str, Any]
) -> tuple[str | None, datetime.date] | None:
    """Why an ongoing case is to end now, as the exit reason and day to fill in: the consent to
    take part was withdrawn, or the joint assessment found no programme capacity."""
    if enrolment.status not in ("active", "paused"):
        return None
    programme, withdrawn_on = record_["programme"], record_["participation_withdrawn_on"]
    if withdrawn_on:
        reason = programme.exit_reason_with_outcome("withdrew_consent")
        return reason, max(withdrawn_on, enrolment.start_date or withdrawn_on)
    assessment = record_["meetings"].without_capacity if record_["meetings"] else None
    if assessment is not None:
        kind = programme.meeting_types.get(assessment.meeting_type)
        return (kind.exit_without_capacity if kind else None), assessment.contact.occurred_on
    return None


@login_required
def case_page(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment, seen = access.get_case_for(
        request.user, enrolment_id, among=queries.enrolments_with_case_facts()
    )
    return _render_case(request, enrolment, seen=seen)


@dataclass(frozen=True)
class CaseAction:
    """One form of the case page: how to build it, which service it calls, what to say after,
    and (for a form that starts from what is recorded) its initial values."""

    form: Callable[[Enrolment, Any], forms.Form]
    save: Callable[[Actor, Enrolment, dict[str, Any]], object]
    message: Any
    initial: Callable[[Enrolment], dict[str, Any]] | None = None

    def unbound(self, enrolment: Enrolment) -> forms.Form:
        form = self.form(enrolment, None)
        if self.initial is not None:
            form.initial.update(self.initial(enrolment))
        return form


def _fields(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: data[name] for name in names}


ACTION_TITLES = {
    "start": gettext_lazy("Start the enrolment"),
    "decline": gettext_lazy("Decline the referral"),
    "transition": gettext_lazy("Change phase"),
    "pause": gettext_lazy("Pause"),
    "resume": gettext_lazy("Resume"),
    "exit": gettext_lazy("End the enrolment"),
    "milestone": gettext_lazy("Record a milestone"),
    "follow_up": gettext_lazy("Record a follow-up"),
    "baseline": gettext_lazy("Situation at the start"),
    "handover": gettext_lazy("Hand over or share responsibility"),
    "plan": gettext_lazy("Write a new version of the plan"),
    "checklist": gettext_lazy("Checklist"),
    "exit_handover": gettext_lazy("Record the handover at the end"),
    "benefits": gettext_lazy("Benefit and the day it runs out"),
}

CASE_ACTIONS: dict[str, CaseAction] = {
    "start": CaseAction(
        lambda e, data: DayForm(data),
        lambda actor, e, d: lifecycle.start_enrolment(actor=actor, enrolment=e, day=d["day"]),
        gettext_lazy("The enrolment has started."),
    ),
    "decline": CaseAction(
        lambda e, data: DeclineForm(data, programme=programme_of(e)),
        lambda actor, e, d: lifecycle.decline_referral(
            actor=actor, enrolment=e, **_fields(d, "day", "reason", "note")
        ),
        gettext_lazy("The referral is declined."),
    ),
    "transition": CaseAction(
        lambda e, data: TransitionForm(data, programme=programme_of(e), phase=e.phase),
        lambda actor, e, d: lifecycle.transition_phase(
            actor=actor, enrolment=e, **_fields(d, "to_phase", "day", "note")
        ),
        gettext_lazy("The phase is changed."),
    ),
    "pause": CaseAction(
        lambda e, data: DayForm(data),
        lambda actor, e, d: lifecycle.pause_enrolment(
            actor=actor, enrolment=e, **_fields(d, "day", "note")
        ),
        gettext_lazy("The enrolment is paused."),
    ),
    "resume": CaseAction(
        lambda e, data: DayForm(data),
        lambda actor, e, d: lifecycle.resume_enrolment(
            actor=actor, enrolment=e, **_fields(d, "day", "note")
        ),
        gettext_lazy("The enrolment is resumed."),
    ),
    "exit": CaseAction(
        lambda e, data: ExitForm(data, programme=programme_of(e)),
        lambda actor, e, d: lifecycle.exit_enrolment(
            actor=actor,
            enrolment=e,
            **_fields(
                d, "day", "reason", "note", "income_sources", "employment_status", "education_level"
            ),
        ),
        gettext_lazy("The enrolment has ended."),
    ),
    "milestone": CaseAction(
        lambda e, data: MilestoneForm(
            data,
            programme=programme_of(e),
            recorded=set(e.milestones.values_list("code", flat=True)),
        ),
        lambda actor, e, d: enrolment_records.record_milestone(
            actor=actor, enrolment=e, **_fields(d, "code", "day", "note")
        ),
        gettext_lazy("The milestone is recorded."),
    ),
    "follow_up": CaseAction(
        lambda e, data: FollowUpForm(
            data,
            programme=programme_of(e),
            recorded=set(e.follow_ups.values_list("code", flat=True)),
        ),
        lambda actor, e, d: enrolment_records.record_follow_up(
            actor=actor, enrolment=e, **_fields(d, "code", "status", "day", "note")
        ),
        gettext_lazy("The follow-up is recorded."),
    ),
    "baseline": CaseAction(
        lambda e, data: BaselineForm(data),
        lambda actor, e, d: enrolment_records.record_baseline(actor=actor, enrolment=e, **d),
        gettext_lazy("The situation at the start is saved."),
        lambda e: {
            "employment_status": e.baseline_employment_status,
            "income_sources": e.baseline_income_sources,
            "education_level": e.baseline_education_level,
        },
    ),
    "handover": CaseAction(
        lambda e, data: HandOverForm(data, staff=_staff_of(e)),
        lambda actor, e, d: responsibility.hand_over(
            actor=actor, enrolment=e, **_fields(d, "to_staff", "day", "share", "note")
        ),
        gettext_lazy("The responsibility is changed."),
    ),
    "plan": CaseAction(
        lambda e, data: PlanForm(data),
        lambda actor, e, d: revise_plan(
            actor=actor, enrolment=e, plan=d["plan"], based_on=d["version"]
        ),
        gettext_lazy("A new version of the plan is saved."),
        lambda e: plan_initial(e.plan_revisions.prefetch_related("sub_goals", "items").first()),
    ),
    "checklist": CaseAction(
        lambda e, data: ChecklistForm(data),
        lambda actor, e, d: enrolment_records.tick_checklist_item(
            actor=actor, enrolment=e, **_fields(d, "item_code", "day")
        ),
        gettext_lazy("Saved."),
    ),
    "benefits": CaseAction(
        lambda e, data: BenefitForm(data),
        lambda actor, e, d: enrolment_records.record_benefit_facts(actor=actor, enrolment=e, **d),
        gettext_lazy("The benefit is saved: the timeline counts from it."),
        lambda e: _benefit_initial(e),
    ),
    "exit_handover": CaseAction(
        lambda e, data: ExitHandoverForm(data, country=e.unit.organisation.country),
        lambda actor, e, d: record_exit_handover(actor=actor, enrolment=e, **d),
        gettext_lazy("The handover is recorded."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request: AuthenticatedHttpRequest, enrolment_id: int, action: str) -> HttpResponse:
    """GET: the action's form, as a fragment when the case page opens it, else as a page of its
    own (without scripts). POST: validate it, let the service act, return to the case page."""
    case = CASE_ACTIONS[action]
    enrolment = access.get_case_to_work_on(request.user, enrolment_id)
    if request.method == "GET":
        return action_form_page(request, enrolment, case.unbound(enrolment), ACTION_TITLES[action])
    form = case.form(enrolment, request.POST)
    if form.is_valid():
        try:
            case.save(request.user, enrolment, form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, case.message)
            return redirect(reverse("pathways:case", args=[enrolment.pk]))
    return _render_case_again(request, enrolment, (action, form))


@login_required
@require_http_methods(["GET", "POST"])
def re_enrol(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access.get_case_to_work_on(request.user, enrolment_id)
    if request.method == "GET":
        return action_form_page(request, enrolment, DayForm(), _("Re-enrol (new referral)"))
    form = DayForm(request.POST)
    if form.is_valid():
        try:
            new = lifecycle.re_enrol(
                actor=request.user, enrolment=enrolment, referral_date=form.cleaned_data["day"]
            )
        except DomainError as error:
            add_domain_errors(form, error, field_map={"referral_date": "day"})
        else:
            messages.success(request, _("A new enrolment is registered."))
            return redirect(reverse("pathways:case", args=[new.pk]))
    return _render_case_again(request, enrolment, ("re_enrol", form))


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """Record a contact. The one contact dialog of the caseload and the case page fetches this
    form and posts it with htmx, so field errors stay in the dialog; without scripts the same
    address is a page of its own. Either way the coach returns to the page named by ``next``."""
    enrolment = access.get_case_to_work_on(request.user, enrolment_id)
    posted = request.POST if request.method == "POST" else None
    form = ContactForm(
        posted, jobs=enrolment.jobs.all(), country=enrolment.unit.organisation.country
    )
    if form.is_bound and form.is_valid():
        try:
            record_contact(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The contact is recorded."))
            done = local_next(request, reverse("pathways:case", args=[enrolment.pk]) + "#timeline")
            if request.headers.get("HX-Request"):
                # The dialog leaves for the page it returns to, loaded anew to show the contact:
                # a #fragment added to the address of the page shown would not load it.
                return HttpResponse(headers={"HX-Redirect": done.partition("#")[0]})
            return redirect(done)
    return action_form_page(
        request,
        enrolment,
        form,
        _("Record a contact"),
        status=400 if form.is_bound else 200,
        in_dialog=True,
        next_url=local_next(request, ""),
    )


def _benefit_initial(enrolment: Enrolment) -> dict[str, Any]:
    facts = BenefitFacts.objects.filter(enrolment=enrolment).first()
    return {name: getattr(facts, name) for name in BenefitForm.base_fields} if facts else {}


@login_required
def timeline_print(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The case's timeline on a page of its own, to print and give to the participant."""
    enrolment = access.get_enrolment_for(
        request.user,
        enrolment_id,
        Action.VIEW_PARTICIPANT,
        among=queries.enrolments_with_case_facts(),
    )
    return render(
        request,
        "casework/timeline_print.html",
        {"enrolment": enrolment, "participant": enrolment.participant}
        | queries.timeline_record(enrolment),
    )


@login_required
@require_POST
def sign_plan(
    request: AuthenticatedHttpRequest, enrolment_id: int, revision_id: int
) -> HttpResponse:
    enrolment = access.get_case_to_work_on(request.user, enrolment_id)
    revision = (
        PlanRevision.objects.filter(enrolment=enrolment, pk=revision_id)
        .select_related("enrolment")
        .first()
    )
    if revision is None:
        access.refuse(
            request.user,
            Action.CHANGE_PARTICIPANT,
            object_type="casework.planrevision",
            object_id=revision_id,
            participant_id=enrolment.participant_id,
        )
    form = DayForm(request.POST)
    if form.is_valid():
        try:
            record_plan_sign_off(
                actor=request.user, revision=revision, day=form.cleaned_data["day"]
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The participant's signature is recorded."))
            return redirect(reverse("pathways:case", args=[enrolment.pk]) + "#plan")
    return _render_case_again(request, enrolment, ("sign", form))


@login_required
@require_http_methods(["GET", "POST"])
def new_meeting(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The form of a meeting: its kind, time and place, who took part by agency and role, what
    came up and was agreed, and the next booking."""
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)
    programme = programme_of(enrolment)
    chosen = programme.meeting_types.get(request.GET.get("type", ""))
    form = MeetingForm(
        request.POST or None,
        programme=programme,
        initial={"meeting_type": chosen.code} if chosen else None,
    )
    parties = chosen.parties if chosen else ("participant",)
    attendees = AttendeeFormSet(
        request.POST or None,
        prefix="attendees",
        initial=[{"party": ATTENDEE_FOR_PARTY[party]} for party in parties],
        form_kwargs={"country": enrolment.unit.organisation.country},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and attendees.is_valid():
            try:
                record_meeting(
                    actor=request.user,
                    enrolment=enrolment,
                    attendees=attendees_of(attendees),
                    **{"capacity": "", **form.cleaned_data},
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The meeting is recorded."))
                return redirect(reverse("pathways:case", args=[enrolment.pk]) + "#meetings")
        status = 400
    return render(
        request,
        "casework/meeting_form.html",
        {
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "form": form,
            "attendees": attendees,
            "types": programme.meeting_types.values(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """One meeting with who took part and each caseworker's reflection; a caseworker of the
    unit writes their own reflection here."""
    action = Action.CHANGE_PARTICIPANT if request.method == "POST" else Action.VIEW_PARTICIPANT
    found = access.get_meeting_for(request.user, meeting_id, action)
    enrolment = found.contact.enrolment
    programme = programme_of(enrolment)
    may_reflect = enrolment.unit_id in access.unit_ids_for(
        request.user, Action.CHANGE_PARTICIPANT
    ) and not any(r.staff_id == request.user.pk for r in found.reflections.all())
    context: dict[str, Any] = {
        "meeting": found,
        "kind": programme.meeting_types.get(found.meeting_type),
        "enrolment": enrolment,
        "participant": enrolment.participant,
        "may_reflect": may_reflect,
    }
    return form_page(
        request,
        ReflectionForm(request.POST or None),
        lambda data: write_reflection(actor=request.user, meeting=found, text=data["text"]),
        template="casework/meeting.html",
        context=context,
        message=_("Your reflection is saved."),
        done=lambda _reflection: reverse("casework:meeting", args=[found.pk]),
    )
