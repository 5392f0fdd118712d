"""Pages of team practice, per unit: treatment teams and attachments, treatment-team meetings,
unit meetings, the supervision log; and a case's treatment team."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.pages import form_page
from lotsa.organisations.models import Unit
from lotsa.teamwork import queries, services
from lotsa.teamwork.forms import (
    AttachmentForm,
    CaseTeamForm,
    CoverForm,
    DiscussionForm,
    EndAttachmentForm,
    JobLeadForm,
    SupervisionForm,
    TeamForm,
    TeamMeetingForm,
    UnitMeetingForm,
)
from lotsa.teamwork.models import EnrolmentTeam, TeamAttachment, TeamMeeting, UnitMeeting

Action = access.Action
GET_POST = require_http_methods(["GET", "POST"])


def _unit(request: AuthenticatedHttpRequest, unit_id: int, action: Action) -> Unit:
    """The unit's page for a role that sees team practice; a POST needs the action too."""
    unit = access.get_unit_for(request.user, unit_id, Action.VIEW_TEAMWORK)
    if request.method == "POST":
        access.require(request.user, action, unit)
    return unit


def _may(request: AuthenticatedHttpRequest, action: Action, unit: Unit) -> bool:
    return unit.pk in access.unit_ids_for(request.user, action)


def _edit_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    save: Any,
    title: str,
    back: str,
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template="teamwork/form.html",
        context={"title": title, "back": back},
        message=_("Saved."),
        done=lambda _saved: back,
    )


# ------------------------------------------------------------------ treatment teams


@login_required
@GET_POST
def teams(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id, Action.MANAGE_TREATMENT_TEAMS)
    return form_page(
        request,
        TeamForm(request.POST or None),
        lambda data: services.save_treatment_team(
            actor=request.user, unit=unit, details=TeamForm.details(data)
        ),
        template="teamwork/teams.html",
        context={
            "unit": unit,
            "teams": list(queries.teams_of(unit)),
            "may_manage": _may(request, Action.MANAGE_TREATMENT_TEAMS, unit),
            "attach_form": AttachmentForm(unit=unit),
            "end_form": EndAttachmentForm(),
        },
        message=_("The treatment team is saved."),
        done=lambda _saved: reverse("teamwork:teams", args=[unit.pk]),
    )


@login_required
@GET_POST
def team_edit(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    access.require(request.user, Action.MANAGE_TREATMENT_TEAMS)
    team = access.get_treatment_team_for(request.user, team_id, Action.MANAGE_TREATMENT_TEAMS)
    return _edit_page(
        request,
        TeamForm(request.POST or None, team=team),
        lambda data: services.save_treatment_team(
            actor=request.user, unit=team.unit, team=team, details=TeamForm.details(data)
        ),
        _("Change the treatment team"),
        reverse("teamwork:teams", args=[team.unit_id]),
    )


@login_required
@GET_POST
def attach(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    access.require(request.user, Action.MANAGE_TREATMENT_TEAMS)
    unit = access.get_unit_for(request.user, unit_id, Action.MANAGE_TREATMENT_TEAMS)

    def save(data: dict[str, Any]) -> services.Attached:
        attached = services.attach_coach(actor=request.user, **data)
        if attached.warning:
            messages.warning(request, attached.warning)
        return attached

    return form_page(
        request,
        AttachmentForm(request.POST or None, unit=unit),
        save,
        template="teamwork/form.html",
        context={"title": _("Attach a coach to a treatment team"), "back": _teams_url(unit)},
        message=_("The attachment is saved."),
        done=lambda _saved: _teams_url(unit),
    )


def _teams_url(unit: Unit) -> str:
    return reverse("teamwork:teams", args=[unit.pk])


@login_required
@require_POST
def attachment_end(request: AuthenticatedHttpRequest, attachment_id: int) -> HttpResponse:
    access.require(request.user, Action.MANAGE_TREATMENT_TEAMS)
    attachment: TeamAttachment = access.get_unit_record_for(
        request.user,
        TeamAttachment.objects.select_related("team__unit", "coach"),
        attachment_id,
        Action.MANAGE_TREATMENT_TEAMS,
        "team__unit_id",
    )
    return _edit_page(
        request,
        EndAttachmentForm(request.POST),
        lambda data: services.end_attachment(
            actor=request.user, attachment=attachment, ends_on=data["ends_on"]
        ),
        _("End the attachment"),
        _teams_url(attachment.team.unit),
    )


@login_required
@GET_POST
def case_team(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The treatment team a case's participant belongs to."""
    action = Action.CHANGE_PARTICIPANT if request.method == "POST" else Action.VIEW_PARTICIPANT
    enrolment = access.get_enrolment_for(request.user, enrolment_id, action)
    current = (
        EnrolmentTeam.objects.filter(enrolment=enrolment).values_list("team_id", flat=True).first()
    )
    return form_page(
        request,
        CaseTeamForm(request.POST or None, enrolment=enrolment, current=current),
        lambda data: services.set_treatment_team(
            actor=request.user, enrolment=enrolment, team=data["team"]
        ),
        template="teamwork/case_team.html",
        context={"enrolment": enrolment, "participant": enrolment.participant},
        message=_("The treatment team is saved."),
        done=lambda _saved: reverse("pathways:case", args=[enrolment.pk]),
    )


# ------------------------------------------------------------------ treatment-team meetings


def _meetings_page(
    request: AuthenticatedHttpRequest,
    unit_id: int,
    form_class: type[TeamMeetingForm] | type[UnitMeetingForm],
    save: Any,
    meetings_of: Any,
    kind: str,
) -> HttpResponse:
    """A unit's list of meetings of one kind (``team-meeting`` or ``unit-meeting``), with the
    form that records another and leads to its page."""
    unit = _unit(request, unit_id, Action.RECORD_MEETINGS)
    return form_page(
        request,
        form_class(request.POST or None, unit=unit),
        lambda data: save(actor=request.user, unit=unit, details=form_class.details(data)),
        template=f"teamwork/{kind.replace('-', '_')}s.html",
        context={
            "unit": unit,
            "meetings": list(meetings_of(unit)),
            "may_record": _may(request, Action.RECORD_MEETINGS, unit),
        },
        message=_("The meeting is saved."),
        done=lambda saved: reverse(f"teamwork:{kind}", args=[saved.pk]),
    )


@login_required
@GET_POST
def team_meetings(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    return _meetings_page(
        request,
        unit_id,
        TeamMeetingForm,
        services.save_team_meeting,
        queries.team_meetings_of,
        "team-meeting",
    )


@login_required
@GET_POST
def team_meeting(request: AuthenticatedHttpRequest, team_meeting_id: int) -> HttpResponse:
    """A treatment-team meeting with what it discussed about the participants the user may see;
    a POST notes a discussion about one of the user's cases."""
    meeting = access.get_team_meeting_for(request.user, team_meeting_id, Action.VIEW_TEAMWORK)
    unit = meeting.team.unit
    cases = queries.cases_to_discuss(request.user, unit)
    form = DiscussionForm(request.POST or None, cases=cases)
    if request.method == "POST":
        access.require(request.user, Action.RECORD_MEETINGS, unit)
    may_record = _may(request, Action.RECORD_MEETINGS, unit)
    return form_page(
        request,
        form,
        lambda data: services.record_discussion(
            actor=request.user, meeting=meeting, enrolment=data["enrolment"], note=data["note"]
        ),
        template="teamwork/team_meeting.html",
        context={
            "meeting": meeting,
            "unit": unit,
            "coaches": list(meeting.coaches.all()),
            "discussions": queries.discussions_shown(
                request.user, meeting, to_choose=cases if may_record else None
            ),
            "may_change": _may_change(request, meeting, unit),
            "may_record": may_record,
        },
        message=_("The discussion is noted."),
        done=lambda _saved: reverse("teamwork:team-meeting", args=[meeting.pk]),
    )


def _may_change(
    request: AuthenticatedHttpRequest, meeting: TeamMeeting | UnitMeeting, unit: Unit
) -> bool:
    return _may(request, Action.RECORD_MEETINGS, unit) and (
        meeting.recorded_by_id == request.user.pk or _may(request, Action.LEAD_UNIT, unit)
    )


@login_required
@GET_POST
def team_meeting_edit(request: AuthenticatedHttpRequest, team_meeting_id: int) -> HttpResponse:
    access.require(request.user, Action.RECORD_MEETINGS)
    meeting = access.get_team_meeting_for(request.user, team_meeting_id, Action.RECORD_MEETINGS)
    unit = meeting.team.unit
    return _edit_page(
        request,
        TeamMeetingForm(request.POST or None, unit=unit, meeting=meeting),
        lambda data: services.save_team_meeting(
            actor=request.user,
            unit=unit,
            meeting=meeting,
            details=TeamMeetingForm.details(data),
        ),
        _("Change the treatment-team meeting"),
        reverse("teamwork:team-meeting", args=[meeting.pk]),
    )


# ------------------------------------------------------------------ unit meetings


@login_required
@GET_POST
def unit_meetings(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    return _meetings_page(
        request,
        unit_id,
        UnitMeetingForm,
        services.save_unit_meeting,
        queries.unit_meetings_of,
        "unit-meeting",
    )


@login_required
@GET_POST
def unit_meeting(request: AuthenticatedHttpRequest, unit_meeting_id: int) -> HttpResponse:
    """A unit meeting with its job leads and cover; a POST adds one (``what``: lead or cover)."""
    found = access.get_unit_meeting_for(request.user, unit_meeting_id, Action.VIEW_TEAMWORK)
    meeting = queries.unit_meeting_details(found)
    unit = meeting.unit
    what = request.POST.get("what") if request.method == "POST" else None
    if request.method == "POST":
        access.require(request.user, Action.RECORD_MEETINGS, unit)
    lead_form = JobLeadForm(request.POST if what == "lead" else None, unit=unit)
    cover_form = CoverForm(request.POST if what == "cover" else None, unit=unit)
    form, save = (
        (
            cover_form,
            lambda data: services.arrange_cover(actor=request.user, meeting=meeting, **data),
        )
        if what == "cover"
        else (
            lead_form,
            lambda data: services.share_job_lead(
                actor=request.user, meeting=meeting, details=JobLeadForm.details(data)
            ),
        )
    )
    return form_page(
        request,
        form,
        save,
        template="teamwork/unit_meeting.html",
        context={
            "meeting": meeting,
            "unit": unit,
            "lead_form": lead_form,
            "cover_form": cover_form,
            "what": what,
            "may_change": _may_change(request, meeting, unit),
            "may_record": _may(request, Action.RECORD_MEETINGS, unit),
        },
        message=_("Saved."),
        done=lambda _saved: reverse("teamwork:unit-meeting", args=[meeting.pk]),
    )


@login_required
@GET_POST
def unit_meeting_edit(request: AuthenticatedHttpRequest, unit_meeting_id: int) -> HttpResponse:
    access.require(request.user, Action.RECORD_MEETINGS)
    meeting = access.get_unit_meeting_for(request.user, unit_meeting_id, Action.RECORD_MEETINGS)
    return _edit_page(
        request,
        UnitMeetingForm(request.POST or None, unit=meeting.unit, meeting=meeting),
        lambda data: services.save_unit_meeting(
            actor=request.user,
            unit=meeting.unit,
            meeting=meeting,
            details=UnitMeetingForm.details(data),
        ),
        _("Change the unit meeting"),
        reverse("teamwork:unit-meeting", args=[meeting.pk]),
    )


# ------------------------------------------------------------------ supervision log


@login_required
@GET_POST
def supervision(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """The supervision log: the team leader's whole, a coach's own entries."""
    unit = _unit(request, unit_id, Action.RECORD_SUPERVISION)
    return form_page(
        request,
        SupervisionForm(request.POST or None, unit=unit),
        lambda data: services.record_supervision(
            actor=request.user, unit=unit, details=SupervisionForm.details(data)
        ),
        template="teamwork/supervision.html",
        context={
            "unit": unit,
            "entries": list(queries.supervision_log(request.user, unit)),
            "may_record": _may(request, Action.RECORD_SUPERVISION, unit),
        },
        message=_("The supervision is recorded."),
        done=lambda _saved: reverse("teamwork:supervision", args=[unit.pk]),
    )


@login_required
@GET_POST
def supervision_edit(request: AuthenticatedHttpRequest, supervision_id: int) -> HttpResponse:
    access.require(request.user, Action.RECORD_SUPERVISION)
    entry = access.get_supervision_entry_for(request.user, supervision_id)
    return _edit_page(
        request,
        SupervisionForm(request.POST or None, unit=entry.unit, entry=entry),
        lambda data: services.record_supervision(
            actor=request.user,
            unit=entry.unit,
            entry=entry,
            details=SupervisionForm.details(data),
        ),
        _("Change the supervision entry"),
        reverse("teamwork:supervision", args=[entry.unit_id]),
    )
