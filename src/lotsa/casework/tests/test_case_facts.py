from __future__ import annotations

import datetime
from typing import Any

from lotsa.casework.queries import enrolments_with_case_facts, with_case_facts
from lotsa.pathways.models import Enrolment
from lotsa.people.models import Consent
from lotsa.people.services import withdraw_consent
from lotsa.testing.clock import Clock


def facts(enrolment: Enrolment) -> tuple[Any, ...]:
    read = enrolments_with_case_facts().get(pk=enrolment.pk)
    return read.participation_withdrawn_on, read.contact_count, read.unit_deadline_days


def test_a_case_read_by_id_has_the_facts_of_the_day_it_is_read(
    case: Any, personas: Any, clock: Clock
) -> None:
    enrolment = case(started_on=datetime.date(2026, 1, 12))
    assert facts(enrolment)[0] is None
    clock.advance(days=1)
    withdrawn_on = clock.today()
    withdraw_consent(
        actor=personas.coach_a,
        consent=Consent.objects.get(participant=enrolment.participant),
        withdrawn_on=withdrawn_on,
        reason="No longer wants to take part",
    )
    assert facts(enrolment) == (withdrawn_on, 0, {})
    fresh = with_case_facts(Enrolment.objects.filter(pk=enrolment.pk)).get()
    assert facts(enrolment) == (
        fresh.participation_withdrawn_on,
        fresh.contact_count,
        fresh.unit_deadline_days,
    )


def test_the_case_facts_are_resolved_once_a_day(clock: Clock) -> None:
    first, second = enrolments_with_case_facts(), enrolments_with_case_facts()
    assert first is not second
    for name in ("contact_count", "participation_withdrawn_on"):
        assert first.query.annotations[name] is second.query.annotations[name]
    # The prefetch keeps the case it last read for: each read takes its own.
    # (Django's stubs do not declare the lookups a queryset prefetches.)
    ((first_milestones,), (second_milestones,)) = (
        getattr(first, "_prefetch_related_lookups"),  # noqa: B009
        getattr(second, "_prefetch_related_lookups"),  # noqa: B009
    )
    assert first_milestones.prefetch_to == second_milestones.prefetch_to == "milestones"
    assert first_milestones is not second_milestones
    clock.advance(days=1)
    later = enrolments_with_case_facts()
    assert later.query.annotations["contact_count"] is not first.query.annotations["contact_count"]
