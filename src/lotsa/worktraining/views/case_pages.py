"""What the work-training pages of a case ask of the user, in one place."""

from __future__ import annotations

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.worktraining import codes

Action = access.Action


def action_of(request: AuthenticatedHttpRequest) -> Action:
    """A change is for roles that work on cases (403 for the others, logged); a read is for
    those who see them."""
    if request.method == "POST":
        access.require(request.user, Action.CHANGE_PARTICIPANT)
        return Action.CHANGE_PARTICIPANT
    return Action.VIEW_PARTICIPANT


def may_record(request: AuthenticatedHttpRequest, enrolment: Enrolment, *, open_only: bool) -> bool:
    """Whether a page offers its forms: to those who work on the case, on a work-training
    case that has started (and is still open, for most records)."""
    return (
        enrolment.unit_id in access.unit_ids_for(request.user, Action.CHANGE_PARTICIPANT)
        and enrolment.programme_model == codes.PROGRAMME
        and enrolment.status not in (EnrolmentStatus.REFERRED, EnrolmentStatus.DECLINED)
        and (enrolment.is_open or not open_only)
    )
