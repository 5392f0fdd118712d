"""Reports and exports read from a streaming replica; writes, audit entries and every other
page stay on the primary; a replica that does not answer leaves the reports on the primary."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLConnection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotsa.audit.models import AuditEntry
from lotsa.core import replica
from lotsa.core.replica import (
    ReplicaRouter,
    reading_from_replica,
    replica_in_use,
    streamed_from_replica,
)
from lotsa.pathways.models import Enrolment
from lotsa.people.pseudonyms import pseudonym
from lotsa.testing.databases import postgresql_only
from lotsa.testing.environment import PRODUCTION, settings_under
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.personas import build_knut_team, build_personas
from lotsa.testing.spreadsheets import read_csv

REPLICA = "replica"
HAS_REPLICA = REPLICA in django_settings.DATABASES
PRIMARY_URL = "postgres://lotsa@db.example.org:5432/lotsa"


def _rows(response: Any) -> list[list[str]]:
    """The lines of a streamed CSV export, without its heading."""
    return read_csv(response.streaming_content)[1:]


# ------------------------------------------------------------------ settings


def test_without_a_replica_everything_reads_from_the_primary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = settings_under(monkeypatch, **PRODUCTION, DATABASE_REPLICA_URL="")
    assert list(settings.DATABASES) == ["default"]
    assert settings.READ_REPLICA is None


def test_the_replica_is_reached_with_the_primarys_password_unless_it_has_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = settings_under(
        monkeypatch,
        **PRODUCTION,
        DATABASE_URL=PRIMARY_URL,
        DATABASE_PASSWORD="synthetic-primary-password",
        DATABASE_REPLICA_URL="postgres://lotsa@replica.example.org:5433/lotsa",
        DATABASE_REPLICA_PASSWORD="",
        DATABASE_REPLICA_PASSWORD_FILE="",
    )
    assert shared.READ_REPLICA == "replica"
    reached = shared.DATABASES["replica"]
    assert (reached["HOST"], reached["PORT"], reached["NAME"]) == (
        "replica.example.org",
        5433,
        "lotsa",
    )
    assert reached["PASSWORD"] == "synthetic-primary-password"
    assert reached["TEST"] == {"MIRROR": "default"}
    assert reached["OPTIONS"]["connect_timeout"] == 3
    assert shared.DATABASES["default"]["HOST"] == "db.example.org"

    password = tmp_path / "replica-password"
    password.write_text("synthetic-replica-password\n", encoding="utf-8")
    own = settings_under(
        monkeypatch,
        **PRODUCTION,
        DATABASE_URL=PRIMARY_URL,
        DATABASE_PASSWORD="synthetic-primary-password",
        DATABASE_REPLICA_URL="postgres://lotsa@replica.example.org:5433/lotsa",
        DATABASE_REPLICA_PASSWORD_FILE=str(password),
    )
    assert own.DATABASES["replica"]["PASSWORD"] == "synthetic-replica-password"
    assert own.DATABASES["default"]["PASSWORD"] == "synthetic-primary-password"


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"DATABASE_URL": "sqlite:///{tmp}/lotsa.sqlite3", "DATABASE_REPLICA_URL": PRIMARY_URL},
            "names a PostgreSQL streaming replica",
        ),
        (
            {"DATABASE_URL": PRIMARY_URL, "DATABASE_REPLICA_URL": "sqlite:///{tmp}/copy.sqlite3"},
            "names a PostgreSQL streaming replica",
        ),
        (
            {"DATABASE_REPLICA_URL": "", "DATABASE_REPLICA_PASSWORD": "synthetic"},
            "DATABASE_REPLICA_PASSWORD is for the replica",
        ),
    ],
)
def test_a_replica_that_cannot_be_one_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, environment: dict[str, str], message: str
) -> None:
    given = {name: value.format(tmp=tmp_path) for name, value in environment.items()}
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_under(monkeypatch, **PRODUCTION, **given)


# ------------------------------------------------------------------ the router


@pytest.fixture
def replica_answers(settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Reports read from an alias the router may name, without a server behind it."""
    settings.READ_REPLICA = "some-replica"
    monkeypatch.setattr(replica, "_answers", lambda alias: True)
    return "some-replica"


def test_reads_go_to_the_replica_only_inside_the_block(replica_answers: str) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Enrolment) == DEFAULT_DB_ALIAS
    with reading_from_replica():
        assert router.db_for_read(Enrolment) == replica_answers
        assert replica_in_use() == replica_answers
        assert router.db_for_write(Enrolment) == DEFAULT_DB_ALIAS
        assert router.db_for_write(AuditEntry) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Enrolment) == DEFAULT_DB_ALIAS
    assert replica_in_use() is None


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_stays_there(replica_answers: str) -> None:
    """What a write reads (the audit trail's head) must see what its transaction sees."""
    router = ReplicaRouter()
    with reading_from_replica(), transaction.atomic():
        assert router.db_for_read(AuditEntry) == DEFAULT_DB_ALIAS


def test_a_stream_reads_from_the_replica_only_while_it_takes_a_row(replica_answers: str) -> None:
    seen = []

    def rows() -> Iterator[int]:
        for number in range(3):
            seen.append(replica_in_use())
            yield number

    taken = [(row, replica_in_use()) for row in streamed_from_replica(rows())]
    assert seen == [replica_answers] * 3
    assert taken == [(0, None), (1, None), (2, None)]


def test_the_replica_is_never_migrated() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "pathways") is True
    assert router.allow_migrate(REPLICA, "pathways") is False


def test_without_a_replica_the_block_reads_from_the_primary(settings: Any) -> None:
    settings.READ_REPLICA = None
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Enrolment) == DEFAULT_DB_ALIAS


# ------------------------------------------------------------------ a replica that does not answer


@pytest.fixture
def unanswering_replica(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A PostgreSQL replica on a port of this machine where nothing listens."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    alias = "unanswering-replica"
    configured = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: {},  # required here, and left as it is
            alias: {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "lotsa",
                "USER": "lotsa",
                "HOST": "127.0.0.1",
                "PORT": port,
                "OPTIONS": {"connect_timeout": 2},
            },
        }
    )
    # A connection of its own, outside the configured ones that the test case guards.
    connections[alias] = PostgreSQLConnection(configured[alias], alias)
    monkeypatch.setattr(replica, "_unanswered_until", {})
    settings.READ_REPLICA = alias
    yield alias
    del connections[alias]


@pytest.mark.django_db
def test_a_report_is_read_from_the_primary_when_the_replica_does_not_answer(
    personas: Any,
    client_for: Any,
    unanswering_replica: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_for(personas.manager_a)
    with caplog.at_level(logging.WARNING, logger="lotsa.core.replica"):
        response = client.get(f"/outcomes/enrolments.csv?unit={personas.unit_a.pk}")
        rows = _rows(response)
    assert response.status_code == 200
    assert len(rows) == Enrolment.objects.filter(unit=personas.unit_a).count()
    (warning,) = caplog.records
    assert warning.getMessage().startswith("The replica does not answer (")
    assert warning.getMessage().endswith("reports read from the primary for 30 seconds.")
    # The next report does not try again until the time is up.
    tries = []
    monkeypatch.setattr(
        connections[unanswering_replica], "ensure_connection", lambda: tries.append(1)
    )
    assert client.get(f"/outcomes/ips/?unit={personas.unit_a.pk}").status_code == 200
    assert tries == []


# ------------------------------------------------------------------ a real streaming replica


def _on_replica(sql: str) -> Any:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


@pytest.fixture
def replay_paused() -> Iterator[None]:
    """The replica stops replaying what the primary writes, and so differs from it, until the
    test ends."""
    _on_replica("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        _on_replica("SELECT pg_wal_replay_resume()")


@postgresql_only("a streaming replica is PostgreSQL's")
@pytest.mark.django_db(
    transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA] if HAS_REPLICA else None
)
def test_reports_read_from_the_replica_and_write_their_audit_entries_to_the_primary(
    settings: Any, client_for: Any, request: pytest.FixtureRequest
) -> None:
    # scripts/run-tests starts a replica beside every PostgreSQL server it tests on.
    assert HAS_REPLICA, "no replica: run the PostgreSQL suite with scripts/run-tests"
    personas = build_personas()
    replica.wait_for_replica(REPLICA)
    settings.READ_REPLICA = REPLICA
    assert _on_replica("SELECT pg_is_in_recovery(), inet_server_port()") == (
        True,
        int(settings.DATABASES[REPLICA]["PORT"]),
    )
    replicated = list(
        Enrolment.objects.filter(unit=personas.unit_a).order_by("pk").values_list("pk", flat=True)
    )

    request.getfixturevalue("replay_paused")
    later = EnrolmentFactory.create(unit=personas.unit_a, responsible_staff=personas.coach_a)
    manager = client_for(personas.manager_a)
    started_at = timezone.now()

    # The export and the report read what the replica has: not the enrolment made since.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        export = manager.get(f"/outcomes/enrolments.csv?unit={personas.unit_a.pk}")
        rows = _rows(export)
        report = manager.get(f"/outcomes/ips/?unit={personas.unit_a.pk}")
    assert export.status_code == report.status_code == 200
    assert [row[0] for row in rows] == [pseudonym(pk, "enrolment") for pk in replicated]
    assert len(replicated) == 2
    assert len(on_replica.captured_queries) > 2
    assert any("pathways_enrolment" in query["sql"] for query in on_replica.captured_queries)

    # A case page reads from the primary: the enrolment just made is there.
    with CaptureQueriesContext(connections[REPLICA]) as case_on_replica:
        case_page = client_for(personas.coach_a).get(f"/cases/{later.pk}/")
    assert case_page.status_code == 200
    assert case_on_replica.captured_queries == []

    # Both pages' audit entries are on the primary, and not (yet) on the replica.
    logged = AuditEntry.objects.using(DEFAULT_DB_ALIAS).filter(
        actor=personas.manager_a, occurred_at__gte=started_at
    )
    assert sorted(logged.values_list("event", flat=True)) == ["outcomes.export", "outcomes.view"]
    shown = logged.get(event="outcomes.view")
    assert shown.changes["units"] == [personas.unit_a.pk]
    logged_ids = list(logged.values_list("pk", flat=True))
    assert not AuditEntry.objects.using(REPLICA).filter(pk__in=logged_ids).exists()

    # Once the replica replays again it shows the new enrolment too.
    _on_replica("SELECT pg_wal_replay_resume()")
    replica.wait_for_replica(REPLICA)
    again = _rows(manager.get(f"/outcomes/enrolments.csv?unit={personas.unit_a.pk}"))
    assert len(again) == 3


@postgresql_only("a streaming replica is PostgreSQL's")
@pytest.mark.django_db(
    transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA] if HAS_REPLICA else None
)
def test_the_gender_statistics_read_from_the_replica_and_log_on_the_primary(
    settings: Any, client_for: Any
) -> None:
    assert HAS_REPLICA, "no replica: run the PostgreSQL suite with scripts/run-tests"
    team = build_knut_team()
    replica.wait_for_replica(REPLICA)
    settings.READ_REPLICA = REPLICA
    started_at = timezone.now()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client_for(team.manager).get(
            f"/work-training/units/{team.unit.pk}/gender-statistics/"
        )
    assert page.status_code == 200
    assert any("worktraining_workunit" in q["sql"] for q in on_replica.captured_queries)
    assert any("casework_contact" in q["sql"] for q in on_replica.captured_queries)
    logged = AuditEntry.objects.using(DEFAULT_DB_ALIAS).filter(
        actor=team.manager, occurred_at__gte=started_at, event="gender_statistics.view"
    )
    assert logged.get().object_id == str(team.unit.pk)
