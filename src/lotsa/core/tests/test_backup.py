"""Backing up the database and restoring the copy, as an operator does (docs/deployment.md).

The backup is taken of the test database with records written through the services; it is
restored by a separate ``lotsa`` process into a new, empty database, where ``lotsa audit verify``
must find the trail intact and every row must be as it was, until a checkpoint of the original
taken later, or a changed entry, shows what the copy lacks. On PostgreSQL the copy goes through
``pg_dump`` and ``pg_restore``, on SQLite through SQLite's online backup API.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.core import backup
from lotsa.core.backup import MAGIC, Engine
from lotsa.people.models import Participant
from lotsa.testing.databases import postgresql_only, sqlite_only

POSTGRESQL_ONLY = postgresql_only("pg_dump and pg_restore are PostgreSQL's")


@pytest.fixture(autouse=True)
def _postgresql_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    """pg_dump and pg_restore from the server's packages where PATH has none, as CI's
    PostgreSQL run starts the server from them."""
    if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
        folders = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda f: int(f.parent.name)
        )
        if folders:
            monkeypatch.setenv("PATH", f"{folders[-1]}{os.pathsep}{os.environ['PATH']}")


def lotsa(database_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``lotsa`` run by another process on the database at ``database_url``, with this
    installation's keys and checkpoint file."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(Path(settings.SRC_DIR).parent),
        "DJANGO_SETTINGS_MODULE": "lotsa.testing.settings",
        "LOTSA_PRODUCTION": "False",
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "LOTSA_PSEUDONYM_KEY": settings.PSEUDONYM_KEY,
        "LOTSA_AUDIT_KEY": settings.AUDIT_KEY,
        "LOTSA_AUDIT_CHECKPOINT_FILE": str(settings.AUDIT_CHECKPOINT_FILE),
    }
    return subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "lotsa", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The address of a new database without tables, on the test database's server."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows(dumped: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``dumpdata``'s output, by model, in the order of their keys."""
    by_model: dict[str, list[dict[str, Any]]] = {}
    for row in json.loads(dumped):
        by_model.setdefault(row["model"], []).append({"pk": row["pk"], **row["fields"]})
    return by_model


def records_with_an_audit_trail(personas: Any, two_orgs: Any, case: Any) -> None:
    """Participants, enrolments and consents written by the services (each auditing itself),
    and a checkpoint of the trail kept outside the database."""
    case("ips", referred_on=datetime.date(2025, 11, 3), started_on=datetime.date(2025, 11, 17))
    case("amia")
    call_command("audit", "checkpoint")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("clock")
def test_a_backup_restored_into_an_empty_database_holds_every_row_and_verifies(
    personas: Any, two_orgs: Any, case: Any, tmp_path: Path, empty_database: str, capsys: Any
) -> None:
    records_with_an_audit_trail(personas, two_orgs, case)
    backup_file = tmp_path / "lotsa.backup"

    call_command("backup", "create", str(backup_file))

    assert "Backup of the" in capsys.readouterr().out
    assert backup_file.read_bytes().startswith(
        MAGIC["sqlite" if connection.vendor == "sqlite" else "postgresql"]
    )
    assert backup_file.stat().st_mode & 0o777 == 0o600
    backed_up = AuditEntry.objects.order_by("sequence").last()
    assert backed_up is not None and backed_up.event == AuditEvent.DATABASE_BACKED_UP
    assert backed_up.changes == {"file": str(backup_file), "engine": connection.vendor}
    original = StringIO()
    call_command("dumpdata", stdout=original)

    restored = lotsa(empty_database, "backup", "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    verified = lotsa(empty_database, "audit", "verify")
    dumped = lotsa(empty_database, "dumpdata")

    # The restore's own entry follows the backup's, held against the checkpoint taken before.
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.strip() == (
        f"Audit trail intact: {backed_up.sequence + 1} entries checked, held against 1 checkpoints."
    )
    before, after = rows(original.getvalue()), rows(dumped.stdout)
    trail, restored_trail = before.pop("audit.auditentry"), after.pop("audit.auditentry")
    head, restored_head = before.pop("audit.auditchainhead"), after.pop("audit.auditchainhead")
    assert after == before
    assert restored_trail[:-1] == trail
    assert restored_trail[-1]["event"] == AuditEvent.DATABASE_RESTORED
    assert restored_trail[-1]["changes"] == {"file": str(backup_file)}
    assert restored_head[0]["last_sequence"] == head[0]["last_sequence"] + 1
    assert restored_head[0]["previous_hash"] == trail[-1]["entry_hash"]
    # The rows that matter most, spelled out: the people, with their identity numbers.
    assert [(p["identity_number"], p["last_name"]) for p in after["people.participant"]] == list(
        Participant.objects.order_by("pk").values_list("identity_number", "last_name")
    )
    assert len(after["people.participant"]) >= 4
    assert len(after["pathways.enrolment"]) == len(before["pathways.enrolment"]) >= 4

    # The original goes on working after the backup; its next checkpoint vouches for entries
    # the restored copy never had, and verification there says so.
    case("jom")
    call_command("audit", "checkpoint")
    behind = lotsa(empty_database, "audit", "verify")
    assert behind.returncode != 0
    # The reason comes in the installation's language, Swedish by default.
    assert (
        f"Audit trail broken at entry #{backed_up.sequence + 2}: kontrollpunkten från "
        in behind.stderr
    )
    assert "poster i slutet av kedjan har tagits bort" in behind.stderr

    if connection.vendor == "postgresql":
        # The append-only trigger came back with the tables.
        deleted = lotsa(
            empty_database,
            "shell",
            "-c",
            "from django.db import connection\n"
            "connection.cursor().execute('DELETE FROM audit_auditentry')\n",
        )
        assert "audit entries are append-only: DELETE refused" in deleted.stderr

    # Someone changes an entry of the restored copy: verification finds it.
    tampered = lotsa(
        empty_database,
        "shell",
        "-c",
        "from django.db import transaction\n"
        "from lotsa.testing.audit import as_database_owner\n"
        "with transaction.atomic(), as_database_owner() as cursor:\n"
        "    cursor.execute(\"UPDATE audit_auditentry SET object_id = 'forged' WHERE sequence = 2\")\n",
    )
    assert tampered.returncode == 0, tampered.stderr
    broken = lotsa(empty_database, "audit", "verify")
    assert broken.returncode != 0
    assert "Audit trail broken at entry #2: dess innehåll har ändrats efter att den skrevs" in (
        broken.stderr
    )


@sqlite_only("online copying is SQLite's backup API; pg_dump reads a snapshot of its own")
@pytest.mark.django_db(transaction=True)
def test_sqlite_is_copied_while_a_writer_is_at_work_and_only_what_it_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_database = backup._copy_sqlite

    def copy_while_a_server_writes(source: Path, target: Path) -> None:
        with closing(sqlite3.connect(source, isolation_level=None, timeout=10)) as server:
            server.execute("BEGIN IMMEDIATE")
            server.execute(
                "INSERT INTO django_session (session_key, session_data, expire_date) "
                "VALUES ('half-done', '', '2099-01-01')"
            )
            copy_database(source, target)
            server.execute("COMMIT")

    monkeypatch.setattr(backup, "_copy_sqlite", copy_while_a_server_writes)

    call_command("backup", "create", str(tmp_path / "lotsa.backup"))

    with closing(sqlite3.connect(tmp_path / "lotsa.backup")) as copy:
        copied_sessions = copy.execute("SELECT session_key FROM django_session").fetchall()
        (last_event,) = copy.execute(
            "SELECT event FROM audit_auditentry ORDER BY sequence DESC LIMIT 1"
        ).fetchone()
    assert copied_sessions == []
    assert last_event == AuditEvent.DATABASE_BACKED_UP
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key FROM django_session")
        assert cursor.fetchall() == [("half-done",)]


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_with_data_is_refused(personas: Any, tmp_path: Path) -> None:
    backup_file = tmp_path / "lotsa.backup"
    call_command("backup", "create", str(backup_file))
    entries = AuditEntry.objects.count()

    with pytest.raises(CommandError, match=r"is not empty \(\d+ tables\): a backup is restored"):
        call_command("backup", "restore", str(backup_file))

    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_missing_backup_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no backup at .*missing.backup"):
        call_command("backup", "restore", str(tmp_path / "missing.backup"))


@pytest.mark.django_db
def test_a_file_that_is_no_backup_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a backup made by 'lotsa backup create'"):
        call_command("backup", "restore", str(notes))


@pytest.mark.django_db
def test_a_backup_of_the_other_engine_is_refused(tmp_path: Path) -> None:
    other: Engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    this = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    backup_file = tmp_path / "other.backup"
    backup_file.write_bytes(MAGIC[other] + bytes(100))
    with pytest.raises(CommandError, match=f"this installation's database is {this}"):
        call_command("backup", "restore", str(backup_file))


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    kept = tmp_path / "kept.backup"
    kept.write_text("an older backup", encoding="utf-8")
    with pytest.raises(CommandError, match="exists already: a backup never overwrites a file"):
        call_command("backup", "create", str(kept))
    assert kept.read_text(encoding="utf-8") == "an older backup"
    assert not AuditEntry.objects.exists()
    assert list(tmp_path.iterdir()) == [kept]


@pytest.mark.django_db
def test_only_sqlite_and_postgresql_are_backed_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "vendor", "mysql")
    with pytest.raises(CommandError, match="SQLite and PostgreSQL databases only; this one is"):
        call_command("backup", "create", str(tmp_path / "lotsa.backup"))


@POSTGRESQL_ONLY
@pytest.mark.django_db
def test_without_pg_dump_the_backup_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump is not installed or not on PATH"):
        call_command("backup", "create", str(tmp_path / "lotsa.backup"))
    assert not AuditEntry.objects.exists()
