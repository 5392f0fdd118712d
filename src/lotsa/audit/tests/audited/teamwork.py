"""The rows of team practice: treatment teams, attachments, meetings and the supervision log."""

from __future__ import annotations

from typing import Any

from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, on_case, one
from lotsa.teamwork import queries, services
from lotsa.teamwork.models import TeamMeeting, TreatmentTeam, UnitMeeting


def _team(w: World) -> TreatmentTeam:
    return services.save_treatment_team(**_team_call(w).kwargs)


def _team_call(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.team_leader_a,
            "unit": w.personas.unit_a,
            "details": services.TeamDetails(name="Psykosteam", kind="psychosis"),
        }
    )


def _team_meeting(w: World) -> TeamMeeting:
    return services.save_team_meeting(
        actor=w.personas.coach_a,
        unit=w.personas.unit_a,
        details=services.TeamMeetingDetails(_team(w), TODAY, [w.personas.coach_a]),
    )


def _unit_meeting(w: World) -> UnitMeeting:
    return services.save_unit_meeting(**_unit_meeting_call(w).kwargs)


def _unit_meeting_call(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "unit": w.personas.unit_a,
            "details": services.UnitMeetingDetails(TODAY, [w.personas.coach_a]),
        }
    )


def _attach_call(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.team_leader_a,
            "team": _team(w),
            "coach": w.personas.coach_a,
            "starts_on": TODAY,
        }
    )


def _end_call(w: World) -> Call:
    attached = services.attach_coach(**_attach_call(w).kwargs)
    return Call(
        {"actor": w.personas.team_leader_a, "attachment": attached.attachment, "ends_on": TODAY}
    )


def _team_meeting_call(w: World) -> Call:
    details = services.TeamMeetingDetails(_team(w), TODAY, [w.personas.coach_a], "Beslut.")
    return Call({"actor": w.personas.coach_a, "unit": w.personas.unit_a, "details": details})


def _discussion_call(w: World) -> Call:
    return on_case(w.own, w.personas.coach_a, meeting=_team_meeting(w), note="Vill arbeta.")


def _lead_call(w: World) -> Call:
    details = services.JobLeadDetails(w.personas.coach_a, "Kock", employer_name="Krogen")
    return Call({"actor": w.personas.coach_a, "meeting": _unit_meeting(w), "details": details})


def _cover_call(w: World) -> Call:
    kwargs: dict[str, Any] = {
        "actor": w.personas.coach_a,
        "meeting": _unit_meeting(w),
        "covering": w.personas.coach_a,
        "covered": w.personas.colleague_a,
        "starts_on": TODAY,
        "ends_on": TODAY,
    }
    return Call(kwargs)


def _supervision_call(w: World) -> Call:
    details = services.SupervisionDetails("group", TODAY, [w.personas.coach_a])
    return Call({"actor": w.personas.team_leader_a, "unit": w.personas.unit_a, "details": details})


def _meeting_shown(w: World) -> Call:
    meeting = _team_meeting(w)
    services.record_discussion(
        actor=w.personas.coach_a, meeting=meeting, enrolment=w.own, note="Vill arbeta."
    )
    return Call({"user": w.personas.colleague_a, "meeting": meeting})


TEAMWORK_WRITES: list[Case] = [
    one(services.save_treatment_team, E.TREATMENT_TEAM_SAVED, _team_call),
    one(services.attach_coach, E.TEAM_ATTACHMENT_SAVED, _attach_call),
    one(services.end_attachment, E.TEAM_ATTACHMENT_SAVED, _end_call),
    one(
        services.set_treatment_team,
        E.ENROLMENT_TEAM_SET,
        lambda w: on_case(w.own, w.personas.coach_a, team=_team(w)),
    ),
    one(services.save_team_meeting, E.TEAM_MEETING_SAVED, _team_meeting_call),
    one(services.record_discussion, E.TEAM_DISCUSSION_RECORDED, _discussion_call),
    one(services.save_unit_meeting, E.UNIT_MEETING_SAVED, _unit_meeting_call),
    one(services.share_job_lead, E.JOB_LEAD_SHARED, _lead_call),
    one(services.arrange_cover, E.COVER_ARRANGED, _cover_call),
    one(services.record_supervision, E.SUPERVISION_RECORDED, _supervision_call),
]
TEAMWORK_READS: list[Case] = [
    # The participants shown are named in the entry's list, not as its one participant.
    one(queries.discussions_shown, E.TEAM_MEETING_VIEWED, _meeting_shown),
]
