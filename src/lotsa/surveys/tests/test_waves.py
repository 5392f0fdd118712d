"""The waves the programme models schedule agree with the installed instruments, or the
application does not start."""

from __future__ import annotations

import dataclasses

import pytest

from lotsa.pathways.definitions.reading import DefinitionError
from lotsa.pathways.definitions.registry import registry
from lotsa.surveys.instruments import current_instrument, instruments
from lotsa.surveys.waves import check_programme_waves


def _amia_with(**changes):
    amia = registry().get("amia")
    assert amia is not None
    return [dataclasses.replace(amia, **changes)]


def test_the_shipped_models_agree_with_the_installed_instruments() -> None:
    check_programme_waves(registry().programmes.values(), instruments().values())


def test_a_wave_of_an_instrument_not_installed_is_refused() -> None:
    amia = registry().get("amia")
    wave = dataclasses.replace(amia.survey_waves[0], instrument="no_such_survey")

    with pytest.raises(DefinitionError, match=r"survey_waves\[0\]\.instrument: no participant"):
        check_programme_waves(
            _amia_with(survey_waves=(wave, *amia.survey_waves[1:])), instruments().values()
        )


def test_a_wave_the_instrument_does_not_have_is_refused() -> None:
    amia = registry().get("amia")
    wave = dataclasses.replace(amia.survey_waves[0], wave="t0")

    with pytest.raises(DefinitionError, match=r"has no wave 't0'"):
        check_programme_waves(
            _amia_with(survey_waves=(*amia.survey_waves[1:], wave)), instruments().values()
        )


def test_a_wave_of_the_instrument_the_model_leaves_out_is_refused() -> None:
    amia = registry().get("amia")

    with pytest.raises(DefinitionError, match=r"no wave \['d90'\] of 'amia_participant'"):
        check_programme_waves(
            _amia_with(survey_waves=tuple(w for w in amia.survey_waves if w.wave != "d90")),
            instruments().values(),
        )


def test_an_instrument_of_another_programme_is_refused() -> None:
    elsewhere = dataclasses.replace(current_instrument("amia_participant"), programmes=("jom",))

    with pytest.raises(DefinitionError, match=r"is not for 'amia'"):
        check_programme_waves(_amia_with(), [elsewhere])
