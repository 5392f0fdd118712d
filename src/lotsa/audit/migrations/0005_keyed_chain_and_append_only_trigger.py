"""The chain's hashes become HMACs under the installation's audit key, and PostgreSQL refuses to
change or delete an entry.

An existing chain is checked link by link with the plain SHA-256 it was written with, then
hashed again under the key in the same order. A chain that does not hold stops the migration:
keying it would hide the break.
"""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations
from django.utils.dateparse import parse_datetime

GENESIS_HASH = "0" * 64

APPEND_ONLY = """
CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
NOT_APPEND_ONLY = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def _canonical(sequence, content, previous):  # type: ignore[no-untyped-def]  # frozen with the migration
    return f'[{sequence},{content},"{previous}"]'.encode()


def _content(row):  # type: ignore[no-untyped-def]  # frozen with the migration
    occurred_at, actor_id, event, object_type, object_id, participant_id, changes, ip = row
    if isinstance(changes, str):
        changes = json.loads(changes)
    content = [
        occurred_at.astimezone(datetime.UTC).isoformat(),
        actor_id, event, object_type, object_id, participant_id, changes, ip,
    ]  # fmt: skip
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)[1:-1]


def _entries(connection):  # type: ignore[no-untyped-def]  # frozen with the migration
    """The entries in sequence order, 2,000 at a time (a national trail does not fit in memory)."""
    after = 0
    with connection.cursor() as read:
        while True:
            read.execute(
                "SELECT id, sequence, occurred_at, actor_id, event, object_type, object_id, "
                "participant_id, changes, ip_address, previous_hash, entry_hash "
                "FROM audit_auditentry WHERE sequence > %s ORDER BY sequence LIMIT 2000",
                [after],
            )
            rows = read.fetchall()
            if not rows:
                return
            yield from rows
            after = rows[-1][1]


def key_the_chain(apps, schema_editor):  # type: ignore[no-untyped-def]  # RunPython passes historical apps
    connection = schema_editor.connection
    key = settings.AUDIT_KEY.encode()
    previous_plain = previous_keyed = GENESIS_HASH
    last = 0
    with connection.cursor() as write:
        for entry_id, sequence, *fields, previous_hash, stored_hash in _entries(connection):
            if isinstance(fields[0], str):  # SQLite keeps the time as text, in UTC
                fields[0] = parse_datetime(fields[0])
            if fields[0].tzinfo is None:
                fields[0] = fields[0].replace(tzinfo=datetime.UTC)
            content = _content(fields)
            plain = hashlib.sha256(_canonical(sequence, content, previous_plain)).hexdigest()
            if sequence != last + 1 or previous_hash != previous_plain or plain != stored_hash:
                raise RuntimeError(
                    f"The audit trail is broken at entry #{sequence}; run `lotsa audit verify` "
                    "with the previous version and investigate before upgrading."
                )
            keyed = hmac.new(
                key, _canonical(sequence, content, previous_keyed), hashlib.sha256
            ).hexdigest()
            write.execute(
                "UPDATE audit_auditentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
                [previous_keyed, keyed, entry_id],
            )
            previous_plain, last = plain, sequence
            previous_keyed, before_last = keyed, previous_keyed
        if last:
            write.execute(
                "UPDATE audit_auditchainhead SET last_hash = %s, previous_hash = %s "
                "WHERE last_sequence = %s",
                [previous_keyed, before_last, last],
            )


def append_only(apps, schema_editor):  # type: ignore[no-untyped-def]  # RunPython passes historical apps
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, params=None)


def not_append_only(apps, schema_editor):  # type: ignore[no-untyped-def]  # RunPython passes historical apps
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NOT_APPEND_ONLY, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_joint_casework_events"),
    ]

    operations = [
        migrations.RunPython(key_the_chain, migrations.RunPython.noop),
        migrations.RunPython(append_only, not_append_only),
    ]
