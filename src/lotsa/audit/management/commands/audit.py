from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Work with the audit trail. 'audit verify' checks its hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser("verify", help="Check every link of the hash chain.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Audit trail broken at entry #{report.broken_at}: {report.reason} "
                f"({report.checked} entries before it are intact)."
            )
        self.stdout.write(f"Audit trail intact: {report.checked} entries checked.")
