"""Every payer, state, status, perspective and tornado parameter has a name for people to read,
in Swedish, Danish and English."""

from __future__ import annotations

import pytest
from django.utils import translation

from lotsa.socioeconomics.inputs import TORNADO_PARAMETERS
from lotsa.socioeconomics.names import (
    PAYER_NAMES,
    PERSPECTIVE_NAMES,
    STATE_NAMES,
    STATUS_NAMES,
    TORNADO_NAMES,
    column_name,
    parameter_set_title,
    state_name,
)
from lotsa.socioeconomics.registry import parameter_sets
from lotsa.socioeconomics.vocabulary import (
    PAYERS,
    PUBLIC,
    SOCIETY,
    STATES,
    STATUSES,
    Perspective,
)


def test_every_code_has_a_name() -> None:
    assert set(PAYER_NAMES) == {payer for payers in PAYERS.values() for payer in payers}
    assert set(STATE_NAMES) == {state for states in STATES.values() for state in states}
    assert set(STATUS_NAMES) == set(STATUSES)
    assert set(PERSPECTIVE_NAMES) == set(Perspective)
    assert set(TORNADO_NAMES) == set(TORNADO_PARAMETERS)
    assert PUBLIC not in PAYER_NAMES and SOCIETY not in PAYER_NAMES


def test_names_in_english() -> None:
    with translation.override("en"):
        assert column_name("kommune") == "Municipality"
        assert column_name("society") == "Society"
        assert state_name("job") == "Ordinary job"
        example = parameter_sets().sets["se-2025-example-a"]
        assert parameter_set_title(example) == "Sweden, worked example at 2025 prices"


@pytest.mark.parametrize(
    ("language", "payer", "state", "title"),
    [
        ("sv", "Kommun", "Försörjningsstöd", "Sverige, standardvärden i 2025 års priser"),
        ("da", "Kommune", "Kontanthjælp", "Danmark, standardværdier i 2024-priser"),
    ],
)
def test_names_in_swedish_and_danish(language: str, payer: str, state: str, title: str) -> None:
    sets = parameter_sets().sets
    with translation.override(language):
        assert column_name("kommun" if language == "sv" else "kommune") == payer
        assert state_name("forsorjningsstod" if language == "sv" else "kontanthjaelp") == state
        assert parameter_set_title(sets["se-2025" if language == "sv" else "dk-2024"]) == title
