"""Items rated per employment specialist: each specialist is rated on their own unrounded figure,
and the suggestion is the closest scale point to the mean of those ratings (IPS-25 Services 6 and
13; the scale's own guidance: "rate each specialist, average, use the closest scale point")."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from lotsa.accounts.models import User
from lotsa.casework.models import Contact
from lotsa.employment.models import Employer, EmployerContact
from lotsa.fidelity.evidence import (
    PER_SPECIALIST_MEASURES,
    Period,
    community_based_services,
    employer_contact_frequency,
    employer_contact_quality,
)
from lotsa.fidelity.scale import current_scale
from lotsa.organisations.models import Role, Unit
from lotsa.testing.factories import EnrolmentFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
serial = itertools.count(20_000_000)
MONDAY = datetime.date(2026, 3, 2)
WEEKS = 10


def ten_week_period(unit: Unit) -> Period:
    """Ten weeks, so a count of contacts divided by the weeks has one decimal."""
    return Period(unit, MONDAY, MONDAY + datetime.timedelta(days=7 * WEEKS - 1))


def coaches(unit: Unit, count: int) -> list[User]:
    """The unit's coaches: its persona coach and count - 1 more."""
    existing = [m.user for m in unit.memberships.filter(role=Role.COACH).select_related("user")]
    while len(existing) < count:
        coach = UserFactory()
        MembershipFactory(user=coach, unit=unit, role=Role.COACH)
        existing.append(coach)
    return existing


def employer_contacts(unit: Unit, coach: User, count: int) -> None:
    number = next(serial)
    company = Employer.objects.create(
        name=f"Arbetsgivare {number}",
        country="SE",
        organisation_number=str(number),
        sector="private",
    )
    EmployerContact.objects.bulk_create(
        EmployerContact(
            employer=company,
            staff=coach,
            unit=unit,
            occurred_on=MONDAY + datetime.timedelta(days=index % (7 * WEEKS)),
            purpose="follow_up",
        )
        for index in range(count)
    )


def contact_time(unit: Unit, coach: User, outside: int, inside: int) -> None:
    enrolment = EnrolmentFactory(unit=unit)
    moment = datetime.datetime(2026, 3, 4, 9, tzinfo=datetime.UTC)
    for place, minutes in (("community", outside), ("office", inside)):
        if minutes:
            Contact.objects.create(
                enrolment=enrolment,
                occurred_at=moment,
                occurred_on=moment.date(),
                mode="face_to_face",
                place=place,
                duration_minutes=minutes,
                staff=coach,
            )


# Services 6: < 2 → 1; 2 to < 3 → 2; exactly 3 is as close to 2 as to 4 (scored 3, flagged);
# above 3 to < 4.5 → 3; 4.5 to < 5.5 → 4; 5.5 or more → 5.
@pytest.mark.parametrize(
    ("per_week", "score", "boundary"),
    [
        ("1.9", 1, False),
        ("2.0", 2, True),
        ("2.1", 2, False),
        ("2.9", 2, False),
        ("3.0", 3, True),
        ("3.1", 3, False),
        ("4.4", 3, False),
        ("4.5", 4, True),
        ("4.6", 4, False),
        ("5.4", 4, False),
        ("5.5", 5, True),
        ("5.6", 5, False),
    ],
)
def test_frequent_employer_contact_at_each_band_boundary(
    personas, per_week, score, boundary
) -> None:
    (coach,) = coaches(personas.unit_b, 1)
    employer_contacts(personas.unit_b, coach, int(Decimal(per_week) * WEEKS))
    evidence = employer_contact_frequency(ten_week_period(personas.unit_b))
    assert (evidence.value, evidence.suggested, evidence.boundary) == (
        Decimal(per_week),
        score,
        boundary,
    )


# Services 13 on the share of time, in tenths of a percent of 1000 minutes: < 30 → 1 (exactly 30
# is where the anchors for 1 and 2 meet: scored 2, flagged); then the closest whole percent.
@pytest.mark.parametrize(
    ("outside_minutes", "score", "boundary"),
    [
        (299, 1, False),
        (300, 2, True),
        (301, 2, False),
        (394, 2, False),
        (395, 3, True),
        (396, 3, False),
        (494, 3, False),
        (495, 4, True),
        (496, 4, False),
        (644, 4, False),
        (645, 5, True),
        (646, 5, False),
    ],
)
def test_community_based_services_at_each_band_boundary(
    personas, outside_minutes, score, boundary
) -> None:
    (coach,) = coaches(personas.unit_b, 1)
    contact_time(personas.unit_b, coach, outside_minutes, 1000 - outside_minutes)
    evidence = community_based_services(ten_week_period(personas.unit_b))
    assert (evidence.value, evidence.suggested, evidence.boundary) == (
        Decimal(outside_minutes) / 10,
        score,
        boundary,
    )


def test_a_share_just_under_a_boundary_is_not_rounded_up_twice(personas) -> None:
    """64.45 % is below 64.5 %: rounding to 64.5 first and then to 65 would wrongly give 5."""
    (coach,) = coaches(personas.unit_b, 1)
    contact_time(personas.unit_b, coach, 1289, 711)
    evidence = community_based_services(ten_week_period(personas.unit_b))
    assert evidence.suggested == 4


def test_employer_contacts_are_rated_per_specialist_and_the_ratings_averaged(personas) -> None:
    """12 and 0 contacts a week average 6 (which would give 5), but the coaches are rated 5 and 1,
    and the closest scale point to their mean rating is 3."""
    busy, idle = coaches(personas.unit_b, 2)
    employer_contacts(personas.unit_b, busy, 12 * WEEKS)
    evidence = employer_contact_frequency(ten_week_period(personas.unit_b))
    assert (evidence.value, evidence.suggested, evidence.boundary) == (Decimal(6), 3, False)
    assert [figure for _coach, figure in evidence.detail] == ["12.0 → 5", "0.0 → 1"]


def test_community_time_is_rated_per_specialist_and_the_ratings_averaged(personas) -> None:
    """90 % and 20 % of time outside: 55 % of all the time (which would give 4), but the coaches
    are rated 5 and 1, and the closest scale point to their mean rating is 3."""
    outdoors, indoors = coaches(personas.unit_b, 2)
    contact_time(personas.unit_b, outdoors, 900, 100)
    contact_time(personas.unit_b, indoors, 200, 800)
    evidence = community_based_services(ten_week_period(personas.unit_b))
    assert (evidence.value, evidence.suggested) == (Decimal(55), 3)


def test_a_mean_rating_halfway_between_two_points_is_flagged(personas) -> None:
    first, second = coaches(personas.unit_b, 2)
    employer_contacts(personas.unit_b, first, 6 * WEEKS)
    employer_contacts(personas.unit_b, second, 5 * WEEKS)
    evidence = employer_contact_frequency(ten_week_period(personas.unit_b))
    assert (evidence.suggested, evidence.boundary) == (5, True)


def test_the_scale_marks_exactly_the_items_whose_evidence_is_per_specialist() -> None:
    """Items 1 and 2 average the figure (the seed's worked example: 25, 19 and 20 give 21.33 → 4);
    Services 6, 7 and 13 rate each specialist."""
    scale = current_scale()
    rated = {n for n, item in scale.items.items() if item.rated_per_specialist}
    assert rated == {17, 18, 24}
    assert {scale.items[n].measure for n in rated} == PER_SPECIALIST_MEASURES


def test_the_quality_of_employer_contact_shows_each_coachs_repeat_visits(personas) -> None:
    """Services 7 cannot be scored from records, but reviewers rate each specialist, so the hint
    is each coach's own contacts per employer."""
    repeat, single = coaches(personas.unit_b, 2)
    employer_contacts(personas.unit_b, repeat, 3)  # three visits to one employer
    for _ in range(2):
        employer_contacts(personas.unit_b, single, 1)  # one visit each to two employers
    evidence = employer_contact_quality(ten_week_period(personas.unit_b))
    assert evidence.suggested is None
    assert [figure for _coach, figure in evidence.detail] == ["3.0", "1.0"]


def test_each_coachs_own_figure_and_rating_are_the_records_behind_the_figure(personas) -> None:
    from lotsa.fidelity.evidence import Period, employer_contact_frequency

    found = employer_contact_frequency(
        Period(personas.unit_b, datetime.date(2026, 1, 5), datetime.date(2026, 3, 29))
    )
    assert found.has_records
    (table,) = found.tables
    assert [row[0] for row in table.rows] == [name for name, _figure in found.detail]
    assert [row[2] for row in table.rows] == [figure.split(" → ")[1] for _n, figure in found.detail]
