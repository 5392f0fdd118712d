"""The two worked examples, Swedish (A) and Danish (B), computed by the engine from their shipped
parameter files and compared with the figures worked out by hand: one test per check of the
reference's test section, then the other figures the examples give."""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal

import pytest

from lotsa.socioeconomics.engine import Result, calculate
from lotsa.socioeconomics.flows import state_flows, transition
from lotsa.socioeconomics.inputs import example_inputs
from lotsa.socioeconomics.parameter_set import ParameterSet
from lotsa.socioeconomics.projection import PaybackStatus
from lotsa.socioeconomics.registry import parameter_sets
from lotsa.socioeconomics.sensitivity import with_effect
from lotsa.socioeconomics.tests.support import approx


def _with_participants(result: Result, factor: int) -> Result:
    inputs = result.inputs
    cohorts = tuple(
        dataclasses.replace(cohort, participants=cohort.participants * factor)
        for cohort in inputs.cohorts
    )
    return calculate(dataclasses.replace(inputs, cohorts=cohorts))


# 1
def test_se_a_month_in_full_time_work_instead_of_social_assistance_gains(
    result_a: Result,
) -> None:
    (move,) = result_a.transitions
    assert (move.from_state, move.to_state) == ("forsorjningsstod", "arbete_heltid")
    assert move.gains == {
        "kommun": approx(15000),
        "region": approx(2750),
        "staten": approx(5730),
        "individ": approx(9375),
    }
    assert move.public == approx(23480)
    assert move.society == approx(32855)


# 2
@pytest.mark.parametrize("set_id", sorted(parameter_sets().sets))
def test_the_identity_holds_for_every_transition_of_every_shipped_set(set_id: str) -> None:
    parameters = parameter_sets().sets[set_id]
    for from_state, to_state in itertools.permutations(parameters.states, 2):
        move = transition(parameters, from_state, to_state)  # raises if the identity fails
        financial = move.public + move.individual + move.employer
        assert financial == approx(move.real_resources, "0.01"), (from_state, to_state)


# 3
def test_se_npv_at_3_5_percent_per_payer(result_a: Result) -> None:
    npv = {column: result_a[column].npv for column in result_a.columns}
    assert npv == {
        "kommun": approx(1301670),
        "region": approx(-373861),
        "staten": approx(-716262),
        "individ": approx(1282294),
        "public": approx(211547),
        "society": approx(1493841),
    }


# 4
def test_se_undiscounted_net_of_public_and_society(result_a: Result) -> None:
    assert result_a["public"].undiscounted_net == approx(381120)
    assert result_a["society"].undiscounted_net == approx(1731120)


# 5
def test_se_public_payback_undiscounted_and_discounted(result_a: Result) -> None:
    public = result_a["public"]
    assert public.payback.status == PaybackStatus.PAID_BACK
    assert public.payback.year == 2
    assert public.payback.years == approx("1.7746", "0.001")
    assert public.discounted_payback.years == approx("1.8660", "0.001")


# 6
def test_se_break_even_effect_and_duration(result_a: Result) -> None:
    assert result_a["public"].break_even_net_effect == approx("0.28024", "0.0005")
    assert result_a["society"].break_even_net_effect == approx("0.20027", "0.0005")
    assert result_a["public"].break_even_duration == approx("1.8660", "0.0005")
    assert result_a["society"].break_even_duration == approx("1.3235", "0.0005")
    assert result_a["kommun"].break_even_duration == approx("0.7187", "0.0005")


SE_GRID = {
    "public": [
        [-2455536, -1929484, -1421222, -455678],
        [-1911072, -858969, 157557, 2088645],
        [-1366609, 211547, 1736335, 4632967],
        [-822145, 1282063, 3315114, 7177289],
    ],
    "society": [
        [-2238145, -1502053, -790853, 560209],
        [-1476290, -4106, 1418294, 4120418],
        [-714435, 1493841, 3627440, 7680627],
        [47420, 2991788, 5836587, 11240836],
    ],
}


# 7
@pytest.mark.parametrize(
    ("column", "row", "cell"),
    [(column, row, cell) for column in SE_GRID for row in range(4) for cell in range(4)],
)
def test_se_sensitivity_grid_cell(result_a: Result, column: str, row: int, cell: int) -> None:
    grid = result_a.sensitivity
    assert grid.net_effects == tuple(Decimal(v) for v in ("0.10", "0.20", "0.30", "0.40"))
    assert grid.durations == tuple(Decimal(v) for v in (1, 2, 3, 5))
    assert grid.grid[column][row][cell] == approx(SE_GRID[column][row][cell])


# 8
def test_dk_a_month_in_a_job_instead_of_kontanthjaelp_gains(result_b: Result) -> None:
    (move,) = result_b.transitions
    assert move.gains["kommune"] == approx("13219.30", "0.01")
    assert move.gains["stat"] == approx("6318.62", "0.01")
    assert move.gains["borger"] == approx("8462.08", "0.01")
    assert move.public == approx("19537.92", "0.01")
    assert move.gains["region"] == 0


# 9
def test_dk_npv_at_finansministeriets_rate(result_b: Result) -> None:
    assert result_b["kommune"].npv == approx(-191891)
    assert result_b["stat"].npv == approx(864249)
    assert result_b["public"].npv == approx(672358)
    assert result_b["society"].npv == approx(1829784)


# 10
def test_npv_is_linear_in_participants_and_net_effect_and_duration_falls_as_effect_grows(
    result_a: Result,
) -> None:
    doubled = _with_participants(result_a, 2)
    for column in result_a.results:
        assert doubled[column].npv == approx(2 * result_a[column].npv, "0.000001")
    at = {
        share: calculate(with_effect(result_a.inputs, Decimal(share)))
        for share in ("0.1", "0.2", "0.3")
    }
    for column in result_a.results:
        first_step = at["0.2"][column].npv - at["0.1"][column].npv
        assert at["0.3"][column].npv - at["0.2"][column].npv == approx(first_step, "0.000001")
    durations = [at[share]["public"].break_even_duration for share in ("0.1", "0.2", "0.3")]
    assert all(duration is not None for duration in durations)
    assert durations == sorted(durations, reverse=True) and len(set(durations)) == 3


# 11
def test_without_an_effect_every_npv_is_minus_the_cost_and_nothing_pays_back(
    result_a: Result,
) -> None:
    nothing = calculate(with_effect(result_a.inputs, Decimal(0)))
    cost_shares = {"kommun": 750000, "region": 750000, "staten": 1500000, "individ": 0}
    for payer, cost in cost_shares.items():
        assert nothing[payer].npv == -cost
        assert nothing[payer].pv_benefit == 0
    assert nothing["public"].npv == -3000000
    assert nothing["society"].npv == -3000000
    for column in nothing.results:
        assert nothing[column].payback.status != PaybackStatus.PAID_BACK
        assert nothing[column].discounted_payback.status != PaybackStatus.PAID_BACK
    assert nothing["public"].payback.status == PaybackStatus.NOT_WITHIN_HORIZON
    assert nothing["individ"].payback.status == PaybackStatus.NO_OUTLAY


# The examples' other figures ------------------------------------------------------------------


def test_se_yearly_flows_of_the_cohort(result_a: Result) -> None:
    expected = {
        "kommun": (-750000, 1080000, 1080000),
        "region": (-750000, 198000, 198000),
        "staten": (-1500000, 412560, 412560),
        "public": (-3000000, 1690560, 1690560),
        "individ": (0, 675000, 675000),
        "society": (-3000000, 2365560, 2365560),
    }
    for column, nets in expected.items():
        rows = result_a[column].years
        assert tuple(row.net for row in rows[:3]) == tuple(approx(net) for net in nets)
        assert all(row.net == 0 for row in rows[3:])
    assert result_a["public"].years[1].cumulative == approx(-1309440)
    assert result_a["public"].years[1].cumulative_discounted == approx(-1366609)


def test_se_discounted_benefits_and_benefit_cost_ratios(result_a: Result) -> None:
    factors = result_a["public"].years
    assert factors[1].discount_factor == approx("0.966184", "0.000001")
    assert factors[2].discount_factor == approx("0.933511", "0.000001")
    pv_benefit = {"kommun": 2051670, "region": 376139, "staten": 783738, "public": 3211547}
    for column, value in pv_benefit.items():
        assert result_a[column].pv_benefit == approx(value)
    assert result_a["society"].pv_benefit == approx(4493841)
    ratios = {"kommun": "2.74", "region": "0.50", "staten": "0.52", "public": "1.071"}
    for column, ratio in ratios.items():
        assert result_a[column].bcr == approx(ratio, "0.005")
    assert result_a["society"].bcr == approx("1.498", "0.0005")
    assert result_a["individ"].bcr is None
    assert result_a["public"].roi == approx("0.0705", "0.0001")


def test_se_price_of_exclusion_per_person_year(result_a: Result) -> None:
    (move,) = result_a.transitions
    yearly = {column: move.yearly(column) for column in ("kommun", "region", "staten")}
    assert yearly == {"kommun": 180000, "region": 33000, "staten": 68760}
    assert (move.yearly("individ"), move.yearly("public"), move.yearly("society")) == (
        112500,
        281760,
        394260,
    )


def test_se_discount_rate_and_counterfactual_swings_in_the_tornado(result_a: Result) -> None:
    bars = {bar.parameter: bar for bar in result_a.sensitivity.tornado}
    rate = bars["discount_rate"]
    assert (rate.npv_low["public"], rate.npv_low["society"]) == (
        approx(381120),
        approx(1731120),
    )
    assert (rate.npv_high["public"], rate.npv_high["society"]) == (
        approx(143445),
        approx(1398547),
    )
    # If 10 % would have left social assistance anyway, the net effect is 20 %.
    assert bars["counterfactual"].npv_high["public"] == approx(-858969)
    assert bars["counterfactual"].npv_low["public"] == approx(211547)  # kept at 0, not below
    assert bars["discount_rate"].swing("public") == approx(381120 - 143445)
    assert "persistence" not in bars  # the example's effect is a step, not a decay


def test_se_the_municipality_paying_everything_loses_within_two_years(
    result_a: Result,
) -> None:
    inputs = result_a.inputs
    alone = dataclasses.replace(inputs.cost, split={"kommun": Decimal(1)})
    result = calculate(dataclasses.replace(inputs, cost=alone))
    assert result["kommun"].npv == approx(-948330)
    assert result["kommun"].break_even_duration == approx("2.974", "0.0005")
    assert result["staten"].payback.status == PaybackStatus.NO_OUTLAY


def test_dk_yearly_gain_undiscounted_net_and_break_even(result_b: Result) -> None:
    year_1 = {column: result_b[column].years[1].benefit for column in ("kommune", "stat")}
    assert year_1 == {"kommune": approx("951789.60", "0.01"), "stat": approx("454940.88", "0.01")}
    undiscounted = {"kommune": -96421, "stat": 909882, "public": 813461, "borger": 1218539}
    for column, value in undiscounted.items():
        assert result_b[column].undiscounted_net == approx(value)
    assert result_b["society"].undiscounted_net == approx(2032000)
    assert result_b["borger"].npv == approx(1157426)
    assert result_b["public"].break_even_net_effect == approx("0.2245", "0.0005")
    assert result_b["kommune"].break_even_net_effect == approx("0.3318", "0.0005")
    assert result_b["public"].break_even_duration == approx("1.488", "0.0005")
    assert result_b["kommune"].break_even_duration == approx("2.224", "0.0005")


def test_dk_kontanthjaelp_is_paid_after_refusion_and_taxed(example_b: ParameterSet) -> None:
    flows = state_flows(example_b, "kontanthjaelp").by_payer
    assert flows["kommune"] == approx("-7814.72", "0.01")
    assert flows["stat"] == approx("-1482.26", "0.01")
    assert flows["borger"] == approx("9296.98", "0.01")
    job = state_flows(example_b, "job").by_payer
    assert job["borger"] == approx("17759.05", "0.01")


def test_the_result_echoes_the_set_and_what_the_run_changed(result_a: Result) -> None:
    echo = result_a.echo
    assert (echo.parameter_set, echo.version, echo.price_year) == ("se-2025-example-a", 1, 2025)
    assert echo.changed == ()
    values = {value.key: value for value in echo.values}
    contribution = values["states.arbete_heltid.employer_contribution"]
    assert contribution.value == Decimal("0.3142")
    assert (contribution.provenance.status, contribution.provenance.source) == ("S", "S27")
    assert "Arbetsgivaravgifter" in contribution.source_title
    assert values["states.arbete_heltid.wage_tax.shares.staten"].value == Decimal("-0.085")
    changed = calculate(dataclasses.replace(result_a.inputs, horizon_years=5)).echo
    assert changed.changed == ("horizon_years",) and changed.horizon_years == 5


def test_monthly_flows_add_up_to_the_years(result_a: Result) -> None:
    for column in result_a.results:
        for row in result_a[column].years:
            months = [m for m in result_a.months if m.year == row.year]
            assert len(months) == 12
            assert sum(m.net(column) for m in months) == row.net
    first_effect_month = result_a.months[12]
    assert first_effect_month.benefit["kommun"] == approx(6 * 15000)
    assert result_a.months[0].cost["public"] == 3000000
    assert result_a.months[11].benefit["kommun"] == 0


def test_an_example_set_cannot_be_computed_without_its_scenario(
    example_a: ParameterSet,
) -> None:
    with pytest.raises(ValueError, match="not a worked example"):
        example_inputs(dataclasses.replace(example_a, scenario=None))
