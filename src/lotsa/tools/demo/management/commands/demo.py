from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lotsa.accounts.models import User
from lotsa.tools.demo.builder import PASSWORD, DemoBuilder


class Command(BaseCommand):
    help = "Load the synthetic demo dataset (once) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed (same seed, same data)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.exists():
            self.stdout.write(
                "The database already has data: the demo dataset is not loaded again."
            )
            self.stdout.write(
                f"Demo logins (if the demo was loaded): see README.md; password '{PASSWORD}'."
            )
            return
        self.stdout.write("Loading the demo dataset…")
        logins = DemoBuilder(options["seed"]).build()
        self.stdout.write(
            self.style.SUCCESS("Demo dataset loaded. Sign in at http://127.0.0.1:8000/ as:")
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role} – {login.unit}")
        self.stdout.write(f"Password for every demo login: {PASSWORD}")
