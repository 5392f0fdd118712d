"""IPS quarterly outcomes: every figure checked against a hand-built quarter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotsa.outcomes import queries, reports
from lotsa.outcomes.periods import parse_period
from lotsa.outcomes.tests.data import Q3_2026, D, ips_quarter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def _view(user, params=None):  # type: ignore[no-untyped-def]
    params = Q3_2026 | (params or {})
    return queries.report_view(
        user, reports.REPORTS["ips"], params, parse_period(params, D(2026, 11, 1))
    )


def test_every_quarterly_figure_of_a_hand_built_quarter() -> None:
    data = ips_quarter()
    view = _view(data.coach, {"unit": str(data.unit.pk)})
    main = view.tables[0]
    figures = {row.metric.code: row.cells[-1].value for row in main.rows}
    assert figures["served"] == 5  # e1 e2 e3 e4 e7
    assert figures["referrals"] == 3  # e2 e5 e6 (the quarter's last day)
    assert figures["referrals_in_work"] == 1  # e2
    assert figures["profiles_started"] == 1
    assert figures["first_jobs"] == 2  # e1 e2; e3's job has no four paid hours; e7's began before
    assert figures["job_starts"] == 3  # e1 twice (one on 30 September), e2
    assert figures["in_competitive_work"] == 3  # e1 once although two jobs, e2, e7
    assert figures["discharges"] == 1
    assert figures["rate_denominator"] == 4  # e2 was in work at referral
    assert figures["rate_numerator"] == 2
    assert figures["employment_rate"] == Decimal(50)
    assert figures["days_to_employer_contact"] == Decimal(60)  # e1: 10 May to 9 July
    assert figures["caseload_at_end"] == 4
    assert figures["coach_fte"] == Decimal("1.50")
    assert figures["caseload_per_fte"].quantize(Decimal("0.01")) == Decimal("2.67")
    assert figures["in_work_at_referral_share"] == Decimal(25)
    assert view.band.code == "excellent"


def test_the_inclusive_variant_keeps_those_in_work_at_referral() -> None:
    data = ips_quarter()
    main = _view(data.coach, {"unit": str(data.unit.pk), "inclusive": "1"}).tables[0]
    assert main.total("rate_denominator").value == 5
    assert main.total("rate_numerator").value == 3
    assert main.total("employment_rate").value == Decimal(60)
