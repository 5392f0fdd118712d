"""What one calculation takes: the parameter set, the cohorts, the programme's cost, the outcomes
with and without the programme, and the choices a user may change (discount, horizon,
displacement, equalisation, perspectives, sensitivity ranges).

``inputs_for`` fills the choices from the parameter set; ``example_inputs`` builds the inputs of a
worked-example set from its scenario. ``input_problems`` says, per field, what does not hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from lotsa.errors import DomainError
from lotsa.socioeconomics.parameter_set import (
    ONE,
    ZERO,
    DiscountScheme,
    Equalisation,
    ParameterSet,
)
from lotsa.socioeconomics.vocabulary import Perspective, Profile


@dataclass(frozen=True)
class Cohort:
    """Participants who start together: ``start_year`` counts from the first programme year
    (year 0); effects start the month after ``programme_months``. ``baseline`` is the mix of
    states they start in (shares summing to 1)."""

    participants: int
    baseline: Mapping[str, Decimal]
    start_year: int = 0
    programme_months: int = 12

    @property
    def exit_month(self) -> int:
        """The first month after the programme, counted from the start of year 0."""
        return 12 * self.start_year + self.programme_months


@dataclass(frozen=True)
class ProgrammeCost:
    """The full cost per participant, when it falls (shares by year after the cohort's start)
    and who pays it (shares by payer)."""

    per_participant: Decimal
    split: Mapping[str, Decimal]
    timing: Mapping[int, Decimal] = field(default_factory=lambda: {0: ONE})


@dataclass(frozen=True)
class EffectProfile:
    """How long an outcome lasts after the programme: in full for ``duration_years`` (a step;
    fractions allowed), or with ``persistence`` of it left each year after the first (a decay).
    ``lag_months`` delays the start after the programme."""

    kind: Profile
    duration_years: Decimal | None = None
    persistence: Decimal | None = None
    lag_months: int = 0

    @classmethod
    def step(cls, duration_years: Decimal | int, lag_months: int = 0) -> EffectProfile:
        return cls(Profile.STEP, duration_years=Decimal(duration_years), lag_months=lag_months)

    @classmethod
    def decay(cls, persistence: Decimal, lag_months: int = 0) -> EffectProfile:
        return cls(Profile.DECAY, persistence=persistence, lag_months=lag_months)

    def weight(self, month: int) -> Decimal:
        """R(v): the part of the effect present ``month`` months after it started."""
        if month < 0:
            return ZERO
        if self.kind == Profile.STEP:
            assert self.duration_years is not None
            # A fraction of a month counts in part, so a duration of 1.5 years is 18 months and
            # results move continuously with the duration.
            return min(ONE, max(ZERO, 12 * self.duration_years - month))
        assert self.persistence is not None
        years = month // 12
        # Decimal refuses 0 ** 0; the first year is the effect in full, whatever persists.
        return self.persistence**years if years else ONE


@dataclass(frozen=True)
class Outcome:
    """The share of participants in ``state`` with the programme (p) and without it (p0, the
    counterfactual); the programme's effect is the difference."""

    state: str
    share: Decimal
    counterfactual_share: Decimal
    profile: EffectProfile

    @property
    def net_share(self) -> Decimal:
        return self.share - self.counterfactual_share


@dataclass(frozen=True)
class Scenario:
    """A worked example's programme: everything of the inputs that is not in the parameter
    set."""

    cohorts: tuple[Cohort, ...]
    cost: ProgrammeCost
    outcomes: tuple[Outcome, ...]
    counterfactual_source: str


@dataclass(frozen=True)
class TornadoRange:
    """One bar of the tornado: ``parameter`` set to ``low`` and to ``high``.

    ``wage``, ``benefit``, ``cost`` and ``duration`` are factors on the base values;
    ``discount_rate``, ``displacement`` and ``persistence`` are the values themselves;
    ``counterfactual`` is added to every outcome's counterfactual share (kept within 0–1).
    """

    parameter: str
    low: Decimal
    high: Decimal


TORNADO_PARAMETERS = (
    "wage",
    "benefit",
    "cost",
    "discount_rate",
    "displacement",
    "counterfactual",
    "persistence",
    "duration",
)


def _decimals(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(value) for value in values)


DEFAULT_TORNADO = (
    TornadoRange("wage", *_decimals("0.8", "1.2")),
    TornadoRange("benefit", *_decimals("0.8", "1.2")),
    TornadoRange("cost", *_decimals("0.8", "1.2")),
    TornadoRange("discount_rate", *_decimals("0", "0.05")),
    TornadoRange("displacement", *_decimals("0", "0.5")),
    TornadoRange("counterfactual", *_decimals("-0.1", "0.1")),
    TornadoRange("persistence", *_decimals("0.6", "0.9")),
    TornadoRange("duration", *_decimals("0.5", "1.5")),
)


@dataclass(frozen=True)
class SensitivitySettings:
    """The two-way grid's net effects and durations (years), and the tornado's ranges."""

    net_effects: tuple[Decimal, ...] = _decimals("0.10", "0.20", "0.30", "0.40")
    durations: tuple[Decimal, ...] = _decimals("1", "2", "3", "5")
    tornado: tuple[TornadoRange, ...] = DEFAULT_TORNADO


ALL_PERSPECTIVES = (Perspective.ACTORS, Perspective.BUDGET, Perspective.SOCIETY)


@dataclass(frozen=True)
class Inputs:
    """Everything one calculation needs. ``counterfactual_source`` says where the
    counterfactual shares come from (a control group, register data, an assumption); the
    report prints it beside them."""

    parameters: ParameterSet
    cohorts: tuple[Cohort, ...]
    cost: ProgrammeCost
    outcomes: tuple[Outcome, ...]
    counterfactual_source: str
    discount: DiscountScheme
    horizon_years: int
    displacement: Decimal
    equalisation: Equalisation
    # Displacement always reduces society's gain; with this it reduces every payer's too (the
    # displaced person's benefits and taxes move the other way).
    displacement_in_budget: bool = False
    perspectives: tuple[Perspective, ...] = ALL_PERSPECTIVES
    sensitivity: SensitivitySettings = field(default_factory=SensitivitySettings)

    @property
    def participants(self) -> int:
        return sum(cohort.participants for cohort in self.cohorts)

    @property
    def net_share(self) -> Decimal:
        return sum((outcome.net_share for outcome in self.outcomes), ZERO)

    @property
    def net_successes(self) -> Decimal:
        """Participants in a better outcome than without the programme: Σ N · Σ (p − p0)."""
        return self.participants * self.net_share


def inputs_for(
    parameters: ParameterSet,
    *,
    cohorts: tuple[Cohort, ...],
    cost: ProgrammeCost,
    outcomes: tuple[Outcome, ...],
    counterfactual_source: str,
    discount: DiscountScheme | None = None,
    horizon_years: int | None = None,
    displacement: Decimal | None = None,
    equalisation: Equalisation | None = None,
    displacement_in_budget: bool = False,
    perspectives: tuple[Perspective, ...] = ALL_PERSPECTIVES,
    sensitivity: SensitivitySettings | None = None,
) -> Inputs:
    """Inputs whose discount, horizon, displacement and equalisation are the set's unless
    given."""
    return Inputs(
        parameters=parameters,
        cohorts=cohorts,
        cost=cost,
        outcomes=outcomes,
        counterfactual_source=counterfactual_source,
        discount=discount or parameters.discount,
        horizon_years=(
            horizon_years if horizon_years is not None else int(parameters.horizon_years.value)
        ),
        displacement=(displacement if displacement is not None else parameters.displacement.value),
        equalisation=equalisation or parameters.equalisation,
        displacement_in_budget=displacement_in_budget,
        perspectives=perspectives,
        sensitivity=sensitivity or SensitivitySettings(),
    )


def example_inputs(parameters: ParameterSet) -> Inputs:
    """The inputs of a worked-example set: its scenario with the set's own choices."""
    scenario = parameters.scenario
    if scenario is None:
        raise ValueError(f"{parameters.id} is not a worked example")
    return inputs_for(
        parameters,
        cohorts=scenario.cohorts,
        cost=scenario.cost,
        outcomes=scenario.outcomes,
        counterfactual_source=scenario.counterfactual_source,
    )


@dataclass(frozen=True)
class InputProblem:
    """A message about one input: in English as written (``str``), or ``translated()`` into
    the current language where a person reads it."""

    message: str
    parameters: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message % self.parameters if self.parameters else self.message

    def translated(self) -> str:
        text = gettext(self.message)
        return text % self.parameters if self.parameters else text


def input_problems(inputs: Inputs) -> dict[str, InputProblem]:
    """What in the inputs does not hold together, by field (``cohorts[0].baseline``)."""
    parameters = inputs.parameters
    problems: dict[str, InputProblem] = {}
    if not inputs.cohorts:
        problems["cohorts"] = InputProblem(_("Give at least one cohort."))
    for index, cohort in enumerate(inputs.cohorts):
        where = f"cohorts[{index}]"
        if cohort.participants < 0:
            problems[f"{where}.participants"] = InputProblem(_("The number cannot be negative."))
        if cohort.start_year < 0 or cohort.start_year > inputs.horizon_years:
            problems[f"{where}.start_year"] = InputProblem(
                _("The cohort must start within the horizon.")
            )
        if cohort.programme_months < 0:
            problems[f"{where}.programme_months"] = InputProblem(
                _("The number cannot be negative.")
            )
        _check_split(problems, f"{where}.baseline", cohort.baseline, parameters.states)
    if inputs.cost.per_participant < 0:
        problems["cost.per_participant"] = InputProblem(_("The cost cannot be negative."))
    _check_split(problems, "cost.split", inputs.cost.split, parameters.payers)
    if any(year < 0 for year in inputs.cost.timing):
        problems["cost.timing"] = InputProblem(_("Costs fall in the cohort's start year or later."))
    else:
        _check_shares(problems, "cost.timing", inputs.cost.timing)
    if not inputs.outcomes:
        problems["outcomes"] = InputProblem(_("Give at least one outcome."))
    for index, outcome in enumerate(inputs.outcomes):
        _check_outcome(problems, f"outcomes[{index}]", outcome, parameters)
    for key in ("share", "counterfactual_share"):
        if sum((getattr(outcome, key) for outcome in inputs.outcomes), ZERO) > ONE:
            problems.setdefault(
                f"outcomes.{key}", InputProblem(_("The shares add up to more than 1."))
            )
    if not ZERO <= inputs.displacement <= ONE:
        problems["displacement"] = InputProblem(_("Give a share between 0 and 1."))
    if inputs.horizon_years < 1:
        problems["horizon_years"] = InputProblem(_("The horizon is at least one year."))
    elif (last := inputs.discount.last_year) is not None and inputs.horizon_years > last:
        problems["horizon_years"] = InputProblem(
            _("The discount rates end in year %(year)s: choose a shorter horizon."),
            {"year": last},
        )
    if any(step.rate < 0 for step in inputs.discount.steps):
        problems["discount"] = InputProblem(_("A discount rate cannot be negative."))
    if inputs.equalisation.applies and (
        inputs.equalisation.retention_share is None
        or not ZERO <= inputs.equalisation.retention_share.value <= ONE
    ):
        problems["equalisation.retention_share"] = InputProblem(_("Give a share between 0 and 1."))
    return problems


def _check_split(
    problems: dict[str, InputProblem],
    where: str,
    shares: Mapping[str, Decimal],
    known: Mapping[str, object] | tuple[str, ...],
) -> None:
    """Shares over codes the parameter set knows (payers, states)."""
    unknown = [code for code in shares if code not in known]
    if unknown:
        problems[where] = InputProblem(
            _("Unknown in this parameter set: %(codes)s."), {"codes": ", ".join(unknown)}
        )
    else:
        _check_shares(problems, where, shares)


def _check_shares(
    problems: dict[str, InputProblem],
    where: str,
    shares: Mapping[str, Decimal] | Mapping[int, Decimal],
) -> None:
    total = sum(shares.values(), ZERO)
    if any(share < 0 for share in shares.values()):
        problems[where] = InputProblem(_("A share cannot be negative."))
    elif total != ONE:
        problems[where] = InputProblem(
            _("The shares add up to %(total)s, not 1."), {"total": total}
        )


def _check_outcome(
    problems: dict[str, InputProblem], where: str, outcome: Outcome, parameters: ParameterSet
) -> None:
    if outcome.state not in parameters.states:
        problems[f"{where}.state"] = InputProblem(
            _("Unknown in this parameter set: %(codes)s."), {"codes": outcome.state}
        )
    for key in ("share", "counterfactual_share"):
        if not ZERO <= getattr(outcome, key) <= ONE:
            problems[f"{where}.{key}"] = InputProblem(_("Give a share between 0 and 1."))
    profile = outcome.profile
    if profile.lag_months < 0:
        problems[f"{where}.profile.lag_months"] = InputProblem(_("The number cannot be negative."))
    if profile.kind == Profile.STEP and (
        profile.duration_years is None or profile.duration_years < 0
    ):
        problems[f"{where}.profile.duration_years"] = InputProblem(
            _("Give how many years the effect lasts.")
        )
    if profile.kind == Profile.DECAY and (
        profile.persistence is None or not ZERO <= profile.persistence <= ONE
    ):
        problems[f"{where}.profile.persistence"] = InputProblem(_("Give a share between 0 and 1."))


def check_inputs(inputs: Inputs) -> None:
    """Refuse inputs that do not hold together, with a message per field in the current
    language."""
    problems = input_problems(inputs)
    if problems:
        raise DomainError({key: problem.translated() for key, problem in problems.items()})
