"""Checkpoints of the audit trail, kept where the database's owner cannot reach them.

A checkpoint says "entry #N had hash H at time T", signed with the audit key. Lotsa appends one
to a file outside the data folder and writes it to the operator's log (and mails it, where
addresses are set) after every so many entries and whenever `lotsa audit checkpoint` runs.
The chain alone shows an entry changed or taken from its middle; a checkpoint shows the end cut
off, the trail emptied, or an older backup restored, because the chain no longer reaches an
entry the checkpoint vouches for.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from lotsa.audit.models import AuditChainHead, AuditEntry
from lotsa.audit.services import keyed_hash

logger = logging.getLogger("lotsa.audit")


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    taken_at: str
    signature: str

    @property
    def signed(self) -> bool:
        return hmac.compare_digest(
            self.signature, _signature(self.sequence, self.hash, self.taken_at)
        )

    def line(self) -> str:
        return json.dumps(
            {"sequence": self.sequence, "hash": self.hash, "taken_at": self.taken_at,
             "signature": self.signature},
            separators=(",", ":"),
        )  # fmt: skip


class UnreadableCheckpoint(ValueError):
    """A line of a checkpoint file that is not a checkpoint."""


def _signature(sequence: int, entry_hash: str, taken_at: str) -> str:
    return keyed_hash(f"checkpoint|{sequence}|{entry_hash}|{taken_at}")


def take_checkpoint(*, up_to: int | None = None) -> Checkpoint | None:
    """A checkpoint of entry ``up_to`` (of the chain's head when None), kept in the file, the
    log and the mail; None while the trail is empty."""
    if up_to is None:
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is None or head.last_sequence == 0:
            return None
        sequence, entry_hash = head.last_sequence, head.last_hash
    else:
        sequence, entry_hash = AuditEntry.objects.values_list("sequence", "entry_hash").get(
            sequence=up_to
        )
    taken_at = timezone.now().isoformat(timespec="seconds")
    checkpoint = Checkpoint(
        sequence, entry_hash, taken_at, _signature(sequence, entry_hash, taken_at)
    )
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as checkpoints:
        checkpoints.write(checkpoint.line() + "\n")
    logger.info("audit checkpoint %s", checkpoint.line())
    if settings.AUDIT_CHECKPOINT_EMAIL:
        try:
            send_mail(
                f"Lotsa audit checkpoint #{sequence}",
                checkpoint.line(),
                None,
                settings.AUDIT_CHECKPOINT_EMAIL,
            )
        except OSError:
            # The file and the log hold it; a mail server being down must not stop the work.
            logger.exception("The audit checkpoint #%s could not be mailed.", sequence)
    return checkpoint


def read_checkpoints(paths: Iterable[Path]) -> list[Checkpoint]:
    """Every checkpoint in the files (a file that does not exist holds none)."""
    found = []
    for path in paths:
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                values = json.loads(line)
                found.append(
                    Checkpoint(
                        int(values["sequence"]), str(values["hash"]), str(values["taken_at"]),
                        str(values["signature"]),
                    )
                )  # fmt: skip
            except (ValueError, KeyError, TypeError):
                raise UnreadableCheckpoint(f"{path}, line {number}") from None
    return found
