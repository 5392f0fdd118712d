"""Writing the audit trail. Every service that touches personal data calls ``record``."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from lotsa.audit.context import client_address
from lotsa.audit.models import AuditChainHead, AuditEntry, AuditEvent

GENESIS_HASH = "0" * 64


def record(
    event: AuditEvent,
    *,
    actor: Any,
    obj: models.Model | None = None,
    participant_id: int | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction if there is one."""
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            sequence=head.last_sequence + 1,
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            event=event.value,
            object_type=obj._meta.label_lower if obj is not None else object_type,
            object_id=str(obj.pk) if obj is not None else object_id,
            participant_id=participant_id,
            changes=_json_safe(changes or {}),
            ip_address=client_address.get(),
            previous_hash=head.last_hash,
        )
        entry.entry_hash = entry_hash(entry)
        entry.save()
        head.last_sequence = entry.sequence
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return entry


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def entry_hash(entry: AuditEntry) -> str:
    content = [
        entry.sequence,
        entry.occurred_at.astimezone(datetime.UTC).isoformat(),
        entry.actor_id,
        entry.event,
        entry.object_type,
        entry.object_id,
        entry.participant_id,
        entry.changes,
        entry.ip_address,
        entry.previous_hash,
    ]
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _json_safe(value: Any) -> Any:
    """Stored details must hash the same after a database round trip, so only JSON types."""
    return json.loads(json.dumps(value, default=_plain))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def snapshot(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The current values of ``fields`` (foreign keys as ids), for a later ``diff``."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = getattr(instance, field.attname)
    return _json_safe(values)


def diff(before: dict[str, Any], after: dict[str, Any], *, hide_values: bool) -> dict[str, Any]:
    """Changed fields as ``{field: [old, new]}``; only their names when values must not be kept."""
    changed = sorted(name for name in after if before.get(name) != after[name])
    if hide_values:
        return {"fields": changed}
    return {name: [before.get(name), after[name]] for name in changed}
