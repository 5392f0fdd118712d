from __future__ import annotations

import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

from lotsa.core.management.commands.settingsdoc import configuration_reference

SRC = Path(settings.SRC_DIR)
LOCALE = SRC / "locale"


def test_migrations_have_descriptive_names() -> None:
    names = [path.name for path in SRC.glob("**/migrations/0*.py")]
    assert names
    for name in names:
        assert not re.search(r"_auto_\d", name), name


def test_configuration_reference_matches_the_settings() -> None:
    documented = (settings.PROJECT_DIR / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert documented == configuration_reference(), "run: lotsa settingsdoc > docs/configuration.md"


@pytest.mark.parametrize("language", ["sv", "da"])
def test_every_string_is_translated(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        catalog = read_po(po_file)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert missing == []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) <= wanted | set(
                re.findall(r"%\(\w+\)s", ids[0])
            ), ids


def test_the_catalogues_contain_every_marked_string(tmp_path: Path) -> None:
    """Catch a string marked for translation but never added to the catalogues."""
    if shutil.which("xgettext") is None:
        assert os.environ.get("CI") != "true", "CI must install gettext"
        pytest.skip("gettext is not installed here; CI installs it")
    copy = tmp_path / "lotsa"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    previous = Path.cwd()
    os.chdir(copy)
    try:
        call_command(
            "makemessages", locale=["sv"], add_location="file", no_obsolete=True, verbosity=0
        )
    finally:
        os.chdir(previous)
    with (copy / "locale" / "sv" / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        fresh = {message.id for message in read_po(po_file) if message.id}
    with (LOCALE / "sv" / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        committed = {message.id for message in read_po(po_file) if message.id}
    assert fresh - committed == set(), (
        "run: cd src/lotsa && lotsa makemessages -a --add-location file"
    )


@pytest.mark.django_db
def test_the_interface_is_swedish_by_default_and_switches_language(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    assert "Deltagare" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert (
        "Deltagere" in client.get("/").content.decode()
        or "Deltager" in client.get("/").content.decode()
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Participants" in page and 'lang="en"' in page


def test_the_api_publishes_its_openapi_description(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/openapi.json").json()
    assert "/api/participants" in schema["paths"]
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


@pytest.mark.django_db
def test_the_browser_language_does_not_override_the_default(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert page.headers["Content-Language"] == "sv"
    assert 'lang="sv"' in page.content.decode()


@pytest.mark.django_db
def test_a_chosen_language_follows_the_account_to_another_browser(personas, client_for) -> None:
    client_for(personas.coach_b).post("/i18n/setlang/", {"language": "da", "next": "/"})
    personas.coach_b.refresh_from_db()
    assert personas.coach_b.language == "da"
    elsewhere = client_for(personas.coach_b).get("/")
    assert elsewhere.headers["Content-Language"] == "da"


@pytest.mark.parametrize(
    "lock", ["requirements.lock", "requirements-dev.lock", "requirements-build.lock"]
)
def test_the_locks_serve_every_supported_python(lock: str) -> None:
    """One lock for Python 3.11 to 3.13: resolved for all of them, every file hashed."""
    project = (settings.PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11,<3.14"' in project
    for minor in (11, 12, 13):
        assert f'"Programming Language :: Python :: 3.{minor}"' in project
    text = (settings.PROJECT_DIR / lock).read_text(encoding="utf-8")
    assert "uv pip compile --universal --generate-hashes --python-version 3.11" in text
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+", text, flags=re.MULTILINE)
    hashed = re.findall(r"^[A-Za-z0-9_.-]+==[^\n]*(?:\n\s+--hash=sha256:\w+)+", text, re.MULTILINE)
    assert pins and len(hashed) == len(pins)


def test_lotsa_is_built_with_the_locked_build_backend() -> None:
    project = tomllib.loads((settings.PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    locked = (settings.PROJECT_DIR / "requirements-build.lock").read_text(encoding="utf-8")
    for requirement in project["build-system"]["requires"]:
        name = re.split(r"[<>=!~ ]", requirement)[0]
        assert re.search(rf"^{re.escape(name)}==", locked, flags=re.MULTILINE), requirement
    for path in ("Makefile", "scripts/build-app"):
        text = (settings.PROJECT_DIR / path).read_text(encoding="utf-8")
        assert "requirements-build.lock" in text and "--no-build-isolation" in text, path
