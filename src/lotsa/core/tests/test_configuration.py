"""Secrets from files, key rotation and the mail server's settings, as an operator sets them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lotsa.testing.environment import PRODUCTION, settings_under

FILE_KEY = "synthetic-key-read-from-a-file-" + "f" * 30


def test_every_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    files = {}
    for name in ("SECRET_KEY", "LOTSA_AUDIT_KEY", "LOTSA_PSEUDONYM_KEY", "EMAIL_HOST_PASSWORD"):
        files[name] = tmp_path / name.lower()
        files[name].write_text(f"{FILE_KEY}-{name}\n", encoding="utf-8")
    from_files = {f"{name}_FILE": str(path) for name, path in files.items()}
    unset = {"SECRET_KEY": "", "LOTSA_AUDIT_KEY": "", "LOTSA_PSEUDONYM_KEY": ""}
    settings = settings_under(monkeypatch, **(PRODUCTION | unset | from_files))
    assert f"{FILE_KEY}-SECRET_KEY" == settings.SECRET_KEY
    assert f"{FILE_KEY}-LOTSA_AUDIT_KEY" == settings.AUDIT_KEY
    assert f"{FILE_KEY}-LOTSA_PSEUDONYM_KEY" == settings.PSEUDONYM_KEY
    assert f"{FILE_KEY}-EMAIL_HOST_PASSWORD" == settings.EMAIL_HOST_PASSWORD


def test_an_unreadable_secret_file_stops_the_start_with_its_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE names a file that cannot"):
        settings_under(
            monkeypatch,
            **(PRODUCTION | {"SECRET_KEY": "", "SECRET_KEY_FILE": str(tmp_path / "missing")}),
        )


def test_earlier_keys_stay_accepted_after_a_rotation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    given = settings_under(monkeypatch, **PRODUCTION, SECRET_KEY_FALLBACKS="old-one,old-two")
    assert given.SECRET_KEY_FALLBACKS == ["old-one", "old-two"]
    keys = tmp_path / "fallbacks"
    keys.write_text("old-one\n\nold-two\n", encoding="utf-8")
    from_file = settings_under(
        monkeypatch, **PRODUCTION, SECRET_KEY_FALLBACKS="", SECRET_KEY_FALLBACKS_FILE=str(keys)
    )
    assert from_file.SECRET_KEY_FALLBACKS == ["old-one", "old-two"]
    none = settings_under(monkeypatch, **PRODUCTION, SECRET_KEY_FALLBACKS_FILE="")
    assert none.SECRET_KEY_FALLBACKS == []


@pytest.mark.parametrize(
    ("security", "starttls", "implicit_tls"),
    [("", True, False), ("starttls", True, False), ("tls", False, True), ("none", False, False)],
)
def test_the_mail_server_connection_is_protected_as_configured(
    monkeypatch: pytest.MonkeyPatch, security: str, starttls: bool, implicit_tls: bool
) -> None:
    settings = settings_under(
        monkeypatch,
        **PRODUCTION,
        EMAIL_SECURITY=security,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="lotsa",
    )
    assert (starttls, implicit_tls) == (settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL)
    assert (settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER) == (
        "smtp.example.org",
        587,
        "lotsa",
    )


def test_a_misspelt_mail_protection_stops_the_start_with_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_SECURITY must be one of"):
        settings_under(monkeypatch, **PRODUCTION, EMAIL_SECURITY="ssl")


def test_the_database_password_can_come_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    password = tmp_path / "database-password"
    password.write_text("synthetic-database-password\n", encoding="utf-8")
    settings = settings_under(
        monkeypatch,
        **PRODUCTION,
        DATABASE_URL="postgres://lotsa@db.example.org:5432/lotsa",
        DATABASE_PASSWORD="",
        DATABASE_PASSWORD_FILE=str(password),
    )
    assert settings.DATABASES["default"]["PASSWORD"] == "synthetic-database-password"
    assert settings.DATABASES["default"]["HOST"] == "db.example.org"


def test_a_database_password_for_the_embedded_database_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PASSWORD is for a PostgreSQL"):
        settings_under(
            monkeypatch,
            **PRODUCTION,
            DATABASE_URL=f"sqlite:///{tmp_path / 'lotsa.sqlite3'}",
            DATABASE_PASSWORD="synthetic",
        )
