"""Typed readers for environment variables, each declared with a help text.

The declarations double as the configuration reference: ``lotsa settingsdoc`` prints them.
A malformed value stops the start-up with a message naming the variable.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


DECLARED: dict[str, Variable] = {}


def _declare(name: str, default: object, help: str, shown: str | None = None) -> str | None:
    """Register the variable for the reference page; ``shown`` replaces a machine-specific default."""
    DECLARED[name] = Variable(
        name=name, default=shown if shown is not None else str(default), help=help
    )
    return os.environ.get(name)


def env_str(name: str, *, default: str, help: str, shown: str | None = None) -> str:
    raw = _declare(name, default, help, shown)
    return default if raw is None or raw == "" else raw


def env_bool(name: str, *, default: bool, help: str, shown: str | None = None) -> bool:
    raw = _declare(name, default, help, shown)
    if raw is None or raw == "":
        return default
    # Only the two spellings Python prints are accepted, so a typo cannot silently mean False.
    if raw not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}.")
    return raw == "True"


def env_int(name: str, *, default: int, help: str) -> int:
    raw = _declare(name, default, help)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be positive, not {value}.")
    return value


def env_date(name: str, *, help: str) -> datetime.date | None:
    """A day written YYYY-MM-DD, or none when unset."""
    raw = _declare(name, "", help)
    if raw is None or raw == "":
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a day written YYYY-MM-DD, not {raw!r}."
        ) from None


def env_list(name: str, *, default: list[str], help: str, shown: str | None = None) -> list[str]:
    raw = _declare(name, ",".join(default), help, shown)
    if raw is None or raw == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str, *, help: str) -> list[str]:
    """Comma-separated addresses or networks (``10.0.0.0/8``), each checked at start-up."""
    networks = env_list(name, default=[], help=help)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list addresses or networks, not {network!r}."
            ) from None
    return networks


def env_codes(name: str, *, help: str) -> dict[str, int]:
    """Comma-separated ``code:number`` pairs, e.g. ``ips-follow-up:12,amia-study:7``."""
    pairs = {}
    for item in env_list(name, default=[], help=help):
        code, _colon, number = item.rpartition(":")
        if not code or not number.isdigit() or not code.replace("-", "").replace("_", "").isalnum():
            raise ImproperlyConfigured(
                f"{name} must list code:number pairs such as ips-follow-up:12, not {item!r}."
            )
        pairs[code] = int(number)
    return pairs


def env_choice(
    name: str, *, default: str, choices: list[str], help: str, shown: str | None = None
) -> str:
    value = env_str(name, default=default, help=help, shown=shown)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


POSTGRESQL = "django.db.backends.postgresql"
REPLICA_CONNECT_TIMEOUT = 3  # seconds


def database(
    name: str, *, default: str, help: str, shown: str | None = None
) -> dj_database_url.DBConfig:
    url = env_str(name, default=default, help=help, shown=shown)
    password = optional_secret(
        "DATABASE_PASSWORD",
        help="Password of the PostgreSQL user, kept out of DATABASE_URL (DATABASE_PASSWORD_FILE "
        "reads it from a file).",
    )
    settings = _parsed_database(name, url)
    if password and settings["ENGINE"] != POSTGRESQL:
        raise ImproperlyConfigured("DATABASE_PASSWORD is for a PostgreSQL database.")
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        Path(settings["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        settings["CONN_MAX_AGE"] = 0
        # Tests get a file beside it rather than Django's in-memory default, whose shared cache
        # fails a second writer at once instead of letting it wait as the file does.
        settings["TEST"] = {"NAME": f"{settings['NAME']}.test"}
        settings["OPTIONS"] = {
            # Writers wait for each other instead of failing, and take the write lock up front
            # so that two transactions cannot deadlock upgrading a read lock.
            "init_command": "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    elif settings["ENGINE"] == POSTGRESQL:
        _postgresql_sessions(settings, password)
    return settings


def replica_database(
    name: str, *, primary: dj_database_url.DBConfig, help: str
) -> dj_database_url.DBConfig | None:
    """A PostgreSQL streaming replica of the primary database, or none when ``name`` is unset.

    A streaming replica holds the primary's users with their passwords, so it is reached with the
    primary's password unless one of its own is given."""
    url = env_str(name, default="", help=help)
    own_password = optional_secret(
        "DATABASE_REPLICA_PASSWORD",
        help="Password for the replica when it differs from DATABASE_PASSWORD "
        "(DATABASE_REPLICA_PASSWORD_FILE reads it from a file).",
    )
    if not url:
        if own_password:
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_PASSWORD is for the replica {name} names."
            )
        return None
    settings = _parsed_database(name, url)
    if settings["ENGINE"] != POSTGRESQL or primary["ENGINE"] != POSTGRESQL:
        raise ImproperlyConfigured(
            f"{name} names a PostgreSQL streaming replica of the PostgreSQL database "
            "DATABASE_URL names."
        )
    _postgresql_sessions(settings, own_password or primary.get("PASSWORD", ""))
    # A replica that does not answer makes the reports read from the primary (see
    # lotsa.core.replica); waiting long for it would only delay them.
    settings["OPTIONS"]["connect_timeout"] = REPLICA_CONNECT_TIMEOUT
    # The replica streams the primary's whole cluster, test databases included: the test runner
    # must not create one on it (it is read-only), only read the primary's under the same name.
    settings["TEST"] = {"MIRROR": "default"}
    return settings


def _parsed_database(name: str, url: str) -> dj_database_url.DBConfig:
    try:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a database address: {error}") from None


def _postgresql_sessions(settings: dj_database_url.DBConfig, password: str) -> None:
    if password:
        settings["PASSWORD"] = password
    # Page queries are short: compiling them to machine code (JIT) costs more than it saves
    # (tens of milliseconds on the reports), and so does starting parallel workers (5 to
    # 10 ms a query, and under load the cores are busy with other requests anyway). Both
    # are off for the application's sessions.
    settings.setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0"
    )


def optional_secret(name: str, *, help: str) -> str:
    """A secret from the environment variable ``name`` or from the file ``name``_FILE names (as
    secret stores and container platforms provide them); empty when neither is set."""
    from_env = env_str(name, default="", help=help)
    file_name = env_str(
        f"{name}_FILE",
        default="",
        help=f"Path of a file holding {name} (an alternative to setting it).",
    )
    if from_env:
        return from_env
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE names a file that cannot be read: {error.strerror}."
            ) from None
    return ""


def secret_list(name: str, *, help: str) -> list[str]:
    """Secrets from ``name`` (comma-separated) or from the file ``name``_FILE names (one a line)."""
    text = optional_secret(name, help=help)
    separator = "," if os.environ.get(name) else "\n"
    return [item.strip() for item in text.split(separator) if item.strip()]


def secret(name: str, *, data_dir: Path, production: bool, purpose: str, local_file: str) -> str:
    """A secret from the environment variable ``name`` or the file ``name``_FILE names; for
    local use, one generated once into the data folder. Required in production mode."""
    given = optional_secret(
        name,
        help=f"{purpose} Required in production mode; generated into the data folder for "
        "local use.",
    )
    if given:
        return given
    if production:
        raise ImproperlyConfigured(
            f"{name} (or {name}_FILE) is required in production mode. For development on this "
            "machine, set LOTSA_PRODUCTION=False."
        )
    key_file = data_dir / local_file
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written aside and linked into place, which fails if the file exists: processes starting
        # together (test or server workers) all end up with the one whole key the first wrote.
        draft = data_dir / f".{local_file}.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        draft.chmod(0o600)
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text(encoding="utf-8").strip()
