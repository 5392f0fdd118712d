"""The apps depend on each other in the directions docs/architecture.md draws, and only those.

The table of allowed directions is read from the document itself, so the drawing and the rule
cannot drift apart. What is checked, for every module of the package outside tests and
migrations:

- an app's modules import another app's code only if the table lets the app depend on it, directly
  or through apps it may depend on; any app's ``models`` may be imported (tables relate in both
  directions, by name), and its ``types`` (the types that name those tables), and so may the
  foundation every app stands on;
- pages (views, API routes, forms, management commands, template tags) may call the services and
  queries of any app, but reach another app's pages only along the table;
- no module imports another app inside a function, which is how an import cycle hides (an app's
  ``AppConfig.ready`` excepted, where Django wants such imports);
- the table has no cycle, and names every app;
- nothing outside the tools and the test support imports the tools.
"""

from __future__ import annotations

import ast
import graphlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
ARCHITECTURE = PACKAGE.parents[1] / "docs" / "architecture.md"
PAGE_MODULES = {"views", "api", "forms", "urls"}
PAGE_PACKAGES = {"management", "templatetags"}
# Packages that are not apps of the domain: development tools, test support.
TOOLS = "tools"
TEST_SUPPORT = "testing"


def _directions_section() -> str:
    """The text of docs/architecture.md under "## Import directions"."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    return text.split("## Import directions", 1)[1].split("\n## ", 1)[0]


def allowed_directions() -> dict[str, set[str]]:
    """The rows of the table under "## Import directions": `app` | `dependency`, ..."""
    section = _directions_section()
    table: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and re.fullmatch(r"`\w+`", cells[0]):
            table[cells[0].strip("`")] = set(re.findall(r"`(\w+)`", cells[1]))
    return table


def drawn_directions() -> dict[str, set[str]]:
    """The arrows of the drawing under "## Import directions": ``app --> dependency & ...``."""
    section = _directions_section()
    drawing = section.split("```mermaid", 1)[1].split("```", 1)[0]
    arrows: dict[str, set[str]] = {}
    for line in drawing.splitlines()[2:]:
        source, _, targets = line.strip().partition("-->")
        arrows[source.strip()] = {target.strip() for target in targets.split("&") if target.strip()}
    return arrows


def foundation() -> set[str]:
    """Apps and top-level modules every app may import: marked "foundation" in the table."""
    section = _directions_section()
    line = next(line for line in section.splitlines() if line.startswith("Foundation:"))
    return set(re.findall(r"`(\w+)`", line))


@dataclass(frozen=True)
class Import:
    module: Path  # relative to the package
    line: int
    target: str  # dotted, without the leading "lotsa."
    nested: bool

    @property
    def importer_app(self) -> str:
        return self.module.parts[0] if len(self.module.parts) > 1 else self.module.stem

    @property
    def target_app(self) -> str:
        return self.target.split(".")[0]

    @property
    def from_page(self) -> bool:
        parts = self.module.with_suffix("").parts
        return parts[-1] in PAGE_MODULES or bool(PAGE_PACKAGES & set(parts))

    @property
    def of_page(self) -> bool:
        return bool(PAGE_MODULES & set(self.target.split(".")[1:]))

    @property
    def of_models(self) -> bool:
        """Whether it imports an app's tables, or the types that name them (``types``)."""
        return self.target.split(".")[1:2] in (["models"], ["types"])

    def __str__(self) -> str:
        where = "inside a function " if self.nested else ""
        return f"{self.module}:{self.line} imports lotsa.{self.target} {where}".strip()


def _imports() -> list[Import]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(module.parts) or module.name == "conftest.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("lotsa."):
                    nested = id(node) not in top_level and not _guarded_by_type_checking(tree, node)
                    found.append(Import(module, node.lineno, name.removeprefix("lotsa."), nested))
    return found


def _guarded_by_type_checking(tree: ast.Module, node: ast.AST) -> bool:
    return any(
        isinstance(statement, ast.If)
        and ast.unparse(statement.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}
        and node in list(ast.walk(statement))
        for statement in tree.body
    )


def _reachable(table: dict[str, set[str]], app: str) -> set[str]:
    seen: set[str] = set()
    stack = list(table.get(app, ()))
    while stack:
        dependency = stack.pop()
        if dependency not in seen:
            seen.add(dependency)
            stack.extend(table.get(dependency, ()))
    return seen


def _apps() -> set[str]:
    return {
        path.parent.name
        for path in PACKAGE.glob("*/apps.py")
        if path.parent.name not in {TOOLS, TEST_SUPPORT}
    }


def _violation(entry: Import, table: dict[str, set[str]], base: set[str]) -> str | None:
    importer, target = entry.importer_app, entry.target_app
    if target == TOOLS:
        return (
            None if importer in {TOOLS, TEST_SUPPORT} else "the tools are not for production code"
        )
    if importer in {TOOLS, TEST_SUPPORT} or len(entry.module.parts) == 1 or target == importer:
        return None  # the tools, test support and the project's own wiring may use any app
    if entry.nested and entry.module.name != "apps.py":  # AppConfig.ready() is Django's place
        return "another app is imported inside a function: a cycle hides there"
    if entry.of_models or target in base or (entry.from_page and not entry.of_page):
        return None
    if importer in base:
        return f"{importer} is part of the foundation and may not depend on {target}"
    if target not in _reachable(table, importer):
        return f"{importer} may not depend on {target}"
    return None


def test_the_table_of_directions_has_no_cycle_and_places_every_app() -> None:
    table = allowed_directions()
    assert table, "docs/architecture.md has no table under '## Import directions'"
    list(graphlib.TopologicalSorter(table).static_order())  # raises CycleError on a cycle
    assert _apps() - foundation() <= set(table), "an app is missing from the table"
    assert {d for deps in table.values() for d in deps} <= set(table)


def test_the_drawing_shows_the_table() -> None:
    assert drawn_directions() == allowed_directions()


def test_every_import_follows_the_table() -> None:
    table, base = allowed_directions(), foundation()
    violations = [
        f"{entry}: {problem}" for entry in _imports() if (problem := _violation(entry, table, base))
    ]
    assert violations == []


@pytest.mark.parametrize(
    ("module", "target", "nested", "expected"),
    [
        ("pathways/lifecycle.py", "employment.services", False, "pathways may not depend on"),
        ("pathways/lifecycle.py", "employment.services", True, "inside a function"),
        ("employment/views.py", "casework.views", False, "employment may not depend on"),
        ("core/pages.py", "pathways.lifecycle", False, "part of the foundation"),
        ("people/services.py", "tools.demo.builder", False, "the tools are not"),
        ("casework/queries.py", "employment.queries", False, None),
        ("pathways/deadlines.py", "casework.models", False, None),
        ("people/views.py", "pathways.lifecycle", False, None),
    ],
)
def test_the_rule_can_fail(module: str, target: str, nested: bool, expected: str | None) -> None:
    entry = Import(Path(module), 1, target, nested)
    problem = _violation(entry, allowed_directions(), foundation())
    assert (problem is None) if expected is None else (expected in (problem or ""))
