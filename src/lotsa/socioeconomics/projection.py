"""One run of the model: flows by month and year for every payer, the public payers together
and society, and the indicators computed from them.

Timing convention (the reference's canonical one, which makes results computable by hand):
year 0 is the first programme year; a cohort's effects start the month after its programme
(``Cohort.exit_month``; a twelve-month programme starting in year 0 has effects from the start
of year 1). Flows are summed per year, and year t is discounted by DF(t) = Π_{u=1..t} 1/(1+r_u):
programme costs of year 0 are not discounted, and each effect year counts as if it fell at its
end. The monthly flows are the same money month by month, undiscounted, with a year's
programme cost in its first month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from lotsa.socioeconomics.flows import Transition, transition
from lotsa.socioeconomics.inputs import Inputs
from lotsa.socioeconomics.parameter_set import MONTHS_PER_YEAR, ONE, ZERO
from lotsa.socioeconomics.vocabulary import PUBLIC, SOCIETY


@dataclass(frozen=True)
class YearRow:
    """One year of one column: programme cost, gain from the effects, net, and the cumulative
    net undiscounted and discounted by ``discount_factor`` (DF(t))."""

    year: int
    cost: Decimal
    benefit: Decimal
    net: Decimal
    cumulative: Decimal
    discount_factor: Decimal
    discounted_net: Decimal
    cumulative_discounted: Decimal


class PaybackStatus(StrEnum):
    PAID_BACK = "paid_back"
    NOT_WITHIN_HORIZON = "not_within_horizon"
    # The column bore no cost: there is nothing to pay back (the person, as a rule).
    NO_OUTLAY = "no_outlay"


@dataclass(frozen=True)
class Payback:
    """When the cumulative net turns non-negative again after the costs: ``year`` is the first
    such year, ``years`` the point within it by linear interpolation, τ = (t−1) + (−CUM(t−1)) /
    Net(t), counted like the years of the table."""

    status: PaybackStatus
    year: int | None = None
    years: Decimal | None = None


@dataclass(frozen=True)
class ColumnResult:
    """The results of one column (a payer, ``public`` or ``society``).

    ``npv`` = PV(benefits) − PV(costs) with the timing convention of this module; ``bcr`` =
    PV(benefits) / PV(costs) and ``roi`` = NPV / PV(costs), both ``None`` without costs. Per
    participant and per net success (participants × Σ (p − p0)) divide the NPV, ``None`` when
    there are none. ``break_even_net_effect`` is the total net effect Σ (p − p0) at which the
    NPV is 0 (linear in the effect; 0 without costs, ``None`` if no effect pays off);
    ``break_even_duration`` the years every effect would have to last in full for the NPV to
    reach 0 (``None`` if not within the horizon).
    """

    column: str
    years: tuple[YearRow, ...]
    undiscounted_net: Decimal
    pv_benefit: Decimal
    pv_cost: Decimal
    npv: Decimal
    bcr: Decimal | None
    roi: Decimal | None
    npv_per_participant: Decimal | None
    npv_per_net_success: Decimal | None
    payback: Payback
    discounted_payback: Payback
    break_even_net_effect: Decimal | None
    break_even_duration: Decimal | None


@dataclass(frozen=True)
class MonthFlows:
    """One month's undiscounted flows per column; ``month`` counts from the start of year 0."""

    month: int
    cost: Mapping[str, Decimal]
    benefit: Mapping[str, Decimal]

    @property
    def year(self) -> int:
        return self.month // MONTHS_PER_YEAR

    def net(self, column: str) -> Decimal:
        return self.benefit[column] - self.cost[column]


@dataclass(frozen=True)
class Projection:
    columns: tuple[str, ...]
    results: Mapping[str, ColumnResult]
    months: tuple[MonthFlows, ...]
    transitions: tuple[Transition, ...]


def project(inputs: Inputs) -> Projection:
    """Flows and indicators of every column for inputs known to hold together."""
    parameters = inputs.parameters
    columns = (*parameters.payers, PUBLIC, SOCIETY)
    month_count = MONTHS_PER_YEAR * (inputs.horizon_years + 1)
    factors = inputs.discount.factors(inputs.horizon_years)
    moves = _transitions(inputs)

    benefit = {column: [ZERO] * month_count for column in columns}
    # The discounted gain of the n-th month of every effect, as if it lasted in full: what the
    # break-even duration accumulates.
    by_effect_month = {column: [ZERO] * month_count for column in columns}
    for cohort in inputs.cohorts:
        for outcome in inputs.outcomes:
            gains = _mean_gains(inputs, cohort.baseline, outcome.state, moves, columns)
            people = cohort.participants * outcome.net_share
            start = cohort.exit_month + outcome.profile.lag_months
            for month in range(max(start, 0), month_count):
                weight = outcome.profile.weight(month - start)
                factor = factors[month // MONTHS_PER_YEAR]
                for column in columns:
                    flow = people * gains[column]
                    benefit[column][month] += flow * weight
                    by_effect_month[column][month - start] += flow * factor

    costs = _costs(inputs, columns)
    results = {
        column: _column_result(
            inputs, column, benefit[column], costs[column], factors, by_effect_month[column]
        )
        for column in columns
    }
    months = tuple(
        MonthFlows(
            month=month,
            cost={
                column: costs[column][month // MONTHS_PER_YEAR]
                if month % MONTHS_PER_YEAR == 0
                else ZERO
                for column in columns
            },
            benefit={column: benefit[column][month] for column in columns},
        )
        for month in range(month_count)
    )
    return Projection(columns, results, months, tuple(moves.values()))


def _transitions(inputs: Inputs) -> dict[tuple[str, str], Transition]:
    """Every move the inputs make, valued (and identity-checked) once."""
    return {
        (baseline, outcome.state): transition(
            inputs.parameters,
            baseline,
            outcome.state,
            displacement=inputs.displacement,
            equalisation=inputs.equalisation,
        )
        for cohort in inputs.cohorts
        for baseline in cohort.baseline
        for outcome in inputs.outcomes
    }


def _mean_gains(
    inputs: Inputs,
    baseline: Mapping[str, Decimal],
    outcome_state: str,
    moves: Mapping[tuple[str, str], Transition],
    columns: Sequence[str],
) -> dict[str, Decimal]:
    """Monthly gain per column of one person reaching ``outcome_state`` from the baseline mix."""
    payer_scale = ONE - inputs.displacement if inputs.displacement_in_budget else ONE
    gains = dict.fromkeys(columns, ZERO)
    for state, share in baseline.items():
        move = moves[(state, outcome_state)]
        for column in columns:
            scale = ONE if column == SOCIETY else payer_scale
            gains[column] += share * scale * move.gain(column)
    return gains


def _costs(inputs: Inputs, columns: Sequence[str]) -> dict[str, list[Decimal]]:
    """Programme cost per column and year: N · K · timing(t − start) · split; the public payers'
    shares together for ``public``, all of it for ``society``."""
    parameters = inputs.parameters
    years = inputs.horizon_years + 1
    costs = {column: [ZERO] * years for column in columns}
    for cohort in inputs.cohorts:
        for offset, timing in inputs.cost.timing.items():
            year = cohort.start_year + offset
            if year >= years:
                continue
            total = cohort.participants * inputs.cost.per_participant * timing
            for payer, share in inputs.cost.split.items():
                costs[payer][year] += total * share
                if payer in parameters.public_payers:
                    costs[PUBLIC][year] += total * share
                costs[SOCIETY][year] += total * share
    return costs


def _column_result(
    inputs: Inputs,
    column: str,
    monthly_benefit: Sequence[Decimal],
    yearly_cost: Sequence[Decimal],
    factors: Sequence[Decimal],
    by_effect_month: Sequence[Decimal],
) -> ColumnResult:
    rows: list[YearRow] = []
    cumulative = cumulative_discounted = ZERO
    for year, (cost, factor) in enumerate(zip(yearly_cost, factors, strict=True)):
        benefit = sum(monthly_benefit[MONTHS_PER_YEAR * year : MONTHS_PER_YEAR * (year + 1)], ZERO)
        net = benefit - cost
        cumulative += net
        cumulative_discounted += net * factor
        rows.append(
            YearRow(
                year, cost, benefit, net, cumulative, factor, net * factor, cumulative_discounted
            )
        )
    pv_benefit = sum((row.benefit * row.discount_factor for row in rows), ZERO)
    pv_cost = sum((row.cost * row.discount_factor for row in rows), ZERO)
    npv = pv_benefit - pv_cost
    participants, net_successes = inputs.participants, inputs.net_successes
    return ColumnResult(
        column=column,
        years=tuple(rows),
        undiscounted_net=cumulative,
        pv_benefit=pv_benefit,
        pv_cost=pv_cost,
        npv=npv,
        bcr=pv_benefit / pv_cost if pv_cost else None,
        roi=npv / pv_cost if pv_cost else None,
        npv_per_participant=npv / participants if participants else None,
        npv_per_net_success=npv / net_successes if net_successes else None,
        payback=payback([row.net for row in rows], [row.cost for row in rows]),
        discounted_payback=payback([row.discounted_net for row in rows], yearly_cost),
        break_even_net_effect=_break_even_net_effect(pv_benefit, pv_cost, inputs.net_share),
        break_even_duration=break_even_duration(by_effect_month, pv_cost),
    )


def payback(nets: Sequence[Decimal], costs: Sequence[Decimal]) -> Payback:
    """The payback of a column's yearly nets (discounted or not, as given)."""
    cumulative: list[Decimal] = []
    for net in nets:
        cumulative.append((cumulative[-1] if cumulative else ZERO) + net)
    first_negative = next((year for year, total in enumerate(cumulative) if total < 0), None)
    if first_negative is None:
        if any(costs):  # the costs were covered in the years they fell
            return Payback(PaybackStatus.PAID_BACK, 0, ZERO)
        return Payback(PaybackStatus.NO_OUTLAY)
    for year in range(first_negative + 1, len(cumulative)):
        if cumulative[year] >= 0:
            within = -cumulative[year - 1] / nets[year]
            return Payback(PaybackStatus.PAID_BACK, year, year - 1 + within)
    return Payback(PaybackStatus.NOT_WITHIN_HORIZON)


def _break_even_net_effect(
    pv_benefit: Decimal, pv_cost: Decimal, net_share: Decimal
) -> Decimal | None:
    """Benefits are linear in the net effect, so the NPV is 0 at PV(cost) / PV(benefit) times
    the inputs' net effect."""
    if not pv_cost:
        return ZERO
    if pv_benefit <= 0 or not net_share:
        return None
    return pv_cost / pv_benefit * net_share


def break_even_duration(by_effect_month: Sequence[Decimal], pv_cost: Decimal) -> Decimal | None:
    """The shortest duration, in years, for which the effects' discounted gains, month after
    month, reach the discounted cost (interpolated within the last month; a month's gain is
    linear in the part of it that counts)."""
    if pv_cost <= 0:
        return ZERO
    reached = ZERO
    for month, gain in enumerate(by_effect_month):
        if gain > 0 and reached + gain >= pv_cost:
            return (month + (pv_cost - reached) / gain) / MONTHS_PER_YEAR
        reached += gain
    return None
