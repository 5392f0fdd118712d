"""Which tools the settings install: all of them in development mode, none in production mode
unless a trial installation asks for the demo."""

from __future__ import annotations

import importlib.util

import pytest

from lotsa import config

PRODUCTION = {
    "LOTSA_PRODUCTION": "True",
    "SECRET_KEY": "synthetic-secret-key-for-the-settings-test-" + "s" * 20,
    "ALLOWED_HOSTS": "lotsa.example.org",
    "LOTSA_AUDIT_KEY": "synthetic-audit-key-for-the-settings-test-" + "a" * 20,
    "LOTSA_PSEUDONYM_KEY": "synthetic-pseudonym-key-for-the-settings-test-" + "p" * 20,
    "LOTSA_AUDIT_CHECKPOINT_FILE": "/var/log/lotsa/audit-checkpoints.jsonl",
    "LOTSA_DEMO": "",
}
TOOLS = {"lotsa.tools.demo", "lotsa.tools.synth", "lotsa.tools.bench"}


def installed_tools(monkeypatch: pytest.MonkeyPatch, **environment: str) -> set[str]:
    """The tools among the apps that the settings module installs in the given environment."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # Reading the settings again declares their variables again; the reference page's list of
    # them stays as it was.
    monkeypatch.setattr(config, "DECLARED", dict(config.DECLARED))
    spec = importlib.util.find_spec("lotsa.settings")
    assert spec is not None and spec.loader is not None
    # A module of its own, so that the settings in use stay as they are.
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    return TOOLS & set(settings.INSTALLED_APPS)


def test_production_mode_installs_no_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    assert installed_tools(monkeypatch, **PRODUCTION) == set()


def test_a_trial_installation_in_production_mode_gets_the_demo_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert installed_tools(monkeypatch, **(PRODUCTION | {"LOTSA_DEMO": "True"})) == {
        "lotsa.tools.demo"
    }


def test_development_mode_installs_every_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    assert installed_tools(monkeypatch, LOTSA_PRODUCTION="False", LOTSA_DEMO="") == TOOLS
