"""The API's documentation page in a browser that enforces the content security policy: the
page shows every operation, loads nothing from elsewhere and breaks no rule of the policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def test_the_api_documentation_works_under_the_content_security_policy(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context(locale="sv-SE")  # the policy is enforced, unlike in journeys
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    origins: set[str] = set()
    page.on("request", lambda request: origins.add(urlsplit(request.url).netloc))
    try:
        response = page.goto(f"{live_server.url}/api/docs")
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.locator(".opblock").first.wait_for()
        assert page.locator(".opblock").count() > 40
        assert "Lotsa API" in page.locator(".info .title").inner_text()
        assert violations == []
        assert origins == {urlsplit(live_server.url).netloc}
    finally:
        context.close()
