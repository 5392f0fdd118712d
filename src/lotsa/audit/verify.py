"""Checking the audit trail: its keyed hash chain, and the checkpoints kept outside the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from lotsa.audit.checkpoints import Checkpoint, UnreadableCheckpoint, read_checkpoints
from lotsa.audit.models import AuditChainHead, AuditEntry
from lotsa.audit.services import GENESIS_HASH, entry_hash


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    checkpoints: int = 0

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(checkpoint_files: Iterable[Path] | None = None) -> ChainReport:
    """Walk the chain from the first entry and report the first link that does not hold, then
    hold the chain against every checkpoint: in the installation's checkpoint file, and in the
    files given (a checkpoint kept from the log or a mail)."""
    files = [Path(settings.AUDIT_CHECKPOINT_FILE), *(checkpoint_files or [])]
    try:
        checkpoints = read_checkpoints(files)
    except UnreadableCheckpoint as unreadable:
        return ChainReport(
            0, 0, _("a checkpoint cannot be read (%(where)s)") % {"where": unreadable}
        )
    forged = next((c for c in checkpoints if not c.signed), None)
    if forged is not None:
        return ChainReport(
            0, forged.sequence, _("a checkpoint is not signed with this installation's audit key")
        )
    vouched: dict[int, Checkpoint] = {c.sequence: c for c in checkpoints}
    report = _walk(vouched)
    return ChainReport(report.checked, report.broken_at, report.reason, len(checkpoints))


def _walk(vouched: dict[int, Checkpoint]) -> ChainReport:
    expected_sequence = 1
    previous = GENESIS_HASH
    entries = AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000)
    for entry in entries:
        if entry.sequence != expected_sequence:
            return ChainReport(
                expected_sequence - 1, expected_sequence, _("the entry is missing from the chain")
            )
        if entry.previous_hash != previous:
            return ChainReport(
                expected_sequence - 1, entry.sequence, _("it does not link to the entry before it")
            )
        if entry_hash(entry) != entry.entry_hash:
            return ChainReport(
                expected_sequence - 1,
                entry.sequence,
                _("its content was changed after it was written"),
            )
        checkpoint = vouched.get(entry.sequence)
        if checkpoint is not None and checkpoint.hash != entry.entry_hash:
            return ChainReport(
                expected_sequence - 1,
                entry.sequence,
                _("it differs from the checkpoint of %(taken)s") % {"taken": checkpoint.taken_at},
            )
        previous = entry.entry_hash
        expected_sequence += 1
    checked = expected_sequence - 1
    last_vouched = max(vouched.values(), key=lambda c: c.sequence, default=None)
    if last_vouched is not None and last_vouched.sequence > checked:
        return ChainReport(
            checked,
            checked + 1,
            _(
                "the checkpoint of %(taken)s vouches for entries up to #%(sequence)s: entries at "
                "the end of the chain were removed"
            )
            % {"taken": last_vouched.taken_at, "sequence": last_vouched.sequence},
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_sequence, head.last_hash) != (checked, previous):
        return ChainReport(checked, checked + 1, _("entries at the end of the chain were removed"))
    return ChainReport(checked)
