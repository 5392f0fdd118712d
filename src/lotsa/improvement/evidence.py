"""Fidelity evidence from the unit's improvement work: IPS-25 item 11 (executive support),
whose component (b) asks that the quality process reviews the service with the fidelity scale
— every six months until fidelity is high, yearly after — and uses the results to improve.
Registered with the fidelity app when this app starts (``apps.ImprovementConfig.ready``)."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lotsa.fidelity.evidence import Element, Evidence, Period, Table, elements_evidence
from lotsa.fidelity.scale import scale_of
from lotsa.improvement.queries import recommendation_follow_up

# Fidelity is high from the band of good fidelity up; until then a review every six months.
HIGH_FIDELITY_BANDS = frozenset({"good", "exemplary"})
REVIEW_INTERVAL_UNTIL_HIGH = datetime.timedelta(days=183)
REVIEW_INTERVAL_WHEN_HIGH = datetime.timedelta(days=366)


def _regular_reviews(period: Period) -> Element:
    follow_up = recommendation_follow_up(period.unit, period.end)
    name = _("The quality process reviews the service with the fidelity scale and uses the results")
    earlier = follow_up.review
    if earlier is None:
        return Element(name, None, _("no earlier final review in the records"))
    high = (
        earlier.total is not None
        and scale_of(earlier).band_for(earlier.total).code in HIGH_FIDELITY_BANDS
    )
    interval = REVIEW_INTERVAL_WHEN_HIGH if high else REVIEW_INTERVAL_UNTIL_HIGH
    figure = _(
        "the last final review ended on %(day)s (%(total)s points); of its %(actions)s "
        "recommendations %(in_register)s are in the improvement register, %(tried)s tried in a "
        "PDSA cycle, %(done)s done"
    ) % {
        "day": date_format(earlier.period_end, "SHORT_DATE_FORMAT"),
        "total": earlier.total if earlier.total is not None else "–",
        "actions": follow_up.actions,
        "in_register": follow_up.in_register,
        "tried": follow_up.tried,
        "done": follow_up.done,
    }
    return Element(name, period.end - earlier.period_end <= interval, figure)


def executive_support(period: Period) -> Evidence:
    """Item 11: the records show component (b) — in place when this review comes within six
    months of the last final one (a year once fidelity is good); the follow-up of the last
    review's recommendations is shown beside it, for the reviewers to weigh whether the results
    are used. The executives' part the reviewers ask about."""
    regular = _regular_reviews(period)
    return elements_evidence(
        _(
            "Components of executive support the fidelity reviews and the improvement register "
            "show (a review every six months until fidelity is good, then yearly)"
        ),
        [
            Element(
                _("The chief executive and the clinical director know the IPS principles"), None
            ),
            regular,
            Element(
                _(
                    "An executive takes part in a steering group that meets regularly and writes action plans"
                ),
                None,
            ),
            Element(
                _("The chief executive explains in person to all staff how IPS serves the mission"),
                None,
            ),
            Element(
                _("The IPS leader reports barriers to the executive team at least twice a year"),
                None,
            ),
        ],
        [
            Table(
                _("Follow-up of the last review"),
                (_("What the records show"),),
                [(regular.figure,)],
            )
        ]
        if regular.figure
        else [],
    )
