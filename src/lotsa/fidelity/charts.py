"""The fidelity profile: every item's agreed score against the unit's previous final review, as
a server-rendered SVG with a scale axis, drawn from the same review view as the table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from lotsa.fidelity.models import FidelityReview
from lotsa.fidelity.queries import ItemView, ReviewView
from lotsa.fidelity.scale import ANCHORS

POINT = 28  # height of one scale point
TOP = 30  # room for the legend
LEFT = 40  # room for the axis labels
GROUP = 22  # width of one item's pair of bars
BAR = 8
BOTTOM = 34  # room for the item numbers and the axis title


@dataclass(frozen=True)
class ProfileBar:
    x: int
    y: int
    height: int
    score: int


@dataclass(frozen=True)
class ProfileItem:
    number: int
    name: str
    current: ProfileBar | None
    previous: ProfileBar | None
    label_x: int


@dataclass(frozen=True)
class ProfileChart:
    items: list[ProfileItem]
    ticks: list[tuple[int, int]]  # (score, y) for every point of the scale
    previous_review: FidelityReview | None
    width: int
    height: int
    baseline: int
    plot_right: int


def _bar(x: int, baseline: int, score: int | None) -> ProfileBar | None:
    if score is None:
        return None
    return ProfileBar(x, baseline - POINT * score, POINT * score, score)


def _item(index: int, view: ItemView, baseline: int, with_previous: bool) -> ProfileItem:
    left = LEFT + 6 + index * GROUP
    return ProfileItem(
        view.item.number,
        str(view.item.name),
        _bar(left, baseline, view.consensus.score if view.consensus else None),
        _bar(left + BAR + 1, baseline, view.previous[0]) if with_previous else None,
        left + BAR,
    )


def fidelity_profile(view: ReviewView) -> ProfileChart:
    baseline = TOP + POINT * ANCHORS
    previous = view.previous_reviews[0] if view.previous_reviews else None
    items = [
        _item(index, item_view, baseline, previous is not None)
        for index, item_view in enumerate(view.items)
    ]
    plot_right = LEFT + 6 + len(items) * GROUP
    return ProfileChart(
        items,
        [(score, baseline - POINT * score) for score in range(1, ANCHORS + 1)],
        previous,
        plot_right + 8,
        baseline + BOTTOM,
        baseline,
        plot_right,
    )
