"""Running migrations to a given state inside a test, for data migrations tried on real rows."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> object:
    """Migrate the test database to ``targets`` and return the historical models' registry."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> object:
    """Bring the test database back to the newest migrations, as the other tests expect it."""
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
