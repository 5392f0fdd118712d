from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.fidelity.models import FidelityReview, ImprovementAction, ReviewStatus
from lotsa.improvement.models import Improvement, Level, Source
from lotsa.improvement.services import propose_improvement


@pytest.fixture
def propose(personas: Any) -> Any:
    """An improvement of unit A proposed by its team leader, with any field overridden."""

    def make(**fields: Any) -> Improvement:
        actor = fields.pop("actor", personas.team_leader_a)
        values: dict[str, Any] = {
            "title": "Meet the psychiatric team weekly",
            "source": Source.OTHER,
            "impact": Level.HIGH,
            "effort": Level.LOW,
            "status": "planned",
        }
        return propose_improvement(actor=actor, unit=personas.unit_a, **(values | fields))

    return make


@pytest.fixture
def final_review(personas: Any) -> FidelityReview:
    """A final review of unit A with recommendations for items 2 and 7."""
    review = FidelityReview.objects.create(
        unit=personas.unit_a,
        scale_code="ips25",
        scale_version=1,
        mode="external",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        status=ReviewStatus.FINAL,
        created_by=personas.reviewer,
    )
    for item, text in (
        (2, "Cut the coaches' tasks outside employment"),
        (7, "Weekly unit meeting"),
    ):
        ImprovementAction.objects.create(
            unit=personas.unit_a, review=review, item_number=item, description=text
        )
    return review
