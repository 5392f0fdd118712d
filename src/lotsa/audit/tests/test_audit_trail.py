from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lotsa.audit.models import AuditChainHead, AuditEntry, AuditEvent
from lotsa.audit.services import record
from lotsa.audit.verify import verify_chain
from lotsa.people.services import record_consent
from lotsa.testing.audit import as_database_owner

pytestmark = pytest.mark.django_db


def test_opening_a_participant_page_is_recorded_with_user_and_address(personas, client_for) -> None:
    client_for(personas.coach_a).get(f"/participants/{personas.own.pk}/", REMOTE_ADDR="192.0.2.10")
    entry = AuditEntry.objects.get(event=AuditEvent.PARTICIPANT_VIEWED)
    assert entry.actor == personas.coach_a
    assert entry.participant_id == personas.own.pk
    assert (entry.object_type, entry.object_id) == ("people.participant", str(personas.own.pk))
    assert entry.ip_address == "192.0.2.10"


def test_fetching_a_participant_through_the_api_is_recorded(personas, api_for) -> None:
    api_for(personas.coach_a).get(f"/api/participants/{personas.own.pk}")
    assert AuditEntry.objects.filter(
        event=AuditEvent.PARTICIPANT_VIEWED, actor=personas.coach_a, participant_id=personas.own.pk
    ).exists()


def test_searching_records_who_was_listed_but_not_the_search_text(personas, client_for) -> None:
    client_for(personas.coach_a).get("/participants/", {"q": personas.own.identity_display})
    entry = AuditEntry.objects.get(event=AuditEvent.PARTICIPANTS_LISTED)
    assert entry.changes == {"participants": [personas.own.pk]}
    assert personas.own.identity_number not in str(entry.changes)


def test_entries_cannot_be_changed_or_deleted_through_the_application(personas) -> None:
    entry = record(AuditEvent.LOGIN_SUCCEEDED, actor=personas.coach_a, obj=personas.coach_a)
    entry.event = AuditEvent.LOGIN_FAILED
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(event="login.failure")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.bulk_update([entry], ["event"])
    assert AuditEntry.objects.get(pk=entry.pk).event == AuditEvent.LOGIN_SUCCEEDED


def test_every_entry_links_to_the_one_before(personas) -> None:
    record_consent(
        actor=personas.coach_a,
        participant=personas.own,
        kind="survey",
        given_on=datetime.date(2026, 1, 1),
    )
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].previous_hash == "0" * 64
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (entries[-1].sequence, entries[-1].entry_hash)


def _chain_of_five(personas) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    return [
        record(AuditEvent.LOGIN_SUCCEEDED, actor=personas.coach_a, obj=personas.coach_a)
        for _ in range(5)
    ]


def test_verify_reports_an_intact_chain(personas, capsys) -> None:
    _chain_of_five(personas)
    call_command("audit", "verify")
    assert "intact: 5 entries checked" in capsys.readouterr().out


def test_verify_finds_an_entry_modified_in_the_database(personas) -> None:
    entries = _chain_of_five(personas)
    with as_database_owner() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET changes = %s WHERE id = %s",
            ['{"forged": true}', entries[2].pk],
        )
    report = verify_chain()
    assert (report.broken_at, report.checked) == (3, 2)
    assert "changed" in report.reason
    with pytest.raises(CommandError, match="broken at entry #3"):
        call_command("audit", "verify")


def test_verify_finds_a_removed_entry_and_a_cut_off_end(personas) -> None:
    entries = _chain_of_five(personas)
    with as_database_owner() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[4].pk])
    report = verify_chain()
    assert report.broken_at == 5 and "end of the chain" in report.reason
    with as_database_owner() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    assert verify_chain().broken_at == 2


def test_verify_finds_a_rewritten_hash_that_no_longer_links(personas) -> None:
    entries = _chain_of_five(personas)
    with as_database_owner() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET entry_hash = %s WHERE id = %s", ["f" * 64, entries[0].pk]
        )
    report = verify_chain()
    assert report.broken_at == 1


def test_log_review_filters_by_participant_user_and_period(personas, client_for) -> None:
    client_for(personas.coach_a).get(f"/participants/{personas.own.pk}/")
    client_for(personas.colleague_a).get(f"/participants/{personas.same_unit.pk}/")
    admin = client_for(personas.administrator)
    by_participant = admin.get("/administration/audit/", {"participant": personas.own.pk})
    assert {e.participant_id for e in by_participant.context["page"]} == {personas.own.pk}
    by_user = admin.get("/administration/audit/", {"user": personas.colleague_a.pk})
    assert {e.actor for e in by_user.context["page"]} == {personas.colleague_a}
    future = admin.get("/administration/audit/", {"since": "2099-01-01"})
    assert list(future.context["page"]) == []
    bad = admin.get("/administration/audit/", {"since": "2026-05-01", "until": "2026-04-01"})
    assert bad.status_code == 400
    verified = admin.get("/administration/audit/", {"verify": "1"})
    assert verified.context["chain"].intact
    reviews = AuditEntry.objects.filter(
        event=AuditEvent.AUDIT_REVIEWED, actor=personas.administrator
    )
    assert reviews.count() == 4


def test_the_head_keeps_the_last_entrys_link_and_the_returned_entry_is_the_stored_one(
    personas,
) -> None:
    entries = _chain_of_five(personas)
    stored = AuditEntry.objects.get(pk=entries[-1].pk)
    assert (stored.sequence, stored.previous_hash, stored.entry_hash) == (
        entries[-1].sequence,
        entries[-1].previous_hash,
        entries[-1].entry_hash,
    )
    assert stored.previous_hash == entries[-2].entry_hash
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.last_hash, head.previous_hash) == (
        stored.sequence,
        stored.entry_hash,
        stored.previous_hash,
    )


@pytest.mark.django_db(transaction=True)
def test_entries_written_at_the_same_time_form_one_unbroken_chain(personas) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import close_old_connections

    def append_ten(worker: int) -> None:
        try:
            for n in range(10):
                record(
                    AuditEvent.PARTICIPANT_VIEWED,
                    actor=personas.coach_a,
                    obj=personas.own,
                    participant_id=personas.own.pk,
                    changes={"worker": worker, "n": n, "text": "åäö"},
                )
        finally:
            close_old_connections()
            connection.close()

    before = AuditEntry.objects.count()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(append_ten, range(4)))
    report = verify_chain()
    assert report.intact, report.reason
    assert report.checked == before + 40
    pairs = AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_VIEWED).values_list(
        "changes", flat=True
    )
    assert sorted((c["worker"], c["n"]) for c in pairs) == [
        (w, n) for w in range(4) for n in range(10)
    ]
