"""The settings as they come out in another environment, read without replacing those in use."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from lotsa import config

# What production mode needs to start, all synthetic.
PRODUCTION = {
    "LOTSA_PRODUCTION": "True",
    "SECRET_KEY": "synthetic-secret-key-for-the-settings-test-" + "s" * 20,
    "ALLOWED_HOSTS": "lotsa.example.org",
    "LOTSA_AUDIT_KEY": "synthetic-audit-key-for-the-settings-test-" + "a" * 20,
    "LOTSA_PSEUDONYM_KEY": "synthetic-pseudonym-key-for-the-settings-test-" + "p" * 20,
    "LOTSA_AUDIT_CHECKPOINT_FILE": "/var/log/lotsa/audit-checkpoints.jsonl",
}


def settings_under(monkeypatch: pytest.MonkeyPatch, **environment: str) -> ModuleType:
    """The settings module read again with these environment variables (an empty value unsets
    one); a module of its own, so that the settings in use stay as they are."""
    for name, value in environment.items():
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    # Reading the settings again declares their variables again; the reference page's list of
    # them stays as it was.
    monkeypatch.setattr(config, "DECLARED", dict(config.DECLARED))
    spec = importlib.util.find_spec("lotsa.settings")
    assert spec is not None and spec.loader is not None
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    return settings
