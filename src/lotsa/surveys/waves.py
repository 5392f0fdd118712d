"""The survey waves the programme models schedule (``[[survey_waves]]`` in a model's file),
held against the installed instruments: pathways reads the waves but does not know the
instruments, so the surveys app checks at start-up that the two agree."""

from __future__ import annotations

from collections.abc import Iterable

from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.reading import DefinitionError
from lotsa.surveys.instruments import Instrument


def check_programme_waves(programmes: Iterable[Programme], installed: Iterable[Instrument]) -> None:
    """Every wave a model schedules is a wave of an installed participant survey of that model,
    and every wave of a participant survey is scheduled by each model it is for."""
    by_code: dict[str, Instrument] = {}
    for each in sorted(installed, key=lambda each: each.version):
        by_code[each.code] = each  # the current version
    models = list(programmes)
    for programme in models:
        for index, wave in enumerate(programme.survey_waves):
            place = f"{programme.code}.toml: survey_waves[{index}]"
            instrument = by_code.get(wave.instrument)
            if instrument is None or instrument.audience != "participant":
                raise DefinitionError(
                    f"{place}.instrument: no participant survey {wave.instrument!r} is installed"
                )
            if programme.code not in instrument.programmes:
                raise DefinitionError(
                    f"{place}.instrument: {wave.instrument!r} is not for {programme.code!r}"
                )
            if wave.wave not in instrument.waves:
                raise DefinitionError(
                    f"{place}.wave: {wave.instrument!r} has no wave {wave.wave!r}"
                )
    for instrument in by_code.values():
        if instrument.audience != "participant":
            continue
        for programme in models:
            if programme.code not in instrument.programmes:
                continue
            scheduled = {w.wave for w in programme.survey_waves if w.instrument == instrument.code}
            missing = [wave for wave in instrument.waves if wave not in scheduled]
            if missing:
                raise DefinitionError(
                    f"{programme.code}.toml: survey_waves: no wave {missing} of {instrument.code!r}"
                )
