"""Survey instruments as data (instruments/<code>-v<version>.toml), validated when the application
starts.

An instrument file holds the items, their answer scale (a kind from ``instruments/scales.toml``),
the wording in Swedish, Danish and English and the easy-read wording of each. A changed
instrument is a new file with the next version: a response keeps the code and version it was
answered with, and results are always computed for one version, so they never mix wordings.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lotsa.pathways.definitions.programme import Texts
from lotsa.pathways.definitions.reading import DefinitionError, Reader
from lotsa.pathways.definitions.vocabulary import AGENCY_KINDS

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
SCALES_FILE = INSTRUMENTS_DIR / "scales.toml"
# Where instrument files are read from; a test adds a directory of its own instruments.

# Who answers: the participant under their survey ID (in their own space or on paper), anyone
# with a one-time link (no account, no identity), or staff and steering-group members in Lotsa.
AUDIENCES = ("participant", "user", "staff", "steering")
STAFF_AUDIENCES = frozenset({"staff", "steering"})
CHOICES = "choices"
FREE_TEXT = "text"
# Response.respondent_group holds a group's code.
LONGEST_GROUP_CODE = 40


@dataclass(frozen=True)
class ScaleGroup:
    values: tuple[int, ...]
    name: Texts


@dataclass(frozen=True)
class Scale:
    kind: str
    labels: tuple[Texts, ...]
    easy: tuple[Texts, ...]
    positive: frozenset[int]
    groups: tuple[ScaleGroup, ...]

    @property
    def values(self) -> range:
        return range(1, len(self.labels) + 1)


@dataclass(frozen=True)
class Choice:
    code: str
    text: Texts
    easy: Texts


@dataclass(frozen=True)
class Item:
    code: str
    kind: str
    text: Texts
    easy: Texts
    required: bool
    scale: Scale | None
    choices: tuple[Choice, ...]
    multiple: bool
    # A choice item may end with "Other, what?" and a line of text.
    other: bool
    # A screening item asks whether the respondent knows enough to answer; "no" ends the
    # survey and the response counts as screened out, not as an answer to the rest.
    screening: bool

    @property
    def is_scale(self) -> bool:
        return self.scale is not None


@dataclass(frozen=True)
class Indicator:
    """A target share of respondents answering an item positively (AMiA: 80 % feel their chances
    of regaining work capacity have increased)."""

    code: str
    name: Texts
    item: str
    wave: str
    positive: frozenset[int]
    target: Decimal


@dataclass(frozen=True)
class RespondentGroup:
    """Whom a staff or steering-group answer is broken down by (FK, AF, another partner): the
    kinds of organisation whose staff belong to the group, so it follows from the respondent's
    employer and is never finer than the group."""

    code: str
    name: Texts
    kinds: frozenset[str]


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    audience: str
    programmes: tuple[str, ...]
    name: Texts
    intro: Texts
    easy_intro: Texts
    waves: tuple[str, ...]
    # Results of a staff survey are shown to the unit's managers only from this many answers up.
    anonymous_below: int
    items: tuple[Item, ...]
    indicators: tuple[Indicator, ...]
    respondent_groups: tuple[RespondentGroup, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.code, self.version)

    def item(self, code: str) -> Item:
        return next(item for item in self.items if item.code == code)

    @property
    def screening_item(self) -> Item | None:
        return next((item for item in self.items if item.screening), None)

    def respondent_group_for(self, organisation_kind: str) -> RespondentGroup | None:
        """The group of a respondent employed by an organisation of this kind; None when the
        instrument has no groups."""
        return next(
            (group for group in self.respondent_groups if organisation_kind in group.kinds), None
        )


def load_scales(path: Path = SCALES_FILE) -> dict[str, Scale]:
    reader = Reader(path)
    data = _toml(path)
    scales = {}
    for kind, raw in data.items():
        place = f"{kind}."
        labels = _texts_list(reader, raw, "labels", place)
        easy = _texts_list(reader, raw, "easy", place)
        if len(easy) != len(labels):
            raise reader.fail(f"{place}easy", "needs one easy-read label per label")
        values = range(1, len(labels) + 1)
        positive = frozenset(reader.get(raw, "positive", place, list))
        if not positive <= set(values):
            raise reader.fail(f"{place}positive", f"values must lie in 1–{len(labels)}")
        groups = tuple(
            ScaleGroup(
                tuple(reader.get(group, "values", f"{place}groups[{i}].", list)),
                reader.texts(group, "name", f"{place}groups[{i}]."),
            )
            for i, group in enumerate(reader.get(raw, "groups", place, list, []))
        )
        if groups and sorted(v for group in groups for v in group.values) != list(values):
            raise reader.fail(f"{place}groups", "the groups must cover every value once")
        scales[kind] = Scale(kind, labels, easy, positive, groups)
    return scales


def load_instrument(path: Path, scales: dict[str, Scale]) -> Instrument:
    reader = Reader(path)
    data = _toml(path)
    code = reader.get(data, "code", "", str)
    version = reader.get(data, "version", "", int)
    if path.stem != f"{code}-v{version}":
        raise reader.fail("code", f"the file must be named {code}-v{version}.toml")
    audience = reader.member(
        reader.get(data, "audience", "", str), AUDIENCES, "audience", "audience"
    )
    items = tuple(
        _item(reader, raw, place, scales)
        for _code, raw, place in reader.codes(reader.get(data, "items", "", list), "items")
    )
    if not items:
        raise reader.fail("items", "an instrument needs at least one item")
    if sum(item.screening for item in items) > 1:
        raise reader.fail("items", "at most one screening item")
    if any(item.screening for item in items[1:]):
        raise reader.fail("items", "the screening item must come first")
    waves = tuple(reader.get(data, "waves", "", list, []))
    if audience != "participant" and waves:
        raise reader.fail("waves", "only participant surveys are answered in waves")
    by_code = {item.code: item for item in items}
    indicators = []
    for ind_code, raw, place in reader.codes(
        reader.get(data, "indicators", "", list, []), "indicators"
    ):
        item_code = reader.member(
            reader.get(raw, "item", place, str), by_code, f"{place}item", "item"
        )
        scale = by_code[item_code].scale
        if scale is None:
            raise reader.fail(f"{place}item", "an indicator needs an item with an answer scale")
        wave = reader.get(raw, "wave", place, str)
        reader.member(wave, waves, f"{place}wave", "wave")
        positive = frozenset(reader.get(raw, "positive", place, list, sorted(scale.positive)))
        if not positive <= set(scale.values):
            raise reader.fail(f"{place}positive", "values outside the item's scale")
        target = Decimal(str(reader.get(raw, "target", place, (int, float))))
        if not Decimal(0) < target <= Decimal(1):
            raise reader.fail(f"{place}target", "a share between 0 and 1")
        indicators.append(
            Indicator(ind_code, reader.texts(raw, "name", place), item_code, wave, positive, target)
        )
    return Instrument(
        code=code,
        version=version,
        audience=audience,
        programmes=tuple(reader.get(data, "programmes", "", list, [])),
        name=reader.texts(data, "name", ""),
        intro=reader.texts(data, "intro", ""),
        easy_intro=reader.texts(data, "easy_intro", ""),
        waves=waves,
        anonymous_below=reader.get(data, "anonymous_below", "", int, 5),
        items=items,
        indicators=tuple(indicators),
        respondent_groups=_respondent_groups(reader, data, audience),
    )


def _respondent_groups(
    reader: Reader, data: dict[str, Any], audience: str
) -> tuple[RespondentGroup, ...]:
    raw_groups = reader.get(data, "respondent_groups", "", list, [])
    if raw_groups and audience not in STAFF_AUDIENCES:
        # A participant answers under a survey ID and a user through a link: neither says more
        # about who they are.
        raise reader.fail("respondent_groups", "only staff and steering surveys have groups")
    groups = []
    for code, raw, place in reader.codes(raw_groups, "respondent_groups"):
        if len(code) > LONGEST_GROUP_CODE:
            raise reader.fail(f"{place}code", f"at most {LONGEST_GROUP_CODE} characters")
        kinds = reader.get(raw, "kinds", place, list)
        for i, kind in enumerate(kinds):
            reader.member(kind, AGENCY_KINDS, f"{place}kinds[{i}]", "kind of organisation")
        groups.append(RespondentGroup(code, reader.texts(raw, "name", place), frozenset(kinds)))
    covered = sorted(kind for group in groups for kind in group.kinds)
    if groups and covered != sorted(AGENCY_KINDS):
        raise reader.fail(
            "respondent_groups", "the groups must cover every kind of organisation once"
        )
    return tuple(groups)


def _item(reader: Reader, raw: dict[str, Any], place: str, scales: dict[str, Scale]) -> Item:
    kind = reader.member(
        reader.get(raw, "kind", place, str), [*scales, CHOICES, FREE_TEXT], f"{place}kind", "kind"
    )
    choices = tuple(
        Choice(
            choice_code,
            reader.texts(choice, "text", choice_place),
            reader.texts(choice, "easy", choice_place),
        )
        for choice_code, choice, choice_place in reader.codes(
            reader.get(raw, "choices", place, list, []), f"{place}choices"
        )
    )
    if (kind == CHOICES) != bool(choices):
        raise reader.fail(f"{place}choices", "choices belong to, and are needed by, kind 'choices'")
    screening = reader.get(raw, "screening", place, bool, False)
    scale = scales.get(kind)
    if screening and (scale is None or len(scale.labels) != 2):
        raise reader.fail(f"{place}screening", "a screening item is a yes/no question")
    return Item(
        code=reader.get(raw, "code", place, str),
        kind=kind,
        text=reader.texts(raw, "text", place),
        easy=reader.texts(raw, "easy", place),
        required=reader.get(raw, "required", place, bool, screening),
        scale=scale,
        choices=choices,
        multiple=reader.get(raw, "multiple", place, bool, False),
        other=reader.get(raw, "other", place, bool, False),
        screening=screening,
    )


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"{path.name}: not valid TOML: {error}") from None


def _texts_list(reader: Reader, raw: dict[str, Any], key: str, place: str) -> tuple[Texts, ...]:
    return tuple(
        reader.texts({"text": text}, "text", f"{place}{key}[{i}].")
        for i, text in enumerate(reader.get(raw, key, place, list))
    )


def load_instruments(*directories: Path) -> dict[tuple[str, int], Instrument]:
    """Every instrument file of the directories, checked against the scales file of the
    first."""
    scales = load_scales(directories[0] / SCALES_FILE.name)
    paths = sorted(path for directory in directories for path in directory.glob("*-v*.toml"))
    loaded = [load_instrument(path, scales) for path in paths]
    return {instrument.key: instrument for instrument in loaded}


_directories: tuple[Path, ...] = (INSTRUMENTS_DIR,)


@cache
def instruments() -> dict[tuple[str, int], Instrument]:
    """Every installed instrument, each version of it side by side."""
    return load_instruments(*_directories)


def install_instruments(*directories: Path) -> tuple[Path, ...]:
    """Makes ``instruments()`` answer from the files of ``directories`` and returns the
    directories it replaces. Tests use it (through ``lotsa.testing.surveys`` and the
    ``round_instruments`` fixture) to run against files of their own."""
    global _directories  # noqa: PLW0603 - instruments() is cached per set of directories
    replaced, _directories = _directories, directories
    instruments.cache_clear()
    return replaced


def instrument(code: str, version: int) -> Instrument:
    """The instrument a response was answered with; KeyError when not installed."""
    return instruments()[(code, version)]


def current_instrument(code: str) -> Instrument:
    versions = [found for (found_code, _v), found in instruments().items() if found_code == code]
    if not versions:
        raise DefinitionError(f"no survey instrument {code!r} is installed")
    return max(versions, key=lambda found: found.version)


def current_instruments(audience: str | None = None) -> list[Instrument]:
    codes = sorted({code for code, _version in instruments()})
    found = [current_instrument(code) for code in codes]
    return [each for each in found if audience is None or each.audience == audience]
