"""Whether a parameter set holds together: ``problems_of`` lists every problem with the key it
concerns, as the file writes it.

It works on the objects, not the file, so a set built any other way (an organisation's adjusted
copy) is checked by the same rules. ``loading.py`` checks the file's shape before this runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lotsa.socioeconomics.inputs import example_inputs, input_problems
from lotsa.socioeconomics.parameter_set import (
    ONE,
    ZERO,
    PaidQuantity,
    ParameterSet,
    Shares,
    State,
    sourced_values,
)
from lotsa.socioeconomics.vocabulary import (
    COUNTRIES,
    CURRENCIES,
    DEFAULT,
    EXAMPLE,
    KINDS,
    SPLIT_PAYERS,
    STATES,
    STATUSES,
    Production,
    Role,
    TaxRule,
    payer_for_role,
    role_of,
)


@dataclass(frozen=True)
class Problem:
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


def problems_of(parameters: ParameterSet) -> list[Problem]:
    """Every problem of the set; an empty list if it holds together."""
    check = _Checker(parameters)
    check.top_level()
    if parameters.country not in COUNTRIES:
        return check.problems  # payers and states are per country: nothing more to say
    check.payers()
    for code, state in parameters.states.items():
        check.state(code, state)
    check.income_tax()
    check.refusion()
    check.discount()
    check.equalisation()
    check.provenance()
    check.scenario()
    return check.problems


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _Checker:
    def __init__(self, parameters: ParameterSet) -> None:
        self.parameters = parameters
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(key, message))

    # Reusable rules -------------------------------------------------------------------------

    def between_0_and_1(self, key: str, value: Decimal) -> None:
        if not ZERO <= value <= ONE:
            self.fail(key, f"{_amount(value)} must lie between 0 and 1")

    def not_negative(self, key: str, value: Decimal) -> None:
        if value < 0:
            self.fail(key, f"{_amount(value)} must not be negative")

    def whole_at_least_1(self, key: str, value: Decimal, unit: str) -> None:
        if value != value.to_integral_value() or value < 1:
            self.fail(key, f"{_amount(value)} must be a whole number of {unit}, at least 1")

    def public_payer(self, key: str, payer: str) -> bool:
        """Whether ``payer`` is a public payer of the set; notes why not."""
        if payer not in self.parameters.payers:
            self.fail(key, f"unknown payer {payer!r}: not among the set's payers")
            return False
        if payer not in self.parameters.public_payers:
            self.fail(key, f"{payer!r} is not a public payer")
            return False
        return True

    def shares_add_up_to_1(self, key: str, shares: Mapping[str, Decimal]) -> None:
        total = sum(shares.values(), ZERO)
        if total != ONE:
            self.fail(key, f"the shares add up to {_amount(total)}, not 1")

    # The set --------------------------------------------------------------------------------

    def top_level(self) -> None:
        parameters = self.parameters
        if parameters.kind not in KINDS:
            self.fail("kind", f"unknown kind {parameters.kind!r} ({DEFAULT} or {EXAMPLE})")
        if parameters.version < 1:
            self.fail("version", "must be 1 or more")
        if parameters.country not in COUNTRIES:
            self.fail("country", f"unknown country {parameters.country!r} (SE or DK)")
        elif parameters.currency != CURRENCIES[parameters.country]:
            self.fail(
                "currency",
                f"{parameters.country} sets are in {CURRENCIES[parameters.country]}, "
                f"not {parameters.currency!r}",
            )
        self.whole_at_least_1("horizon_years.value", parameters.horizon_years.value, "years")
        self.between_0_and_1("displacement.value", parameters.displacement.value)

    def payers(self) -> None:
        parameters = self.parameters
        country = parameters.country
        seen: set[str] = set()
        for index, payer in enumerate(parameters.payers):
            key = f"payers[{index}]"
            role = role_of(country, payer)
            if role is None:
                self.fail(key, f"unknown payer {payer!r} for {country}")
            elif payer in seen:
                self.fail(key, f"{payer!r} is listed twice")
            elif role == Role.PUBLIC and payer not in parameters.public_payers:
                self.fail(key, f"{payer!r} is a public payer: list it in public_payers")
            seen.add(payer)
        individual = payer_for_role(country, Role.INDIVIDUAL)
        if individual not in parameters.payers:
            self.fail("payers", f"the person ({individual!r}) must be among the payers")
        for whole, parts in SPLIT_PAYERS.items():
            if whole in seen and seen.intersection(parts):
                self.fail("payers", f"list either {whole!r} or its parts {parts}, not both")
        for index, payer in enumerate(parameters.public_payers):
            key = f"public_payers[{index}]"
            if payer not in parameters.payers:
                self.fail(key, f"{payer!r} is not among the payers")
            elif role_of(country, payer) != Role.PUBLIC:
                self.fail(key, f"{payer!r} is not a public payer")

    def state(self, code: str, state: State) -> None:
        at = f"states.{code}"
        if code not in STATES[self.parameters.country]:
            self.fail(at, f"unknown state {code!r} for {self.parameters.country}")
        if not state.has_flows:
            self.fail(at, "no flows: give the state a benefit, a wage or services used")
        self.benefit(at, state)
        self.wage(at, state)
        for payer, service in state.services.items():
            key = f"{at}.services.{payer}"
            self.public_payer(key, payer)
            self.not_negative(f"{key}.value", service.value)
        employer_gain = state.production_value - state.labour_cost + state.subsidy
        if employer_gain and self.parameters.employer is None:
            employer = payer_for_role(self.parameters.country, Role.EMPLOYER)
            self.fail(
                at,
                f"its production value differs from the labour cost and subsidy, a gain or "
                f"loss for the employer: list the employer ({employer!r}) among the payers",
            )

    def benefit(self, at: str, state: State) -> None:
        if state.benefit is None:
            for key in ("benefit_payers", "weeks_on_benefit", "benefit_tax"):
                if getattr(state, key) is not None:
                    self.fail(f"{at}.{key}", "the state has no benefit")
            if state.benefit_taxable:
                self.fail(f"{at}.benefit_taxable", "the state has no benefit")
            return
        self.not_negative(f"{at}.benefit.value", state.benefit.value)
        if state.benefit_payers is None and state.weeks_on_benefit is None:
            self.fail(f"{at}.benefit", "say who pays it: benefit_payers or weeks_on_benefit")
        elif state.benefit_payers is not None and state.weeks_on_benefit is not None:
            self.fail(
                f"{at}.weeks_on_benefit",
                "benefit_payers already says who pays the benefit: give one or the other",
            )
        if state.benefit_payers is not None:
            key = f"{at}.benefit_payers"
            for payer, share in state.benefit_payers.shares.items():
                if self.public_payer(f"{key}.shares.{payer}", payer):
                    self.between_0_and_1(f"{key}.shares.{payer}", share)
            self.shares_add_up_to_1(key, state.benefit_payers.shares)
        if state.weeks_on_benefit is not None:
            key = f"{at}.weeks_on_benefit"
            if self.parameters.refusion is None:
                self.fail(key, "the set has no refusion staircase")
            self.whole_at_least_1(f"{key}.value", state.weeks_on_benefit.value, "weeks")
        self.tax_shares(
            f"{at}.benefit_tax", state.benefit_tax, state.benefit_taxable, "taxable benefit"
        )
        if state.benefit_tax is not None and not state.benefit_taxable:
            self.fail(f"{at}.benefit_tax", "the benefit is not taxable (benefit_taxable)")

    def wage(self, at: str, state: State) -> None:
        if state.wage is None:
            for key in ("wage_tax", "employer_contribution", "wage_subsidy"):
                if getattr(state, key) is not None:
                    self.fail(f"{at}.{key}", "the state has no wage")
            if state.production != Production.NONE:
                self.fail(f"{at}.production", "the state has no wage and so no production")
            return
        self.not_negative(f"{at}.wage.value", state.wage.value)
        self.tax_shares(f"{at}.wage_tax", state.wage_tax, True, "wage")
        self.paid_rate(f"{at}.employer_contribution", state.employer_contribution)
        if state.wage_subsidy is not None:
            key = f"{at}.wage_subsidy"
            self.public_payer(f"{key}.payer", state.wage_subsidy.payer)
            self.not_negative(f"{key}.value", state.wage_subsidy.value)

    def tax_shares(self, key: str, shares: Shares | None, taxed: bool, income: str) -> None:
        """Tax shares of the gross amount: required with the rule shares_of_gross, refused with
        the Danish rule; a payer's share may be negative (a credit it bears), the total may
        not, nor exceed the income."""
        rule = self.parameters.tax_rule
        if rule == TaxRule.DANISH:
            if shares is not None:
                self.fail(key, "the rule 'danish' computes the tax: leave the shares out")
            return
        if shares is None:
            if taxed:
                self.fail(key, f"missing: with the rule {rule.value!r} every {income} is taxed")
            return
        for payer in shares.shares:
            self.public_payer(f"{key}.shares.{payer}", payer)
        total = shares.total()
        if not ZERO <= total <= ONE:
            self.fail(
                key, f"the shares add up to {_amount(total)}: a tax lies between 0 and 1 of it"
            )

    def paid_rate(self, key: str, paid: PaidQuantity | None) -> None:
        if paid is not None:
            self.public_payer(f"{key}.payer", paid.payer)
            self.between_0_and_1(f"{key}.value", paid.value)

    def income_tax(self) -> None:
        tax = self.parameters.danish_tax
        if tax is None:
            return
        for name in ("labour_market_contribution", "municipal_tax", "bottom_tax"):
            self.paid_rate(f"income_tax.{name}", getattr(tax, name))
        self.not_negative(
            "income_tax.personal_allowance_yearly.value", tax.personal_allowance_yearly.value
        )

    def refusion(self) -> None:
        refusion = self.parameters.refusion
        if refusion is None:
            return
        self.public_payer("refusion.municipality", refusion.municipality)
        self.public_payer("refusion.state", refusion.state)
        if refusion.municipality == refusion.state:
            self.fail("refusion.state", "the state cannot refund itself")
        self.steps(
            "refusion.steps",
            [(step.from_week, step.to_week) for step in refusion.steps],
            "week",
            open_ended=True,
        )
        for index, step in enumerate(refusion.steps):
            self.between_0_and_1(f"refusion.steps[{index}].state_share", step.state_share)

    def discount(self) -> None:
        discount = self.parameters.discount
        if discount.scheme == "stepped":
            self.steps(
                "discount.steps",
                [(step.from_year, step.to_year) for step in discount.steps],
                "year",
                open_ended=False,
            )
            for index, step in enumerate(discount.steps):
                self.not_negative(f"discount.steps[{index}].rate", step.rate)
        elif discount.steps:
            self.not_negative("discount.rate", discount.steps[0].rate)
        last = discount.last_year
        horizon = self.parameters.horizon_years.value
        if last is not None and horizon > last:
            self.fail(
                "horizon_years",
                f"{_amount(horizon)} years reach past the discount rates, which end in year {last}",
            )

    def steps(
        self, key: str, spans: Sequence[tuple[int, int | None]], unit: str, open_ended: bool
    ) -> None:
        """A staircase: from 1, each step starting the {unit} after the one before ends; only
        the last may be without an end, and if ``open_ended`` it must be."""
        if not spans:
            self.fail(key, "missing: give at least one step")
            return
        if spans[0][0] != 1:
            self.fail(f"{key}[0].from_{unit}", f"the steps start at {unit} 1, not {spans[0][0]}")
        for index, (start, end) in enumerate(spans):
            at = f"{key}[{index}]"
            last = index == len(spans) - 1
            if end is None and not last:
                self.fail(f"{at}.to_{unit}", "missing: only the last step is open-ended")
            if end is not None and last and open_ended:
                self.fail(f"{at}.to_{unit}", f"the last step is open-ended: leave to_{unit} out")
            if end is not None and end < start:
                self.fail(f"{at}.to_{unit}", f"{unit} {end} comes before from_{unit} {start}")
            if index:
                previous_end = spans[index - 1][1]
                if previous_end is not None and start != previous_end + 1:
                    self.fail(
                        f"{at}.from_{unit}",
                        f"{unit} {start} does not follow {unit} {previous_end}, where the step "
                        f"before ends",
                    )

    def equalisation(self) -> None:
        equalisation = self.parameters.equalisation
        for index, payer in enumerate(equalisation.local_payers):
            self.public_payer(f"equalisation.local_payers[{index}]", payer)
        if self.public_payer("equalisation.remainder_payer", equalisation.remainder_payer) and (
            equalisation.remainder_payer in equalisation.local_payers
        ):
            self.fail("equalisation.remainder_payer", "is one of the local payers")
        if equalisation.retention_share is not None:
            self.between_0_and_1(
                "equalisation.retention_share.value", equalisation.retention_share.value
            )
        elif equalisation.applies:
            self.fail("equalisation.retention_share", "missing: equalisation applies")

    def provenance(self) -> None:
        sources = self.parameters.sources
        checked: set[str] = set()
        for value in sourced_values(self.parameters):
            key, provenance = value.provenance_key, value.provenance
            if key in checked:
                continue
            checked.add(key)
            if provenance.status not in STATUSES:
                self.fail(
                    f"{key}.status",
                    f"unknown status {provenance.status!r} (one of {', '.join(STATUSES)})",
                )
            if provenance.source and provenance.source not in sources:
                self.fail(f"{key}.source", f"unknown source {provenance.source!r}")
        for source, title in sources.items():
            if not title.strip():
                self.fail(f"sources.{source}", "missing the source's title")

    def scenario(self) -> None:
        parameters = self.parameters
        if parameters.scenario is None:
            if parameters.is_example:
                self.fail("scenario", "missing: a worked example carries its scenario")
            return
        if not parameters.is_example:
            self.fail("scenario", "only a worked example carries a scenario")
            return
        # What a scenario must be is what the engine's inputs must be: one rule, in English
        # like every message about a file.
        for key, problem in input_problems(example_inputs(parameters)).items():
            if key.startswith(("cohorts", "cost", "outcomes")):
                self.fail(_scenario_key(key), str(problem))


def _scenario_key(key: str) -> str:
    """An input's key as the scenario table writes it (``cost.split`` → ``scenario.cost_split``)."""
    key = re.sub(r"^cohorts\[0\]\.", "", key)
    key = re.sub(r"^cost\.", "cost_", key)
    key = key.replace(".profile.", ".")
    return f"scenario.{key}"
