"""Apps that build on fidelity act on a finalised review through the hooks they register; a
hook runs inside the finalising transaction, so its failure leaves the review open."""

from __future__ import annotations

import datetime

import pytest

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.fidelity import services
from lotsa.fidelity.models import FidelityReview, ImprovementAction, ReviewStatus
from lotsa.fidelity.review_hooks import ReviewPoint
from lotsa.fidelity.services import finalise_review
from lotsa.testing.fidelity import agree_every_item, review_in_consensus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
PERIOD_END = datetime.date(2026, 6, 30)


@pytest.fixture
def finalised(monkeypatch) -> ReviewPoint:  # type: ignore[no-untyped-def]
    """A finalising point of its own, without the hooks the installed apps registered."""
    point = ReviewPoint("review finalised")
    monkeypatch.setattr(services, "review_finalised", point)
    return point


@pytest.fixture
def agreed(personas) -> FidelityReview:  # type: ignore[no-untyped-def]
    review = review_in_consensus(personas, PERIOD_END)
    agree_every_item(personas, review, {7: "Veckovisa möten i arbetsgruppen"})
    return review


def test_finalising_runs_its_hooks_with_the_review_its_actions_and_the_finaliser(
    personas, agreed, finalised
) -> None:
    seen: list[tuple[int, str, list[int], int]] = []

    def look(review: FidelityReview, finaliser: Actor) -> None:
        items = list(review.actions.values_list("item_number", flat=True))
        seen.append((review.pk, review.status, items, finaliser.pk))

    finalised.register(look)
    finalise_review(actor=personas.reviewer, review=agreed)
    assert seen == [(agreed.pk, ReviewStatus.FINAL, [7], personas.reviewer.pk)]


def test_a_failing_hook_leaves_the_review_open(personas, agreed, finalised) -> None:
    def fail(review: FidelityReview, finaliser: Actor) -> None:
        raise RuntimeError("hook failed")

    finalised.register(fail)
    with pytest.raises(RuntimeError):
        finalise_review(actor=personas.reviewer, review=agreed)
    reread = FidelityReview.objects.get(pk=agreed.pk)
    assert (reread.status, reread.finalised_at, reread.total) == (
        ReviewStatus.CONSENSUS,
        None,
        None,
    )
    assert not ImprovementAction.objects.exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.FIDELITY_FINALISED).exists()
