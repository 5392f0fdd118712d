from __future__ import annotations

import pytest

from lotsa.socioeconomics.engine import Result, calculate
from lotsa.socioeconomics.inputs import example_inputs
from lotsa.socioeconomics.parameter_set import ParameterSet
from lotsa.socioeconomics.registry import parameter_sets


@pytest.fixture(scope="session")
def example_a() -> ParameterSet:
    found = parameter_sets().get("se-2025-example-a")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def example_b() -> ParameterSet:
    found = parameter_sets().get("dk-2024-example-b")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def result_a(example_a: ParameterSet) -> Result:
    return calculate(example_inputs(example_a))


@pytest.fixture(scope="session")
def result_b(example_b: ParameterSet) -> Result:
    return calculate(example_inputs(example_b))
