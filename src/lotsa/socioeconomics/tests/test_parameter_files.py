"""The shipped parameter files load, and a broken one is refused with a message that names the
file, the key and what is wrong — one case per rule."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from lotsa.socioeconomics.loading import ParameterSetError, load_parameter_set
from lotsa.socioeconomics.parameter_set import Provenance, Shares
from lotsa.socioeconomics.registry import PARAMETERS_DIR, Registry, parameter_sets
from lotsa.socioeconomics.validation import Problem, problems_of
from lotsa.socioeconomics.vocabulary import Production, TaxRule

EXAMPLE_A = "se-2025-example-a.toml"
EXAMPLE_B = "dk-2024-example-b.toml"
SWEDISH = "se-2025.toml"


def test_every_shipped_file_loads() -> None:
    registry = parameter_sets()
    assert set(registry.sets) == {path.stem for path in PARAMETERS_DIR.glob("*.toml")}
    assert set(registry.sets) == {"se-2025", "dk-2024", "se-2025-example-a", "dk-2024-example-b"}
    for parameters in registry.sets.values():
        assert problems_of(parameters) == []


def test_the_default_sets_and_the_examples_are_found_by_country_and_year() -> None:
    registry = parameter_sets()
    swedish = registry.default_for("SE")
    assert swedish is not None and swedish.id == "se-2025"
    assert registry.default_for("SE", 2030) is swedish
    assert registry.default_for("SE", 2024) is None
    danish = registry.default_for("DK", 2024)
    assert danish is not None and danish.tax_rule == TaxRule.DANISH
    assert {example.id for example in registry.examples()} == {
        "se-2025-example-a",
        "dk-2024-example-b",
    }
    assert all(example.scenario is not None for example in registry.examples())


def test_values_are_read_as_decimals_from_the_files_text() -> None:
    parameters = parameter_sets().sets["se-2025-example-a"]
    work = parameters.states["arbete_heltid"]
    assert work.wage_tax is not None
    assert work.wage_tax.shares == {
        "kommun": Decimal("0.20"),
        "region": Decimal("0.11"),
        "staten": Decimal("-0.085"),
    }
    assert work.employer_contribution is not None
    assert work.employer_contribution.quantity.provenance == Provenance("S", "S27", 2024)
    assert work.production == Production.LABOUR_COST
    danish = parameter_sets().sets["dk-2024"]
    assert danish.refusion is not None and danish.refusion.state_share(60) == Decimal("0.20")
    assert danish.refusion.state_share(4) == Decimal("0.80")
    assert danish.discount.rate_in(36) == Decimal("0.025")


def _broken(tmp_path: Path, file_name: str, replace: str, by: str) -> Path:
    text = (PARAMETERS_DIR / file_name).read_text(encoding="utf-8")
    assert replace in text, replace
    target = tmp_path / file_name
    target.write_text(text.replace(replace, by, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("file_name", "replace", "by", "message"),
    [
        pytest.param(EXAMPLE_A, "version = 1", "version = ", "not valid TOML", id="toml"),
        pytest.param(EXAMPLE_A, "price_year = 2025\n", "", "price_year: missing", id="missing"),
        pytest.param(
            EXAMPLE_A,
            "version = 1",
            'version = "one"',
            "version: expected a whole number, found 'one'",
            id="type",
        ),
        pytest.param(
            EXAMPLE_A,
            "value = 25000",
            'value = "25000"',
            "states.arbete_heltid.wage.value: expected a number, found '25000'",
            id="number",
        ),
        pytest.param(
            EXAMPLE_A,
            "benefit_taxable = false",
            "benefit_taxabel = false",
            "states.forsorjningsstod.benefit_taxabel: unknown key",
            id="unknown-key",
        ),
        pytest.param(
            EXAMPLE_A,
            'status = "A", note = "per household',
            'status = "X", note = "per household',
            "states.forsorjningsstod.benefit.status: unknown status 'X' (one of S, D, A, U)",
            id="status",
        ),
        pytest.param(
            EXAMPLE_A,
            'source = "S27"',
            'source = "S99"',
            "states.arbete_heltid.employer_contribution.source: unknown source 'S99'",
            id="source",
        ),
        pytest.param(
            EXAMPLE_A,
            'id = "se-2025-example-a"',
            'id = "se-2025-example"',
            "id: 'se-2025-example' does not match the file name",
            id="id",
        ),
        pytest.param(
            EXAMPLE_A,
            'country = "SE"',
            'country = "NO"',
            "country: unknown country 'NO' (SE or DK)",
            id="country",
        ),
        pytest.param(
            EXAMPLE_A,
            'currency = "SEK"',
            'currency = "EUR"',
            "currency: SE sets are in SEK, not 'EUR'",
            id="currency",
        ),
        pytest.param(
            EXAMPLE_A,
            'payers = ["kommun",',
            'payers = ["kommune",',
            "payers[0]: unknown payer 'kommune' for SE",
            id="payer-of-another-country",
        ),
        pytest.param(
            EXAMPLE_A,
            '"staten", "individ"]',
            '"staten"]',
            "payers: the person ('individ') must be among the payers",
            id="no-person",
        ),
        pytest.param(
            EXAMPLE_A,
            'public_payers = ["kommun", "region", "staten"]',
            'public_payers = ["kommun", "region", "staten", "individ"]',
            "public_payers[3]: 'individ' is not a public payer",
            id="person-as-public-payer",
        ),
        pytest.param(
            EXAMPLE_A,
            'public_payers = ["kommun", "region", "staten"]',
            'public_payers = ["kommun", "staten"]',
            "payers[1]: 'region' is a public payer: list it in public_payers",
            id="public-payer-left-out",
        ),
        pytest.param(
            EXAMPLE_A,
            'public_payers = ["kommun", "region", "staten"]',
            'public_payers = ["kommun", "region", "staten", "staten_fk"]',
            "public_payers[3]: 'staten_fk' is not among the payers",
            id="public-payer-not-a-payer",
        ),
        pytest.param(
            EXAMPLE_A,
            '"staten", "individ"]',
            '"staten", "staten_fk", "individ"]',
            "payers: list either 'staten' or its parts ('staten_fk', 'staten_af', "
            "'staten_ovrigt'), not both",
            id="state-twice",
        ),
        pytest.param(
            EXAMPLE_A,
            "shares = { kommun = 1 }",
            "shares = { kommune = 1 }",
            "states.forsorjningsstod.benefit_payers.shares.kommune: unknown payer 'kommune': "
            "not among the set's payers",
            id="unknown-payer-in-a-share",
        ),
        pytest.param(
            EXAMPLE_A,
            "shares = { kommun = 1 }",
            "shares = { individ = 1 }",
            "states.forsorjningsstod.benefit_payers.shares.individ: 'individ' is not a public "
            "payer",
            id="person-paying-a-benefit",
        ),
        pytest.param(
            EXAMPLE_A,
            "shares = { kommun = 1 }",
            "shares = { kommun = 0.9 }",
            "states.forsorjningsstod.benefit_payers: the shares add up to 0.9, not 1",
            id="shares-not-1",
        ),
        pytest.param(
            EXAMPLE_A,
            "value = 0.3142",
            "value = -0.3142",
            "states.arbete_heltid.employer_contribution.value: -0.3142 must lie between 0 and 1",
            id="negative-contribution",
        ),
        pytest.param(
            EXAMPLE_A,
            "rate = 0.035",
            "rate = -0.01",
            "discount.rate: -0.01 must not be negative",
            id="negative-discount-rate",
        ),
        pytest.param(
            EXAMPLE_A,
            "[states.arbete_heltid]",
            '[states.studier_csn]\nproduction = "none"\n\n[states.arbete_heltid]',
            "states.studier_csn: no flows: give the state a benefit, a wage or services used",
            id="state-without-flows",
        ),
        pytest.param(
            EXAMPLE_A,
            "[states.arbete_heltid]",
            '[states.job]\nwage = { value = 1, status = "A" }\n\n[states.arbete_heltid]',
            "states.job: unknown state 'job' for SE",
            id="unknown-state",
        ),
        pytest.param(
            EXAMPLE_A,
            'benefit_payers = { shares = { kommun = 1 }, status = "S", source = "S19" }\n',
            "",
            "states.forsorjningsstod.benefit: say who pays it: benefit_payers or weeks_on_benefit",
            id="benefit-without-payer",
        ),
        pytest.param(
            EXAMPLE_A,
            'benefit_payers = { shares = { kommun = 1 }, status = "S", source = "S19" }',
            'weeks_on_benefit = { value = 60, status = "A" }',
            "states.forsorjningsstod.weeks_on_benefit: the set has no refusion staircase",
            id="refusion-without-staircase",
        ),
        pytest.param(
            EXAMPLE_A,
            "benefit_taxable = false",
            "benefit_taxable = true",
            "states.forsorjningsstod.benefit_tax: missing: with the rule 'shares_of_gross' "
            "every taxable benefit is taxed",
            id="taxable-benefit-without-tax",
        ),
        pytest.param(
            EXAMPLE_A,
            "wage_tax = { shares",
            "# wage_tax = { shares",
            "states.arbete_heltid.wage_tax: missing: with the rule 'shares_of_gross' every "
            "wage is taxed",
            id="wage-without-tax",
        ),
        pytest.param(
            EXAMPLE_A,
            "kommun = 0.20, region = 0.11",
            "kommun = 0.90, region = 0.31",
            "states.arbete_heltid.wage_tax: the shares add up to 1.125: a tax lies between 0 "
            "and 1 of it",
            id="tax-above-the-wage",
        ),
        pytest.param(
            EXAMPLE_A,
            "benefit_taxable = false",
            'benefit_taxable = false\nproduction = "wage"',
            "states.forsorjningsstod.production: the state has no wage and so no production",
            id="production-without-wage",
        ),
        pytest.param(
            EXAMPLE_A,
            'production = "labour_cost"',
            'production = "labor_cost"',
            "states.arbete_heltid.production: unknown production rule 'labor_cost'",
            id="production-rule",
        ),
        pytest.param(
            EXAMPLE_A,
            'production = "labour_cost"',
            'production = "wage"',
            "states.arbete_heltid: its production value differs from the labour cost and "
            "subsidy, a gain or loss for the employer: list the employer ('arbetsgivare') among "
            "the payers",
            id="employer-left-out",
        ),
        pytest.param(
            EXAMPLE_A,
            'rule = "shares_of_gross"',
            'rule = "flat"',
            "income_tax.rule: unknown rule 'flat'",
            id="tax-rule",
        ),
        pytest.param(
            EXAMPLE_A,
            'scheme = "constant"',
            'scheme = "linear"',
            "discount.scheme: unknown scheme 'linear' (constant or stepped)",
            id="discount-scheme",
        ),
        pytest.param(
            EXAMPLE_A,
            'value = 10, unit = "years"',
            'value = 0, unit = "years"',
            "horizon_years.value: 0 must be a whole number of years, at least 1",
            id="horizon",
        ),
        pytest.param(
            EXAMPLE_A,
            "displacement = { value = 0,",
            "displacement = { value = 1.5,",
            "displacement.value: 1.5 must lie between 0 and 1",
            id="displacement",
        ),
        pytest.param(
            EXAMPLE_A,
            "applies = false",
            "applies = true",
            "equalisation.retention_share: missing: equalisation applies",
            id="equalisation-without-share",
        ),
        pytest.param(
            EXAMPLE_A,
            'remainder_payer = "staten"',
            'remainder_payer = "kommun"',
            "equalisation.remainder_payer: is one of the local payers",
            id="equalisation-to-itself",
        ),
        pytest.param(
            EXAMPLE_A,
            'kind = "example"',
            'kind = "default"',
            "scenario: only a worked example carries a scenario",
            id="scenario-in-a-default-set",
        ),
        pytest.param(
            SWEDISH,
            'kind = "default"',
            'kind = "example"',
            "scenario: missing: a worked example carries its scenario",
            id="example-without-scenario",
        ),
        pytest.param(
            EXAMPLE_A,
            "baseline = { forsorjningsstod = 1 }",
            "baseline = { forsorjningsstod = 0.5 }",
            "scenario.baseline: The shares add up to 0.5, not 1.",
            id="scenario-baseline",
        ),
        pytest.param(
            EXAMPLE_A,
            "cost_split = { staten = 0.5,",
            "cost_split = { stat = 0.5,",
            "scenario.cost_split: Unknown in this parameter set: stat.",
            id="scenario-cost-split",
        ),
        pytest.param(
            EXAMPLE_A,
            "cost_timing = { 0 = 1 }",
            "cost_timing = { first = 1 }",
            "scenario.cost_timing.first: expected a year after the start: 0, 1, …",
            id="scenario-cost-timing",
        ),
        pytest.param(
            EXAMPLE_A,
            'state = "arbete_heltid"',
            'state = "job"',
            "scenario.outcomes[0].state: Unknown in this parameter set: job.",
            id="scenario-outcome-state",
        ),
        pytest.param(
            EXAMPLE_A,
            'profile = "step"',
            'profile = "decay"',
            "scenario.outcomes[0].persistence: missing",
            id="scenario-decay-without-persistence",
        ),
        pytest.param(
            EXAMPLE_B,
            "{ from_week = 1, to_week = 4",
            "{ from_week = 2, to_week = 4",
            "refusion.steps[0].from_week: the steps start at week 1, not 2",
            id="staircase-start",
        ),
        pytest.param(
            EXAMPLE_B,
            "{ from_week = 5, to_week = 26",
            "{ from_week = 6, to_week = 26",
            "refusion.steps[1].from_week: week 6 does not follow week 4, where the step before "
            "ends",
            id="staircase-gap",
        ),
        pytest.param(
            EXAMPLE_B,
            "{ from_week = 5, to_week = 26",
            "{ from_week = 5, to_week = 3",
            "refusion.steps[1].to_week: week 3 comes before from_week 5",
            id="staircase-step-backwards",
        ),
        pytest.param(
            EXAMPLE_B,
            "{ from_week = 53, state_share = 0.20 }",
            "{ from_week = 53, to_week = 104, state_share = 0.20 }",
            "refusion.steps[3].to_week: the last step is open-ended: leave to_week out",
            id="staircase-end",
        ),
        pytest.param(
            EXAMPLE_B,
            "{ from_week = 5, to_week = 26, state_share = 0.40 },",
            "{ from_week = 5, state_share = 0.40 },",
            "refusion.steps[1].to_week: missing: only the last step is open-ended",
            id="staircase-open-in-the-middle",
        ),
        pytest.param(
            EXAMPLE_B,
            "state_share = 0.80",
            "state_share = 1.80",
            "refusion.steps[0].state_share: 1.8 must lie between 0 and 1",
            id="staircase-share",
        ),
        pytest.param(
            EXAMPLE_B,
            'municipality = "kommune"',
            'municipality = "borger"',
            "refusion.municipality: 'borger' is not a public payer",
            id="staircase-payer",
        ),
        pytest.param(
            EXAMPLE_B,
            'production = "wage"',
            'production = "wage"\nwage_tax = { shares = { stat = 0.3 }, status = "A" }',
            "states.job.wage_tax: the rule 'danish' computes the tax: leave the shares out",
            id="danish-rule-with-shares",
        ),
        pytest.param(
            EXAMPLE_B,
            'value = 0.25, payer = "kommune"',
            'value = -0.25, payer = "kommune"',
            "income_tax.municipal_tax.value: -0.25 must lie between 0 and 1",
            id="negative-tax-rate",
        ),
        pytest.param(
            EXAMPLE_B,
            "bottom_tax = {",
            "bottom_taxes = {",
            "income_tax.bottom_tax: missing",
            id="danish-rule-incomplete",
        ),
        pytest.param(
            EXAMPLE_B,
            'value = 10, unit = "years"',
            'value = 80, unit = "years"',
            "horizon_years: 80 years reach past the discount rates, which end in year 70",
            id="horizon-past-discount",
        ),
        pytest.param(
            EXAMPLE_B,
            "{ from_year = 36, to_year = 70",
            "{ from_year = 37, to_year = 70",
            "discount.steps[1].from_year: year 37 does not follow year 35, where the step "
            "before ends",
            id="discount-gap",
        ),
    ],
)
def test_a_broken_file_is_refused_naming_file_key_and_problem(
    tmp_path: Path, file_name: str, replace: str, by: str, message: str
) -> None:
    with pytest.raises(ParameterSetError) as refused:
        load_parameter_set(_broken(tmp_path, file_name, replace, by))
    lines = str(refused.value).splitlines()
    assert all(line.startswith(f"{file_name}: ") for line in lines)
    assert any(message in line for line in lines), lines


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    broken = _broken(tmp_path, EXAMPLE_A, "shares = { kommun = 1 }", "shares = { kommun = 0.9 }")
    text = broken.read_text(encoding="utf-8").replace('source = "S27"', 'source = "S99"')
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterSetError) as refused:
        load_parameter_set(broken)
    assert [str(problem) for problem in refused.value.problems] == [
        "states.forsorjningsstod.benefit_payers: the shares add up to 0.9, not 1",
        "states.arbete_heltid.employer_contribution.source: unknown source 'S99'",
    ]


def test_a_set_built_in_code_is_checked_by_the_same_rules() -> None:
    parameters = parameter_sets().sets["se-2025"]
    state = parameters.states["forsorjningsstod"]
    changed = dataclasses.replace(
        state, benefit_payers=Shares({"kommun": Decimal("0.5")}, Provenance("A"))
    )
    copy = dataclasses.replace(parameters, states={**parameters.states, state.code: changed})
    assert problems_of(copy) == [
        Problem("states.forsorjningsstod.benefit_payers", "the shares add up to 0.5, not 1")
    ]


def test_a_directory_with_a_broken_file_stops_the_registry(tmp_path: Path) -> None:
    _broken(tmp_path, EXAMPLE_A, 'country = "SE"', 'country = "NO"')
    with pytest.raises(ParameterSetError, match="se-2025-example-a.toml: country"):
        Registry.from_directory(tmp_path)
    with pytest.raises(ParameterSetError, match="no parameter sets"):
        Registry.from_directory(tmp_path / "empty")
