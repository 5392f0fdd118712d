"""Someone with write access to the database tries to shorten or rewrite the audit trail.

Each attack is what a database owner could do by hand; `lotsa audit verify` must find every one,
by the chain's key (which the database does not hold) and the checkpoints kept outside it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from lotsa.audit.models import AuditChainHead, AuditEntry, AuditEvent
from lotsa.audit.services import entry_hash, record
from lotsa.audit.verify import verify_chain
from lotsa.testing.audit import as_database_owner
from lotsa.testing.databases import postgresql_only

pytestmark = pytest.mark.django_db
POSTGRESQL_ONLY = postgresql_only("the append-only trigger is PostgreSQL's")


def chain_of(personas: Any, count: int) -> list[AuditEntry]:
    return [
        record(AuditEvent.LOGIN_SUCCEEDED, actor=personas.coach_a, obj=personas.coach_a)
        for _ in range(count)
    ]


def cut_back_to(cursor: Any, last_kept: AuditEntry | None, *, keep_head: bool = True) -> None:
    """Delete every entry after ``last_kept`` and move the head back to it (or delete it)."""
    sequence = last_kept.sequence if last_kept else 0
    cursor.execute("DELETE FROM audit_auditentry WHERE sequence > %s", [sequence])
    if not keep_head:
        cursor.execute("DELETE FROM audit_auditchainhead")
        return
    cursor.execute(
        "UPDATE audit_auditchainhead SET last_sequence = %s, last_hash = %s, previous_hash = %s",
        [
            sequence,
            last_kept.entry_hash if last_kept else "0" * 64,
            last_kept.previous_hash if last_kept else "0" * 64,
        ],
    )


def test_entries_cut_off_the_end_with_the_head_moved_back_are_found(personas: Any) -> None:
    entries = chain_of(personas, 5)
    call_command("audit", "checkpoint")
    with as_database_owner() as cursor:
        cut_back_to(cursor, entries[2])
    report = verify_chain()
    assert not report.intact
    assert report.broken_at == 4 and "checkpoint" in report.reason


def test_entries_cut_off_the_end_with_the_head_deleted_are_found(personas: Any) -> None:
    entries = chain_of(personas, 5)
    call_command("audit", "checkpoint")
    with as_database_owner() as cursor:
        cut_back_to(cursor, entries[1], keep_head=False)
    assert verify_chain().broken_at == 3


def test_an_emptied_trail_is_found(personas: Any) -> None:
    chain_of(personas, 5)
    call_command("audit", "checkpoint")
    with as_database_owner() as cursor:
        cut_back_to(cursor, None, keep_head=False)
    report = verify_chain()
    assert (report.checked, report.broken_at) == (0, 1)


def test_a_restored_older_backup_is_found(personas: Any) -> None:
    entries = chain_of(personas, 5)
    call_command("audit", "checkpoint")
    chain_of(personas, 3)
    call_command("audit", "checkpoint")
    with as_database_owner() as cursor:  # the backup taken at the first checkpoint
        cut_back_to(cursor, entries[-1])
    report = verify_chain()
    assert report.broken_at == 6 and "checkpoint" in report.reason


def test_an_entry_rewritten_with_every_later_hash_recomputed_is_found(personas: Any) -> None:
    """The forger has the code but not the installation's key."""
    chain_of(personas, 5)
    with override_settings(AUDIT_KEY="the forger's guess"), as_database_owner() as cursor:
        previous = "0" * 64
        for entry in AuditEntry.objects.order_by("sequence"):
            if entry.sequence == 2:
                entry.changes = {"forged": True}
            entry.previous_hash = previous
            entry.entry_hash = entry_hash(entry)
            cursor.execute(
                "UPDATE audit_auditentry SET changes = %s, previous_hash = %s, entry_hash = %s "
                "WHERE id = %s",
                [json.dumps(entry.changes), entry.previous_hash, entry.entry_hash, entry.pk],
            )
            previous = entry.entry_hash
        cursor.execute(
            "UPDATE audit_auditchainhead SET last_hash = %s, previous_hash = %s",
            [previous, entry.previous_hash],
        )
    report = verify_chain()
    assert report.broken_at == 1 and "changed" in report.reason


def test_a_checkpoint_not_signed_with_the_key_is_refused(personas: Any, settings: Any) -> None:
    chain_of(personas, 2)
    call_command("audit", "checkpoint")
    lines = settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    forged = json.loads(lines[-1]) | {"sequence": 1}
    settings.AUDIT_CHECKPOINT_FILE.write_text(json.dumps(forged) + "\n")
    report = verify_chain()
    assert not report.intact and "signed" in report.reason


def test_checkpoints_are_kept_in_the_file_and_the_log_every_so_many_entries(
    personas: Any, settings: Any, caplog: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 3
    with caplog.at_level("INFO", logger="lotsa.audit"):
        for _n in range(7):
            with django_capture_on_commit_callbacks(execute=True):
                chain_of(personas, 1)
    taken = [json.loads(line) for line in settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()]
    assert [checkpoint["sequence"] for checkpoint in taken] == [3, 6]
    head = AuditChainHead.objects.get()
    assert taken[-1]["hash"] == AuditEntry.objects.get(sequence=6).entry_hash != head.last_hash
    assert sum("audit checkpoint" in message for message in caplog.messages) == 2
    assert verify_chain().intact


def test_verify_compares_with_the_checkpoint_it_is_given(personas: Any, tmp_path: Any) -> None:
    """A checkpoint mailed to the operator is checked even when the file is lost."""
    chain_of(personas, 4)
    call_command("audit", "checkpoint")
    mailed = tmp_path / "mailed.jsonl"
    mailed.write_text(settings_file().read_text())
    settings_file().unlink()
    with as_database_owner() as cursor:
        cut_back_to(cursor, AuditEntry.objects.get(sequence=2))
    assert verify_chain().intact  # nothing to compare with: the end looks whole
    assert verify_chain(checkpoint_files=[mailed]).broken_at == 3


def settings_file() -> Any:
    from django.conf import settings

    return settings.AUDIT_CHECKPOINT_FILE


@POSTGRESQL_ONLY
def test_the_database_refuses_to_change_or_delete_an_entry(personas: Any) -> None:
    entry = chain_of(personas, 1)[0]
    for statement in (
        "UPDATE audit_auditentry SET event = 'login.failure' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).event == AuditEvent.LOGIN_SUCCEEDED
