from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from lotsa.audit.models import AuditChainHead, AuditEntry, AuditEvent
from lotsa.audit.services import record

# A probe reaches the server by its own address, which is not among the allowed host names.
PROBE = {"HTTP_HOST": "10.1.2.3:8000"}


def test_healthz_answers_without_the_database(client: Client) -> None:
    # Without the django_db mark, touching the database would fail the test.
    answer = client.get("/healthz", **PROBE)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert "no-store" in answer.headers["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_ok_for_each_check(client: Client) -> None:
    record(AuditEvent.PARTICIPANT_VIEWED, actor=None, object_type="test", object_id="1")
    answer = client.get("/readyz", **PROBE)
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "audit": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_ok_before_the_first_audited_write(client: Client) -> None:
    assert not AuditChainHead.objects.exists()
    assert client.get("/readyz", **PROBE).status_code == 200


@pytest.mark.django_db
def test_readyz_names_an_unreachable_database(client: Client) -> None:
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        answer = client.get("/readyz", **PROBE)
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    assert "database" in body["failing"]
    assert "gone" not in answer.content.decode()


@pytest.mark.django_db
def test_readyz_names_unapplied_migrations(client: Client) -> None:
    latest = MigrationRecorder.Migration.objects.filter(app="people").latest("id")
    MigrationRecorder(connection).record_unapplied(latest.app, latest.name)
    answer = client.get("/readyz", **PROBE)
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["migrations"]
    assert answer.json()["checks"]["migrations"] == "1 unapplied"


@pytest.mark.django_db
def test_readyz_names_an_audit_head_that_does_not_match_its_entry(client: Client) -> None:
    record(AuditEvent.PARTICIPANT_VIEWED, actor=None, object_type="test", object_id="1")
    AuditChainHead.objects.filter(pk=1).update(last_hash="f" * 64)
    answer = client.get("/readyz", **PROBE)
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["audit"]


@pytest.mark.django_db
def test_readyz_names_an_audit_trail_that_cannot_be_read(client: Client) -> None:
    with mock.patch.object(
        AuditChainHead.objects, "filter", side_effect=OperationalError("no such table")
    ):
        answer = client.get("/readyz", **PROBE)
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["audit"]


@pytest.mark.django_db
def test_the_probes_are_not_audited(client: Client) -> None:
    client.get("/healthz", **PROBE)
    client.get("/readyz", **PROBE)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_probes_are_not_sent_to_https(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/healthz", **PROBE).status_code == 200
    assert client.get("/readyz", **PROBE).status_code == 200


def test_other_addresses_still_check_the_host(client: Client) -> None:
    assert client.get("/healthz/", **PROBE).status_code == 400
