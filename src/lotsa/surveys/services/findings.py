"""The triage of findings (KNUT-PV): focus groups, the findings drawn from them and from survey
rounds, sorted into what can be done now, what cannot and what can be eased, and their review
at the workplace meeting. Findings describe the service; they hold nothing about participants.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.organisations.models import Membership, Unit
from lotsa.surveys.models import (
    Finding,
    FindingReview,
    FindingStatus,
    FocusGroup,
    SurveyRound,
)
from lotsa.surveys.services.rounds import require_running


def save_focus_group(
    *,
    actor: Actor,
    unit: Unit,
    held_on: datetime.date,
    sessions: int,
    hours: Decimal,
    moderator: str,
    participant_groups: str = "",
    themes: str = "",
) -> FocusGroup:
    require_running(actor, unit.pk, "organisations.unit", unit.pk)
    errors: dict[str, str] = {}
    if sessions < 1:
        errors["sessions"] = _("A focus group has at least one session.")
    if hours <= 0:
        errors["hours"] = _("Give the hours the focus group took.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        focus_group = FocusGroup.objects.create(
            unit=unit,
            held_on=held_on,
            sessions=sessions,
            hours=hours,
            moderator=moderator,
            participant_groups=participant_groups,
            themes=themes,
            created_by=actor,
        )
        record(
            AuditEvent.FOCUS_GROUP_SAVED,
            actor=actor,
            obj=focus_group,
            changes={"unit": unit.pk, "held_on": held_on, "sessions": sessions, "hours": hours},
        )
    return focus_group


def save_finding(
    *,
    actor: Actor,
    unit: Unit,
    text: str,
    category: str,
    owner: User,
    follow_up_on: datetime.date,
    action: str = "",
    survey_round: SurveyRound | None = None,
    focus_group: FocusGroup | None = None,
    source_note: str = "",
    finding: Finding | None = None,
) -> Finding:
    """A new finding of the unit, or a change to ``finding``. Its source is a round or a focus
    group of the same unit, or a note (a survey's results, say); the owner works in the unit."""
    require_running(actor, unit.pk, "organisations.unit", unit.pk)
    if finding is not None:
        require_running(actor, finding.unit_id, "surveys.finding", finding.pk)
        if finding.unit_id != unit.pk:
            raise DomainError(_("A finding stays in its unit."))
    errors: dict[str, str] = {}
    if survey_round is not None and survey_round.unit_id != unit.pk:
        errors["survey_round"] = _("Choose a round of this unit.")
    if focus_group is not None and focus_group.unit_id != unit.pk:
        errors["focus_group"] = _("Choose a focus group of this unit.")
    if survey_round is None and focus_group is None and not source_note.strip():
        errors["source_note"] = _(
            "Say where the finding comes from: a round, a focus group or a note."
        )
    if (
        not Membership.objects.active_on(timezone.localdate())
        .filter(unit=unit, user=owner)
        .exists()
    ):
        errors["owner"] = _("The owner must work in the unit.")
    if errors:
        raise DomainError(errors)
    values = {
        "text": text,
        "category": category,
        "action": action,
        "owner": owner,
        "follow_up_on": follow_up_on,
        "round": survey_round,
        "focus_group": focus_group,
        "source_note": source_note,
    }
    with transaction.atomic(durable=True):
        if finding is None:
            finding = Finding.objects.create(unit=unit, created_by=actor, **values)
        else:
            for name, value in values.items():
                setattr(finding, name, value)
            finding.save(update_fields=list(values))
        record(
            AuditEvent.FINDING_SAVED,
            actor=actor,
            obj=finding,
            changes={
                "category": category,
                "owner": owner.pk,
                "follow_up_on": follow_up_on,
                "round": survey_round.pk if survey_round else None,
                "focus_group": focus_group.pk if focus_group else None,
            },
        )
    return finding


def review_finding(
    *,
    actor: Actor,
    finding: Finding,
    reviewed_on: datetime.date,
    note: str = "",
    done: bool = False,
    next_follow_up_on: datetime.date | None = None,
) -> FindingReview:
    """The finding taken up at the workplace meeting: a note, and either done or followed up
    again on a later day."""
    require_running(actor, finding.unit_id, "surveys.finding", finding.pk)
    if not done and next_follow_up_on is not None and next_follow_up_on <= reviewed_on:
        raise DomainError(
            {"next_follow_up_on": _("The next follow-up comes after the workplace meeting.")}
        )
    with transaction.atomic(durable=True):
        review = FindingReview.objects.create(
            finding=finding, reviewed_on=reviewed_on, note=note, reviewed_by=actor
        )
        finding.status = FindingStatus.DONE if done else FindingStatus.OPEN
        changed = ["status"]
        if not done and next_follow_up_on is not None:
            finding.follow_up_on = next_follow_up_on
            changed.append("follow_up_on")
        finding.save(update_fields=changed)
        record(
            AuditEvent.FINDING_REVIEWED,
            actor=actor,
            obj=finding,
            changes={
                "reviewed_on": reviewed_on,
                "status": finding.status,
                "follow_up_on": finding.follow_up_on,
            },
        )
    return review
