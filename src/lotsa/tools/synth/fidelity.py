"""Fidelity: a final external IPS-25 review a year for every IPS unit, with its ratings."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lotsa.fidelity.scale import scales
from lotsa.tools.synth.tables import Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator


# A review is finalised this long after its period ends.
FINALISED_AFTER = datetime.timedelta(days=20)


def tables(generator: Generator) -> Iterator[Table]:
    yield reviews(generator)
    yield review_reviewers(generator)
    yield consensus_ratings(generator)


def reviews(generator: Generator) -> Table:
    """A final external review a year for the last two years, for every IPS unit."""
    scale = scales()[("ips25", 1)]
    rows = []
    n = 0
    for unit, _country, model, _org in generator.units:
        if model != "ips":
            continue
        quality = generator.rng.uniform(2.6, 4.6)
        for years_ago in (2, 1):
            n += 1
            end = generator.today - datetime.timedelta(days=365 * years_ago - 60)
            start = end - datetime.timedelta(days=90)
            scores = [
                min(5, max(1, round(generator.rng.gauss(quality + (2 - years_ago) * 0.2, 0.8))))
                for _item in scale.items
            ]
            generator.review_scores.append((n, scores))
            generator.reviews_of_unit.setdefault(unit, []).append((n, start, end))
            rows.append((
                n, unit, "ips25", 1, "external", start, end,
                json.dumps([end.isoformat()]), "[]", "final", generator.reviewers[0], at(end, 9),
                at(end + FINALISED_AFTER, 9), sum(scores),
            ))  # fmt: skip
    return Table(
        "fidelity_fidelityreview",
        ("id", "unit_id", "scale_code", "scale_version", "mode", "period_start",
         "period_end", "visit_dates", "planned_sources", "status", "created_by_id",
         "created_at", "finalised_at", "total"),
        iter(rows),
    )  # fmt: skip


def review_reviewers(generator: Generator) -> Table:
    rows = (
        (n, review, reviewer)
        for n, (review, reviewer) in enumerate(
            (
                (review, reviewer)
                for review, _s in generator.review_scores
                for reviewer in generator.reviewers
            ),
            start=1,
        )
    )
    return Table("fidelity_fidelityreview_reviewers", ("id", "fidelityreview_id", "user_id"), rows)


def consensus_ratings(generator: Generator) -> Table:
    items = sorted(scales()[("ips25", 1)].items)

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for review, scores in generator.review_scores:
            for item, score in zip(items, scores, strict=True):
                n += 1
                yield (n, review, item, score, "", "", "")

    return Table(
        "fidelity_consensusrating",
        (
            "id",
            "review_id",
            "item_number",
            "score",
            "rationale",
            "strengths",
            "recommendations",
        ),
        rows(),
    )
