"""The concept list of services (``concepts.toml``), validated when the application starts.

A referral names the services it asks for by these codes and a work unit the ones it offers, so
both sides read the same definition. A concept the units do not deliver (a work-ability
assessment needs licensed professionals) names the one to suggest instead."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lotsa.pathways.definitions.programme import Texts
from lotsa.pathways.definitions.reading import Reader

CONCEPTS_FILE = Path(__file__).resolve().parent / "concepts.toml"
SOURCES = ("socialstyrelsen", "skl", "af")


@dataclass(frozen=True)
class Concept:
    code: str
    name: Texts
    definition: Texts
    source: str
    offered: bool
    # The concept to suggest in place of one the units do not deliver.
    instead: str = ""


def load_concepts(path: Path = CONCEPTS_FILE) -> dict[str, Concept]:
    reader = Reader(path)
    with path.open("rb") as data:
        raw = tomllib.load(data)
    concepts: dict[str, Concept] = {}
    for code, table, place in reader.codes(reader.get(raw, "concepts", "", list), "concepts"):
        offered = reader.get(table, "offered", place, bool)
        instead = reader.get(table, "instead", place, str, "")
        if offered and instead:
            raise reader.fail(f"{place}instead", "only a concept that is not offered has one")
        concepts[code] = Concept(
            code=code,
            name=reader.texts(table, "name", place),
            definition=reader.texts(table, "definition", place),
            source=reader.member(
                reader.get(table, "source", place, str), SOURCES, f"{place}source", "source"
            ),
            offered=offered,
            instead=instead,
        )
    if not concepts:
        raise reader.fail("concepts", "the list needs at least one concept")
    for index, concept in enumerate(concepts.values()):
        if concept.instead and not concepts.get(concept.instead, concept).offered:
            raise reader.fail(
                f"concepts[{index}].instead", f"unknown or not offered concept {concept.instead!r}"
            )
    return concepts


@cache
def concepts() -> dict[str, Concept]:
    return load_concepts()


def offered_choices() -> list[tuple[str, str]]:
    """The concepts a work unit may offer, for a form in the active language."""
    return [(code, str(c.name)) for code, c in concepts().items() if c.offered]


def all_choices() -> list[tuple[str, str]]:
    """Every concept a commissioner may ask for, for a form in the active language."""
    return [(code, str(c.name)) for code, c in concepts().items()]


def not_offered(codes: list[str]) -> list[Concept]:
    """The concepts among ``codes`` that the units do not deliver."""
    known = concepts()
    return [known[code] for code in codes if code in known and not known[code].offered]
