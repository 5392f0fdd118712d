"""The programme models an installation runs: definition files loaded and validated at start-up.

A file that does not hold together raises ``DefinitionError`` naming the file and the key, and the
application refuses to start.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.reading import DefinitionError
from lotsa.pathways.definitions.schema import PROBLEM, ProgrammeFile
from lotsa.pathways.definitions.vocabulary import DEADLINE_KINDS

# How pydantic's type errors name the type a key should have.
_TYPE_NAMES = {
    "string_type": "str",
    "int_type": "int",
    "bool_type": "bool",
    "float_type": "float",
    "list_type": "list",
    "dict_type": "dict",
    "model_type": "dict",
}


def load_programme(path: Path) -> Programme:
    """Parse and validate one definition file."""
    return parse_programme(path.name, path.read_text(encoding="utf-8"))


def parse_programme(file_name: str, text: str) -> Programme:
    """Parse and validate the text of the definition file ``file_name`` (``<code>.toml``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"{file_name}: not valid TOML: {error}") from None
    try:
        definition = ProgrammeFile.model_validate(data)
    except ValidationError as invalid:
        raise DefinitionError(
            "\n".join(f"{file_name}: {_describe(error)}" for error in invalid.errors())
        ) from None
    if Path(file_name).stem != definition.code:
        raise DefinitionError(
            f"{file_name}: code: {definition.code!r} does not match the file name"
        )
    return definition.to_programme()


def _describe(error: ErrorDetails) -> str:
    """``key: problem``, the key written as in the file (``phases[2].name.sv``)."""
    # A deadline's kind chooses its table; pydantic puts the kind into the path, the file does not.
    location = [
        part
        for index, part in enumerate(error["loc"])
        if not (part in DEADLINE_KINDS and index and isinstance(error["loc"][index - 1], int))
    ]
    if error["type"] == PROBLEM:
        at = str(error.get("ctx", {}).get("at", ""))
        location.extend(_key_parts(at))
        problem = error["msg"]
    elif error["type"] == "missing":
        problem = "missing"
    elif error["type"] == "model_type" and location and isinstance(location[-1], int):
        problem = "expected a table"
    elif error["type"] in _TYPE_NAMES:
        problem = f"expected {_TYPE_NAMES[error['type']]}, found {error['input']!r}"
    else:
        problem = error["msg"]
    return f"{_key(location)}: {problem}"


def _key_parts(key: str) -> list[str | int]:
    """``[3].code`` as ``[3, "code"]``."""
    parts: list[str | int] = []
    for name in key.replace("[", ".[").split("."):
        if name.startswith("["):
            parts.append(int(name[1:-1]))
        elif name:
            parts.append(name)
    return parts


def _key(location: list[str | int]) -> str:
    key = ""
    for part in location:
        key += f"[{part}]" if isinstance(part, int) else f".{part}" if key else part
    return key


@dataclass
class Registry:
    """The programme models an installation runs, by code."""

    programmes: dict[str, Programme] = field(default_factory=dict)

    @classmethod
    def from_directory(cls, directory: Path) -> Registry:
        loaded = [load_programme(path) for path in sorted(directory.glob("*.toml"))]
        if not loaded:
            raise DefinitionError(f"no programme definitions in {directory.name}/")
        return cls({programme.code: programme for programme in loaded})

    def get(self, code: str) -> Programme | None:
        return self.programmes.get(code)

    def choices(self) -> list[tuple[str, str]]:
        return [(code, str(programme.name)) for code, programme in self.programmes.items()]


_registry: Registry | None = None


def registry() -> Registry:
    """The installation's programme models, loaded (and validated) once."""
    global _registry  # noqa: PLW0603 - one registry per process, loaded at start-up
    if _registry is None:
        from django.conf import settings

        _registry = Registry.from_directory(Path(settings.PROGRAMME_DEFINITIONS_DIR))
    return _registry


def install_registry(replacement: Registry | None) -> Registry | None:
    """Makes ``replacement`` the programme models ``registry()`` answers with (``None``: load the
    installation's files again when next asked) and returns the registry it replaces.

    Tests use it through ``lotsa.testing.programmes`` to run against a model of their own.
    """
    global _registry  # noqa: PLW0603 - see registry()
    replaced, _registry = _registry, replacement
    return replaced


def programme_name(code: str) -> str:
    """The name of a programme model in the current language, for people to read where a page,
    message or document names a model by its code ("AMiA – aktivering och mobilisering …", not
    "AMIA"); a code the installation no longer knows is shown as it is stored."""
    programme = registry().get(code)
    return str(programme.name) if programme is not None else code
