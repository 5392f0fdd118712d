"""Behind a TLS-terminating proxy, "this came over HTTPS" is believed from the proxy alone."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from lotsa.testing.environment import PRODUCTION, settings_under

pytestmark = pytest.mark.django_db

BEHIND_PROXY = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "TRUSTED_PROXIES": ["10.1.2.3"],
}


@override_settings(**BEHIND_PROXY)
def test_the_proxy_s_word_that_a_request_came_over_https_is_believed() -> None:
    answer = Client(REMOTE_ADDR="10.1.2.3").get("/about/", HTTP_X_FORWARDED_PROTO="https")
    assert answer.status_code == 200
    assert "<h1>Om Lotsa</h1>" in answer.content.decode()


@override_settings(**BEHIND_PROXY)
def test_a_client_reaching_the_server_directly_cannot_claim_https() -> None:
    answer = Client(REMOTE_ADDR="203.0.113.9").get("/about/", HTTP_X_FORWARDED_PROTO="https")
    assert answer.status_code == 301
    assert answer["Location"] == "https://testserver/about/"


def test_believing_a_proxy_needs_the_proxies_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="BEHIND_TLS_PROXY needs TRUSTED_PROXIES"):
        settings_under(monkeypatch, **PRODUCTION, BEHIND_TLS_PROXY="True", TRUSTED_PROXIES="")
    allowed = settings_under(
        monkeypatch, **PRODUCTION, BEHIND_TLS_PROXY="True", TRUSTED_PROXIES="10.1.2.3"
    )
    assert allowed.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
