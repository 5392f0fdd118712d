"""Contacts recorded together (a case's history): the same checks, audit entries and derived
milestone as one by one."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.verify import verify_chain
from lotsa.casework.models import Contact
from lotsa.casework.services import ContactInput, record_contacts
from lotsa.errors import DomainError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)


def on(day: datetime.date, parties: list[str] | None = None, outcome: str = "held") -> ContactInput:
    return ContactInput(
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))),
        mode="face_to_face",
        place="community",
        parties=parties or ["participant"],
        duration_minutes=45,
        outcome=outcome,
    )


def test_contacts_recorded_together_are_each_audited_and_derive_the_first_contact(
    personas, case
) -> None:
    enrolment = case("ips", started_on=START)
    days = [datetime.date(2026, 2, 10), datetime.date(2026, 1, 20), datetime.date(2026, 2, 1)]
    saved = record_contacts(
        actor=personas.coach_a,
        enrolment=enrolment,
        contacts=[
            on(days[0]),
            on(days[1], parties=["employer"]),  # not with the participant
            on(days[2]),
            on(datetime.date(2026, 1, 15), outcome="missed"),
        ],
    )
    assert sorted(c.occurred_on for c in Contact.objects.filter(enrolment=enrolment)) == sorted(
        [*days, datetime.date(2026, 1, 15)]
    )
    entries = AuditEntry.objects.filter(event=AuditEvent.CONTACT_CREATED)
    assert sorted(int(e.object_id) for e in entries) == sorted(c.pk for c in saved)
    assert {e.participant_id for e in entries} == {enrolment.participant_id}
    milestone = enrolment.milestones.get(code="first_contact")
    assert (milestone.occurred_on, milestone.derived) == (datetime.date(2026, 2, 1), True)
    assert verify_chain().intact


def test_one_bad_contact_refuses_them_all(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    before_referral = enrolment.referral_date - datetime.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        record_contacts(
            actor=personas.coach_a,
            enrolment=enrolment,
            contacts=[on(datetime.date(2026, 2, 1)), on(before_referral)],
        )
    assert "occurred_at" in refused.value.errors
    assert not Contact.objects.filter(enrolment=enrolment).exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.CONTACT_CREATED).exists()
