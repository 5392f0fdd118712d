from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.backup import ENGINE_NAMES, BackupError, back_up, restore


class Command(BaseCommand):
    help = (
        "Back up the database, or restore a backup into an empty database. 'backup create' "
        "copies SQLite with its online backup API and dumps PostgreSQL with pg_dump; "
        "'backup restore' puts the copy back (pg_restore for PostgreSQL). See "
        "docs/deployment.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        create = subcommands.add_parser(
            "create",
            help="Write a backup of the whole database, consistent while the servers keep "
            "working, to a new file (readable by its owner only).",
        )
        create.add_argument("file", type=Path, help="The backup file to write; must not exist.")
        restore_parser = subcommands.add_parser(
            "restore",
            help="Restore a backup into this installation's database, which must be empty; "
            "then run 'lotsa audit verify'.",
        )
        restore_parser.add_argument("file", type=Path, help="A file 'backup create' wrote.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if options["subcommand"] == "create":
                backup = back_up(path)
                self.stdout.write(
                    f"Backup of the {ENGINE_NAMES[backup.engine]} database written to "
                    f"{backup.path}; its audit trail ends at entry #{backup.audit_entry}."
                )
                return
            engine = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Into the restored database: its trail then says that it was restored, and from what.
        entry = record(
            AuditEvent.DATABASE_RESTORED, actor=None, changes={"file": str(path.absolute())}
        )
        self.stdout.write(
            f"{path} restored into the {ENGINE_NAMES[engine]} database (audit entry "
            f"#{entry.sequence}). Check it with 'lotsa audit verify', and start a new audit "
            "checkpoint file if the old one vouches for entries after the backup "
            "(docs/deployment.md)."
        )
