"""Reads of the final documentation: a case's versions and a first draft from its records."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lotsa.casework.models import Meeting, PlanRevision
from lotsa.core.extracts import Row, by_enrolment, fields_of, staff_name
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


def final_documents_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """Every version of the enrolments' final documentation by enrolment, oldest first, with
    each agency's approval and where it was sent. Three queries."""
    documents = (
        FinalDocument.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("written_by", "signature_recorded_by")
        .prefetch_related("approvals__approved_by", "dispatches__recipient_organisation")
        .order_by("version")
    )
    return by_enrolment(
        documents,
        lambda document: (
            fields_of(
                document,
                (
                    "version",
                    "joint_planning",
                    "activities",
                    "prerequisites",
                    "assessment",
                    "written_at",
                    "signed_on",
                ),
            )
            | {
                "written_by": staff_name(document.written_by),
                "approvals": [
                    fields_of(approval, ("agency", "approved_on"))
                    | {"approved_by": staff_name(approval.approved_by)}
                    for approval in document.approvals.all()
                ],
                "dispatches": [
                    fields_of(dispatch, ("recipient", "sent_on"))
                    | {"recipient_organisation": dispatch.recipient_organisation.name}
                    for dispatch in document.dispatches.all()
                ],
            }
        ),
    )
