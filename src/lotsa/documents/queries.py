"""Reads of the final documentation: a case's versions and a first draft from its records."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lotsa.casework.models import Meeting, PlanRevision
from lotsa.documents.models import DocumentApproval, FinalDocument
from lotsa.documents.services import FinalText
from lotsa.pathways.models import Enrolment


def final_documents_of(enrolment: Enrolment) -> list[FinalDocument]:
    """Every version, newest first, with its approvals."""
    return list(
        FinalDocument.objects.filter(enrolment=enrolment)
        .select_related("written_by")
        .prefetch_related(
            Prefetch("approvals", queryset=DocumentApproval.objects.select_related("approved_by"))
        )
    )


def draft_of(enrolment: Enrolment) -> FinalText:
    """A first draft from the case's records: the latest plan (goal, sub-goals, activities) and
    the meetings held, for the caseworkers to rewrite together."""
    plan = (
        PlanRevision.objects.filter(enrolment=enrolment)
        .prefetch_related("sub_goals", "items")
        .first()
    )
    planning, activities = [], []
    if plan is not None:
        planning.append(_("Long-term goal: %(goal)s") % {"goal": plan.long_term_goal})
        planning += [f"– {goal.text}" for goal in plan.sub_goals.all()]
        activities += [
            f"– {item.activity} ({item.get_status_display().lower()})" for item in plan.items.all()
        ]
    programme = enrolment.programme
    for meeting in (
        Meeting.objects.filter(contact__enrolment=enrolment)
        .select_related("contact")
        .order_by("contact__occurred_at")
    ):
        kind = programme.meeting_types.get(meeting.meeting_type) if programme else None
        activities.append(f"– {meeting.contact.occurred_on:%Y-%m-%d}: {kind.name if kind else ''}")
    return FinalText(
        joint_planning="\n".join(planning),
        activities="\n".join(activities),
        prerequisites="",
        assessment="",
    )
