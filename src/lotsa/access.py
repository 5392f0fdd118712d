"""Who may do what: Lotsa's authorisation rules, in one place.

The rule: a staff member acts on a participant only through an enrolment (current or past)
in a unit where the staff member has an active membership whose role allows the action.

* Coaches (employment specialists, caseworkers) and supervisors see, register and change
  participants of their units.
* Managers see the participants of their units but do not change them.
* Fidelity reviewers and analysts never see identifying data: they get no participant access.
  Analysts see the outcome reports of their units, with small counts suppressed and the records
  behind a figure under pseudonyms.
* Fidelity reviewers review the fidelity of any unit; a unit's team leaders and managers may
  run a self-assessment of their own unit. Reviews show records as numbers, never names.
* Administrators manage organisations, units and staff accounts, and review the audit trail;
  the administrator role alone gives no access to participants.

Both faces of the rule come from the table ``RULES``: ``can()`` answers for one object and
``participants_visible_to()`` scopes a queryset. A participant that does not exist and one the
user may not see look the same (404), because existence is itself personal data. Every refusal
is written to the audit trail.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import Forbidden, NotFound
from lotsa.organisations.models import Membership, Organisation, Role, Unit
from lotsa.pathways.models import Enrolment
from lotsa.people.models import Participant


class Action(StrEnum):
    VIEW_PARTICIPANT = "participant.view"
    CHANGE_PARTICIPANT = "participant.change"
    REGISTER_PARTICIPANT = "participant.register"
    ADMINISTER = "administer"
    REVIEW_FIDELITY = "fidelity.review"
    LEAD_UNIT = "unit.lead"
    VIEW_OUTCOMES = "outcomes.view"


RULES: dict[Action, frozenset[Role]] = {
    Action.VIEW_PARTICIPANT: frozenset({Role.COACH, Role.SUPERVISOR, Role.MANAGER}),
    Action.CHANGE_PARTICIPANT: frozenset({Role.COACH, Role.SUPERVISOR}),
    Action.REGISTER_PARTICIPANT: frozenset({Role.COACH, Role.SUPERVISOR}),
    Action.ADMINISTER: frozenset({Role.ADMINISTRATOR}),
    Action.REVIEW_FIDELITY: frozenset({Role.FIDELITY_REVIEWER}),
    Action.LEAD_UNIT: frozenset({Role.SUPERVISOR, Role.MANAGER}),
    Action.VIEW_OUTCOMES: frozenset({Role.COACH, Role.SUPERVISOR, Role.MANAGER, Role.ANALYST}),
}


def unit_ids_for(user: Any, action: Action, *, day: datetime.date | None = None) -> set[int]:
    """Units where the user's active membership has a role that allows the action."""
    allowed = RULES[action]
    return {unit_id for unit_id, role in _active_roles(user, day) if role in allowed}


def _active_roles(user: Any, day: datetime.date | None) -> list[tuple[int, str]]:
    """(unit, role) of the user's memberships active on the day, read once per user object.

    A request gets a fresh user object, so the cache lives exactly as long as one request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    day = day or timezone.localdate()
    cache: dict[datetime.date, list[tuple[int, str]]] = user.__dict__.setdefault("_lotsa_roles", {})
    if day not in cache:
        cache[day] = list(
            Membership.objects.active_on(day).filter(user=user).values_list("unit_id", "role")
        )
    return cache[day]


def is_administrator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or unit_ids_for(user, Action.ADMINISTER))


def participants_visible_to(
    user: Any, action: Action = Action.VIEW_PARTICIPANT
) -> QuerySet[Participant]:
    """Participants with an enrolment, current or past, in one of the user's units for the action."""
    units = unit_ids_for(user, action)
    enrolled_here = Enrolment.objects.filter(participant=OuterRef("pk"), unit_id__in=units)
    return Participant.objects.filter(Exists(enrolled_here))


def can(user: Any, action: Action, obj: Participant | Unit | Organisation | None = None) -> bool:
    if action == Action.ADMINISTER:
        return is_administrator(user)
    units = unit_ids_for(user, action)
    if obj is None:
        return bool(units)
    if isinstance(obj, Unit):
        return obj.pk in units
    if isinstance(obj, Organisation):
        return Unit.objects.filter(organisation=obj, pk__in=units).exists()
    return Enrolment.objects.filter(participant=obj, unit_id__in=units).exists()


def require(
    user: Any, action: Action, obj: Participant | Unit | Organisation | None = None
) -> None:
    """Refuse with 403 (and an audit entry) unless the user may perform the action at all."""
    if not can(user, action, obj):
        record(
            AuditEvent.ACCESS_DENIED,
            actor=user,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            changes={"action": action.value},
        )
        raise Forbidden(action.value)


def get_participant_for(user: Any, participant_id: object, action: Action) -> Participant:
    """Fetch a participant the user may act on, and log the access; otherwise 404 and log."""
    try:
        key = int(str(participant_id))
    except ValueError:
        key = None
    participant = (
        participants_visible_to(user, action).filter(pk=key).first() if key is not None else None
    )
    if participant is None:
        exists = key is not None and Participant.objects.filter(pk=key).exists()
        record(
            AuditEvent.ACCESS_DENIED,
            actor=user,
            object_type="people.participant",
            object_id=str(participant_id)[:40],
            participant_id=key if exists else None,
            changes={"action": action.value},
        )
        raise NotFound("participant")
    record(
        AuditEvent.PARTICIPANT_VIEWED, actor=user, obj=participant, participant_id=participant.pk
    )
    return participant


def require_enrolment(user: Any, enrolment: Enrolment) -> None:
    """Work on a case (contacts, phases, plans) is for coaches and team leaders of its unit."""
    if enrolment.unit_id not in unit_ids_for(user, Action.CHANGE_PARTICIPANT):
        record(
            AuditEvent.ACCESS_DENIED,
            actor=user,
            obj=enrolment,
            participant_id=enrolment.participant_id,
            changes={"action": "enrolment.change"},
        )
        raise Forbidden("enrolment.change")


def get_enrolment_for(
    user: Any,
    enrolment_id: object,
    action: Action,
    *,
    among: QuerySet[Enrolment] | None = None,
) -> Enrolment:
    """Fetch an enrolment the user may see (or, for a change, work on), logging the access.

    Seeing follows the participant: a coach sees every enrolment of their participants. Changing
    needs the enrolment's own unit. Otherwise 404, as for a participant. ``among`` is a queryset
    of enrolments with what the page needs read along (annotations, prefetches).
    """
    try:
        key = int(str(enrolment_id))
    except ValueError:
        key = None
    enrolments = (Enrolment.objects.all() if among is None else among).select_related(
        "participant", "unit__organisation", "responsible_staff"
    )
    if action == Action.VIEW_PARTICIPANT:
        enrolments = enrolments.filter(participant__in=participants_visible_to(user, action))
    else:
        enrolments = enrolments.filter(unit_id__in=unit_ids_for(user, action))
    enrolment = enrolments.filter(pk=key).first() if key is not None else None
    if enrolment is None:
        participant_id = (
            Enrolment.objects.filter(pk=key).values_list("participant_id", flat=True).first()
            if key is not None
            else None
        )
        record(
            AuditEvent.ACCESS_DENIED,
            actor=user,
            object_type="pathways.enrolment",
            object_id=str(enrolment_id)[:40],
            participant_id=participant_id,
            changes={"action": action.value},
        )
        raise NotFound("enrolment")
    record(
        AuditEvent.ENROLMENT_VIEWED,
        actor=user,
        obj=enrolment,
        participant_id=enrolment.participant_id,
    )
    return enrolment
