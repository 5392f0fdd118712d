"""The parameter sets shipped with Lotsa (``parameters/<id>.toml``), loaded and checked once, at
start-up: a broken file stops the application with a message naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lotsa.socioeconomics.loading import ParameterSetError, load_parameter_set
from lotsa.socioeconomics.parameter_set import ParameterSet
from lotsa.socioeconomics.validation import Problem
from lotsa.socioeconomics.vocabulary import DEFAULT

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"


@dataclass(frozen=True)
class Registry:
    """Parameter sets by id."""

    sets: Mapping[str, ParameterSet]

    @classmethod
    def from_directory(cls, directory: Path) -> Registry:
        loaded = [load_parameter_set(path) for path in sorted(directory.glob("*.toml"))]
        if not loaded:
            raise ParameterSetError(directory.name, [Problem("", "no parameter sets")])
        return cls({parameters.id: parameters for parameters in loaded})

    def get(self, set_id: str) -> ParameterSet | None:
        return self.sets.get(set_id)

    def defaults(self, country: str) -> tuple[ParameterSet, ...]:
        """A country's default sets, the newest price year first."""
        found = [p for p in self.sets.values() if p.country == country and p.kind == DEFAULT]
        return tuple(sorted(found, key=lambda parameters: parameters.price_year, reverse=True))

    def default_for(self, country: str, price_year: int | None = None) -> ParameterSet | None:
        """The default set of ``price_year``, or the newest one up to it (no year: the
        newest)."""
        return next(
            (
                parameters
                for parameters in self.defaults(country)
                if price_year is None or parameters.price_year <= price_year
            ),
            None,
        )

    def examples(self) -> tuple[ParameterSet, ...]:
        """The worked examples, offered to try the calculation with."""
        return tuple(parameters for parameters in self.sets.values() if parameters.is_example)


_registry: Registry | None = None


def parameter_sets() -> Registry:
    """The shipped parameter sets, loaded (and checked) once per process."""
    global _registry  # noqa: PLW0603 - one registry per process, loaded at start-up
    if _registry is None:
        _registry = Registry.from_directory(PARAMETERS_DIR)
    return _registry
