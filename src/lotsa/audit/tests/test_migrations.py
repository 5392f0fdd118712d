"""The migration that keys the chain of an existing trail."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.management import call_command
from django.db import connection

from lotsa.audit.models import AuditEntry
from lotsa.audit.services import _hashed_content, entry_hash
from lotsa.audit.verify import verify_chain
from lotsa.testing.migrations import migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0004_joint_casework_events")]


def plain_chain(apps: object, *, break_at: int | None = None) -> None:
    """Three entries hashed as before the key, with the head after them."""
    entry_model = apps.get_model("audit", "AuditEntry")  # type: ignore[attr-defined]
    head_model = apps.get_model("audit", "AuditChainHead")  # type: ignore[attr-defined]
    previous = "0" * 64
    before_last = previous
    for sequence in (1, 2, 3):
        entry = AuditEntry(
            sequence=sequence,
            occurred_at=datetime.datetime(2026, 3, sequence, 9, 30, tzinfo=datetime.UTC),
            event="participant.view",
            object_type="people.participant",
            object_id=str(sequence),
            participant_id=sequence,
            changes={"note": "åäö", "n": sequence},
            ip_address="192.0.2.10",
            previous_hash=previous,
        )
        canonical = f'[{sequence},{_hashed_content(entry)},"{previous}"]'
        stored = hashlib.sha256(canonical.encode()).hexdigest()
        if sequence == break_at:
            entry.changes = {"forged": True}
        entry_model.objects.create(
            sequence=sequence, occurred_at=entry.occurred_at, event=entry.event,
            object_type=entry.object_type, object_id=entry.object_id,
            participant_id=entry.participant_id, changes=entry.changes,
            ip_address=entry.ip_address, previous_hash=previous, entry_hash=stored,
        )  # fmt: skip
        before_last, previous = previous, stored
    head_model.objects.update_or_create(
        pk=1, defaults={"last_sequence": 3, "last_hash": previous, "previous_hash": before_last}
    )


def test_an_intact_trail_is_keyed_link_by_link() -> None:
    plain_chain(migrate(BEFORE))
    call_command("migrate", verbosity=0)
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert [entry.entry_hash == entry_hash(entry) for entry in entries] == [True] * 3
    report = verify_chain()
    assert report.intact and report.checked == 3


def test_a_broken_trail_stops_the_migration() -> None:
    plain_chain(migrate(BEFORE), break_at=2)
    with pytest.raises(RuntimeError, match="broken at entry #2"):
        call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # leave the database as the next test expects it
        cursor.execute("DELETE FROM audit_auditentry")
    call_command("migrate", verbosity=0)
