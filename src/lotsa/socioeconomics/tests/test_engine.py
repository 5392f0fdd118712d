"""The engine's rules beyond the worked examples: effect profiles and lags, several cohorts,
cost timing, baseline mixes, displacement, equalisation, services and subsidies, the Danish
refusion and tax, perspectives, and inputs that are refused."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lotsa.errors import DomainError
from lotsa.socioeconomics.engine import Result, calculate
from lotsa.socioeconomics.flows import (
    IdentityCheckFailed,
    check_identity,
    price_of_exclusion,
    state_flows,
    transition,
)
from lotsa.socioeconomics.inputs import (
    Cohort,
    EffectProfile,
    Inputs,
    Outcome,
    ProgrammeCost,
    example_inputs,
    inputs_for,
)
from lotsa.socioeconomics.parameter_set import (
    Equalisation,
    ParameterSet,
    Provenance,
    Quantity,
)
from lotsa.socioeconomics.projection import PaybackStatus, payback, project
from lotsa.socioeconomics.registry import parameter_sets
from lotsa.socioeconomics.sensitivity import with_effect
from lotsa.socioeconomics.tests.support import approx
from lotsa.socioeconomics.vocabulary import Perspective

# Example A's gain per net success and year for the municipality: 12 × 15,000.
KOMMUN_YEAR = 180000


def _with_profile(inputs: Inputs, profile: EffectProfile) -> Inputs:
    (outcome,) = inputs.outcomes
    return dataclasses.replace(inputs, outcomes=(dataclasses.replace(outcome, profile=profile),))


def _kommun_benefits(inputs: Inputs) -> list[Decimal]:
    return [row.benefit for row in project(inputs).results["kommun"].years]


def test_a_decaying_effect_keeps_its_persistence_each_year(result_a: Result) -> None:
    decaying = _with_profile(result_a.inputs, EffectProfile.decay(Decimal("0.5")))
    benefits = _kommun_benefits(decaying)
    assert benefits[:4] == [0, 6 * KOMMUN_YEAR, 3 * KOMMUN_YEAR, approx(1.5 * KOMMUN_YEAR)]
    assert benefits[10] == approx(6 * KOMMUN_YEAR / 2**9)


def test_a_lag_and_a_fractional_duration_count_in_months(result_a: Result) -> None:
    lagged = _with_profile(result_a.inputs, EffectProfile.step(Decimal("1.5"), lag_months=3))
    benefits = _kommun_benefits(lagged)
    monthly = 6 * 15000
    assert benefits[:4] == [0, 9 * monthly, 9 * monthly, 0]


def test_later_cohorts_pay_and_gain_later_and_costs_follow_their_timing(
    result_a: Result,
) -> None:
    inputs = result_a.inputs
    (cohort,) = inputs.cohorts
    second = dataclasses.replace(cohort, participants=10, start_year=1, programme_months=6)
    spread = dataclasses.replace(inputs.cost, timing={0: Decimal("0.5"), 1: Decimal("0.5")})
    result = project(dataclasses.replace(inputs, cohorts=(cohort, second), cost=spread))
    kommun = result.results["kommun"].years
    quarter = Decimal("0.25") * 150000
    assert [row.cost for row in kommun[:3]] == [
        20 * quarter / 2,
        30 * quarter / 2,
        10 * quarter / 2,
    ]
    # The second cohort's three net successes start in month 18: half of year 1, then all of 2.
    assert kommun[1].benefit == 6 * KOMMUN_YEAR + 3 * KOMMUN_YEAR / 2
    assert kommun[2].benefit == 6 * KOMMUN_YEAR + 3 * KOMMUN_YEAR
    assert kommun[3].benefit == 3 * KOMMUN_YEAR / 2


def test_a_baseline_mix_values_each_move_by_its_share(example_b: ParameterSet) -> None:
    danish = parameter_sets().sets["dk-2024"]
    mixed = inputs_for(
        danish,
        cohorts=(
            Cohort(
                10,
                {"kontanthjaelp": Decimal("0.5"), "sygedagpenge": Decimal("0.5")},
            ),
        ),
        cost=ProgrammeCost(Decimal(0), {"kommune": Decimal(1)}),
        outcomes=(Outcome("job", Decimal("0.4"), Decimal("0.1"), EffectProfile.step(1)),),
        counterfactual_source="test",
    )
    result = project(mixed)
    moves = {move.from_state: move for move in result.transitions}
    expected = 3 * 12 * (moves["kontanthjaelp"].public + moves["sygedagpenge"].public) / 2
    assert result.results["public"].years[1].benefit == approx(expected, "0.000001")
    assert moves["sygedagpenge"].gains["kommune"] != moves["kontanthjaelp"].gains["kommune"]


def test_displacement_reduces_societys_gain_and_the_payers_only_if_asked(
    result_a: Result,
) -> None:
    displaced = dataclasses.replace(result_a.inputs, displacement=Decimal("0.25"))
    result = project(displaced).results
    assert result["society"].years[1].benefit == approx(6 * 12 * 32855 * Decimal("0.75"))
    assert result["kommun"].years[1].benefit == 6 * KOMMUN_YEAR
    in_budget = project(dataclasses.replace(displaced, displacement_in_budget=True)).results
    assert in_budget["kommun"].years[1].benefit == 6 * KOMMUN_YEAR * Decimal("0.75")
    assert in_budget["society"].years[1].benefit == result["society"].years[1].benefit


def test_equalisation_passes_the_local_payers_tax_gains_on(example_a: ParameterSet) -> None:
    half = Equalisation(
        applies=True,
        retention_share=Quantity(Decimal("0.5"), Provenance("A")),
        local_payers=("kommun", "region"),
        remainder_payer="staten",
    )
    gross = transition(example_a, "forsorjningsstod", "arbete_heltid")
    move = transition(example_a, "forsorjningsstod", "arbete_heltid", equalisation=half)
    assert move.gains["kommun"] == 10000 + 2500  # the saved aid is not tax: all of it stays
    assert move.gains["region"] == 1375
    assert move.gains["staten"] == 5730 + 2500 + 1375
    assert move.public == gross.public and move.society == gross.society


def test_a_subsidised_job_costs_the_agency_the_subsidy_and_produces_less() -> None:
    swedish = parameter_sets().sets["se-2025"]
    job = state_flows(swedish, "subventionerat_arbete")
    assert job.by_payer["staten_af"] == -16428
    assert job.employer == 0
    labour_cost = 25000 * Decimal("1.3142")
    assert job.real_resources == labour_cost - 16428
    move = transition(swedish, "forsorjningsstod", "subventionerat_arbete")
    assert move.society == labour_cost - 16428


def test_services_used_are_a_cost_to_their_payer_and_to_society(
    example_a: ParameterSet,
) -> None:
    aid = example_a.states["forsorjningsstod"]
    with_care = dataclasses.replace(
        aid, services={"region": Quantity(Decimal(2000), Provenance("A"))}
    )
    parameters = dataclasses.replace(
        example_a, states={**example_a.states, "forsorjningsstod": with_care}
    )
    move = transition(parameters, "forsorjningsstod", "arbete_heltid")
    assert move.gains["region"] == 2750 + 2000
    assert move.society == 32855 + 2000


def test_the_refusion_staircase_decides_who_pays_a_danish_benefit(
    example_b: ParameterSet,
) -> None:
    aid = example_b.states["kontanthjaelp"]
    assert aid.weeks_on_benefit is not None
    for weeks, state_share in ((3, "0.80"), (20, "0.40"), (52, "0.30"), (53, "0.20")):
        new = dataclasses.replace(
            aid, weeks_on_benefit=dataclasses.replace(aid.weeks_on_benefit, value=Decimal(weeks))
        )
        parameters = dataclasses.replace(example_b, states={**example_b.states, aid.code: new})
        flows = state_flows(parameters, "kontanthjaelp").by_payer
        paid_by_state = 12326 * Decimal(state_share)
        assert flows["stat"] == approx(-paid_by_state + Decimal("982.94"), "0.01")
        assert flows["kommune"] == approx(-(12326 - paid_by_state) + Decimal("2046.08"), "0.01")


def test_danish_income_below_the_personfradrag_pays_no_income_tax(
    example_b: ParameterSet,
) -> None:
    aid = example_b.states["kontanthjaelp"]
    assert aid.benefit is not None
    small = dataclasses.replace(aid, benefit=dataclasses.replace(aid.benefit, value=Decimal(3000)))
    parameters = dataclasses.replace(example_b, states={**example_b.states, aid.code: small})
    assert state_flows(parameters, "kontanthjaelp").by_payer["borger"] == 3000


def test_a_move_whose_gains_do_not_add_up_fails_loudly(result_a: Result) -> None:
    (move,) = result_a.transitions
    check_identity(move)
    dropped = dataclasses.replace(move, public=move.public - 2125)
    with pytest.raises(IdentityCheckFailed, match="forsorjningsstod → arbete_heltid"):
        check_identity(dropped)


def test_the_price_of_exclusion_compares_every_state_with_the_reference() -> None:
    swedish = parameter_sets().sets["se-2025"]
    prices = {move.from_state: move for move in price_of_exclusion(swedish, "arbete_heltid")}
    assert set(prices) == set(swedish.states) - {"arbete_heltid"}
    aid = prices["forsorjningsstod"]
    assert aid.gains["kommun"] == 10721 + Decimal("0.2003") * 25000
    assert aid.yearly("kommun") == 12 * aid.gains["kommun"]
    assert aid.yearly("society") == 12 * 25000 * Decimal("1.3142")


def test_the_perspectives_choose_the_columns_shown(result_a: Result) -> None:
    assert result_a.columns == ("kommun", "region", "staten", "individ", "public", "society")
    budget = calculate(dataclasses.replace(result_a.inputs, perspectives=(Perspective.BUDGET,)))
    assert budget.columns == ("public",)
    assert budget["public"].npv == result_a["public"].npv


def test_costs_covered_within_their_own_year_pay_back_at_once() -> None:
    assert payback([Decimal(5), Decimal(1)], [Decimal(10), Decimal(0)]) == (
        payback([Decimal(5)], [Decimal(10)])
    )
    assert payback([Decimal(5)], [Decimal(10)]).status == PaybackStatus.PAID_BACK
    assert payback([Decimal(0)], [Decimal(0)]).status == PaybackStatus.NO_OUTLAY


def test_a_larger_effect_pays_back_sooner(result_a: Result) -> None:
    paybacks = [
        project(with_effect(result_a.inputs, Decimal(share))).results["public"].payback.years
        for share in ("0.3", "0.4", "0.6")
    ]
    assert paybacks[0] == approx("1.7746", "0.0001")
    assert paybacks == sorted(paybacks, reverse=True) and len(set(paybacks)) == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda i: {"cohorts": ()}, "cohorts"),
        (
            lambda i: {"cohorts": (dataclasses.replace(i.cohorts[0], participants=-1),)},
            "cohorts[0].participants",
        ),
        (
            lambda i: {"cohorts": (dataclasses.replace(i.cohorts[0], baseline={"job": 1}),)},
            "cohorts[0].baseline",
        ),
        (
            lambda i: {"cost": dataclasses.replace(i.cost, split={"kommun": Decimal("0.5")})},
            "cost.split",
        ),
        (
            lambda i: {"cost": dataclasses.replace(i.cost, timing={-1: Decimal(1)})},
            "cost.timing",
        ),
        (
            lambda i: {"outcomes": (dataclasses.replace(i.outcomes[0], share=Decimal(2)),)},
            "outcomes[0].share",
        ),
        (
            lambda i: {"outcomes": i.outcomes * 4},
            "outcomes.share",
        ),
        (lambda i: {"displacement": Decimal("-0.1")}, "displacement"),
        (lambda i: {"horizon_years": 0}, "horizon_years"),
        (
            lambda i: {"equalisation": dataclasses.replace(i.equalisation, applies=True)},
            "equalisation.retention_share",
        ),
    ],
)
def test_inputs_that_do_not_hold_together_are_refused_by_field(
    result_a: Result, change: object, field: str
) -> None:
    assert callable(change)
    inputs = dataclasses.replace(result_a.inputs, **change(result_a.inputs))
    with pytest.raises(DomainError) as refused:
        calculate(inputs)
    assert field in refused.value.errors


def test_a_horizon_past_the_danish_discount_rates_is_refused(example_b: ParameterSet) -> None:
    inputs = dataclasses.replace(example_inputs(example_b), horizon_years=71)
    with pytest.raises(DomainError) as refused:
        calculate(inputs)
    assert list(refused.value.errors) == ["horizon_years"]


def test_the_engine_needs_no_django_settings() -> None:
    """The calculation is a pure function: it loads and runs outside a configured project."""
    script = (
        "from lotsa.socioeconomics.engine import calculate\n"
        "from lotsa.socioeconomics.inputs import example_inputs\n"
        "from lotsa.socioeconomics.registry import PARAMETERS_DIR, Registry\n"
        "example = Registry.from_directory(PARAMETERS_DIR).get('se-2025-example-a')\n"
        "print(round(calculate(example_inputs(example))['public'].npv))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment["PYTHONPATH"] = str(Path(__file__).resolve().parents[3])
    ran = subprocess.run(  # noqa: S603 - the test's own interpreter and script
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert ran.stderr == ""
    assert ran.stdout.strip() == "211547"
