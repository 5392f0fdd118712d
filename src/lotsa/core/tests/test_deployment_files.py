"""The reference compose file (deploy/compose.yaml) holds to the settings it configures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from lotsa import config

# PyYAML comes with the development tools; Lotsa itself reads no YAML.
yaml = pytest.importorskip("yaml")

COMPOSE = Path(settings.PROJECT_DIR) / "deploy" / "compose.yaml"
LOTSA_SERVICES = ["migrate", "app", "scheduler"]
# Read by the scheduler's shell loop, not by Lotsa.
NOT_LOTSA_SETTINGS = {"TZ"}


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]


@pytest.mark.parametrize("name", LOTSA_SERVICES)
def test_every_variable_is_a_setting_of_lotsa(services: dict[str, Any], name: str) -> None:
    unknown = set(services[name]["environment"]) - set(config.DECLARED) - NOT_LOTSA_SETTINGS
    assert unknown == set(), "docs/configuration.md lists the variables Lotsa reads"


@pytest.mark.parametrize("name", LOTSA_SERVICES)
def test_secrets_come_from_files_the_service_is_given(services: dict[str, Any], name: str) -> None:
    service = services[name]
    environment = service["environment"]
    for secret in ["SECRET_KEY", "LOTSA_PSEUDONYM_KEY", "LOTSA_AUDIT_KEY", "DATABASE_PASSWORD"]:
        assert secret not in environment
        assert environment[f"{secret}_FILE"].startswith("/run/secrets/")
    given = {f"/run/secrets/{secret}" for secret in service["secrets"]}
    files = {value for value in environment.values() if str(value).startswith("/run/secrets/")}
    assert files <= given


def test_the_server_starts_after_the_migrations_on_a_read_only_system(
    services: dict[str, Any],
) -> None:
    app = services["app"]
    assert app["read_only"] is True
    assert "/tmp" in app["tmpfs"]  # noqa: S108 (a tmpfs of its own, not a shared folder)
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["lotsa", "migrate", "--no-input"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
