"""What every definition file (programme models, fidelity scales) shares: the error that stops the
start, naming the file and the key."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from lotsa.pathways.definitions.programme import Texts
from lotsa.pathways.definitions.vocabulary import LANGUAGES


class DefinitionError(ImproperlyConfigured):
    """A definition file is broken; the message names the file and the key."""


class Reader:
    """Reads one hand-checked definition file (a fidelity scale), collecting the key path so
    errors can say where they are."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> DefinitionError:
        return DefinitionError(f"{self.path.name}: {key}: {problem}")

    def get(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        kind: type | tuple[type, ...],
        default: Any = ...,
    ) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(f"{where}{key}", "missing")
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(
                f"{where}{key}", f"expected {getattr(kind, '__name__', kind)}, found {value!r}"
            )
        return value

    def texts(self, table: dict[str, Any], key: str, where: str) -> Texts:
        value = self.get(table, key, where, dict)
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{where}{key}.{language}", "missing text")
        return Texts(sv=value["sv"], da=value["da"], en=value["en"])

    def codes(self, items: list[Any], where: str) -> list[tuple[str, dict[str, Any], str]]:
        seen: set[str] = set()
        result = []
        for index, item in enumerate(items):
            place = f"{where}[{index}]."
            if not isinstance(item, dict):
                raise self.fail(f"{where}[{index}]", "expected a table")
            code = self.get(item, "code", place, str)
            if code in seen:
                raise self.fail(f"{place}code", f"duplicate code {code!r}")
            seen.add(code)
            result.append((code, item, place))
        return result

    def member(self, value: str, allowed: Iterable[str], key: str, what: str) -> str:
        if value not in allowed:
            raise self.fail(key, f"unknown {what} {value!r}")
        return value
