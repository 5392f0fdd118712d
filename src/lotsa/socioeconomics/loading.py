"""Reads a parameter file (TOML, format in docs/socioeconomics.md) into a ``ParameterSet``.

Reading happens in two steps, and each reports every problem it finds, not only the first:
this module checks the shape of the file (known keys, types, statuses), then
``validation.problems_of`` checks that the set holds together. A broken file raises
``ParameterSetError``, whose message names the file and the key of each problem:
``se-2025.toml: states.forsorjningsstod.benefit_payers: the shares add up to 0.9, not 1``.
Numbers are read as ``Decimal`` straight from the file's text, never through a float.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from lotsa.socioeconomics.inputs import (
    Cohort,
    EffectProfile,
    Outcome,
    ProgrammeCost,
    Scenario,
)
from lotsa.socioeconomics.parameter_set import (
    ZERO,
    DanishTax,
    DiscountScheme,
    DiscountStep,
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
from lotsa.socioeconomics.validation import Problem, problems_of
from lotsa.socioeconomics.vocabulary import Production, Profile, TaxRule

PROVENANCE_KEYS = ("status", "source", "year", "note")
QUANTITY_KEYS = ("value", "unit", *PROVENANCE_KEYS)
PAID_KEYS = ("payer", *QUANTITY_KEYS)
SHARES_KEYS = ("shares", *PROVENANCE_KEYS)
TOP_KEYS = (
    "id",
    "version",
    "kind",
    "country",
    "currency",
    "price_year",
    "payers",
    "public_payers",
    "horizon_years",
    "displacement",
    "sources",
    "discount",
    "income_tax",
    "refusion",
    "equalisation",
    "states",
    "scenario",
)
STATE_KEYS = (
    "benefit",
    "benefit_payers",
    "weeks_on_benefit",
    "benefit_taxable",
    "benefit_tax",
    "wage",
    "wage_tax",
    "employer_contribution",
    "wage_subsidy",
    "production",
    "services",
)
DANISH_TAX_KEYS = (
    "labour_market_contribution",
    "personal_allowance_yearly",
    "municipal_tax",
    "bottom_tax",
)
SCENARIO_KEYS = (
    "participants",
    "start_year",
    "programme_months",
    "baseline",
    "cost_per_participant",
    "cost_split",
    "cost_timing",
    "outcomes",
    "counterfactual_source",
)
OUTCOME_KEYS = (
    "state",
    "share",
    "counterfactual_share",
    "profile",
    "duration_years",
    "persistence",
    "lag_months",
)


class ParameterSetError(ImproperlyConfigured):
    """A parameter file is broken; ``problems`` says where and what, one by one."""

    def __init__(self, file_name: str, problems: Sequence[Problem]) -> None:
        self.file_name = file_name
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{file_name}: {problem}" for problem in self.problems))


def load_parameter_set(path: Path) -> ParameterSet:
    """Read and check one parameter file."""
    return parse_parameter_set(path.name, path.read_text(encoding="utf-8"))


def parse_parameter_set(file_name: str, text: str) -> ParameterSet:
    """Read and check the text of the parameter file ``file_name`` (``<id>.toml``)."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise ParameterSetError(file_name, [Problem("", f"not valid TOML: {error}")]) from None
    reader = _Reader()
    parameters = reader.parameter_set(data)
    if reader.problems:
        raise ParameterSetError(file_name, reader.problems)
    problems = problems_of(parameters)
    if Path(file_name).stem != parameters.id:
        problems.insert(0, Problem("id", f"{parameters.id!r} does not match the file name"))
    if problems:
        raise ParameterSetError(file_name, problems)
    return parameters


def _at(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


class _Reader:
    """Reads the tables of a parameter file, noting every problem and going on with a
    stand-in value, so that one reading reports them all."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(key, message))

    # The kinds of value --------------------------------------------------------------------

    def _value(self, table: dict[str, Any], key: str, where: str, required: bool) -> Any:
        if key not in table:
            if required:
                self.fail(_at(where, key), "missing")
            return None
        return table[key]

    def _typed(
        self, value: Any, at: str, kinds: type | tuple[type, ...], expected: str
    ) -> Any | None:
        if not isinstance(value, kinds) or (isinstance(value, bool) and kinds is not bool):
            self.fail(at, f"expected {expected}, found {value!r}")
            return None
        return value

    def text(self, table: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = self._value(table, key, where, required)
        if value is None:
            return ""
        return self._typed(value, _at(where, key), str, "text") or ""

    def integer(
        self, table: dict[str, Any], key: str, where: str, default: int | None = None
    ) -> int:
        value = self._value(table, key, where, default is None)
        if value is None:
            return default or 0
        checked = self._typed(value, _at(where, key), int, "a whole number")
        return checked if checked is not None else 0

    def optional_integer(self, table: dict[str, Any], key: str, where: str) -> int | None:
        if key not in table:
            return None
        return self.integer(table, key, where)

    def boolean(self, table: dict[str, Any], key: str, where: str) -> bool:
        value = self._value(table, key, where, False)
        if value is None:
            return False
        return bool(self._typed(value, _at(where, key), bool, "true or false"))

    def number(self, value: Any, at: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.fail(at, f"expected a number, found {value!r}")
            return ZERO
        return Decimal(value)

    def required_number(self, table: dict[str, Any], key: str, where: str) -> Decimal:
        value = self._value(table, key, where, True)
        return ZERO if value is None else self.number(value, _at(where, key))

    def table(
        self, table: dict[str, Any], key: str, where: str, allowed: Sequence[str] | None = None
    ) -> dict[str, Any] | None:
        """A sub-table (``None`` if absent); ``allowed`` are its keys, others are noted."""
        if key not in table:
            return None
        value = self._typed(table[key], _at(where, key), dict, "a table")
        if value is not None and allowed is not None:
            self.known_keys(value, _at(where, key), allowed)
        return value

    def required_table(
        self, table: dict[str, Any], key: str, where: str, allowed: Sequence[str] | None = None
    ) -> dict[str, Any]:
        if key not in table:
            self.fail(_at(where, key), "missing")
            return {}
        return self.table(table, key, where, allowed) or {}

    def known_keys(self, table: dict[str, Any], where: str, allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(_at(where, key), "unknown key")

    def codes(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = self._value(table, key, where, True)
        if value is None:
            return ()
        if self._typed(value, _at(where, key), list, "a list") is None:
            return ()
        codes = []
        for index, code in enumerate(value):
            if self._typed(code, _at(_at(where, key), index), str, "text") is not None:
                codes.append(code)
        return tuple(codes)

    def numbers(self, table: dict[str, Any] | None, at: str) -> dict[str, Decimal]:
        """A table of codes to numbers (shares by payer or state)."""
        return {code: self.number(value, _at(at, code)) for code, value in (table or {}).items()}

    # Values with provenance ----------------------------------------------------------------

    def provenance(self, table: dict[str, Any], where: str) -> Provenance:
        return Provenance(
            status=self.text(table, "status", where),
            source=self.text(table, "source", where, required=False),
            year=self.optional_integer(table, "year", where),
            note=self.text(table, "note", where, required=False),
        )

    def quantity(self, table: dict[str, Any], key: str, where: str) -> Quantity | None:
        at = _at(where, key)
        found = self.table(table, key, where, QUANTITY_KEYS)
        if found is None:
            return None
        return self._quantity(found, at)

    def required_quantity(self, table: dict[str, Any], key: str, where: str) -> Quantity:
        if key not in table:
            self.fail(_at(where, key), "missing")
        return self.quantity(table, key, where) or Quantity(ZERO, Provenance("A"))

    def _quantity(self, found: dict[str, Any], at: str) -> Quantity:
        return Quantity(
            value=self.required_number(found, "value", at),
            provenance=self.provenance(found, at),
            unit=self.text(found, "unit", at, required=False),
        )

    def paid(self, table: dict[str, Any], key: str, where: str) -> PaidQuantity | None:
        found = self.table(table, key, where, PAID_KEYS)
        if found is None:
            return None
        at = _at(where, key)
        return PaidQuantity(self.text(found, "payer", at), self._quantity(found, at))

    def required_paid(self, table: dict[str, Any], key: str, where: str) -> PaidQuantity:
        if key not in table:
            self.fail(_at(where, key), "missing")
        return self.paid(table, key, where) or PaidQuantity("", Quantity(ZERO, Provenance("A")))

    def shares(self, table: dict[str, Any], key: str, where: str) -> Shares | None:
        found = self.table(table, key, where, SHARES_KEYS)
        if found is None:
            return None
        at = _at(where, key)
        return Shares(
            self.numbers(self.required_table(found, "shares", at), _at(at, "shares")),
            self.provenance(found, at),
        )

    # The tables of the file ----------------------------------------------------------------

    def parameter_set(self, data: dict[str, Any]) -> ParameterSet:
        self.known_keys(data, "", TOP_KEYS)
        sources = self.table(data, "sources", "") or {}
        tax_rule, danish_tax = self.income_tax(data)
        return ParameterSet(
            id=self.text(data, "id", ""),
            version=self.integer(data, "version", ""),
            kind=self.text(data, "kind", ""),
            country=self.text(data, "country", ""),
            currency=self.text(data, "currency", ""),
            price_year=self.integer(data, "price_year", ""),
            payers=self.codes(data, "payers", ""),
            public_payers=self.codes(data, "public_payers", ""),
            sources={key: self.text(sources, key, "sources") for key in sources},
            states=self.states(data),
            tax_rule=tax_rule,
            danish_tax=danish_tax,
            refusion=self.refusion(data),
            discount=self.discount(data),
            horizon_years=self.required_quantity(data, "horizon_years", ""),
            displacement=self.required_quantity(data, "displacement", ""),
            equalisation=self.equalisation(data),
            scenario=self.scenario(data),
        )

    def states(self, data: dict[str, Any]) -> dict[str, State]:
        states = {}
        for code, table in self.required_table(data, "states", "").items():
            at = _at("states", code)
            if self._typed(table, at, dict, "a table") is None:
                continue
            self.known_keys(table, at, STATE_KEYS)
            production = self.text(table, "production", at, required=False) or Production.NONE
            if production not in tuple(Production):
                self.fail(_at(at, "production"), f"unknown production rule {production!r}")
                production = Production.NONE
            services = self.table(table, "services", at) or {}
            states[code] = State(
                code=code,
                benefit=self.quantity(table, "benefit", at),
                benefit_payers=self.shares(table, "benefit_payers", at),
                weeks_on_benefit=self.quantity(table, "weeks_on_benefit", at),
                benefit_taxable=self.boolean(table, "benefit_taxable", at),
                benefit_tax=self.shares(table, "benefit_tax", at),
                wage=self.quantity(table, "wage", at),
                wage_tax=self.shares(table, "wage_tax", at),
                employer_contribution=self.paid(table, "employer_contribution", at),
                wage_subsidy=self.paid(table, "wage_subsidy", at),
                production=Production(production),
                services={
                    payer: self.required_quantity(services, payer, _at(at, "services"))
                    for payer in services
                },
            )
        return states

    def income_tax(self, data: dict[str, Any]) -> tuple[TaxRule, DanishTax | None]:
        table = self.required_table(data, "income_tax", "", ("rule", *DANISH_TAX_KEYS))
        rule = self.text(table, "rule", "income_tax")
        if rule and rule not in tuple(TaxRule):
            self.fail("income_tax.rule", f"unknown rule {rule!r}")
        if rule != TaxRule.DANISH:
            for key in DANISH_TAX_KEYS:
                if key in table:
                    self.fail(_at("income_tax", key), f"only the rule {TaxRule.DANISH!r} uses it")
            return TaxRule.SHARES_OF_GROSS, None
        danish = DanishTax(
            labour_market_contribution=self.required_paid(
                table, "labour_market_contribution", "income_tax"
            ),
            personal_allowance_yearly=self.required_quantity(
                table, "personal_allowance_yearly", "income_tax"
            ),
            municipal_tax=self.required_paid(table, "municipal_tax", "income_tax"),
            bottom_tax=self.required_paid(table, "bottom_tax", "income_tax"),
        )
        return TaxRule.DANISH, danish

    def refusion(self, data: dict[str, Any]) -> Refusion | None:
        keys = ("municipality", "state", "steps", *PROVENANCE_KEYS)
        table = self.table(data, "refusion", "", keys)
        if table is None:
            return None
        steps = []
        for index, step in enumerate(self.list_of_tables(table, "steps", "refusion")):
            at = f"refusion.steps[{index}]"
            self.known_keys(step, at, ("from_week", "to_week", "state_share"))
            steps.append(
                RefusionStep(
                    from_week=self.integer(step, "from_week", at),
                    to_week=self.optional_integer(step, "to_week", at),
                    state_share=self.required_number(step, "state_share", at),
                )
            )
        return Refusion(
            municipality=self.text(table, "municipality", "refusion"),
            state=self.text(table, "state", "refusion"),
            steps=tuple(steps),
            provenance=self.provenance(table, "refusion"),
        )

    def list_of_tables(self, table: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = self._value(table, key, where, True)
        if value is None or self._typed(value, _at(where, key), list, "a list") is None:
            return []
        found = []
        for index, item in enumerate(value):
            if self._typed(item, f"{_at(where, key)}[{index}]", dict, "a table") is not None:
                found.append(item)
        return found

    def discount(self, data: dict[str, Any]) -> DiscountScheme:
        keys = ("scheme", "rate", "steps", *PROVENANCE_KEYS)
        table = self.required_table(data, "discount", "", keys)
        scheme = self.text(table, "scheme", "discount")
        provenance = self.provenance(table, "discount")
        if scheme == "constant":
            if "steps" in table:
                self.fail("discount.steps", "a constant rate has no steps")
            rate = self.required_number(table, "rate", "discount")
            return DiscountScheme.constant(rate, provenance)
        if scheme != "stepped":
            if scheme:
                self.fail("discount.scheme", f"unknown scheme {scheme!r} (constant or stepped)")
            return DiscountScheme.constant(ZERO, provenance)
        if "rate" in table:
            self.fail("discount.rate", "stepped rates are given in steps")
        steps = []
        for index, step in enumerate(self.list_of_tables(table, "steps", "discount")):
            at = f"discount.steps[{index}]"
            self.known_keys(step, at, ("from_year", "to_year", "rate"))
            steps.append(
                DiscountStep(
                    from_year=self.integer(step, "from_year", at),
                    to_year=self.optional_integer(step, "to_year", at),
                    rate=self.required_number(step, "rate", at),
                )
            )
        return DiscountScheme("stepped", tuple(steps), provenance)

    def equalisation(self, data: dict[str, Any]) -> Equalisation:
        keys = ("applies", "retention_share", "local_payers", "remainder_payer")
        table = self.required_table(data, "equalisation", "", keys)
        return Equalisation(
            applies=self.boolean(table, "applies", "equalisation"),
            retention_share=self.quantity(table, "retention_share", "equalisation"),
            local_payers=self.codes(table, "local_payers", "equalisation"),
            remainder_payer=self.text(table, "remainder_payer", "equalisation"),
        )

    def scenario(self, data: dict[str, Any]) -> Scenario | None:
        table = self.table(data, "scenario", "", SCENARIO_KEYS)
        if table is None:
            return None
        cohort = Cohort(
            participants=self.integer(table, "participants", "scenario"),
            baseline=self.numbers(
                self.required_table(table, "baseline", "scenario"), "scenario.baseline"
            ),
            start_year=self.integer(table, "start_year", "scenario", default=0),
            programme_months=self.integer(table, "programme_months", "scenario", default=12),
        )
        timing = self.required_table(table, "cost_timing", "scenario")
        cost = ProgrammeCost(
            per_participant=self.required_number(table, "cost_per_participant", "scenario"),
            split=self.numbers(
                self.required_table(table, "cost_split", "scenario"), "scenario.cost_split"
            ),
            timing={
                self._year_offset(offset): self.number(share, f"scenario.cost_timing.{offset}")
                for offset, share in timing.items()
            },
        )
        outcomes = tuple(
            self.outcome(outcome, f"scenario.outcomes[{index}]")
            for index, outcome in enumerate(self.list_of_tables(table, "outcomes", "scenario"))
        )
        return Scenario(
            cohorts=(cohort,),
            cost=cost,
            outcomes=outcomes,
            counterfactual_source=self.text(table, "counterfactual_source", "scenario"),
        )

    def _year_offset(self, key: str) -> int:
        if not key.isdigit():
            self.fail(f"scenario.cost_timing.{key}", "expected a year after the start: 0, 1, …")
            return 0
        return int(key)

    def outcome(self, table: dict[str, Any], at: str) -> Outcome:
        self.known_keys(table, at, OUTCOME_KEYS)
        kind = self.text(table, "profile", at)
        if kind not in tuple(Profile):
            if kind:
                self.fail(_at(at, "profile"), f"unknown profile {kind!r} (step or decay)")
            kind = Profile.STEP
        duration = self._value(table, "duration_years", at, kind == Profile.STEP)
        persistence = self._value(table, "persistence", at, kind == Profile.DECAY)
        profile = EffectProfile(
            kind=Profile(kind),
            duration_years=(
                self.number(duration, _at(at, "duration_years")) if duration is not None else None
            ),
            persistence=(
                self.number(persistence, _at(at, "persistence"))
                if persistence is not None
                else None
            ),
            lag_months=self.integer(table, "lag_months", at, default=0),
        )
        return Outcome(
            state=self.text(table, "state", at),
            share=self.required_number(table, "share", at),
            counterfactual_share=self.required_number(table, "counterfactual_share", at),
            profile=profile,
        )
