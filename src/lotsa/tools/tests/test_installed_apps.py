"""Which tools the settings install: all of them in development mode, none in production mode
unless a trial installation asks for the demo."""

from __future__ import annotations

import pytest

from lotsa.testing.environment import PRODUCTION, settings_under

TOOLS = {"lotsa.tools.demo", "lotsa.tools.synth", "lotsa.tools.bench"}


def installed_tools(monkeypatch: pytest.MonkeyPatch, **environment: str) -> set[str]:
    """The tools among the apps that the settings install in the given environment."""
    return TOOLS & set(settings_under(monkeypatch, **environment).INSTALLED_APPS)


def test_production_mode_installs_no_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    assert installed_tools(monkeypatch, **PRODUCTION, LOTSA_DEMO="") == set()


def test_a_trial_installation_in_production_mode_gets_the_demo_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert installed_tools(monkeypatch, **(PRODUCTION | {"LOTSA_DEMO": "True"})) == {
        "lotsa.tools.demo"
    }


def test_development_mode_installs_every_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    assert installed_tools(monkeypatch, LOTSA_PRODUCTION="False", LOTSA_DEMO="") == TOOLS
