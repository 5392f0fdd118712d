"""Team practice at a unit, for tests that walk every page: a treatment team with a coach
attached, a treatment-team meeting that discussed a case, a unit meeting with a job lead and
cover, and a supervision entry."""

from __future__ import annotations

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.organisations.models import Role
from lotsa.pathways.models import Enrolment
from lotsa.teamwork import services


def demo_team_practice(case: Enrolment) -> None:
    """The team practice of the case's unit, recorded by its team leader."""
    unit = case.unit
    today = timezone.localdate()
    leader = User.objects.filter(memberships__unit=unit, memberships__role=Role.SUPERVISOR).first()
    coaches = list(
        User.objects.filter(memberships__unit=unit, memberships__role=Role.COACH).order_by("pk")
    )
    assert leader is not None and len(coaches) >= 2
    team = services.save_treatment_team(
        actor=leader,
        unit=unit,
        details=services.TeamDetails(
            name="Psykiatrimottagning Centrum", kind="psychiatric_outpatient"
        ),
    )
    services.attach_coach(actor=leader, team=team, coach=coaches[0], starts_on=today)
    meeting = services.save_team_meeting(
        actor=leader,
        unit=unit,
        details=services.TeamMeetingDetails(team, today, coaches[:1], "Två nya remisser."),
    )
    services.record_discussion(actor=leader, meeting=meeting, enrolment=case, note="Vill arbeta.")
    own = services.save_unit_meeting(
        actor=leader, unit=unit, details=services.UnitMeetingDetails(today, coaches)
    )
    services.share_job_lead(
        actor=leader,
        meeting=own,
        details=services.JobLeadDetails(coaches[0], "Kock", employer_name="Krogen"),
    )
    services.arrange_cover(
        actor=leader,
        meeting=own,
        covering=coaches[0],
        covered=coaches[1],
        starts_on=today,
        ends_on=today,
    )
    services.record_supervision(
        actor=leader,
        unit=unit,
        details=services.SupervisionDetails("group", today, coaches),
    )
