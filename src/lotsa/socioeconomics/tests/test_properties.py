"""Properties the model must have for any valid parameter set and inputs, checked on generated
ones: flows scale with the cohort, no effect means no benefit, transfers cancel (the identity),
discounting shrinks a positive stream, and a larger effect never pays back later."""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lotsa.socioeconomics.flows import transition
from lotsa.socioeconomics.inputs import (
    Cohort,
    EffectProfile,
    Inputs,
    Outcome,
    ProgrammeCost,
    input_problems,
    inputs_for,
)
from lotsa.socioeconomics.parameter_set import (
    ONE,
    ZERO,
    DanishTax,
    DiscountScheme,
    Equalisation,
    PaidQuantity,
    ParameterSet,
    Provenance,
    Quantity,
    Refusion,
    RefusionStep,
    Shares,
    State,
)
from lotsa.socioeconomics.projection import Payback, PaybackStatus, project
from lotsa.socioeconomics.sensitivity import with_effect
from lotsa.socioeconomics.tests.support import approx
from lotsa.socioeconomics.validation import problems_of
from lotsa.socioeconomics.vocabulary import STATES, Production, TaxRule

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
ASSUMED = Provenance("A")
PUBLIC = {"SE": ("kommun", "region", "staten"), "DK": ("kommune", "region", "stat")}
PERSON = {"SE": "individ", "DK": "borger"}
EMPLOYER = {"SE": "arbetsgivare", "DK": "arbejdsgiver"}


def _amounts(top: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=top, places=2)


def _rates(low: str = "0", high: str = "1") -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=3)


def _quantity(value: Decimal) -> Quantity:
    return Quantity(value, ASSUMED)


@st.composite
def _split(draw: st.DrawFn, payers: tuple[str, ...]) -> dict[str, Decimal]:
    """Shares over some of ``payers`` that add up to exactly 1."""
    chosen = draw(st.lists(st.sampled_from(payers), min_size=1, unique=True))
    shares = {payer: draw(_rates("0", "0.5")) for payer in chosen[:-1]}
    shares[chosen[-1]] = ONE - sum(shares.values(), ZERO)
    return shares


@st.composite
def _state(draw: st.DrawFn, code: str, country: str, with_employer: bool) -> State:
    public = PUBLIC[country]
    shares_rule = country == "SE"
    benefit = draw(st.none() | _amounts(30000).map(_quantity))
    wage = draw(st.none() | _amounts(60000).map(_quantity))
    services = draw(st.dictionaries(st.sampled_from(public), _amounts(5000).map(_quantity)))
    assume(benefit or wage or services)
    taxable = benefit is not None and draw(st.booleans())
    fields: dict[str, Any] = {"benefit": benefit, "wage": wage, "services": services}
    if benefit is not None:
        if shares_rule or draw(st.booleans()):
            fields["benefit_payers"] = Shares(draw(_split(public)), ASSUMED)
        else:
            fields["weeks_on_benefit"] = _quantity(Decimal(draw(st.integers(1, 120))))
        fields["benefit_taxable"] = taxable
    if taxable and shares_rule:
        fields["benefit_tax"] = Shares({"kommun": draw(_rates("0", "0.3"))}, ASSUMED)
    if wage is not None:
        if shares_rule:
            credit = draw(_rates("-0.1", "0"))
            fields["wage_tax"] = Shares(
                {
                    "kommun": draw(_rates("0.1", "0.3")),
                    "region": draw(_rates("0", "0.2")),
                    "staten": credit,
                },
                ASSUMED,
            )
        contribution = draw(_rates("0", "0.4"))
        fields["employer_contribution"] = PaidQuantity(
            draw(st.sampled_from(public)), _quantity(contribution)
        )
        if draw(st.booleans()):
            subsidy = draw(st.decimals(min_value=0, max_value=wage.value, places=2))
            fields["wage_subsidy"] = PaidQuantity(draw(st.sampled_from(public)), _quantity(subsidy))
        fields["production"] = (
            draw(st.sampled_from(list(Production)))
            if with_employer
            else Production.LABOUR_COST_LESS_SUBSIDY  # the employer gains nothing
        )
    return State(code=code, **fields)


@st.composite
def parameter_sets(draw: st.DrawFn) -> ParameterSet:
    """A valid parameter set of either country with random states and rules."""
    country = draw(st.sampled_from(["SE", "DK"]))
    with_employer = draw(st.booleans())
    payers = (*PUBLIC[country], PERSON[country]) + ((EMPLOYER[country],) if with_employer else ())
    codes = draw(st.lists(st.sampled_from(STATES[country]), min_size=2, max_size=4, unique=True))
    danish = country == "DK"
    retention = draw(_rates())
    parameters = ParameterSet(
        id=f"{country.lower()}-test",
        version=1,
        kind="default",
        country=country,
        currency="SEK" if country == "SE" else "DKK",
        price_year=2025,
        payers=payers,
        public_payers=PUBLIC[country],
        sources={},
        states={code: draw(_state(code, country, with_employer)) for code in codes},
        tax_rule=TaxRule.DANISH if danish else TaxRule.SHARES_OF_GROSS,
        danish_tax=DanishTax(
            PaidQuantity("stat", _quantity(draw(_rates("0", "0.1")))),
            _quantity(draw(_amounts(60000))),
            PaidQuantity("kommune", _quantity(draw(_rates("0.2", "0.3")))),
            PaidQuantity("stat", _quantity(draw(_rates("0.1", "0.15")))),
        )
        if danish
        else None,
        refusion=Refusion(
            "kommune",
            "stat",
            (
                RefusionStep(1, 4, Decimal("0.8")),
                RefusionStep(5, 52, draw(_rates())),
                RefusionStep(53, None, Decimal("0.2")),
            ),
            ASSUMED,
        )
        if danish
        else None,
        discount=DiscountScheme.constant(draw(_rates("0", "0.08"))),
        horizon_years=_quantity(Decimal(draw(st.integers(2, 10)))),
        displacement=_quantity(draw(_rates("0", "0.5"))),
        equalisation=Equalisation(
            applies=draw(st.booleans()),
            retention_share=_quantity(retention),
            local_payers=PUBLIC[country][:2],
            remainder_payer=PUBLIC[country][2],
        ),
    )
    assume(problems_of(parameters) == [])
    return parameters


@st.composite
def inputs(draw: st.DrawFn) -> Inputs:
    parameters = draw(parameter_sets())
    codes = list(parameters.states)
    horizon = int(parameters.horizon_years.value)
    cohorts = tuple(
        Cohort(
            participants=draw(st.integers(0, 50)),
            baseline=dict.fromkeys(codes[:1], ONE)
            if draw(st.booleans())
            else {codes[0]: Decimal("0.5"), codes[1]: Decimal("0.5")},
            start_year=draw(st.integers(0, min(2, horizon))),
            programme_months=draw(st.integers(0, 24)),
        )
        for _ in range(draw(st.integers(1, 3)))
    )
    outcome_states = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))
    outcomes = []
    for state in outcome_states:
        counterfactual = draw(_rates("0", "0.2"))
        profile = draw(
            st.builds(
                EffectProfile.step,
                st.decimals(min_value=0, max_value=6, places=1),
                st.integers(0, 12),
            )
            | st.builds(EffectProfile.decay, _rates(), st.integers(0, 12))
        )
        outcomes.append(
            Outcome(state, counterfactual + draw(_rates("0", "0.3")), counterfactual, profile)
        )
    built = inputs_for(
        parameters,
        cohorts=cohorts,
        cost=ProgrammeCost(
            per_participant=draw(_amounts(200000)),
            split=draw(_split(parameters.public_payers)),
            timing=draw(st.sampled_from([{0: ONE}, {0: Decimal("0.5"), 1: Decimal("0.5")}])),
        ),
        outcomes=tuple(outcomes),
        counterfactual_source="generated",
    )
    assume(input_problems(built) == {})
    return built


@FAST
@given(parameter_sets())
def test_the_identity_holds_for_every_transition_of_any_valid_set(
    parameters: ParameterSet,
) -> None:
    for from_state, to_state in itertools.permutations(parameters.states, 2):
        move = transition(parameters, from_state, to_state)  # checks the identity itself
        assert move.public + move.individual + move.employer == approx(move.real_resources, "0.01")
        assert move.society == approx(
            move.real_resources * (1 - parameters.displacement.value), "0.000001"
        )


@FAST
@given(inputs())
def test_doubling_every_cohort_doubles_every_flow(built: Inputs) -> None:
    doubled = dataclasses.replace(
        built,
        cohorts=tuple(
            dataclasses.replace(cohort, participants=2 * cohort.participants)
            for cohort in built.cohorts
        ),
    )
    single, double = project(built), project(doubled)
    for column in single.columns:
        for once, twice in zip(
            single.results[column].years, double.results[column].years, strict=True
        ):
            assert twice.cost == 2 * once.cost
            assert twice.benefit == approx(2 * once.benefit, "0.000001")
        assert double.results[column].npv == approx(2 * single.results[column].npv, "0.000001")
    for once_month, twice_month in zip(single.months, double.months, strict=True):
        for column in single.columns:
            assert twice_month.benefit[column] == approx(2 * once_month.benefit[column], "0.000001")


@FAST
@given(inputs())
def test_without_a_net_effect_there_is_no_benefit_and_flows_are_minus_the_cost(
    built: Inputs,
) -> None:
    no_effect = dataclasses.replace(
        built,
        outcomes=tuple(
            dataclasses.replace(outcome, share=outcome.counterfactual_share)
            for outcome in built.outcomes
        ),
    )
    projection = project(no_effect)
    for column, result in projection.results.items():
        assert all(row.benefit == 0 and row.net == -row.cost for row in result.years), column
        assert result.npv == -result.pv_cost
        assert result.payback.status != PaybackStatus.PAID_BACK or not any(
            row.cost for row in result.years
        )


@FAST
@given(inputs())
def test_discounting_at_a_positive_rate_never_raises_a_stream_non_negative_after_year_0(
    built: Inputs,
) -> None:
    assume(built.discount.rate_in(1) > 0)
    for column, result in project(built).results.items():
        if all(row.net >= 0 for row in result.years[1:]):
            assert result.npv <= result.undiscounted_net + Decimal("0.000001"), column


def _later(first: Payback, second: Payback) -> bool:
    """Whether ``second`` pays back later than ``first`` (never counts as latest)."""
    if second.status != PaybackStatus.PAID_BACK:
        return first.status == PaybackStatus.PAID_BACK
    if first.status != PaybackStatus.PAID_BACK:
        return False
    assert first.years is not None and second.years is not None
    return second.years > first.years + Decimal("0.000001")


@FAST
@given(inputs(), st.lists(_rates("0.05", "0.5"), min_size=2, max_size=2, unique=True).map(sorted))
def test_a_larger_effect_never_pays_back_later(built: Inputs, effects: list[Decimal]) -> None:
    smaller, larger = effects
    low, high = project(with_effect(built, smaller)), project(with_effect(built, larger))
    for column in low.columns:
        # Only where the effect is a gain every year: a move that costs a payer money pays back
        # later the larger it is.
        if any(row.benefit < 0 for row in low.results[column].years):
            continue
        for kind in ("payback", "discounted_payback"):
            assert not _later(
                getattr(low.results[column], kind), getattr(high.results[column], kind)
            ), (column, kind)
