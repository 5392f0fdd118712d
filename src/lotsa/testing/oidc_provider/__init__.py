"""A real OpenID Connect provider (django-oidc-provider) on loopback, for the sign-in tests:
started as a process of its own, and driven like a person's browser would at its login form."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

from lotsa.testing.oidc_provider.credentials import CLIENT_ID, CLIENT_SECRET, password_of

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "RunningProvider", "running_provider"]

STARTUP_SECONDS = 60
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class RunningProvider:
    url: str

    def sign_in(self, authorize_url: str, username: str) -> str:
        """What the person does at the provider: follow the authorisation request, fill in the
        login form, and come back with the address the provider sends the browser to."""
        browser = requests.Session()
        response = browser.get(authorize_url, allow_redirects=False, timeout=10)
        login_url = urljoin(self.url, response.headers["Location"])
        page = browser.get(login_url, timeout=10)
        token = _CSRF.search(page.text)
        assert token is not None, page.text[:200]
        response = browser.post(
            login_url,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password_of(username),
            },
            allow_redirects=False,
            timeout=10,
        )
        response = browser.get(
            urljoin(self.url, response.headers["Location"]), allow_redirects=False, timeout=10
        )
        return str(response.headers["Location"])


@contextmanager
def running_provider(
    database: Path,
    *,
    redirect_uris: list[str],
    users: list[str],
    identity_numbers: dict[str, str] | None = None,
) -> Iterator[RunningProvider]:
    """The provider for the duration of the block, with its own database file, listening on a
    free port of 127.0.0.1."""
    arguments = [sys.executable, "-m", "lotsa.testing.oidc_provider.serve"]
    for uri in redirect_uris:
        arguments += ["--redirect-uri", uri]
    for user in users:
        arguments += ["--user", user]
    environment = {
        **os.environ,
        "OIDC_TEST_PROVIDER_DB": str(database),
        "OIDC_TEST_PROVIDER_IDENTITY_NUMBERS": json.dumps(identity_numbers or {}),
        "DJANGO_SETTINGS_MODULE": "lotsa.testing.oidc_provider.settings",
    }
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        arguments, env=environment, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("READY "):
            raise RuntimeError(f"the test identity provider did not start: {line!r}")
        yield RunningProvider(url=line.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=STARTUP_SECONDS)
