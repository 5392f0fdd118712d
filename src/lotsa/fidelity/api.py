"""Fidelity review endpoints; a reviewer sees other reviewers' scores only after submitting."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema, Status

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.apischema import ErrorOut, StrictSchema
from lotsa.errors import NotFound
from lotsa.fidelity import queries, services
from lotsa.fidelity.models import FidelityReview, ItemRating

router = Router(tags=["fidelity"])


class RatingOut(Schema):
    item_number: int
    reviewer_id: int
    score: int
    notes: str
    sources: str


class ElementOut(Schema):
    name: str
    in_place: bool | None = Field(
        ..., description="By the records; null where the reviewers find out by interview"
    )
    figure: str


class ItemOut(Schema):
    number: int
    name: str
    evidence_definition: str | None = Field(
        ..., description="What the figure counts; null where the records cannot speak to the item"
    )
    evidence_value: str | None
    evidence_unit: str
    suggested_score: int | None
    possible_scores: list[int] | None = Field(
        ..., description="Lowest and highest score the elements still allow, while some are open"
    )
    evidence_elements: list[ElementOut]
    my_rating: RatingOut | None
    other_ratings: list[RatingOut]
    agreed_score: int | None


class ReviewOut(Schema):
    id: int
    unit_id: int
    mode: str
    status: str
    period_start: datetime.date
    period_end: datetime.date
    submitted: bool
    total: int | None
    band: str | None
    items: list[ItemOut]


class RatingChangeIn(StrictSchema):
    score: int = Field(..., ge=1, le=5)
    notes: str = Field("", max_length=4000)
    sources: str = Field("", max_length=500)


class RatingIn(RatingChangeIn):
    item_number: int = Field(..., ge=1, le=99)


def _review(request: AuthenticatedHttpRequest, review_id: int) -> FidelityReview:
    return access.get_review_for(request.user, review_id)


def _rating_out(rating: ItemRating) -> RatingOut:
    return RatingOut(
        item_number=rating.item_number,
        reviewer_id=rating.reviewer_id,
        score=rating.score,
        notes=rating.notes,
        sources=rating.sources,
    )


@router.get("/{review_id}", response=ReviewOut, summary="A review as the token's user may see it")
def get_review(request: AuthenticatedHttpRequest, review_id: int) -> ReviewOut:
    review = _review(request, review_id)
    view = queries.review_view(request.user, review)
    return ReviewOut(
        id=review.pk,
        unit_id=review.unit_id,
        mode=review.mode,
        status=review.status,
        period_start=review.period_start,
        period_end=review.period_end,
        submitted=view.submitted,
        total=view.total,
        band=str(view.band.name) if view.band else None,
        items=[
            ItemOut(
                number=v.item.number,
                name=str(v.item.name),
                evidence_definition=str(v.evidence.definition) if v.evidence else None,
                evidence_value=str(v.evidence.value)
                if v.evidence and v.evidence.value is not None
                else None,
                evidence_unit=str(v.evidence.unit_label) if v.evidence else "",
                suggested_score=v.evidence.suggested if v.evidence else None,
                possible_scores=list(v.evidence.score_range)
                if v.evidence and v.evidence.score_range
                else None,
                evidence_elements=[
                    ElementOut(name=str(e.name), in_place=e.met, figure=e.figure)
                    for e in (v.evidence.elements if v.evidence else [])
                ],
                my_rating=_rating_out(v.mine) if v.mine else None,
                other_ratings=[_rating_out(r) for r in v.others],
                agreed_score=v.consensus.score if v.consensus else None,
            )
            for v in view.items
        ],
    )


@router.post(
    "/{review_id}/ratings",
    response={201: RatingOut, 403: ErrorOut},
    summary="Rate an item (your own rating)",
)
def rate(request: AuthenticatedHttpRequest, review_id: int, payload: RatingIn) -> Status:
    rating = services.rate_item(
        actor=request.user, review=_review(request, review_id), **payload.dict()
    )
    return Status(201, _rating_out(rating))


@router.put(
    "/{review_id}/ratings/{item_number}",
    response={200: RatingOut, 403: ErrorOut},
    summary="Change your rating of an item (before you submit)",
)
def change_rating(
    request: AuthenticatedHttpRequest, review_id: int, item_number: int, payload: RatingChangeIn
) -> RatingOut:
    rating = queries.own_rating(request.user, _review(request, review_id), item_number)
    if rating is None:
        raise NotFound("rating")
    return _rating_out(services.change_rating(actor=request.user, rating=rating, **payload.dict()))


@router.post(
    "/{review_id}/submission",
    response={201: dict, 403: ErrorOut},
    summary="Submit all your ratings",
)
def submit(request: AuthenticatedHttpRequest, review_id: int) -> Status:
    services.submit_ratings(actor=request.user, review=_review(request, review_id))
    return Status(201, {"submitted": True})


class ReportItemOut(Schema):
    number: int
    name: str
    score: int | None
    rationale: str
    strengths: str
    recommendations: str
    previous_scores: list[int | None]


class FidelityReportOut(Schema):
    id: int
    unit_id: int
    mode: str
    status: str
    period_start: datetime.date
    period_end: datetime.date
    total: int | None
    band: str | None
    sections: dict[str, int]
    previous_totals: list[dict[str, object]]
    items: list[ReportItemOut]


@router.get(
    "/{review_id}/report",
    response=FidelityReportOut,
    summary="The agreed scores, total, band and comparison",
)
def report(request: AuthenticatedHttpRequest, review_id: int) -> FidelityReportOut:
    review = _review(request, review_id)
    view = queries.review_view(request.user, review, with_evidence=False)
    return FidelityReportOut(
        id=review.pk,
        unit_id=review.unit_id,
        mode=review.mode,
        status=review.status,
        period_start=review.period_start,
        period_end=review.period_end,
        total=view.total,
        band=view.band.code if view.band else None,
        sections=view.section_totals,
        previous_totals=[
            {"period_end": p.period_end.isoformat(), "total": p.total}
            for p in view.previous_reviews
        ],
        items=[
            ReportItemOut(
                number=v.item.number,
                name=str(v.item.name),
                score=v.consensus.score if v.consensus else None,
                rationale=v.consensus.rationale if v.consensus else "",
                strengths=v.consensus.strengths if v.consensus else "",
                recommendations=v.consensus.recommendations if v.consensus else "",
                previous_scores=v.previous,
            )
            for v in view.items
        ],
    )
