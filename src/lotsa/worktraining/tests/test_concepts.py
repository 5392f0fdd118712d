"""The concept list of services is data, checked when the application starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotsa.pathways.definitions.reading import DefinitionError
from lotsa.worktraining.concepts import CONCEPTS_FILE, concepts, load_concepts, not_offered

TEXTS = '{ sv = "Ord", da = "Ord", en = "Word" }'


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "concepts.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _concept(code: str, *, offered: bool = True, instead: str = "", name: str = TEXTS) -> str:
    extra = f'instead = "{instead}"\n' if instead else ""
    return (
        f'[[concepts]]\ncode = "{code}"\nsource = "af"\noffered = {str(offered).lower()}\n'
        f"{extra}name = {name}\ndefinition = {TEXTS}\n"
    )


def test_the_shipped_list_loads_with_the_seed_concepts() -> None:
    loaded = load_concepts(CONCEPTS_FILE)

    assert {"work_training", "work_trial", "placement", "work_ability_assessment"} <= set(loaded)
    assessment = loaded["work_ability_assessment"]
    assert assessment.offered is False
    assert assessment.instead == "functional_observation"
    assert loaded["functional_observation"].offered is True
    assert loaded["work_training"].name.sv == "Arbetsträning"
    assert loaded["work_training"].name.da == "Arbejdstræning"


def test_not_offered_names_only_what_the_units_do_not_deliver() -> None:
    assert [c.code for c in not_offered(["work_training", "work_ability_assessment"])] == [
        "work_ability_assessment"
    ]
    assert not_offered(["work_training", "placement"]) == []
    assert concepts() is concepts()


def test_an_unknown_instead_stops_the_start(tmp_path: Path) -> None:
    body = _concept("a") + _concept("b", offered=False, instead="nowhere")

    with pytest.raises(DefinitionError, match="nowhere"):
        load_concepts(_file(tmp_path, body))


def test_instead_must_name_an_offered_concept(tmp_path: Path) -> None:
    body = _concept("a", offered=False) + _concept("b", offered=False, instead="a")

    with pytest.raises(DefinitionError, match="not offered concept 'a'"):
        load_concepts(_file(tmp_path, body))


def test_an_offered_concept_has_no_instead(tmp_path: Path) -> None:
    body = _concept("a") + _concept("b", instead="a")

    with pytest.raises(DefinitionError, match="instead"):
        load_concepts(_file(tmp_path, body))


def test_a_missing_translation_stops_the_start(tmp_path: Path) -> None:
    body = _concept("a", name='{ sv = "Ord", en = "Word" }')

    with pytest.raises(DefinitionError, match=r"name\.da: missing text"):
        load_concepts(_file(tmp_path, body))


def test_a_duplicate_code_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="duplicate code 'a'"):
        load_concepts(_file(tmp_path, _concept("a") + _concept("a")))


def test_an_unknown_source_stops_the_start(tmp_path: Path) -> None:
    body = _concept("a").replace('source = "af"', 'source = "rumour"')

    with pytest.raises(DefinitionError, match="unknown source 'rumour'"):
        load_concepts(_file(tmp_path, body))
