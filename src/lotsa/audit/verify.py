"""Checking the hash chain of the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from lotsa.audit.models import AuditChainHead, AuditEntry
from lotsa.audit.services import GENESIS_HASH, entry_hash


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Walk the chain from the first entry and report the first link that does not hold."""
    expected_sequence = 1
    previous = GENESIS_HASH
    entries = AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000)
    for entry in entries:
        if entry.sequence != expected_sequence:
            return ChainReport(
                expected_sequence - 1, expected_sequence, "the entry is missing from the chain"
            )
        if entry.previous_hash != previous:
            return ChainReport(
                expected_sequence - 1, entry.sequence, "it does not link to the entry before it"
            )
        if entry_hash(entry) != entry.entry_hash:
            return ChainReport(
                expected_sequence - 1,
                entry.sequence,
                "its content was changed after it was written",
            )
        previous = entry.entry_hash
        expected_sequence += 1
    checked = expected_sequence - 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_sequence, head.last_hash) != (checked, previous):
        return ChainReport(checked, checked + 1, "entries at the end of the chain were removed")
    return ChainReport(checked)
