"""Backups of the whole database, and restoring one into an empty database.

SQLite is copied with SQLite's online backup API, which reads one consistent state of the
database while the server goes on writing; copying the file instead could catch a write half
done, or miss what still sits in the write-ahead log. PostgreSQL is dumped with ``pg_dump`` in
its custom format and restored with ``pg_restore``, both connecting as the application does,
with the password handed over in the environment, never on a command line that every user of
the machine can read.

A backup first writes its own entry to the audit trail, so that the copy holds the entry saying
when it was made; the restore's entry is written into the restored database by the command that
restores (``lotsa backup restore``).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.db import connection

from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record

Engine = Literal["sqlite", "postgresql"]
ENGINE_NAMES: dict[Engine, str] = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# How each kind of backup file begins (SQLite's file header; pg_dump's custom format).
MAGIC: dict[Engine, bytes] = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
AUDIT_TABLE = "audit_auditentry"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in words for the operator."""


@dataclass(frozen=True)
class Backup:
    path: Path
    engine: Engine
    # The backup's own entry in the audit trail, the last one the copy holds.
    audit_entry: int


def back_up(target: Path) -> Backup:
    """Copy the whole database, consistent as of one moment, into the new file ``target``
    (readable by its owner only). The file appears only once it is complete."""
    engine = database_engine()
    target = target.absolute()
    if target.exists():
        raise BackupError(f"{target} exists already: a backup never overwrites a file.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    pg_dump = _program("pg_dump") if engine == "postgresql" else ""
    entry = record(
        AuditEvent.DATABASE_BACKED_UP,
        actor=None,
        changes={"file": str(target), "engine": engine},
    )
    # Created with mode 0600, so the copy of everyone's personal data is never readable by
    # others, not even while it is being written.
    handle, partial_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent
    )
    os.close(handle)
    partial = Path(partial_name)
    try:
        if engine == "sqlite":
            _copy_sqlite(_sqlite_file(), partial)
        else:
            _run([pg_dump, "--format=custom", "--no-password", f"--file={partial}"])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(target, engine, entry.sequence)


def restore(source: Path) -> Engine:
    """Restore the backup ``source`` into this installation's database, which must be empty
    (a new SQLite file, or a PostgreSQL database without tables)."""
    engine = database_engine()
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    kind = _kind_of(source)
    if kind is None:
        raise BackupError(
            f"{source} is not a backup made by 'lotsa backup create': neither a SQLite "
            "database nor a pg_dump archive in custom format."
        )
    if kind != engine:
        raise BackupError(
            f"{source} is a backup of a {ENGINE_NAMES[kind]} database, and this installation's "
            f"database is {ENGINE_NAMES[engine]}: restore it into a {ENGINE_NAMES[kind]} database."
        )
    pg_restore = _program("pg_restore") if engine == "postgresql" else ""
    if not _holds_audit_trail(source, pg_restore):
        raise BackupError(f"{source} holds no Lotsa database: it has no audit trail.")
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables): a backup is restored only into an empty database."
        )
    # The restore writes through connections of its own; Django's must not keep what it saw.
    connection.close()
    if engine == "sqlite":
        _restore_sqlite(source, _sqlite_file())
    else:
        _run(
            [
                pg_restore,
                # The objects belong to the user Lotsa connects as, whoever owned them before;
                # grants to other roles are the operator's to give again.
                "--no-owner",
                "--no-acl",
                # All or nothing: a failed restore leaves the database empty, to try again.
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ]
        )
    return engine


def database_engine() -> Engine:
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql":
        return "postgresql"
    raise BackupError(
        f"Backups are made of SQLite and PostgreSQL databases only; this one is "
        f"{connection.vendor}."
    )


def _kind_of(path: Path) -> Engine | None:
    with path.open("rb") as backup:
        start = backup.read(16)
    return next((engine for engine, magic in MAGIC.items() if start.startswith(magic)), None)


def _sqlite_file() -> Path:
    return Path(connection.settings_dict["NAME"]).absolute()


def _sqlite_reader(path: Path) -> sqlite3.Connection:
    # Read-only, so that a mistyped path is an error rather than a new, empty database.
    # The timeout waits out a writer that holds the lock for a moment.
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)


def _copy_sqlite(source: Path, target: Path) -> None:
    try:
        with closing(_sqlite_reader(source)) as database, closing(sqlite3.connect(target)) as copy:
            database.backup(copy)
            # One self-contained file: the copy takes over the database's write-ahead-log mode,
            # in which merely reading it leaves -wal and -shm files beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"The database {source} could not be copied: {error}.") from None


def _holds_audit_trail(source: Path, pg_restore: str) -> bool:
    """Whether the backup is of a Lotsa database (and, for SQLite, undamaged)."""
    if pg_restore:
        listing = _run([pg_restore, "--list", str(source)])
        return re.search(rf"\bTABLE \S+ {AUDIT_TABLE}\b", listing) is not None
    try:
        with closing(_sqlite_reader(source)) as backup:
            (check,) = backup.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise BackupError(f"{source} is damaged: {check}.")
            return bool(
                backup.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [AUDIT_TABLE]
                ).fetchone()
            )
    except sqlite3.Error as error:
        raise BackupError(f"{source} cannot be read: {error}.") from None


def _restore_sqlite(source: Path, target: Path) -> None:
    try:
        with (
            closing(_sqlite_reader(source)) as backup,
            closing(sqlite3.connect(target, timeout=30)) as database,
        ):
            backup.backup(database)
    except sqlite3.Error as error:
        raise BackupError(f"{source} could not be restored: {error}.") from None


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed or not on PATH. Install PostgreSQL's client programs of "
            "the server's major version or newer (on Debian: postgresql-client) and put their "
            "folder on PATH."
        )
    return found


def _postgresql_environment() -> dict[str, str]:
    """The connection of the application, for PostgreSQL's programs: host, port, user and
    database as PG* variables, and the password, the password file and the TLS settings as
    Django's own ``dbshell`` hands them over."""
    settings = connection.settings_dict
    named = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGDATABASE": settings.get("NAME"),
    }
    _arguments, secrets = connection.client.settings_to_cmd_args_env(settings, [])
    return {
        **os.environ,
        **{variable: str(value) for variable, value in named.items() if value},
        **(secrets or {}),
    }


def _run(arguments: list[str]) -> str:
    finished = subprocess.run(  # noqa: S603 - the program is found on PATH, the arguments are ours
        arguments,
        env=_postgresql_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise BackupError(
            f"{Path(arguments[0]).name} failed: {finished.stderr.strip() or finished.returncode}"
        )
    return finished.stdout
