"""Writing the audit trail. Every service that touches personal data calls ``record``."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from lotsa.accounts.types import Actor
from lotsa.audit.context import client_address
from lotsa.audit.models import AuditChainHead, AuditEntry, AuditEvent

GENESIS_HASH = "0" * 64


def record(
    event: AuditEvent,
    *,
    actor: Actor | None,
    obj: models.Model | None = None,
    participant_id: int | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    participants: Iterable[int] | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction if there is one.

    A read that shows several people (a list, a board, a report's records) names them all in
    ``participants``; they are kept under that one key so every such entry reads alike."""
    if participants is not None:
        changes = {**(changes or {}), "participants": sorted(set(participants))}
    entry = AuditEntry(
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        event=event.value,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        participant_id=participant_id,
        changes=_json_safe(changes or {}),
        ip_address=client_address.get(),
    )
    if connection.vendor == "postgresql":
        _append_in_one_statement(entry)
    else:
        _append(entry)
    if entry.sequence % settings.AUDIT_CHECKPOINT_EVERY == 0:
        from lotsa.audit.checkpoints import take_checkpoint

        # Of the entry once it is committed: a rolled-back entry is not in the chain.
        transaction.on_commit(lambda: take_checkpoint(up_to=entry.sequence))
    return entry


def _append(entry: AuditEntry) -> None:
    """Read the head, write the entry and move the head in one transaction. On SQLite the
    transaction that writes holds the whole database, which serialises writers as the row lock
    does elsewhere. The head is read and moved by plain statements: every write and page view
    passes here, and the ORM's own work on these two small statements was most of an entry's
    cost."""
    head_table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT last_sequence, last_hash FROM {head_table} WHERE id = 1")  # noqa: S608 - a table name
        row = cursor.fetchone()
        if row is None:  # a new database: the head is created with the first entry
            head = _locked_head()
            row = (head.last_sequence, head.last_hash)
        last_sequence, last_hash = row
        entry.sequence = last_sequence + 1
        entry.previous_hash = last_hash
        entry.entry_hash = entry_hash(entry)
        entry.save()
        cursor.execute(
            f"UPDATE {head_table} SET previous_hash = %s, last_sequence = %s, last_hash = %s "  # noqa: S608 - a table name
            "WHERE id = 1",
            [last_hash, entry.sequence, entry.entry_hash],
        )


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


# Every page that shows personal data appends an entry, and all writers queue for the chain's
# head. On PostgreSQL one statement moves the head, hashes the entry (the same canonical JSON
# and key as ``entry_hash``) and writes it: one round trip, and the head is locked only while the
# statement runs instead of over a transaction of four round trips. The HMAC is spelled out with
# the database's SHA-256 over the key's two pads, which travel with the statement and are never
# stored.
APPEND_SQL = """
WITH head AS (
    UPDATE {head}
    SET last_sequence = last_sequence + 1,
        previous_hash = last_hash,
        last_hash = encode(sha256(%s::bytea || sha256(%s::bytea || convert_to(
            '[' || (last_sequence + 1)::text || ',' || %s || ',"' || last_hash || '"]', 'UTF8'
        ))), 'hex')
    WHERE id = 1
    RETURNING last_sequence, previous_hash, last_hash
)
INSERT INTO {entry} (
    sequence, occurred_at, actor_id, event, object_type, object_id, participant_id, changes,
    ip_address, previous_hash, entry_hash
)
SELECT last_sequence, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::inet, previous_hash, last_hash
FROM head
RETURNING id, sequence, previous_hash, entry_hash
"""


def _append_in_one_statement(entry: AuditEntry) -> None:
    sql = APPEND_SQL.format(head=AuditChainHead._meta.db_table, entry=AuditEntry._meta.db_table)
    inner, outer = key_pads()
    params = (
        outer,
        inner,
        _hashed_content(entry),
        entry.occurred_at,
        entry.actor_id,
        entry.event,
        entry.object_type,
        entry.object_id,
        entry.participant_id,
        json.dumps(entry.changes),
        entry.ip_address,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:  # a new database: the head is created with the first entry
            AuditChainHead.objects.get_or_create(pk=1)
            cursor.execute(sql, params)
            row = cursor.fetchone()
    entry.pk, entry.sequence, entry.previous_hash, entry.entry_hash = row
    entry._state.adding = False
    entry._state.db = connection.alias


def entry_hash(entry: AuditEntry) -> str:
    """HMAC-SHA-256, under the installation's audit key, of the entry's sequence number, content
    and the hash it links to: without the key nobody can compute it, the database's owner
    included."""
    canonical = f'[{entry.sequence},{_hashed_content(entry)},"{entry.previous_hash}"]'
    return keyed_hash(canonical)


def keyed_hash(text: str) -> str:
    return hmac.new(_audit_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def _audit_key() -> bytes:
    return settings.AUDIT_KEY.encode("utf-8")


def key_pads() -> tuple[bytes, bytes]:
    """The inner and outer pads of HMAC-SHA-256 (RFC 2104) for the audit key, so that the
    database can compute the same hash with its plain SHA-256."""
    key = _audit_key()
    if len(key) > hashlib.sha256().block_size:
        key = hashlib.sha256(key).digest()
    key = key.ljust(hashlib.sha256().block_size, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def _hashed_content(entry: AuditEntry) -> str:
    """The canonical JSON of what the hash covers between the sequence number and the previous
    hash (the two the chain's head supplies), without the enclosing brackets."""
    content = [
        entry.occurred_at.astimezone(datetime.UTC).isoformat(),
        entry.actor_id,
        entry.event,
        entry.object_type,
        entry.object_id,
        entry.participant_id,
        entry.changes,
        entry.ip_address,
    ]
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)[1:-1]


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
        assert isinstance(field, models.Field), f"{name} is not a column of {instance._meta.label}"
        values[name] = getattr(instance, field.attname)
    return _json_safe(values)


def diff(before: dict[str, Any], after: dict[str, Any], *, hide_values: bool) -> dict[str, Any]:
    """Changed fields as ``{field: [old, new]}``; only their names when values must not be kept."""
    changed = sorted(name for name in after if before.get(name) != after[name])
    if hide_values:
        return {"fields": changed}
    return {name: [before.get(name), after[name]] for name in changed}
