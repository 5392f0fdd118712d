"""Fidelity reviews of unit A for tests, made through the review's own services: planned by the
personas' reviewer alone, every item rated and submitted, so that consensus is open."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from lotsa.fidelity.models import FidelityReview
from lotsa.fidelity.scale import current_scale
from lotsa.fidelity.services import agree_item, plan_review, rate_item, submit_ratings
from lotsa.testing.personas import Personas


def review_in_consensus(personas: Personas, period_end: datetime.date) -> FidelityReview:
    """A review of unit A over the half year up to the period's end, ready for consensus."""
    review = plan_review(
        actor=personas.reviewer,
        unit=personas.unit_a,
        mode="external",
        period_start=period_end - datetime.timedelta(days=180),
        period_end=period_end,
        reviewers=[personas.reviewer],
    )
    for number in current_scale().items:
        rate_item(actor=personas.reviewer, review=review, item_number=number, score=3)
    submit_ratings(actor=personas.reviewer, review=review)
    return review


def agree_every_item(
    personas: Personas, review: FidelityReview, recommendations: Mapping[int, str]
) -> None:
    """Every item agreed at 3, with a recommendation for the items named."""
    for number in current_scale().items:
        agree_item(
            actor=personas.reviewer,
            review=review,
            item_number=number,
            score=3,
            recommendations=recommendations.get(number, ""),
        )
