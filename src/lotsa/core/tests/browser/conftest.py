"""Browser journeys: Debian's Chromium driven by Playwright against a live server on the test
database, with axe-core checking every page visited and a screenshot of any failure."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lotsa.accounts.models import User

ROOT = Path(__file__).resolve().parents[5]
CHROMIUM = Path(os.environ.get("LOTSA_CHROMIUM", "/usr/bin/chromium"))
AXE = next(iter(sorted((ROOT / "var" / "axe").glob("axe-*.min.js"))), None)
SCREENSHOTS = ROOT / "var" / "screenshots"
# Violations of these impacts fail a journey; lesser ones are left to review.
FAILING_IMPACTS = ("serious", "critical")


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "core/tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[Any]:
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, AXE) if p is None or not Path(p).exists()]
    if missing:
        reason = "Chromium (apt-get install chromium) and axe-core (scripts/fetch-axe) are needed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser journeys.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread; the tests' own database
    # calls are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


# Codes entered so far: allauth takes each authenticator code once.
_USED_CODES: set[tuple[str, str]] = set()


def authenticator_app_of(user: User) -> str | None:
    """The secret of the authenticator app of someone whose role needs a second factor (one
    is added if they have none); None for everyone else."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    from lotsa.accounts.secondfactor import must_have_second_factor

    if not must_have_second_factor(user):
        return None
    app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if app is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret
    return str(decrypt(app.data["secret"]))


def unused_code(username: str, secret: str) -> str:
    """A code the app shows within allauth's tolerance, not entered before."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    for counter in yield_hotp_counters_from_time():
        code = format_hotp_value(hotp_value(secret, counter))
        if (username, code) not in _USED_CODES:
            _USED_CODES.add((username, code))
            return code
    raise AssertionError(f"every code of {username} within the tolerance was used")


class Visit:
    """One user's browser tab on the live server, checking every page it shows."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []

    def go(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path)
        self.check_accessibility()
        return response

    def sign_in(self, username: str, password: str, *, second_factor: bool = True) -> None:
        """Sign in with the password; someone whose role needs a second factor has an
        authenticator app, whose code is entered next (unless ``second_factor`` is off, for a
        journey that enters it itself)."""
        secret = None
        if second_factor:
            secret = authenticator_app_of(User.objects.get(username=username))
        self.go("/accounts/login/")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in", exact=True).click()
        self.page.wait_for_load_state()
        self.check_accessibility()
        if secret is not None:
            self.page.get_by_label("Kod").fill(unused_code(username, secret))
            with self.page.expect_navigation():
                self.page.get_by_role("button", name="Logga in", exact=True).click()
            self.check_accessibility()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Logga ut").click()
        self.page.wait_for_load_state()

    # Keyboard only: every control is reached with Tab, as a user without a mouse reaches it.

    def tab_to(self, target: Any, limit: int = 150) -> None:
        if target.evaluate("element => element === document.activeElement"):
            return
        for _press in range(limit):
            self.page.keyboard.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{target} cannot be reached with the keyboard")

    def key_type(self, target: Any, text: str) -> None:
        self.tab_to(target)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def key_date(self, target: Any, day: Any) -> None:
        """Type a date into a date field; the order of its parts follows the browser's own
        locale, so the other order is tried when the first does not give the date."""
        for pattern in ("%m%d%Y", "%Y%m%d", "%d%m%Y"):
            self.key_type(target, day.strftime(pattern))
            if target.input_value() == day.isoformat():
                return
        raise AssertionError(f"{day} cannot be typed into {target}")

    def key_choose(self, target: Any, option_text: str) -> None:
        """Move through a select's options with the arrow keys until the wanted one is chosen."""
        self.tab_to(target)
        self.page.keyboard.press("Home")
        for _press in range(60):
            chosen = target.evaluate("select => select.options[select.selectedIndex].text")
            if option_text in chosen:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {option_text!r} in {target}")

    def key_activate(self, target: Any, key: str = "Enter", *, navigates: bool = True) -> None:
        """Press a link, button, summary or checkbox with the keyboard, and wait for the page it
        leads to, if it leads to one."""
        self.tab_to(target)
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
        else:
            self.page.keyboard.press(key)

    def act(self, name: str, fill: Any = None) -> None:
        """Open a case action, let ``fill`` fill its form, save it; the page must accept it."""
        panel = self.page.locator(f"#action-{name}")
        panel.locator("summary").click()
        panel.locator("form").wait_for()
        if fill is not None:
            fill(panel)
        with self.page.expect_navigation():
            panel.locator("form button[type=submit]").click()
        self.check_accessibility()
        assert "error-summary" not in self.page.content(), name

    def check_accessibility(self) -> None:
        """axe-core on the page as shown: no serious or critical violation of WCAG 2.1 AA."""
        self.page.evaluate(AXE.read_text())  # type: ignore[union-attr]
        result = self.page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            })"""
        )
        failing = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in FAILING_IMPACTS
        ]
        assert not failing, f"{self.page.url}: " + "; ".join(failing)
        self.checked.append(self.page.url)


@pytest.fixture
def visit(browser: Any, live_server: Any, request: Any) -> Iterator[Visit]:
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Visit(page, live_server.url)
    if getattr(request.node, "call_failed", False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()
