"""Two servers running the same timer: the second finds the work under way and does nothing."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connections

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.core.locks import held_alone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clock")]


@contextmanager
def held_by_another_server(name: str) -> Iterator[None]:
    """The lock held by a thread on a database connection of its own, as another server would."""
    taken, done = threading.Event(), threading.Event()
    outcome: list[bool] = []

    def hold() -> None:
        try:
            with held_alone(name) as alone:
                outcome.append(alone)
                taken.set()
                done.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(timeout=10) and outcome == [True]
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=10)


def test_reminders_are_sent_once_when_two_servers_run_them(
    personas, case, capsys, mailoutbox
) -> None:
    case("ips", referred_on=datetime.date(2025, 1, 1), started_on=datetime.date(2025, 1, 2))
    personas.coach_a.email = "coach@example.org"
    personas.coach_a.daily_reminder_email = True
    personas.coach_a.save(update_fields=["email", "daily_reminder_email"])
    with held_by_another_server("reminders"):
        call_command("reminders", "--email")
    assert "Another server is sending the reminders now" in capsys.readouterr().out
    assert mailoutbox == []
    call_command("reminders", "--email")
    assert [message.to for message in mailoutbox] == [["coach@example.org"]]


def test_an_audit_checkpoint_is_taken_once_when_two_servers_take_it(case, capsys) -> None:
    case("ips")  # an audited referral, so that there is a chain to take a checkpoint of
    with held_by_another_server("audit-checkpoint"):
        call_command("audit", "checkpoint")
    assert "Another server is taking a checkpoint now" in capsys.readouterr().out
    call_command("audit", "checkpoint")
    assert "Audit checkpoint taken at entry #" in capsys.readouterr().out


def test_the_retention_runs_once_when_two_servers_start_it(personas, capsys) -> None:
    with held_by_another_server("retention"):
        call_command("retention")
    assert "Another server is running the retention now" in capsys.readouterr().out
    assert not AuditEntry.objects.filter(event=AuditEvent.RETENTION_RUN).exists()
    call_command("retention")
    assert "0 cases, 0 referrals" in capsys.readouterr().out
    assert AuditEntry.objects.filter(event=AuditEvent.RETENTION_RUN).count() == 1


def test_the_lock_is_free_again_after_the_work(db) -> None:
    with held_alone("reminders") as first:
        assert first
    with held_alone("reminders") as again:
        assert again
