"""Record-based fidelity measures on constructed data, including every band boundary."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from lotsa.casework.models import Contact
from lotsa.employment.models import Employer, EmployerContact, Job
from lotsa.employment.occupations import occupations
from lotsa.fidelity.evidence import (
    Period,
    caseload_size,
    competitive_jobs,
    employer_diversity,
    job_type_diversity,
    rapid_job_search,
)
from lotsa.organisations.models import Membership
from lotsa.pathways.models import Milestone, Responsibility
from lotsa.testing.factories import EnrolmentFactory, MembershipFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
END = datetime.date(2026, 6, 30)
serial = itertools.count(10_000_000)


def employer(index: int | None = None) -> Employer:
    number = next(serial)
    return Employer.objects.create(
        name=f"Arbetsgivare {number}",
        country="SE",
        organisation_number=str(number),
        sector="private",
    )


def test_caseload_size_reproduces_the_seed_example(personas) -> None:
    """Three coaches with 25, 19 and 20 active participants: mean 21.3, which gives 4."""
    unit = personas.unit_b
    Membership.objects.filter(unit=unit).delete()
    for load in (25, 19, 20):
        coach = UserFactory()
        MembershipFactory(user=coach, unit=unit)
        for _ in range(load):
            enrolment = EnrolmentFactory(unit=unit, responsible_staff=coach)
            Contact.objects.create(
                enrolment=enrolment,
                occurred_at=datetime.datetime(2026, 6, 20, 9, tzinfo=datetime.UTC),
                occurred_on=datetime.date(2026, 6, 20),
                mode="phone",
                place="office",
                staff=coach,
            )
        inactive = EnrolmentFactory(
            unit=unit, responsible_staff=coach
        )  # no contact in 30 days: not counted
        Responsibility.objects.filter(enrolment=inactive).update(
            starts_on=datetime.date(2026, 1, 1)
        )
    evidence = caseload_size(Period(unit, datetime.date(2026, 4, 1), END))
    assert evidence.value == Decimal("21.3") and evidence.suggested == 4
    assert evidence.boundary is True  # 21 sits next to the 20/21 boundary
    assert len(evidence.enrolment_ids) == 64


@pytest.mark.parametrize(
    ("days", "score", "boundary"), [(30, 5, True), (31, 4, True), (45, 4, False), (271, 1, True)]
)
def test_rapid_job_search_bands(personas, days, score, boundary) -> None:
    enrolment = EnrolmentFactory(
        unit=personas.unit_b,
        start_date=datetime.date(2026, 2, 1),
        referral_date=datetime.date(2026, 2, 1),
    )
    Milestone.objects.create(
        enrolment=enrolment,
        code="first_employer_contact",
        occurred_on=datetime.date(2026, 2, 1) + datetime.timedelta(days=days),
    )
    evidence = rapid_job_search(Period(personas.unit_b, datetime.date(2026, 1, 1), END))
    assert (evidence.value, evidence.suggested, evidence.boundary) == (
        Decimal(days),
        score,
        boundary,
    )


def jobs(
    personas,
    count: int,
    *,
    distinct_employers: int,
    distinct_codes: int = 1,
    competitive: int | None = None,
) -> None:  # type: ignore[no-untyped-def]
    employers = [employer() for _ in range(distinct_employers)]
    codes = list(occupations("SE"))[:30]
    for index in range(count):
        Job.objects.create(
            enrolment=EnrolmentFactory(unit=personas.unit_b),
            employer=employers[index % distinct_employers],
            title="Jobb",
            occupation_code=codes[index % distinct_codes],
            starts_on=datetime.date(2026, 3, 1),
            hours_per_week=20,
            currency="SEK",
            form="open_market" if competitive is None or index < competitive else "subsidised",
        )


@pytest.mark.parametrize(
    ("count", "distinct", "share", "score"),
    [
        (20, 17, Decimal("85.0"), 5),
        (19, 16, Decimal("84.2"), 4),
        (10, 6, Decimal("60.0"), 3),
        (10, 5, Decimal("50.0"), 2),
        (10, 4, Decimal("40.0"), 1),
    ],
)
def test_employer_diversity_bands(personas, count, distinct, share, score) -> None:
    jobs(personas, count, distinct_employers=distinct)
    evidence = employer_diversity(Period(personas.unit_b, datetime.date(2026, 1, 1), END))
    assert (evidence.value, evidence.suggested) == (share, score)
    assert evidence.boundary is (
        int(share.quantize(Decimal("1"))) in (85, 84, 70, 69, 60, 59, 50, 49)
    )


def test_job_type_diversity(personas) -> None:
    jobs(personas, 20, distinct_employers=1, distinct_codes=17)
    evidence = job_type_diversity(Period(personas.unit_b, datetime.date(2026, 1, 1), END))
    assert (evidence.value, evidence.suggested) == (Decimal("85.0"), 5)


@pytest.mark.parametrize(
    ("count", "competitive", "score"),
    [(20, 19, 5), (18, 17, 4), (4, 3, 3), (25, 16, 2), (10, 6, 1)],
)
def test_competitive_jobs_bands(personas, count, competitive, score) -> None:
    jobs(personas, count, distinct_employers=count, competitive=competitive)
    assert (
        competitive_jobs(Period(personas.unit_b, datetime.date(2026, 1, 1), END)).suggested == score
    )


def test_evidence_for_a_unit_costs_the_same_queries_whatever_the_number_of_participants(
    personas,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lotsa.fidelity.evidence import fidelity_evidence
    from lotsa.fidelity.scale import current_scale
    from lotsa.testing.queries import statements

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            fidelity_evidence(personas.unit_b, datetime.date(2026, 1, 1), END, current_scale())
        return statements(captured)

    jobs(personas, 2, distinct_employers=2)
    before = count()
    jobs(personas, 30, distinct_employers=10)
    for _ in range(20):
        enrolment = EnrolmentFactory(unit=personas.unit_b, responsible_staff=personas.coach_b)
        Contact.objects.create(
            enrolment=enrolment,
            occurred_at=datetime.datetime(2026, 6, 20, 9, tzinfo=datetime.UTC),
            occurred_on=datetime.date(2026, 6, 20),
            mode="phone",
            place="home",
            duration_minutes=30,
            staff=personas.coach_b,
        )
    assert count() == before == 32


def test_individualised_job_search_compares_jobs_with_stated_preferences(personas) -> None:
    from lotsa.employment.models import VocationalProfile
    from lotsa.fidelity.evidence import individualised_job_search

    company = employer()
    for index, (wish, title) in enumerate(
        [
            ("Lager eller butik", "Lagerarbetare"),
            ("Kafé, kök", "Köksbiträde"),
            ("Djurvård", "Lagerarbetare"),
            ("Trädgård", "Trädgårdsarbetare"),
        ]
    ):
        enrolment = EnrolmentFactory(unit=personas.unit_b)
        VocationalProfile.objects.create(
            enrolment=enrolment,
            version=1,
            written_on=datetime.date(2026, 2, 1),
            preferred_jobs=wish,
            created_by=personas.coach_b,
        )
        Job.objects.create(
            enrolment=enrolment,
            employer=company,
            title=title,
            occupation_code="4322",
            starts_on=datetime.date(2026, 3, 1 + index),
            hours_per_week=20,
            currency="SEK",
            form="open_market",
        )
    evidence = individualised_job_search(Period(personas.unit_b, datetime.date(2026, 1, 1), END))
    # Whole words only: "lager" matches the occupation name "Lager- och terminalpersonal" (first job);
    # "kafé" and "trädgård" share no whole word with "Köksbiträde" or "Trädgårdsarbetare".
    assert (evidence.value, evidence.suggested, evidence.boundary) == (Decimal("25.0"), 2, True)


def test_informational_measures_count_the_right_records(personas) -> None:
    from lotsa.employment.models import BenefitsCounselling, VocationalProfile
    from lotsa.fidelity import evidence as measures

    unit = UnitFactory()
    MembershipFactory(user=personas.coach_b, unit=unit)
    period = Period(unit, datetime.date(2026, 1, 1), END)
    moment = datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC)
    referred = EnrolmentFactory(
        unit=unit,
        referral_source="treatment_team",
        responsible_staff=personas.coach_b,
        start_date=datetime.date(2026, 1, 5),
        referral_date=datetime.date(2026, 1, 5),
    )
    other = EnrolmentFactory(
        unit=unit,
        referral_source="self",
        responsible_staff=personas.coach_b,
        start_date=datetime.date(2026, 1, 5),
        referral_date=datetime.date(2026, 1, 5),
    )
    EnrolmentFactory(
        unit=unit,
        status="declined",
        end_date=datetime.date(2026, 2, 1),
        decline_reason="not_reached",
        phase="closed",
    )
    Contact.objects.create(
        enrolment=referred,
        occurred_at=moment,
        occurred_on=moment.date(),
        mode="face_to_face",
        place="office",
        with_treatment_team=True,
        staff=personas.coach_b,
    )
    Contact.objects.create(
        enrolment=referred,
        occurred_at=moment,
        occurred_on=moment.date(),
        mode="face_to_face",
        place="office",
        with_fk=True,
        with_af=True,
        staff=personas.coach_b,
    )
    BenefitsCounselling.objects.create(
        enrolment=referred,
        offered_on=datetime.date(2026, 1, 15),
        provider="fk",
        recorded_by=personas.coach_b,
    )
    company = employer()
    job = Job.objects.create(
        enrolment=referred,
        employer=company,
        title="Lagerarbetare",
        occupation_code="4322",
        starts_on=datetime.date(2026, 2, 1),
        hours_per_week=20,
        currency="SEK",
        form="open_market",
        disclosure="partly",
    )
    Job.objects.create(
        enrolment=other,
        employer=company,
        title="Kock",
        occupation_code="9412",
        starts_on=datetime.date(2026, 2, 1),
        hours_per_week=20,
        currency="SEK",
        form="open_market",
    )
    VocationalProfile.objects.create(
        enrolment=referred,
        version=1,
        written_on=datetime.date(2026, 2, 10),
        created_by=personas.coach_b,
    )
    for day in (datetime.date(2026, 1, 28), datetime.date(2026, 2, 3)):
        EmployerContact.objects.create(
            employer=company,
            staff=personas.coach_b,
            unit=unit,
            occurred_on=day,
            purpose="follow_up",
        )

    assert measures.treatment_team_referrals(period).value == Decimal("50.0")
    assert measures.treatment_team_referrals(period).suggested == 3
    assert measures.treatment_team_meetings(period).enrolment_ids == [referred.pk]
    assert measures.agency_collaboration(period).enrolment_ids == [referred.pk]
    zero = measures.zero_exclusion(period)
    assert (zero.value, zero.detail) == (Decimal(1), [("not_reached", "1")])
    counselling = measures.benefits_counselling(period)
    assert counselling.value == Decimal("50.0") and counselling.detail[0][1] == "10"
    from lotsa.pathways.models import ChecklistEntry, EnrolmentEvent

    for enrolment in (referred, other):
        EnrolmentEvent.objects.create(
            enrolment=enrolment,
            kind="phase_changed",
            occurred_on=datetime.date(2026, 2, 1),
            to_phase="job_search",
        )
    ChecklistEntry.objects.create(
        enrolment=referred, item_code="disclosure_discussion", done_on=datetime.date(2026, 1, 20)
    )
    ChecklistEntry.objects.create(
        enrolment=other, item_code="disclosure_discussion", done_on=datetime.date(2026, 2, 20)
    )  # too late
    disclosure = measures.disclosure(period)
    assert (disclosure.value, disclosure.enrolment_ids) == (Decimal("50.0"), [referred.pk])
    assert measures.ongoing_assessment(period).enrolment_ids == [referred.pk]
    assert measures.employer_contact_quality(period).value == Decimal("2.0")
    assert measures.vocational_generalists(period).value == Decimal("100.0")
    assert measures.follow_along_support(period).value == Decimal(
        "0.0"
    )  # no support contacts linked
    Contact.objects.create(
        enrolment=referred,
        occurred_at=moment,
        occurred_on=moment.date(),
        mode="face_to_face",
        place="workplace",
        job=job,
        staff=personas.coach_b,
    )
    assert measures.time_unlimited_support(period).enrolment_ids == [referred.pk]
    for day, outcome in (
        (datetime.date(2026, 3, 2), "missed"),
        (datetime.date(2026, 3, 5), "outreach"),
        (datetime.date(2026, 4, 1), "missed"),
    ):
        when = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
        Contact.objects.create(
            enrolment=other,
            occurred_at=when,
            occurred_on=day,
            mode="phone",
            place="office",
            outcome=outcome,
            staff=personas.coach_b,
        )
    # A run reads the unit's contacts once; the ones added since need a run of their own.
    engagement = measures.assertive_engagement(Period(period.unit, period.start, period.end))
    assert (engagement.value, engagement.enrolment_ids) == (Decimal("50.0"), [other.pk])


def test_vocational_generalists_need_one_coach_for_every_phase(personas) -> None:
    from lotsa.employment.models import VocationalProfile
    from lotsa.fidelity.evidence import vocational_generalists

    unit = UnitFactory()
    MembershipFactory(user=personas.coach_b, unit=unit)
    period = Period(unit, datetime.date(2026, 1, 1), END)
    alone = EnrolmentFactory(unit=unit, responsible_staff=personas.coach_b)
    shared = EnrolmentFactory(unit=unit, responsible_staff=personas.coach_b)
    VocationalProfile.objects.create(
        enrolment=alone,
        version=1,
        written_on=datetime.date(2026, 2, 1),
        created_by=personas.coach_b,
    )
    VocationalProfile.objects.create(
        enrolment=shared,
        version=1,
        written_on=datetime.date(2026, 2, 1),
        created_by=personas.colleague_a,
    )
    evidence = vocational_generalists(period)
    assert (evidence.value, evidence.enrolment_ids) == (Decimal("50.0"), [alone.pk])


def test_a_job_that_ended_is_held_to_the_follow_along_checks_due_while_it_lasted(
    personas,
) -> None:
    """An ended job has no deadlines left on the case page, but the review asks whether its
    timing was kept while it lasted: no contact at all is not kept."""
    from lotsa.fidelity.evidence import follow_along_support

    enrolment = EnrolmentFactory(unit=personas.unit_b, responsible_staff=personas.coach_b)
    kept = Job.objects.create(
        enrolment=enrolment,
        employer=employer(),
        title="Lagerarbetare",
        occupation_code="4322",
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 20),
        hours_per_week=20,
        currency="SEK",
        form="open_market",
    )
    found = follow_along_support(Period(personas.unit_b, datetime.date(2026, 1, 1), END))
    assert (found.value, found.enrolment_ids) == (Decimal("0.0"), [])
    for day in (
        datetime.date(2026, 2, 27),
        datetime.date(2026, 3, 3),
        datetime.date(2026, 3, 10),
        datetime.date(2026, 3, 17),
    ):
        Contact.objects.create(
            enrolment=enrolment,
            job=kept,
            occurred_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
            occurred_on=day,
            mode="face_to_face",
            place="workplace",
            staff=personas.coach_b,
        )
    found = follow_along_support(Period(personas.unit_b, datetime.date(2026, 1, 1), END))
    assert (found.value, found.enrolment_ids) == (Decimal("100.0"), [enrolment.pk])


def test_what_was_written_after_the_period_is_no_evidence_for_it(personas) -> None:
    """A review read again later must give the period's figures: an offer of benefits
    counselling or a profile update after the period's end does not count."""
    from lotsa.employment.models import BenefitsCounselling, VocationalProfile
    from lotsa.fidelity.evidence import benefits_counselling, ongoing_assessment

    period = Period(personas.unit_b, datetime.date(2026, 1, 1), END)
    enrolment = EnrolmentFactory(
        unit=personas.unit_b,
        responsible_staff=personas.coach_b,
        start_date=datetime.date(2026, 1, 5),
        referral_date=datetime.date(2026, 1, 5),
    )
    Job.objects.create(
        enrolment=enrolment,
        employer=employer(),
        title="Kock",
        occupation_code="9412",
        starts_on=datetime.date(2026, 3, 2),
        hours_per_week=20,
        currency="SEK",
        form="open_market",
    )
    after = END + datetime.timedelta(days=1)
    BenefitsCounselling.objects.create(
        enrolment=enrolment, offered_on=after, provider="fk", recorded_by=personas.coach_b
    )
    VocationalProfile.objects.create(
        enrolment=enrolment, version=1, written_on=after, created_by=personas.coach_b
    )
    assert benefits_counselling(period).enrolment_ids == []
    assert ongoing_assessment(period).enrolment_ids == []
