"""How much the results depend on what is least certain: the two-way grid of net effect and
duration, the break-even lines, and the tornado of one-way swings.

Every figure here is the NPV (or break-even point) of a full run of the model with one thing
changed, so each can be recomputed by hand as the base case is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from lotsa.socioeconomics.inputs import EffectProfile, Inputs, Outcome, TornadoRange
from lotsa.socioeconomics.parameter_set import ONE, ZERO, DiscountScheme, Quantity, State
from lotsa.socioeconomics.projection import Projection, project
from lotsa.socioeconomics.vocabulary import Profile


@dataclass(frozen=True)
class TornadoBar:
    """The NPV of every column with ``parameter`` at its ``low`` and its ``high`` value (see
    ``TornadoRange`` for what the values mean)."""

    parameter: str
    low: Decimal
    high: Decimal
    npv_low: Mapping[str, Decimal]
    npv_high: Mapping[str, Decimal]

    def swing(self, column: str) -> Decimal:
        return abs(self.npv_high[column] - self.npv_low[column])


@dataclass(frozen=True)
class Sensitivity:
    """``grid[column][i][j]``: the NPV with a total net effect of ``net_effects[i]`` lasting in
    full for ``durations[j]`` years. ``break_even_net_effect_by_duration[column][j]``: the net
    effect at which the NPV is 0 if effects last ``durations[j]`` years;
    ``break_even_duration_by_net_effect[column][i]``: the duration at which it is 0 with net
    effect ``net_effects[i]``. ``tornado``: one bar per parameter that applies to the inputs, in
    the order of the settings (the report sorts them per column by ``swing``)."""

    net_effects: tuple[Decimal, ...]
    durations: tuple[Decimal, ...]
    grid: Mapping[str, tuple[tuple[Decimal, ...], ...]]
    break_even_net_effect_by_duration: Mapping[str, tuple[Decimal | None, ...]]
    break_even_duration_by_net_effect: Mapping[str, tuple[Decimal | None, ...]]
    tornado: tuple[TornadoBar, ...]

    def npv(self, column: str, net_effect: Decimal, duration: Decimal) -> Decimal:
        return self.grid[column][self.net_effects.index(net_effect)][self.durations.index(duration)]


def sensitivity(inputs: Inputs) -> Sensitivity:
    settings = inputs.sensitivity
    runs = [
        [project(with_effect(inputs, net_effect, duration)) for duration in settings.durations]
        for net_effect in settings.net_effects
    ]
    columns = runs[0][0].columns if runs and runs[0] else ()
    # The break-even effect does not depend on the effect it is computed from (benefits are
    # linear in it), so any row of the grid with an effect gives it.
    effect_row = next(
        (row for row, net_effect in zip(runs, settings.net_effects, strict=True) if net_effect),
        None,
    )
    return Sensitivity(
        net_effects=settings.net_effects,
        durations=settings.durations,
        grid={
            column: tuple(tuple(run.results[column].npv for run in row) for row in runs)
            for column in columns
        },
        break_even_net_effect_by_duration={
            column: tuple(run.results[column].break_even_net_effect for run in effect_row)
            if effect_row
            else ()
            for column in columns
        },
        break_even_duration_by_net_effect={
            column: tuple(row[0].results[column].break_even_duration for row in runs)
            for column in columns
        },
        tornado=tuple(
            bar for bar in (_bar(inputs, bar_range) for bar_range in settings.tornado) if bar
        ),
    )


def with_effect(
    inputs: Inputs, net_effect: Decimal | None = None, duration: Decimal | None = None
) -> Inputs:
    """The inputs with the total net effect Σ (p − p0) set to ``net_effect`` (every outcome's
    share of it kept; spread evenly when the inputs have none) and every effect lasting in full
    for ``duration`` years after its lag."""
    outcomes = inputs.outcomes
    if net_effect is not None:
        total = inputs.net_share
        outcomes = tuple(
            dataclasses.replace(
                outcome,
                share=outcome.counterfactual_share
                + (outcome.net_share * net_effect / total if total else net_effect / len(outcomes)),
            )
            for outcome in outcomes
        )
    if duration is not None:
        outcomes = tuple(
            dataclasses.replace(
                outcome, profile=EffectProfile.step(duration, outcome.profile.lag_months)
            )
            for outcome in outcomes
        )
    return dataclasses.replace(inputs, outcomes=outcomes)


def varied(inputs: Inputs, parameter: str, value: Decimal) -> Inputs | None:
    """The inputs with one tornado parameter at ``value``; ``None`` if the parameter does not
    apply to them (a persistence without decaying effects, a duration without step ones)."""
    if parameter == "wage":
        return _with_states(
            inputs, lambda state: dataclasses.replace(state, wage=_scaled(state.wage, value))
        )
    if parameter == "benefit":
        return _with_states(
            inputs,
            lambda state: dataclasses.replace(state, benefit=_scaled(state.benefit, value)),
        )
    if parameter == "cost":
        cost = dataclasses.replace(inputs.cost, per_participant=inputs.cost.per_participant * value)
        return dataclasses.replace(inputs, cost=cost)
    if parameter == "discount_rate":
        return dataclasses.replace(inputs, discount=DiscountScheme.constant(value))
    if parameter == "displacement":
        return dataclasses.replace(inputs, displacement=value)
    if parameter == "counterfactual":
        return _with_outcomes(
            inputs,
            lambda outcome: True,
            lambda outcome: dataclasses.replace(
                outcome,
                counterfactual_share=min(ONE, max(ZERO, outcome.counterfactual_share + value)),
            ),
        )
    if parameter == "persistence":
        return _with_outcomes(
            inputs,
            lambda outcome: outcome.profile.kind == Profile.DECAY,
            lambda outcome: dataclasses.replace(
                outcome, profile=dataclasses.replace(outcome.profile, persistence=value)
            ),
        )
    if parameter == "duration":
        return _with_outcomes(
            inputs,
            lambda outcome: outcome.profile.kind == Profile.STEP,
            lambda outcome: dataclasses.replace(
                outcome,
                profile=dataclasses.replace(
                    outcome.profile, duration_years=(outcome.profile.duration_years or ZERO) * value
                ),
            ),
        )
    raise ValueError(f"unknown tornado parameter {parameter!r}")


def _with_outcomes(
    inputs: Inputs, applies: Callable[[Outcome], bool], change: Callable[[Outcome], Outcome]
) -> Inputs | None:
    if not any(applies(outcome) for outcome in inputs.outcomes):
        return None
    outcomes = tuple(
        change(outcome) if applies(outcome) else outcome for outcome in inputs.outcomes
    )
    return dataclasses.replace(inputs, outcomes=outcomes)


def _with_states(inputs: Inputs, change: Callable[[State], State]) -> Inputs:
    states = {code: change(state) for code, state in inputs.parameters.states.items()}
    parameters = dataclasses.replace(inputs.parameters, states=states)
    return dataclasses.replace(inputs, parameters=parameters)


def _scaled(quantity: Quantity | None, factor: Decimal) -> Quantity | None:
    return dataclasses.replace(quantity, value=quantity.value * factor) if quantity else None


def _bar(inputs: Inputs, bar_range: TornadoRange) -> TornadoBar | None:
    low = varied(inputs, bar_range.parameter, bar_range.low)
    high = varied(inputs, bar_range.parameter, bar_range.high)
    if low is None or high is None:
        return None
    return TornadoBar(
        parameter=bar_range.parameter,
        low=bar_range.low,
        high=bar_range.high,
        npv_low=_npvs(project(low)),
        npv_high=_npvs(project(high)),
    )


def _npvs(projection: Projection) -> dict[str, Decimal]:
    return {column: result.npv for column, result in projection.results.items()}
