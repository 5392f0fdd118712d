"""Reads of the audit trail for the log review."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.core.extracts import Row, staff_name
from lotsa.organisations.models import Membership


def audit_entries(
    *,
    participant_id: int | None = None,
    actor: Actor | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, filtered by participant, user and period (dates inclusive, UTC days)."""
    entries = AuditEntry.objects.select_related("actor").order_by("-sequence")
    if participant_id is not None:
        entries = entries.filter(participant_id=participant_id)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if since is not None:
        entries = entries.filter(occurred_at__date__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__date__lte=until)
    return entries


def audit_entries_for_extract(participant_id: int, organisation_ids: set[int]) -> list[Row]:
    """Who in the organisations opened, listed or changed the person's record, oldest first:
    when, what (the event's code and its description), the member of staff and the units of
    the organisations they belonged to that day. Entries that name the person only among
    others in a list are not included. Two queries, however long the trail."""
    staff_there = Membership.objects.filter(unit__organisation_id__in=organisation_ids)
    entries = list(
        AuditEntry.objects.filter(
            participant_id=participant_id, actor_id__in=staff_there.values("user_id")
        )
        .select_related("actor")
        .order_by("sequence")
    )
    memberships: defaultdict[int | None, list[Membership]] = defaultdict(list)
    for membership in staff_there.filter(
        user_id__in={entry.actor_id for entry in entries}
    ).select_related("unit"):
        memberships[membership.user_id].append(membership)
    rows = []
    for entry in entries:
        day = timezone.localdate(entry.occurred_at)
        units = sorted(
            {
                membership.unit.name
                for membership in memberships[entry.actor_id]
                if membership.starts_on <= day
                and (membership.ends_on is None or membership.ends_on >= day)
            }
        )
        rows.append(
            {
                "occurred_at": entry.occurred_at,
                "event": entry.event,
                "description": str(AuditEvent(entry.event).label),
                "object_type": entry.object_type,
                "staff": staff_name(entry.actor),
                "units": units,
            }
        )
    return rows
