"""Two staff withdrawing one consent at the same moment: one withdrawal is recorded, the other
is refused as already done, instead of both passing and the first's date and reason being lost."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError
from lotsa.people.models import Consent
from lotsa.people.services import record_consent, withdraw_consent
from lotsa.testing.databases import postgresql_only
from lotsa.testing.races import at_once, refused

GIVEN = datetime.date(2026, 2, 1)
REASONS = ["Ångrade sig", "Vill inte längre"]


def survey_consent(personas) -> Consent:  # type: ignore[no-untyped-def]
    return record_consent(
        actor=personas.coach_a, participant=personas.own, kind="survey", given_on=GIVEN
    )


@pytest.mark.django_db
def test_a_withdrawal_from_a_copy_read_before_another_is_refused(personas) -> None:
    consent = survey_consent(personas)
    first, second = Consent.objects.get(pk=consent.pk), Consent.objects.get(pk=consent.pk)
    withdraw_consent(actor=personas.coach_a, consent=first, withdrawn_on=GIVEN, reason=REASONS[0])
    with pytest.raises(DomainError) as again:
        withdraw_consent(
            actor=personas.colleague_a, consent=second, withdrawn_on=GIVEN, reason=REASONS[1]
        )
    assert "already withdrawn" in again.value.errors["withdrawn_on"][0]
    assert Consent.objects.get(pk=consent.pk).withdrawal_reason == REASONS[0]


@pytest.mark.django_db(transaction=True)
@postgresql_only("SQLite runs one writer at a time")
def test_two_simultaneous_withdrawals_do_not_both_pass(personas) -> None:
    consent = survey_consent(personas)
    staff = [personas.coach_a, personas.colleague_a]
    results = at_once(
        2,
        lambda i: withdraw_consent(
            actor=staff[i],
            consent=Consent.objects.get(pk=consent.pk),
            withdrawn_on=GIVEN,
            reason=REASONS[i],
        ),
    )
    assert len(refused(results)) == 1
    (withdrawn,) = [r for r in results if isinstance(r, Consent)]
    saved = Consent.objects.get(pk=consent.pk)
    assert (saved.withdrawal_reason, saved.withdrawn_recorded_by) == (
        withdrawn.withdrawal_reason,
        withdrawn.withdrawn_recorded_by,
    )
    assert AuditEntry.objects.filter(event=AuditEvent.CONSENT_WITHDRAWN).count() == 1
