"""The About page: licence, the source code of the running version, and the accessibility
statement the operator completes. Open to everyone; it shows nothing about anyone."""

from __future__ import annotations

import datetime
import io
import tarfile

import pytest
from django.test import Client, override_settings

from lotsa.core import source

pytestmark = pytest.mark.django_db


def test_anyone_reaches_the_about_page_from_every_page_s_footer() -> None:
    sign_in = Client().get("/accounts/login/").content.decode()
    assert '<a href="/about/">Om Lotsa: källkod och tillgänglighet</a>' in sign_in
    about = Client().get("/about/")
    assert about.status_code == 200
    page = about.content.decode()
    assert f"Version {source.version()}." in page
    assert "GNU Affero General Public License" in page
    assert '<a href="/about/source/" download>' in page


def test_the_source_download_holds_the_running_code_and_nothing_made_from_it() -> None:
    answer = Client().get("/about/source/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/gzip"
    assert f'filename="lotsa-{source.version()}-source.tar.gz"' in answer["Content-Disposition"]
    with tarfile.open(fileobj=io.BytesIO(answer.content), mode="r:gz") as archive:
        names = archive.getnames()
        root = f"lotsa-{source.version()}-source"
        settings_file = archive.extractfile(f"{root}/src/lotsa/settings.py")
        assert settings_file is not None
        assert b"INSTALLED_APPS" in settings_file.read()
        licence = archive.extractfile(f"{root}/LICENSE")
        assert licence is not None
        assert licence.read().lstrip().startswith(b"GNU AFFERO GENERAL PUBLIC LICENSE")
    assert f"{root}/src/lotsa/core/source.py" in names
    assert f"{root}/src/lotsa/locale/sv/LC_MESSAGES/django.po" in names
    assert not [name for name in names if name.endswith((".mo", ".pyc")) or "__pycache__" in name]
    # Keys and databases live in the data folder, which is never part of the source.
    assert not [name for name in names if "/var/" in name or name.endswith("_key")]


@override_settings(SOURCE_CODE_URL="https://code.example.org/kommunen/lotsa")
def test_an_operator_s_published_source_is_linked_instead() -> None:
    page = Client().get("/about/").content.decode()
    assert '<a href="https://code.example.org/kommunen/lotsa">' in page
    assert "/about/source/" not in page


def test_an_incomplete_accessibility_statement_says_what_is_missing() -> None:
    page = Client().get("/about/").content.decode()
    assert "WCAG" in page
    assert "har ännu inte fyllt i den här redogörelsen" in page


@override_settings(
    ACCESSIBILITY_CONTACT="tillganglighet@kommunen.example.org",
    ACCESSIBILITY_ASSESSED_ON=datetime.date(2026, 11, 30),
    ACCESSIBILITY_COMPLAINTS_URL="https://tillsyn.example.org/anmal",
)
def test_a_completed_accessibility_statement_names_contact_day_and_supervisor() -> None:
    page = Client().get("/about/").content.decode()
    assert '<a href="mailto:tillganglighet@kommunen.example.org">' in page
    assert "2026-11-30" in page
    assert '<a href="https://tillsyn.example.org/anmal">' in page
    assert "har ännu inte fyllt i" not in page
