"""The money one person in a state means to each payer per month, and what a move from one state
to another is worth: the building blocks of every result.

Sign convention: a payer's flow is what it receives net of what it pays — taxes and
contributions received are positive, benefits, subsidies and services paid are negative. The
person's flow is their disposable income; the employer's is production less labour cost plus any
subsidy. Society's is the real resources: production less the services used.

For every move the payers' gains must add up to the change in real resources (the public
payers, the person and the employer together; transfers between them cancel).
``transition`` checks that identity each time it values a move and raises
``IdentityCheckFailed`` if it does not hold: a transfer has been dropped or counted twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from lotsa.socioeconomics.parameter_set import (
    MONTHS_PER_YEAR,
    ONE,
    ZERO,
    Equalisation,
    ParameterSet,
    State,
)
from lotsa.socioeconomics.vocabulary import PUBLIC, SOCIETY, TaxRule

# How far the identity may be off: rounding in the last cent, never a missing transfer.
IDENTITY_TOLERANCE = Decimal("0.01")


class IdentityCheckFailed(AssertionError):
    """The payers' gains of a move do not add up to its change in real resources."""


@dataclass(frozen=True)
class StateFlows:
    """One person in ``state`` for one month: the net flow of every payer of the set, the
    employer's (kept even when the set does not list the employer), and the real resources
    (production less services used)."""

    state: str
    by_payer: Mapping[str, Decimal]
    employer: Decimal
    real_resources: Decimal


@dataclass(frozen=True)
class Transition:
    """One person in ``to_state`` instead of ``from_state`` for one month: the gain of every
    payer of the set (the person's and the employer's included), the employer's gain, the
    public payers' together, the change in real resources, and society's gain — that change
    less displacement. ``yearly`` gives the same per person-year: the price of staying in
    ``from_state`` rather than reaching ``to_state`` (the Swedish "utanförskapets kostnad")."""

    from_state: str
    to_state: str
    gains: Mapping[str, Decimal]
    employer: Decimal
    public: Decimal
    individual: Decimal
    real_resources: Decimal
    society: Decimal

    def yearly(self, column: str) -> Decimal:
        return MONTHS_PER_YEAR * self.gain(column)

    def gain(self, column: str) -> Decimal:
        """The monthly gain of a payer, of ``public`` or of ``society``."""
        if column == PUBLIC:
            return self.public
        if column == SOCIETY:
            return self.society
        return self.gains[column]


def state_flows(
    parameters: ParameterSet, state_code: str, *, equalisation: Equalisation | None = None
) -> StateFlows:
    """The monthly flows of one person in a state of the set (see the module's sign
    convention). ``equalisation`` replaces the set's own."""
    state = parameters.states[state_code]
    equalisation = equalisation or parameters.equalisation
    flows = dict.fromkeys(parameters.payers, ZERO)
    wage, benefit = state.gross_wage, state.gross_benefit

    for payer, share in _benefit_payers(parameters, state).items():
        flows[payer] -= benefit * share
    taxes = income_taxes(parameters, state)
    for payer, tax in _equalised(taxes, equalisation).items():
        flows[payer] += tax
    if state.employer_contribution:
        flows[state.employer_contribution.payer] += state.contribution_rate * wage
    if state.wage_subsidy:
        flows[state.wage_subsidy.payer] -= state.subsidy
    services = ZERO
    for payer, cost in state.services.items():
        flows[payer] -= cost.value
        services += cost.value

    flows[parameters.individual] += wage + benefit - sum(taxes.values(), ZERO)
    employer = state.production_value - state.labour_cost + state.subsidy
    if parameters.employer is not None:
        flows[parameters.employer] += employer
    return StateFlows(
        state=state_code,
        by_payer=flows,
        employer=employer,
        real_resources=state.production_value - services,
    )


def _benefit_payers(parameters: ParameterSet, state: State) -> Mapping[str, Decimal]:
    """Who pays the state's benefit, as shares: fixed, or by the refusion staircase."""
    if state.benefit is None:
        return {}
    if state.benefit_payers is not None:
        return state.benefit_payers.shares
    refusion = parameters.refusion
    assert refusion is not None and state.weeks_on_benefit is not None
    refunded = refusion.state_share(int(state.weeks_on_benefit.value))
    return {refusion.municipality: ONE - refunded, refusion.state: refunded}


def income_taxes(parameters: ParameterSet, state: State) -> dict[str, Decimal]:
    """The person's income tax in a state per month, by the payer that receives it (a credit
    the payer bears is negative), before any equalisation."""
    taxes: dict[str, Decimal] = {}

    def receive(payer: str, amount: Decimal) -> None:
        taxes[payer] = taxes.get(payer, ZERO) + amount

    wage = state.gross_wage
    taxed_benefit = state.gross_benefit if state.benefit_taxable else ZERO
    if parameters.tax_rule == TaxRule.SHARES_OF_GROSS:
        for shares, amount in ((state.wage_tax, wage), (state.benefit_tax, taxed_benefit)):
            if shares is not None and amount:
                for payer, share in shares.shares.items():
                    receive(payer, share * amount)
        return taxes
    rules = parameters.danish_tax
    assert rules is not None
    labour_market = rules.labour_market_contribution
    contribution = labour_market.value * wage
    allowance = rules.personal_allowance_yearly.value / MONTHS_PER_YEAR
    personal_income = wage - contribution + taxed_benefit
    base = max(ZERO, personal_income - allowance)
    if contribution:
        receive(labour_market.payer, contribution)
    for tax in (rules.municipal_tax, rules.bottom_tax):
        if base:
            receive(tax.payer, tax.value * base)
    return taxes


def _equalised(taxes: Mapping[str, Decimal], equalisation: Equalisation) -> dict[str, Decimal]:
    """Taxes by payer after equalisation: the local payers keep the retention share, the rest
    goes to the remainder payer. Without equalisation, as they are."""
    if not equalisation.applies:
        return dict(taxes)
    assert equalisation.retention_share is not None
    kept = equalisation.retention_share.value
    result = dict(taxes)
    for payer in equalisation.local_payers:
        if payer in result:
            passed_on = result[payer] * (ONE - kept)
            result[payer] -= passed_on
            result[equalisation.remainder_payer] = (
                result.get(equalisation.remainder_payer, ZERO) + passed_on
            )
    return result


def transition(
    parameters: ParameterSet,
    from_state: str,
    to_state: str,
    *,
    displacement: Decimal | None = None,
    equalisation: Equalisation | None = None,
) -> Transition:
    """The monthly gains of one person in ``to_state`` instead of ``from_state``: g(k→j) =
    f(j) − f(k) per payer, and society's (y(j) − y(k))·(1 − displacement). Checks the identity
    before it answers."""
    before = state_flows(parameters, from_state, equalisation=equalisation)
    after = state_flows(parameters, to_state, equalisation=equalisation)
    gains = {payer: after.by_payer[payer] - before.by_payer[payer] for payer in parameters.payers}
    real = after.real_resources - before.real_resources
    displaced = displacement if displacement is not None else parameters.displacement.value
    moved = Transition(
        from_state=from_state,
        to_state=to_state,
        gains=gains,
        employer=after.employer - before.employer,
        public=sum((gains[payer] for payer in parameters.public_payers), ZERO),
        individual=gains[parameters.individual],
        real_resources=real,
        society=real * (ONE - displaced),
    )
    check_identity(moved)
    return moved


def check_identity(moved: Transition) -> None:
    """Public + person + employer = change in real resources (before displacement), to the
    cent; raises ``IdentityCheckFailed`` naming the move and the amounts if not."""
    financial = moved.public + moved.individual + moved.employer
    if abs(financial - moved.real_resources) > IDENTITY_TOLERANCE:
        raise IdentityCheckFailed(
            f"{moved.from_state} → {moved.to_state}: public {moved.public} + individual "
            f"{moved.individual} + employer {moved.employer} = {financial}, but real resources "
            f"change by {moved.real_resources}"
        )


def price_of_exclusion(
    parameters: ParameterSet,
    reference_state: str,
    *,
    displacement: Decimal | None = None,
    equalisation: Equalisation | None = None,
) -> tuple[Transition, ...]:
    """The move from every other state of the set into ``reference_state`` (usually full-time
    work): ``yearly(column)`` of each is what a person-year in that state costs each payer
    compared with the reference."""
    return tuple(
        transition(
            parameters,
            code,
            reference_state,
            displacement=displacement,
            equalisation=equalisation,
        )
        for code in parameters.states
        if code != reference_state
    )
