"""Fidelity scales as data (scales/<code>-v<version>.toml), validated when the application starts.

A review keeps the code and version of the scale it was made with, so a later version of the
scale never changes an old review.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from lotsa.pathways.definitions.programme import Texts
from lotsa.pathways.definitions.reading import DefinitionError, Reader

SCALES_DIR = Path(__file__).resolve().parent / "scales"
SOURCE_CODES = ("MIS", "DOC", "INT", "OBS", "ISP")
INFORMANT_GROUPS = (
    "specialists",
    "supervisor",
    "clients",
    "treatment_team",
    "managers",
    "employers",
    "agencies",
)
ANCHORS = 5

# What the scale's source codes and informant groups mean, for the review page.
SOURCE_LABELS = {
    "MIS": _("the service's records"),
    "DOC": _("documents and case records"),
    "INT": _("interviews"),
    "OBS": _("observation"),
    "ISP": _("individual support plans"),
}
INFORMANT_LABELS = {
    "specialists": _("Coaches"),
    "supervisor": _("Team leader"),
    "clients": _("Participants"),
    "treatment_team": _("Treatment team"),
    "managers": _("Managers"),
    "employers": _("Employers"),
    "agencies": _("Agencies"),
}


@dataclass(frozen=True)
class Question:
    group: str
    text: Texts

    @property
    def informant(self) -> Any:
        return INFORMANT_LABELS[self.group]


@dataclass(frozen=True)
class Item:
    number: int
    code: str
    section: str
    section_number: int
    name: Texts
    criterion: Texts
    anchors: tuple[Texts, ...]
    data_sources: tuple[str, ...]
    guidance: Texts
    # Rated for each employment specialist and the ratings averaged (not the figures averaged).
    rated_per_specialist: bool
    measure: str
    questions: tuple[Question, ...]

    @property
    def source_labels(self) -> list[Any]:
        return [SOURCE_LABELS[code] for code in self.data_sources]


@dataclass(frozen=True)
class Band:
    code: str
    minimum: int
    maximum: int
    name: Texts


@dataclass(frozen=True)
class Scale:
    code: str
    version: int
    name: Texts
    min_total: int
    max_total: int
    sections: dict[str, Texts]
    bands: tuple[Band, ...]
    items: dict[int, Item]

    def band_for(self, total: int) -> Band:
        return next(band for band in self.bands if band.minimum <= total <= band.maximum)


def load_scale(path: Path) -> Scale:
    """The scale in the file, checked; its measures are checked against the measures the apps
    have registered by ``measure_problems``, once every app has started."""
    reader = Reader(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"{path.name}: not valid TOML: {error}") from None
    sections = {
        code: reader.texts(item, "name", place)
        for code, item, place in reader.codes(reader.get(data, "sections", "", list), "sections")
    }
    items: dict[int, Item] = {}
    for index, raw in enumerate(reader.get(data, "items", "", list)):
        place = f"items[{index}]."
        number = reader.get(raw, "number", place, int)
        if number != index + 1:
            raise reader.fail(f"{place}number", f"expected {index + 1}, found {number}")
        anchors = reader.get(raw, "anchors", place, list)
        if len(anchors) != ANCHORS:
            raise reader.fail(
                f"{place}anchors", f"exactly {ANCHORS} anchors are needed, found {len(anchors)}"
            )
        measure = reader.get(raw, "measure", place, str, "")
        rated_per_specialist = reader.get(raw, "rated_per_specialist", place, bool, False)
        sources = reader.get(raw, "data_sources", place, list, [])
        for i, source in enumerate(sources):
            reader.member(source, SOURCE_CODES, f"{place}data_sources[{i}]", "data source")
        questions = []
        for q_index, question in enumerate(reader.get(raw, "questions", place, list, [])):
            q_place = f"{place}questions[{q_index}]."
            group = reader.member(
                reader.get(question, "group", q_place, str),
                INFORMANT_GROUPS,
                f"{q_place}group",
                "informant group",
            )
            questions.append(Question(group, reader.texts(question, "text", q_place)))
        items[number] = Item(
            number=number,
            code=reader.get(raw, "code", place, str),
            section=reader.member(
                reader.get(raw, "section", place, str), sections, f"{place}section", "section"
            ),
            section_number=reader.get(raw, "section_number", place, int),
            name=reader.texts(raw, "name", place),
            criterion=reader.texts(raw, "criterion", place),
            anchors=tuple(
                reader.texts({"a": anchor}, "a", f"{place}anchors[{i}].")
                for i, anchor in enumerate(anchors)
            ),
            data_sources=tuple(sources),
            guidance=reader.texts(raw, "guidance", place),
            rated_per_specialist=rated_per_specialist,
            measure=measure,
            questions=tuple(questions),
        )
    bands = tuple(
        Band(
            code,
            reader.get(item, "min", place, int),
            reader.get(item, "max", place, int),
            reader.texts(item, "name", place),
        )
        for code, item, place in reader.codes(reader.get(data, "bands", "", list), "bands")
    )
    min_total, max_total = (
        reader.get(data, "min_total", "", int),
        reader.get(data, "max_total", "", int),
    )
    covered = sorted(t for band in bands for t in range(band.minimum, band.maximum + 1))
    if covered != list(range(min_total, max_total + 1)):
        raise reader.fail("bands", f"the bands must cover {min_total}–{max_total} once each")
    return Scale(
        code=reader.get(data, "code", "", str),
        version=reader.get(data, "version", "", int),
        name=reader.texts(data, "name", ""),
        min_total=min_total,
        max_total=max_total,
        sections=sections,
        bands=bands,
        items=items,
    )


@cache
def scales() -> dict[tuple[str, int], Scale]:
    loaded = [load_scale(path) for path in sorted(SCALES_DIR.glob("*.toml"))]
    return {(scale.code, scale.version): scale for scale in loaded}


def measure_problems(
    scale: Scale, known_measures: Collection[str], per_specialist_measures: Collection[str]
) -> list[str]:
    """What is wrong with the measures the scale's items name: a measure no app registered, or
    an item and its measure disagreeing on rating each specialist."""
    problems = []
    for item in scale.items.values():
        where = f"{scale.code} v{scale.version} item {item.number}"
        if not item.measure:
            continue
        if item.measure not in known_measures:
            problems.append(f"{where}: unknown measure {item.measure!r}")
        elif (item.measure in per_specialist_measures) != item.rated_per_specialist:
            problems.append(
                f"{where}: measure {item.measure!r} and the item must agree on rating per specialist"
            )
    return problems


def current_scale(code: str = "ips25") -> Scale:
    versions = [scale for (scale_code, _v), scale in scales().items() if scale_code == code]
    if not versions:
        raise DefinitionError(f"no fidelity scale {code!r} is installed")
    return max(versions, key=lambda scale: scale.version)


def scale_of(review: Any) -> Scale:
    return scales()[(review.scale_code, review.scale_version)]
