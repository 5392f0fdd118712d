"""The fidelity review workflow: plan, independent ratings, consensus, finalisation, actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError, Forbidden, NotFound
from lotsa.fidelity.models import (
    ActionStatus,
    ConsensusRating,
    FidelityReview,
    ImprovementAction,
    ItemRating,
    RatingSubmission,
    ReviewMode,
    ReviewStatus,
)
from lotsa.fidelity.review_hooks import review_finalised
from lotsa.fidelity.scale import current_scale, scale_of
from lotsa.organisations.models import Unit


def _require_reviewer(actor: Actor, review: FidelityReview) -> None:
    if not review.reviewers.filter(pk=actor.pk).exists():
        record(
            AuditEvent.ACCESS_DENIED, actor=actor, obj=review, changes={"action": "fidelity.rate"}
        )
        raise Forbidden("fidelity.rate")


def _require_open(review: FidelityReview) -> None:
    if review.status == ReviewStatus.FINAL:
        raise DomainError(_("The review is final and can no longer be changed."))


def plan_review(
    *,
    actor: Actor,
    unit: Unit,
    mode: str,
    period_start: datetime.date,
    period_end: datetime.date,
    reviewers: list[Any],
    visit_dates: str = "",
    planned_sources: str = "",
) -> FidelityReview:
    if not access.may_review(actor, unit):
        record(AuditEvent.ACCESS_DENIED, actor=actor, obj=unit, changes={"action": "fidelity.plan"})
        raise Forbidden("fidelity.plan")
    errors: dict[str, str] = {}
    if mode not in ReviewMode.values:
        errors["mode"] = _("Choose external review or self-assessment.")
    if period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if not reviewers:
        errors["reviewers"] = _("Name at least one reviewer (two are recommended).")
    elif any(not access.may_review(reviewer, unit) for reviewer in reviewers):
        errors["reviewers"] = _(
            "Every reviewer must be a fidelity reviewer, or a team leader or manager of the unit."
        )
    if errors:
        raise DomainError(errors)
    scale = current_scale()
    with transaction.atomic(durable=True):
        review = FidelityReview.objects.create(
            unit=unit,
            scale_code=scale.code,
            scale_version=scale.version,
            mode=mode,
            period_start=period_start,
            period_end=period_end,
            visit_dates=visit_dates,
            planned_sources=planned_sources,
            created_by=actor,
        )
        review.reviewers.set(reviewers)
        record(
            AuditEvent.FIDELITY_REVIEW_SAVED,
            actor=actor,
            obj=review,
            changes={"unit": unit.pk, "mode": mode, "reviewers": [r.pk for r in reviewers]},
        )
    return review


def rate_item(
    *,
    actor: Actor,
    review: FidelityReview,
    item_number: int,
    score: int,
    notes: str = "",
    sources: str = "",
    from_evidence: bool = False,
) -> ItemRating:
    """One reviewer's own score for one item, before they submit their ratings."""
    _require_reviewer(actor, review)
    _require_open(review)
    if RatingSubmission.objects.filter(review=review, reviewer=actor).exists():
        raise DomainError(_("You have submitted your ratings; agree on changes in the consensus."))
    if item_number not in scale_of(review).items:
        raise DomainError({"item_number": _("There is no such item on the scale.")})
    if not 1 <= score <= 5:
        raise DomainError({"score": _("A score is a whole number from 1 to 5.")})
    if ItemRating.objects.filter(review=review, reviewer=actor, item_number=item_number).exists():
        raise DomainError(
            {"item_number": _("You have already rated this item; change that rating instead.")}
        )
    with transaction.atomic(durable=True):
        rating = ItemRating.objects.create(
            review=review,
            reviewer=actor,
            item_number=item_number,
            score=score,
            notes=notes[:4000],
            sources=sources[:500],
            from_evidence=from_evidence,
        )
        record(AuditEvent.FIDELITY_RATED, actor=actor, obj=rating, changes={"item": item_number})
    return rating


def change_rating(
    *, actor: Actor, rating: ItemRating, score: int, notes: str = "", sources: str = ""
) -> ItemRating:
    _require_reviewer(actor, rating.review)
    _require_open(rating.review)
    if rating.reviewer_id != actor.pk:
        raise NotFound("rating")
    if RatingSubmission.objects.filter(review=rating.review, reviewer=actor).exists():
        raise DomainError(_("You have submitted your ratings; agree on changes in the consensus."))
    if not 1 <= score <= 5:
        raise DomainError({"score": _("A score is a whole number from 1 to 5.")})
    with transaction.atomic(durable=True):
        rating.score, rating.notes, rating.sources = score, notes[:4000], sources[:500]
        rating.save(update_fields=["score", "notes", "sources"])
        record(
            AuditEvent.FIDELITY_RATED, actor=actor, obj=rating, changes={"item": rating.item_number}
        )
    return rating


def submit_ratings(*, actor: Actor, review: FidelityReview) -> RatingSubmission:
    """Hand in all 25 scores; only then does the reviewer see the others' scores and notes."""
    _require_reviewer(actor, review)
    _require_open(review)
    rated = set(
        ItemRating.objects.filter(review=review, reviewer=actor).values_list(
            "item_number", flat=True
        )
    )
    missing = sorted(set(scale_of(review).items) - rated)
    if missing:
        raise DomainError(
            _("Rate every item before submitting. Missing: %(items)s.")
            % {"items": ", ".join(map(str, missing))}
        )
    with transaction.atomic(durable=True):
        submission, _created = RatingSubmission.objects.get_or_create(review=review, reviewer=actor)
        if not review.reviewers.exclude(pk__in=review.submissions.values("reviewer_id")).exists():
            review.status = ReviewStatus.CONSENSUS
            review.save(update_fields=["status"])
        record(AuditEvent.FIDELITY_SUBMITTED, actor=actor, obj=review)
    return submission


def agree_item(
    *,
    actor: Actor,
    review: FidelityReview,
    item_number: int,
    score: int,
    rationale: str = "",
    strengths: str = "",
    recommendations: str = "",
) -> ConsensusRating:
    """Record the score the reviewers agreed on for an item, with rationale and recommendations."""
    _require_reviewer(actor, review)
    _require_open(review)
    if review.status != ReviewStatus.CONSENSUS:
        raise DomainError(_("Consensus starts when every reviewer has submitted their ratings."))
    if item_number not in scale_of(review).items:
        raise DomainError({"item_number": _("There is no such item on the scale.")})
    if not 1 <= score <= 5:
        raise DomainError({"score": _("A score is a whole number from 1 to 5.")})
    with transaction.atomic(durable=True):
        consensus, _created = ConsensusRating.objects.update_or_create(
            review=review,
            item_number=item_number,
            defaults={
                "score": score,
                "rationale": rationale[:4000],
                "strengths": strengths[:4000],
                "recommendations": recommendations[:4000],
            },
        )
        record(
            AuditEvent.FIDELITY_AGREED,
            actor=actor,
            obj=consensus,
            changes={"item": item_number, "score": score},
        )
    return consensus


def finalise_review(*, actor: Actor, review: FidelityReview) -> FidelityReview:
    """Close the review: every item needs an agreed score. Recommendations become actions,
    and the apps registered with ``review_hooks.review_finalised`` act on them in the same
    transaction (the improvement register takes them in), so if one of them fails the review
    stays open."""
    _require_reviewer(actor, review)
    _require_open(review)
    agreed = {c.item_number: c for c in ConsensusRating.objects.filter(review=review)}
    missing = sorted(set(scale_of(review).items) - set(agreed))
    if missing:
        raise DomainError(
            _("Every item needs an agreed score before the review is final. Missing: %(items)s.")
            % {"items": ", ".join(map(str, missing))}
        )
    with transaction.atomic(durable=True):
        review.status, review.finalised_at = ReviewStatus.FINAL, timezone.now()
        review.total = sum(c.score for c in agreed.values())
        review.save(update_fields=["status", "finalised_at", "total"])
        ImprovementAction.objects.bulk_create(
            ImprovementAction(
                unit=review.unit, review=review, item_number=number, description=c.recommendations
            )
            for number, c in sorted(agreed.items())
            if c.recommendations.strip()
        )
        record(
            AuditEvent.FIDELITY_FINALISED, actor=actor, obj=review, changes={"total": review.total}
        )
        review_finalised.run(review, actor)
    return review


def update_action(
    *,
    actor: Actor,
    action: ImprovementAction,
    status: str,
    owner: Actor | None = None,
    due_on: datetime.date | None = None,
) -> ImprovementAction:
    if (
        action.unit_id not in access.unit_ids_for(actor, access.Action.LEAD_UNIT)
        and not action.review.reviewers.filter(pk=actor.pk).exists()
    ):
        raise Forbidden("fidelity.action")
    if status not in ActionStatus.values:
        raise DomainError({"status": _("Choose a status.")})
    with transaction.atomic(durable=True):
        action.status, action.owner, action.due_on = status, owner, due_on
        action.save(update_fields=["status", "owner", "due_on"])
        record(
            AuditEvent.FIDELITY_ACTION_SAVED, actor=actor, obj=action, changes={"status": status}
        )
    return action
