"""Reads of the audit trail for the log review."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEntry


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
