"""``lotsa synth --scale national``: load a synthetic dataset for benchmarks and load tests."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lotsa.errors import DomainError
from lotsa.tools.synth.load import load
from lotsa.tools.synth.scales import SCALES


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Replace the data of an empty or synthetic database with generated data: 'national' "
        "(300 units, 300,000 participants, 8 million contacts) or 'county' (20 times smaller)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="county")
        parser.add_argument("--seed", type=_seed, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()

        def progress(table: str, rows: int, seconds: float) -> None:
            self.stdout.write(f"{table:<40} {rows:>10,} rows {seconds:7.1f} s")

        try:
            dataset = load(
                SCALES[options["scale"]], options["seed"], timezone.localdate(), progress
            )
        except DomainError as error:
            raise CommandError(" ".join(m for ms in error.errors.values() for m in ms)) from error
        total = sum(dataset.rows.values())
        self.stdout.write(
            f"Loaded the {dataset.scale} dataset: {total:,} rows in {time.monotonic() - began:.0f} s."
        )
