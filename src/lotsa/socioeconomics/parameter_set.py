"""A parameter set as the engine reads it: frozen objects with ``Decimal`` values.

``loading.py`` builds one from a data file and ``validation.py`` checks that it holds together;
everything here may assume it does. Field names are the keys of the file format
(docs/socioeconomics.md), so a problem found in an object names the key to correct.

Every number carries its provenance: the status (S stated by the source, D derived from stated
values, A assumption, U uncertain), the source's id in the set's ``sources``, the year the value
is for, and a note.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from lotsa.socioeconomics.vocabulary import (
    EXAMPLE,
    Production,
    Role,
    TaxRule,
    role_of,
)

if TYPE_CHECKING:
    from lotsa.socioeconomics.inputs import Scenario

ZERO = Decimal(0)
ONE = Decimal(1)
MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Provenance:
    status: str
    source: str = ""
    year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Quantity:
    """A number with its unit (where one helps: ``SEK/month``, ``weeks``) and provenance."""

    value: Decimal
    provenance: Provenance
    unit: str = ""


@dataclass(frozen=True)
class PaidQuantity:
    """A rate or amount that one payer receives or pays (a contribution, a tax, a subsidy)."""

    payer: str
    quantity: Quantity

    @property
    def value(self) -> Decimal:
        return self.quantity.value


@dataclass(frozen=True)
class Shares:
    """Shares per payer, with one provenance for the whole split."""

    shares: Mapping[str, Decimal]
    provenance: Provenance

    def total(self) -> Decimal:
        return sum(self.shares.values(), ZERO)


@dataclass(frozen=True)
class State:
    """A person's main situation in a month, and the money that moves while they are in it.

    All amounts are per person and month in the set's price year. A benefit is paid either by
    fixed ``benefit_payers`` shares or, in Denmark, by the municipality with the state refunding
    the share the refusion staircase gives for ``weeks_on_benefit``.
    """

    code: str
    benefit: Quantity | None = None
    benefit_payers: Shares | None = None
    weeks_on_benefit: Quantity | None = None
    benefit_taxable: bool = False
    benefit_tax: Shares | None = None
    wage: Quantity | None = None
    wage_tax: Shares | None = None
    employer_contribution: PaidQuantity | None = None
    wage_subsidy: PaidQuantity | None = None
    production: Production = Production.NONE
    services: Mapping[str, Quantity] = field(default_factory=dict)

    @property
    def gross_benefit(self) -> Decimal:
        return self.benefit.value if self.benefit else ZERO

    @property
    def gross_wage(self) -> Decimal:
        return self.wage.value if self.wage else ZERO

    @property
    def contribution_rate(self) -> Decimal:
        return self.employer_contribution.value if self.employer_contribution else ZERO

    @property
    def subsidy(self) -> Decimal:
        return self.wage_subsidy.value if self.wage_subsidy else ZERO

    @property
    def labour_cost(self) -> Decimal:
        return self.gross_wage * (ONE + self.contribution_rate)

    @property
    def production_value(self) -> Decimal:
        if self.production == Production.LABOUR_COST:
            return self.labour_cost
        if self.production == Production.LABOUR_COST_LESS_SUBSIDY:
            return self.labour_cost - self.subsidy
        if self.production == Production.WAGE:
            return self.gross_wage
        return ZERO

    @property
    def has_flows(self) -> bool:
        return bool(self.benefit or self.wage or self.services)


@dataclass(frozen=True)
class RefusionStep:
    """The state's share of a benefit the municipality pays, from ``from_week`` to ``to_week``
    (inclusive) of the person's time on benefit; the last step has no end."""

    from_week: int
    to_week: int | None
    state_share: Decimal


@dataclass(frozen=True)
class Refusion:
    """The Danish refusion staircase: the state refunds a falling share of the benefits the
    municipality pays, by how long the person has received them."""

    municipality: str
    state: str
    steps: tuple[RefusionStep, ...]
    provenance: Provenance

    def state_share(self, weeks_on_benefit: int) -> Decimal:
        for step in self.steps:
            if step.from_week <= weeks_on_benefit and (
                step.to_week is None or weeks_on_benefit <= step.to_week
            ):
                return step.state_share
        raise ValueError(f"no refusion step covers week {weeks_on_benefit}")


@dataclass(frozen=True)
class DiscountStep:
    from_year: int
    to_year: int | None
    rate: Decimal


@dataclass(frozen=True)
class DiscountScheme:
    """Real discount rates by year: one constant rate, or steps (Finansministeriet's 3.5 % for
    years 1–35 and 2.5 % for 36–70). Year 0 is never discounted."""

    scheme: str
    steps: tuple[DiscountStep, ...]
    provenance: Provenance

    @classmethod
    def constant(cls, rate: Decimal, provenance: Provenance | None = None) -> DiscountScheme:
        return cls("constant", (DiscountStep(1, None, rate),), provenance or Provenance(status="A"))

    def rate_in(self, year: int) -> Decimal:
        for step in self.steps:
            if step.from_year <= year and (step.to_year is None or year <= step.to_year):
                return step.rate
        raise ValueError(f"no discount rate for year {year}")

    def factors(self, last_year: int) -> tuple[Decimal, ...]:
        """DF(0) … DF(last_year): DF(t) = Π_{u=1..t} 1 / (1 + r_u)."""
        factors = [ONE]
        for year in range(1, last_year + 1):
            factors.append(factors[-1] / (ONE + self.rate_in(year)))
        return tuple(factors)

    @property
    def last_year(self) -> int | None:
        return self.steps[-1].to_year if self.steps else None


@dataclass(frozen=True)
class DanishTax:
    """The Danish income tax as the worked example computes it: AM-bidrag on wages, then
    kommuneskat and bundskat on personal income (wage after AM-bidrag plus taxable benefits)
    above the personfradrag. Beskæftigelsesfradrag and kirkeskat are left out."""

    labour_market_contribution: PaidQuantity
    personal_allowance_yearly: Quantity
    municipal_tax: PaidQuantity
    bottom_tax: PaidQuantity


@dataclass(frozen=True)
class Equalisation:
    """Whether the local payers keep only ``retention_share`` of their income-tax gains, the rest
    going to ``remainder_payer`` (the income-equalisation systems). Off by default: results are
    gross, as the Danish SØM prices are."""

    applies: bool
    retention_share: Quantity | None
    local_payers: tuple[str, ...]
    remainder_payer: str


@dataclass(frozen=True)
class ParameterSet:
    """The monthly flows, taxes and rules of one country in one price year."""

    id: str
    version: int
    kind: str
    country: str
    currency: str
    price_year: int
    payers: tuple[str, ...]
    public_payers: tuple[str, ...]
    sources: Mapping[str, str]
    states: Mapping[str, State]
    tax_rule: TaxRule
    danish_tax: DanishTax | None
    refusion: Refusion | None
    discount: DiscountScheme
    horizon_years: Quantity
    displacement: Quantity
    equalisation: Equalisation
    scenario: Scenario | None = None

    @property
    def is_example(self) -> bool:
        return self.kind == EXAMPLE

    def payer_with_role(self, role: Role) -> str | None:
        return next((p for p in self.payers if role_of(self.country, p) == role), None)

    @property
    def individual(self) -> str:
        """The payer that is the person (validation makes sure there is one)."""
        payer = self.payer_with_role(Role.INDIVIDUAL)
        assert payer is not None
        return payer

    @property
    def employer(self) -> str | None:
        return self.payer_with_role(Role.EMPLOYER)


@dataclass(frozen=True)
class SourcedValue:
    """One number of a set with its key as the file writes it, and the key of the table that
    gives its provenance (the same key, or the staircase's for one of its steps)."""

    key: str
    value: Decimal
    unit: str
    provenance: Provenance
    provenance_key: str


def sourced_values(parameters: ParameterSet) -> Iterator[SourcedValue]:
    """Every number of the set with its provenance, in the order of the file format."""

    def of(key: str, item: Quantity | PaidQuantity | Shares | None) -> Iterator[SourcedValue]:
        if isinstance(item, PaidQuantity):
            item = item.quantity
        if isinstance(item, Quantity):
            yield SourcedValue(key, item.value, item.unit, item.provenance, key)
        elif isinstance(item, Shares):
            for payer, share in item.shares.items():
                yield SourcedValue(f"{key}.shares.{payer}", share, "", item.provenance, key)

    for code, state in parameters.states.items():
        at = f"states.{code}"
        for name in STATE_VALUES:
            yield from of(f"{at}.{name}", getattr(state, name))
        for payer, service in state.services.items():
            yield from of(f"{at}.services.{payer}", service)
    if parameters.danish_tax is not None:
        for name in DANISH_TAX_VALUES:
            yield from of(f"income_tax.{name}", getattr(parameters.danish_tax, name))
    if parameters.refusion is not None:
        for index, step in enumerate(parameters.refusion.steps):
            key = f"refusion.steps[{index}].state_share"
            yield SourcedValue(
                key, step.state_share, "", parameters.refusion.provenance, "refusion"
            )
    discount = parameters.discount
    for index, discount_step in enumerate(discount.steps):
        key = "discount.rate" if discount.scheme == "constant" else f"discount.steps[{index}].rate"
        yield SourcedValue(key, discount_step.rate, "", discount.provenance, "discount")
    yield from of("horizon_years", parameters.horizon_years)
    yield from of("displacement", parameters.displacement)
    yield from of("equalisation.retention_share", parameters.equalisation.retention_share)


# The numbers of a state and of the Danish income tax, in the order of the file format.
STATE_VALUES = (
    "benefit",
    "benefit_payers",
    "weeks_on_benefit",
    "benefit_tax",
    "wage",
    "wage_tax",
    "employer_contribution",
    "wage_subsidy",
)
DANISH_TAX_VALUES = (
    "labour_market_contribution",
    "personal_allowance_yearly",
    "municipal_tax",
    "bottom_tax",
)
