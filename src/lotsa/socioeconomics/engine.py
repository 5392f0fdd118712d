"""The socioeconomic calculation: from a parameter set and a programme's outcomes to what it
returns to each payer, the public sector and society.

``calculate(inputs)`` is the one entry point. It is a pure function: ``Decimal`` arithmetic, no
database, no settings. Everything it answers is in ``Result``:

- ``results[column]`` for every payer, ``public`` and ``society``: the year table (cost,
  benefit, net, cumulative undiscounted and discounted), NPV, benefit–cost ratio, ROI, per
  participant and per net success, payback undiscounted and discounted, break-even effect and
  duration (``projection.py`` states the timing convention they use);
- ``months``: the same flows month by month, undiscounted, for charts;
- ``transitions``: every move from a baseline state to an outcome, valued per payer per month
  and per person-year (the price of exclusion), each identity-checked;
- ``sensitivity``: the grid, break-even lines and tornado;
- ``echo``: the parameter set with every value's provenance, and what the inputs changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from lotsa.socioeconomics.flows import Transition
from lotsa.socioeconomics.inputs import Inputs, check_inputs
from lotsa.socioeconomics.parameter_set import (
    DiscountScheme,
    Equalisation,
    ParameterSet,
    Provenance,
    sourced_values,
)
from lotsa.socioeconomics.projection import ColumnResult, MonthFlows, project
from lotsa.socioeconomics.sensitivity import Sensitivity, sensitivity
from lotsa.socioeconomics.vocabulary import PUBLIC, SOCIETY, Perspective


@dataclass(frozen=True)
class EchoedValue:
    """One value of the parameter set as the calculation used it, keyed as in the file
    (``states.arbete_heltid.wage``, ``states.arbete_heltid.wage_tax.kommun``), with its
    provenance and the title of its source."""

    key: str
    value: Decimal
    unit: str
    provenance: Provenance
    source_title: str


@dataclass(frozen=True)
class Echo:
    """What makes a result reproducible: the set (id, version, price year), every value with
    its provenance, the discount, horizon, displacement and equalisation the run used, and
    which of those it changed from the set's (``changed``: their keys)."""

    parameter_set: str
    version: int
    kind: str
    country: str
    currency: str
    price_year: int
    values: tuple[EchoedValue, ...]
    discount: DiscountScheme
    horizon_years: int
    displacement: Decimal
    equalisation: Equalisation
    changed: tuple[str, ...]
    counterfactual_source: str


@dataclass(frozen=True)
class Result:
    """Everything one calculation gives; ``columns`` are the ones the inputs' perspectives
    show (``results`` holds them all)."""

    inputs: Inputs
    columns: tuple[str, ...]
    results: Mapping[str, ColumnResult]
    months: tuple[MonthFlows, ...]
    transitions: tuple[Transition, ...]
    sensitivity: Sensitivity
    echo: Echo

    def __getitem__(self, column: str) -> ColumnResult:
        return self.results[column]


def calculate(inputs: Inputs) -> Result:
    """Run the model; inputs that do not hold together are refused with a ``DomainError``
    naming the fields, and a move whose gains do not add up raises ``IdentityCheckFailed``."""
    check_inputs(inputs)
    projection = project(inputs)
    return Result(
        inputs=inputs,
        columns=shown_columns(inputs.parameters, inputs.perspectives),
        results=projection.results,
        months=projection.months,
        transitions=projection.transitions,
        sensitivity=sensitivity(inputs),
        echo=echo(inputs),
    )


def shown_columns(
    parameters: ParameterSet, perspectives: tuple[Perspective, ...]
) -> tuple[str, ...]:
    """The payers for the actors' perspective, ``public`` for the budget's, ``society`` for
    society's."""
    columns: list[str] = []
    if Perspective.ACTORS in perspectives:
        columns.extend(parameters.payers)
    if Perspective.BUDGET in perspectives:
        columns.append(PUBLIC)
    if Perspective.SOCIETY in perspectives:
        columns.append(SOCIETY)
    return tuple(columns)


def echo(inputs: Inputs) -> Echo:
    parameters = inputs.parameters
    changed = [
        key
        for key, used, own in (
            ("discount", inputs.discount, parameters.discount),
            ("horizon_years", inputs.horizon_years, int(parameters.horizon_years.value)),
            ("displacement", inputs.displacement, parameters.displacement.value),
            ("equalisation", inputs.equalisation, parameters.equalisation),
        )
        if used != own
    ]
    return Echo(
        parameter_set=parameters.id,
        version=parameters.version,
        kind=parameters.kind,
        country=parameters.country,
        currency=parameters.currency,
        price_year=parameters.price_year,
        values=tuple(_echoed_values(parameters)),
        discount=inputs.discount,
        horizon_years=inputs.horizon_years,
        displacement=inputs.displacement,
        equalisation=inputs.equalisation,
        changed=tuple(changed),
        counterfactual_source=inputs.counterfactual_source,
    )


def _echoed_values(parameters: ParameterSet) -> Iterator[EchoedValue]:
    for value in sourced_values(parameters):
        title = parameters.sources.get(value.provenance.source, "")
        yield EchoedValue(value.key, value.value, value.unit, value.provenance, title)
