"""Danish texts name competitive work as Danish IPS and jobcentre practice does, "ordinær
beskæftigelse" (an "ordinært job"), and never mix in "job på almindelige vilkår" or
"ordinært arbejde": in the interface and in the programme models and fidelity scale."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from lotsa.fidelity.scale import SCALES_DIR

MIXED_TERMS = ("almindelige vilkår", "almindeligt arbejde", "almindelige job", "ordinært arbejde")
DEFINITIONS = [
    *sorted(Path(settings.PROGRAMME_DEFINITIONS_DIR).glob("*.toml")),
    *sorted(SCALES_DIR.glob("*.toml")),
]


def _danish_texts(value: Any) -> Iterator[str]:
    """Every Danish text of a definition file (the ``da`` of each ``{sv, da, en}``)."""
    if isinstance(value, dict):
        if isinstance(value.get("da"), str):
            yield value["da"]
        for inner in value.values():
            yield from _danish_texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _danish_texts(inner)


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda path: path.name)
def test_the_definitions_danish_texts_use_one_term(path: Path) -> None:
    texts = list(_danish_texts(tomllib.loads(path.read_text(encoding="utf-8"))))
    assert texts
    mixed = [text for text in texts if any(term in text.lower() for term in MIXED_TERMS)]
    assert mixed == []


def test_the_ips_model_and_scale_name_competitive_work_in_danish() -> None:
    ips = tomllib.loads((Path(settings.PROGRAMME_DEFINITIONS_DIR) / "ips.toml").read_text())
    scale = tomllib.loads((SCALES_DIR / "ips25-v1.toml").read_text())
    assert "ordinær beskæftigelse" in ips["description"]["da"]
    assert "Ordinære job" in set(_danish_texts(scale))


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("Competitive job", "Ordinært job"),
        ("Not a competitive job", "Ikke et ordinært job"),
        ("Participants in competitive work", "Deltagere i ordinær beskæftigelse"),
        (
            "In competitive work, for the employment rate",
            "I ordinær beskæftigelse, medregnet i beskæftigelsesfrekvensen",
        ),
    ],
)
def test_the_interface_says_it_the_same_way(english: str, danish: str) -> None:
    with translation.override("da"):
        assert gettext(english) == danish
