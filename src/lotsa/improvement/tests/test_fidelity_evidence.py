"""Item 11 of the fidelity review: component (b), a review with the scale every six months until
fidelity is good and yearly after, read from the unit's final reviews, with the follow-up of
the last review's recommendations beside it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from lotsa.fidelity.evidence import Period
from lotsa.fidelity.models import FidelityReview
from lotsa.improvement.evidence import executive_support
from lotsa.improvement.services import take_in_fidelity_actions

pytestmark = pytest.mark.django_db

EARLIER_END = datetime.date(2025, 6, 30)


def period_ending(personas, days_after: int) -> Period:  # type: ignore[no-untyped-def]
    end = EARLIER_END + datetime.timedelta(days=days_after)
    return Period(personas.unit_a, end - datetime.timedelta(days=180), end)


@pytest.mark.parametrize(
    ("total", "days_after", "in_place"),
    [
        (90, 183, True),  # fair fidelity: six months
        (90, 184, False),
        (100, 184, True),  # good fidelity: a year
        (100, 366, True),
        (100, 367, False),
        (None, 183, True),  # not scored in full: six months
    ],
)
def test_the_next_review_is_due_within_six_months_until_fidelity_is_good(
    personas, final_review: FidelityReview, total: int | None, days_after: int, in_place: bool
) -> None:
    FidelityReview.objects.filter(pk=final_review.pk).update(total=total)
    found = executive_support(period_ending(personas, days_after))
    regular = found.elements[1]
    assert regular.met is in_place
    assert [element.met for i, element in enumerate(found.elements) if i != 1] == [None] * 4
    assert (found.value, found.suggested) == (Decimal(int(in_place)), None)
    assert found.score_range == (1, 5 if in_place else 4)


def test_the_follow_up_of_the_recommendations_is_shown_with_the_component(
    personas, final_review: FidelityReview
) -> None:
    take_in_fidelity_actions(actor=personas.team_leader_a, unit=personas.unit_a)
    figure = executive_support(period_ending(personas, 100)).elements[1].figure
    assert "2 recommendations 2 are in the improvement register, 0 tried" in figure


def test_without_an_earlier_review_the_reviewers_ask(personas) -> None:
    found = executive_support(period_ending(personas, 100))
    assert found.elements[1].met is None
    assert found.elements[1].figure == "no earlier final review in the records"
