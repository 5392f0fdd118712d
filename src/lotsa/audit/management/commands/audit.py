from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.audit.checkpoints import take_checkpoint
from lotsa.audit.verify import verify_chain
from lotsa.core.locks import held_alone


class Command(BaseCommand):
    help = (
        "Work with the audit trail. 'audit verify' checks its hash chain against the "
        "checkpoints; 'audit checkpoint' records where the chain ends now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser(
            "verify", help="Check every link of the hash chain and hold it against checkpoints."
        )
        verify.add_argument(
            "--checkpoints",
            nargs="*",
            type=Path,
            default=[],
            metavar="FILE",
            help="More files of checkpoints to hold the chain against (kept from the log or "
            "from mail), besides the installation's checkpoint file.",
        )
        subcommands.add_parser(
            "checkpoint",
            help="Append a checkpoint of the chain's head to the checkpoint file and the log "
            "(run it from a timer, e.g. every quarter of an hour).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "checkpoint":
            with held_alone("audit-checkpoint") as alone:
                if not alone:
                    self.stdout.write("Another server is taking a checkpoint now: nothing done.")
                    return
                checkpoint = take_checkpoint()
            if checkpoint is None:
                self.stdout.write("The audit trail is empty: no checkpoint taken.")
            else:
                self.stdout.write(f"Audit checkpoint taken at entry #{checkpoint.sequence}.")
            return
        report = verify_chain(options["checkpoints"])
        if not report.intact:
            raise CommandError(
                f"Audit trail broken at entry #{report.broken_at}: {report.reason} "
                f"({report.checked} entries before it are intact)."
            )
        self.stdout.write(
            f"Audit trail intact: {report.checked} entries checked"
            + (
                f", held against {report.checkpoints} checkpoints."
                if report.checkpoints
                else "; no checkpoint to hold it against yet."
            )
        )
