"""Meeting pages: recording a meeting of a case, and one meeting with the reflections on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa import access
from lotsa.casework import services
from lotsa.casework.forms import AttendeeFormSet, MeetingForm, ReflectionForm, attendees_of
from lotsa.casework.models import ATTENDEE_FOR_PARTY
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError
from lotsa.pathways.enrolment_changes import programme_of

Action = access.Action


@login_required
@require_http_methods(["GET", "POST"])
def new_meeting(request: HttpRequest, enrolment_id: int) -> HttpResponse:
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
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and attendees.is_valid():
            try:
                services.record_meeting(
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
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
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
        lambda data: services.write_reflection(
            actor=request.user, meeting=found, text=data["text"]
        ),
        template="casework/meeting.html",
        context=context,
        message=_("Your reflection is saved."),
        done=lambda _reflection: reverse("casework:meeting", args=[found.pk]),
    )
