from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.shortcuts import resolve_url

from lotsa.accounts.models import User
from lotsa.tools.demo.builder import PARTICIPANTS, PASSWORD, DemoBuilder

DEFAULT_ADDRESS = "127.0.0.1:8000"


def sign_in_url(address: str) -> str:
    """The sign-in page at the address runserver is given ("port" or "host:port"), as a
    browser on this machine reaches it."""
    host, _sep, port = address.rpartition(":")
    if not port.isdigit():
        raise CommandError(f"'{address}' is not a port or host:port, as runserver takes it.")
    if host in ("", "0.0.0.0", "0", "[::]", "::"):  # noqa: S104 - names, not a bind
        host = "127.0.0.1"  # every interface: this machine's own is one of them
    return f"http://{host}:{port}{resolve_url(settings.LOGIN_URL)}"


class Command(BaseCommand):
    help = "Load the synthetic demo dataset (once) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--participants",
            type=int,
            default=PARTICIPANTS,
            help="How many participants the demo's own units serve.",
        )
        parser.add_argument(
            "--address",
            default=DEFAULT_ADDRESS,
            help="The address runserver will serve (port or host:port), for the sign-in link.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = sign_in_url(options["address"])
        if User.objects.exists():
            self.stdout.write(
                "The database already has data: the demo dataset is not loaded again."
            )
            self.stdout.write(
                f"Sign in at {url} (demo logins, if the demo was loaded: see README.md; "
                f"password '{PASSWORD}')."
            )
            return
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # The demo is thousands of small transactions; in WAL mode NORMAL keeps the file
            # consistent and only stops waiting for the disk at every commit.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
        self.stdout.write("Loading the demo dataset:")
        began = time.monotonic()
        logins = DemoBuilder(
            options["seed"], participants=options["participants"], progress=self.stdout.write
        ).build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo dataset loaded in {time.monotonic() - began:.0f} s. Sign in at {url} as:"
            )
        )
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.role} – {login.unit}")
        self.stdout.write(f"Password for every demo login: {PASSWORD}")
