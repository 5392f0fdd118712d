"""The internship and what surrounds it: readiness, the internship's kind, postponement and
extension, follow-ups, internship days, mentor and transport support; each marks the
programme's checklist item or milestone once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.cohorts.models import AttendanceStatus
from lotsa.employment.models import ContactPerson
from lotsa.errors import DomainError, EditConflict, Forbidden
from lotsa.jom.models import Internship, InternshipAttendance
from lotsa.jom.services import internship as services
from lotsa.jom.tests.conftest import InternshipCase, danish_employer
from lotsa.pathways.models import ChecklistEntry, Milestone
from lotsa.testing.clock import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

WEEK = datetime.timedelta(weeks=1)
STARTED = TODAY - 4 * WEEK


def details(case: InternshipCase, **overrides: object) -> services.InternshipDetails:
    values: dict[str, object] = {
        "employer": case.employer,
        "company_consultant": case.team.company_consultant,
        "planned_start_on": STARTED,
        "starts_on": STARTED,
        "weekly_hours": Decimal("15"),
        "kind": "reduced",
        "contact_person": case.contact,
        "teaching_day_released": True,
    }
    return services.InternshipDetails(**(values | overrides))  # type: ignore[arg-type]


def save(case: InternshipCase, **overrides: object) -> Internship:
    return services.save_internship(
        actor=case.team.company_consultant,
        enrolment=case.enrolment,
        details=details(case, **overrides),
    )


def ticked(case: InternshipCase, code: str) -> int:
    return ChecklistEntry.objects.filter(enrolment=case.enrolment, item_code=code).count()


def test_an_internship_is_recorded_with_its_terms(internship_case: InternshipCase) -> None:
    internship = save(internship_case)

    stored = Internship.objects.get(pk=internship.pk)
    assert (stored.kind, stored.weekly_hours, stored.teaching_day_released) == (
        "reduced",
        Decimal("15.0"),
        True,
    )
    entry = AuditEntry.objects.get(event=AuditEvent.INTERNSHIP_SAVED.value)
    assert entry.participant_id == internship_case.enrolment.participant_id
    assert entry.changes["kind"] == "reduced"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "taster"}, "taster_days"),
        ({"kind": "full", "taster_days": 3}, "taster_days"),
        ({"postponed_weeks": 3}, "postponed_weeks"),
        ({"extended_until": STARTED + 12 * WEEK - datetime.timedelta(days=1)}, "extended_until"),
        ({"extended_until": STARTED + 14 * WEEK}, "extension_reason"),
        ({"extension_reason": "Needs more time"}, "extended_until"),
        ({"ends_on": STARTED - WEEK}, "ends_on"),
    ],
)
def test_the_internships_rules_are_refused_on_their_fields(
    internship_case: InternshipCase, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        save(internship_case, **overrides)

    assert field in refused.value.errors
    assert not Internship.objects.exists()


def test_a_contact_person_of_another_company_is_refused(internship_case: InternshipCase) -> None:
    stranger = ContactPerson.objects.create(
        employer=danish_employer("Andet Firma", "DK10000009"), name="Ole Andet"
    )
    with pytest.raises(DomainError) as refused:
        save(internship_case, contact_person=stranger)

    assert set(refused.value.errors) == {"contact_person"}


def test_taster_days_and_postponement_within_two_weeks_are_kept(
    internship_case: InternshipCase,
) -> None:
    internship = save(internship_case, kind="taster", taster_days=3, postponed_weeks=2)

    assert (internship.taster_days, internship.postponed_weeks) == (3, 2)
    assert services.planned_end(internship) == STARTED + 14 * WEEK - datetime.timedelta(days=1)


def test_an_extension_marks_the_milestone_and_the_decision_once(
    internship_case: InternshipCase,
) -> None:
    internship = save(internship_case)
    changed = services.save_internship(
        actor=internship_case.team.company_consultant,
        enrolment=internship_case.enrolment,
        details=details(
            internship_case, extended_until=STARTED + 16 * WEEK, extension_reason="Nearly there"
        ),
        internship=internship,
        version=internship.version,
    )
    services.save_internship(
        actor=internship_case.team.company_consultant,
        enrolment=internship_case.enrolment,
        details=details(
            internship_case, extended_until=STARTED + 17 * WEEK, extension_reason="One more week"
        ),
        internship=changed,
        version=changed.version,
    )

    assert (
        Milestone.objects.filter(
            enrolment=internship_case.enrolment, code="internship_extended"
        ).count()
        == 1
    )
    assert ticked(internship_case, "extension_decided") == 1
    assert Internship.objects.get().extended_until == STARTED + 17 * WEEK


def test_an_edit_from_an_old_version_is_refused(internship_case: InternshipCase) -> None:
    internship = save(internship_case)
    services.save_internship(
        actor=internship_case.team.company_consultant,
        enrolment=internship_case.enrolment,
        details=details(internship_case, weekly_hours=Decimal("20")),
        internship=internship,
        version=1,
    )
    with pytest.raises(DomainError) as conflict:
        services.save_internship(
            actor=internship_case.team.company_consultant,
            enrolment=internship_case.enrolment,
            details=details(internship_case, weekly_hours=Decimal("10")),
            internship=internship,
            version=1,
        )
    assert conflict.value.errors == EditConflict().errors
    saved = Internship.objects.get()
    assert (saved.weekly_hours, saved.version) == (Decimal("20"), 2)


def test_readiness_ticks_its_item_and_a_postponement_is_one_or_two_weeks(
    internship_case: InternshipCase,
) -> None:
    case = internship_case
    with pytest.raises(DomainError) as too_long:
        services.decide_readiness(
            actor=case.team.company_consultant,
            enrolment=case.enrolment,
            decided_on=TODAY,
            decision="postponed",
            postponed_weeks=3,
            reason="Needs a calmer start",
        )
    with pytest.raises(DomainError) as no_reason:
        services.decide_readiness(
            actor=case.team.company_consultant,
            enrolment=case.enrolment,
            decided_on=TODAY,
            decision="reduced",
        )
    services.decide_readiness(
        actor=case.team.company_consultant,
        enrolment=case.enrolment,
        decided_on=TODAY,
        decision="postponed",
        postponed_weeks=1,
        reason="Needs a calmer start",
    )

    assert set(too_long.value.errors) == {"postponed_weeks"}
    assert set(no_reason.value.errors) == {"reason"}
    assert ticked(case, "internship_readiness") == 1


def test_follow_ups_with_the_company_tick_once_and_are_routed_by_the_model(
    internship_case: InternshipCase,
) -> None:
    case = internship_case
    internship = save(case)
    for day in (TODAY - WEEK, TODAY):
        services.record_internship_follow_up(
            actor=case.team.company_consultant,
            internship=internship,
            occurred_on=day,
            mode="visit",
            with_company=True,
        )
    with pytest.raises(Forbidden):
        services.record_internship_follow_up(
            actor=case.team.teacher,
            internship=internship,
            occurred_on=TODAY,
            mode="phone",
            with_company=True,
        )

    assert internship.follow_ups.count() == 2
    assert ticked(case, "company_follow_up") == 1


def test_one_record_per_internship_day(internship_case: InternshipCase) -> None:
    internship = save(internship_case)
    consultant = internship_case.team.company_consultant
    services.record_internship_attendance(
        actor=consultant,
        internship=internship,
        day=TODAY,
        status=AttendanceStatus.ABSENT_WITHOUT_NOTICE,
    )
    services.record_internship_attendance(
        actor=consultant,
        internship=internship,
        day=TODAY,
        status=AttendanceStatus.PRESENT,
        hours=Decimal("5"),
    )
    with pytest.raises(DomainError) as before_start:
        services.record_internship_attendance(
            actor=consultant, internship=internship, day=STARTED - WEEK, status="present"
        )
    with pytest.raises(DomainError) as absent_hours:
        services.record_internship_attendance(
            actor=consultant,
            internship=internship,
            day=TODAY - WEEK,
            status=AttendanceStatus.ABSENT_WITH_NOTICE,
            hours=Decimal("2"),
        )

    [day] = InternshipAttendance.objects.all()
    assert (day.status, day.hours) == ("present", Decimal("5.0"))
    assert set(before_start.value.errors) == {"day"}
    assert set(absent_hours.value.errors) == {"hours"}


def test_mentor_support_is_routed_by_the_model_and_offers_no_swedish_agency(
    internship_case: InternshipCase,
) -> None:
    case = internship_case
    # Model 2: the partner's mentor and the jobcentre's caseworker mentor; the teacher does not.
    with pytest.raises(Forbidden):
        services.save_mentor_support(
            actor=case.team.teacher,
            enrolment=case.enrolment,
            assessed_on=TODAY,
            need="some",
            support_kinds=["getting_up"],
        )
    with pytest.raises(DomainError) as foreign:
        services.save_mentor_support(
            actor=case.team.mentor,
            enrolment=case.enrolment,
            assessed_on=TODAY,
            need="some",
            support_kinds=["getting_up"],
            mentor_name="Anna",
            provider_type="af",
        )
    support = services.save_mentor_support(
        actor=case.team.mentor,
        enrolment=case.enrolment,
        assessed_on=TODAY,
        need="some",
        support_kinds=["public_transport", "getting_up"],
        mentor=case.team.mentor,
        provider_type="partner",
        hours_per_week=Decimal("3"),
    )

    assert "provider_type" in foreign.value.errors
    assert support.support_kinds == ["getting_up", "public_transport"]
    assert support.mentor_assigned
    assert ticked(case, "mentor_need_assessed") == 1


def test_no_mentor_is_assigned_without_a_need(internship_case: InternshipCase) -> None:
    with pytest.raises(DomainError) as refused:
        services.save_mentor_support(
            actor=internship_case.team.caseworker,
            enrolment=internship_case.enrolment,
            assessed_on=TODAY,
            need="none",
            support_kinds=[],
            mentor_name="Anna",
            provider_type="jobcentre",
        )
    assert set(refused.value.errors) == {"need"}


def test_transport_support_ticks_its_item_and_checks_the_pass(
    internship_case: InternshipCase,
) -> None:
    case = internship_case
    with pytest.raises(DomainError) as no_start:
        services.save_transport_support(
            actor=case.team.caseworker,
            enrolment=case.enrolment,
            decided_on=TODAY,
            costs_covered=True,
            pass_kind="monthly_pass",
        )
    services.save_transport_support(
        actor=case.team.caseworker,
        enrolment=case.enrolment,
        decided_on=TODAY,
        costs_covered=True,
        pass_kind="monthly_pass",
        pass_from=TODAY,
        pass_to=TODAY + 12 * WEEK,
        travel_training=True,
    )

    assert set(no_start.value.errors) == {"pass_from"}
    assert ticked(case, "transport_arranged") == 1
