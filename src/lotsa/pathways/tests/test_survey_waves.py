"""The survey waves of a programme model: each ticks a checklist item of the model and is
scheduled by a deadline that expects that very item."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotsa.pathways.definitions.reading import DefinitionError
from lotsa.pathways.definitions.registry import load_programme, registry

SHIPPED = Path(__file__).resolve().parents[1] / "programmes"
T1 = '''instrument = "amia_participant"
wave = "t1"
checklist = "survey_t1"
deadline = "survey_t1"'''


def test_amia_and_jom_schedule_their_survey_waves() -> None:
    amia, jom = registry().get("amia"), registry().get("jom")
    assert amia is not None and jom is not None
    waves = {(w.instrument, w.wave, w.checklist, w.deadline) for w in amia.survey_waves}
    assert waves == {
        ("amia_participant", "t1", "survey_t1", "survey_t1"),
        ("amia_participant", "t2", "survey_t2", "survey_t2"),
        ("amia_participant", "t3", "survey_t3", "survey_t3"),
        ("amia_participant", "d90", "survey_d90", "survey_d90"),
        ("amia_exit", "exit", "survey_exit", "survey_exit"),
        ("amia_closing", "exit", "survey_closing", "survey_closing"),
    }
    assert [(w.instrument, w.wave) for w in jom.survey_waves] == [("jom_evaluation", "course_end")]
    assert jom.deadlines["survey_course_end"].after == "course_end"
    assert (amia.deadlines["survey_t1"].after, amia.deadlines["survey_t1"].days) == ("enrolled", 7)
    assert amia.deadlines["survey_d90"].after == "ali_end"
    assert amia.deadlines["survey_d90"].days == 90
    assert amia.survey_wave("amia_participant", "t3") is not None
    assert amia.survey_wave("amia_participant", "t9") is None


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (
            T1.replace('checklist = "survey_t1"', 'checklist = "survey_t0"'),
            "survey_waves[0].checklist: unknown checklist item 'survey_t0'",
        ),
        (
            T1.replace('deadline = "survey_t1"', 'deadline = "survey_t0"'),
            "survey_waves[0].deadline: unknown deadline 'survey_t0'",
        ),
        (
            T1.replace('deadline = "survey_t1"', 'deadline = "survey_t2"'),
            "survey_waves[0].deadline: the deadline must expect 'checklist:survey_t1'",
        ),
        (
            T1.replace('wave = "t1"', 'wave = "t2"'),
            "survey_waves[1].wave: duplicate wave amia_participant:t2",
        ),
    ],
)
def test_a_broken_wave_names_file_and_key(tmp_path: Path, by: str, message: str) -> None:
    text = (SHIPPED / "amia.toml").read_text(encoding="utf-8")
    assert T1 in text
    target = tmp_path / "amia.toml"
    target.write_text(text.replace(T1, by, 1), encoding="utf-8")

    with pytest.raises(DefinitionError) as broken:
        load_programme(target)

    assert f"amia.toml: {message}" in str(broken.value)
