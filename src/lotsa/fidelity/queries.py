"""Reads for fidelity reviews: what each viewer may see, totals, bands and comparisons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from lotsa.accounts.types import Actor
from lotsa.fidelity.evidence import Evidence, fidelity_evidence, item_evidence
from lotsa.fidelity.models import (
    ActionStatus,
    ConsensusRating,
    FidelityReview,
    ImprovementAction,
    ItemRating,
    RatingSubmission,
    ReviewStatus,
)
from lotsa.fidelity.scale import Band, Item, Scale, scale_of
from lotsa.organisations.models import Unit

DECISIVE_BOUNDARY = 3  # the manual: 3 versus 4–5 matters; 1 versus 2 does not


@dataclass
class ItemView:
    item: Item
    evidence: Evidence | None
    mine: ItemRating | None
    others: list[ItemRating] = field(default_factory=list)
    consensus: ConsensusRating | None = None
    previous: list[int | None] = field(default_factory=list)

    @property
    def scores(self) -> list[int]:
        return [r.score for r in ([self.mine] if self.mine else []) + self.others]

    @property
    def differs(self) -> bool:
        return len(set(self.scores)) > 1

    @property
    def decisive(self) -> bool:
        """Reviewers are on both sides of the line between 3 and 4–5."""
        scores = self.scores
        return bool(scores) and min(scores) <= DECISIVE_BOUNDARY < max(scores)


@dataclass
class ReviewView:
    review: FidelityReview
    scale: Scale
    is_reviewer: bool
    submitted: bool
    sees_others: bool
    items: list[ItemView]
    total: int | None
    band: Band | None
    section_totals: dict[str, int]
    previous_reviews: list[FidelityReview]
    actions: list[ImprovementAction]

    @property
    def differences_first(self) -> list[ItemView]:
        return sorted(
            self.items, key=lambda view: (not view.decisive, not view.differs, view.item.number)
        )

    @property
    def review_actions(self) -> list[ImprovementAction]:
        """The improvement actions this review recommended (the unit's list holds earlier ones too)."""
        return [action for action in self.actions if action.review_id == self.review.pk]

    @property
    def action_statuses(self) -> list[tuple[str, str]]:
        """The choices of an improvement action's status, for every page that lists the actions."""
        return [(str(value), str(label)) for value, label in ActionStatus.choices]

    @property
    def rated_count(self) -> int:
        return sum(1 for view in self.items if view.mine)


def totals(scale: Scale, scores: dict[int, int]) -> tuple[int | None, Band | None, dict[str, int]]:
    """Total, band and section subtotals; the total only when every item has a score."""
    sections: dict[str, int] = defaultdict(int)
    for number, score in scores.items():
        sections[scale.items[number].section] += score
    if len(scores) != len(scale.items):
        return None, None, dict(sections)
    total = sum(scores.values())
    return total, scale.band_for(total), dict(sections)


def review_view(
    user: Actor,
    review: FidelityReview,
    *,
    with_evidence: bool = True,
    evidence_for_all: bool = False,
) -> ReviewView:
    """The review as this user may see it.

    A reviewer sees only their own scores and notes until they have submitted all of theirs; then
    they see the other reviewers' too. Staff of the unit who are not reviewers see the agreed
    (consensus) scores only, and the figures from the records only where ``evidence_for_all``
    asks for them (the report, which puts the agreed score beside the figure it was set by).
    """
    scale = scale_of(review)
    reviewer_ids = set(review.reviewers.values_list("pk", flat=True))
    is_reviewer = user.pk in reviewer_ids
    submitted = (
        is_reviewer and RatingSubmission.objects.filter(review=review, reviewer=user).exists()
    )
    sees_others = submitted or (is_reviewer and review.status == ReviewStatus.FINAL)
    ratings = (
        list(ItemRating.objects.filter(review=review).select_related("reviewer"))
        if is_reviewer
        else []
    )
    consensus = {c.item_number: c for c in ConsensusRating.objects.filter(review=review)}
    evidence = (
        fidelity_evidence(review.unit, review.period_start, review.period_end, scale)
        if with_evidence and (is_reviewer or evidence_for_all)
        else {}
    )
    previous = list(
        FidelityReview.objects.filter(
            unit=review.unit, status=ReviewStatus.FINAL, period_end__lt=review.period_end
        ).order_by("-period_end")[:3]
    )
    previous_scores: dict[int, dict[int, int]] = defaultdict(dict)
    for review_id, number, score in ConsensusRating.objects.filter(review__in=previous).values_list(
        "review_id", "item_number", "score"
    ):
        previous_scores[review_id][number] = score
    items = []
    for number, item in scale.items.items():
        mine = next(
            (r for r in ratings if r.reviewer_id == user.pk and r.item_number == number), None
        )
        others = (
            [r for r in ratings if r.reviewer_id != user.pk and r.item_number == number]
            if sees_others
            else []
        )
        items.append(
            ItemView(
                item,
                evidence.get(number),
                mine,
                others,
                consensus.get(number),
                [previous_scores[p.pk].get(number) for p in previous],
            )
        )
    total, band, sections = totals(scale, {n: c.score for n, c in consensus.items()})
    actions = list(
        ImprovementAction.objects.filter(unit=review.unit)
        .select_related("owner", "review")
        .order_by("status", "due_on")
    )
    return ReviewView(
        review,
        scale,
        is_reviewer,
        submitted,
        sees_others,
        items,
        total,
        band,
        sections,
        previous,
        actions,
    )


def latest_reviews(units: list[Unit]) -> list[tuple[Unit, FidelityReview | None, Band | None]]:
    """Each unit with its latest final review and band (one query for all units)."""
    latest: dict[int, FidelityReview] = {}
    for review in FidelityReview.objects.filter(unit__in=units, status=ReviewStatus.FINAL).order_by(
        "unit_id", "-period_end"
    ):
        latest.setdefault(review.unit_id, review)
    rows: list[tuple[Unit, FidelityReview | None, Band | None]] = []
    for unit in units:
        found = latest.get(unit.pk)
        band = scale_of(found).band_for(found.total) if found and found.total else None
        rows.append((unit, found, band))
    return rows


def own_rating(user: Actor, review: FidelityReview, item_number: int) -> ItemRating | None:
    """The user's own rating of an item of the review, if they have rated it."""
    return ItemRating.objects.filter(review=review, reviewer=user, item_number=item_number).first()


def suggested_score(review: FidelityReview, item_number: int) -> int | None:
    """The score the records suggest for one item of the review, if they suggest one."""
    item = scale_of(review).items.get(item_number)
    if item is None or not item.measure:
        return None
    return item_evidence(review.unit, review.period_start, review.period_end, item).suggested
