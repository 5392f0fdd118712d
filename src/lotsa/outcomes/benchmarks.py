"""The published benchmarks the outcome reports compare with, read from benchmarks.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from lotsa.pathways.definitions.programme import Texts

BENCHMARK_FILE = Path(__file__).with_name("benchmarks.toml")


@dataclass(frozen=True)
class Band:
    code: str
    lower: int
    name: Texts


@dataclass(frozen=True)
class Benchmarks:
    employment_rate_bands: tuple[Band, ...]
    quality_benchmark: int
    in_work_at_referral_maximum: int
    amia_target: int
    amia_national_level: int

    def band_of(self, percent: float | None) -> Band | None:
        if percent is None:
            return None
        return next(band for band in reversed(self.employment_rate_bands) if percent >= band.lower)


@cache
def benchmarks() -> Benchmarks:
    try:
        data: dict[str, Any] = tomllib.loads(BENCHMARK_FILE.read_text(encoding="utf-8"))
        bands = tuple(
            Band(item["code"], int(item["from"]), Texts(**item["name"]))
            for item in data["ips_employment_rate"]["bands"]
        )
        if (
            not bands
            or bands[0].lower != 0
            or any(a.lower >= b.lower for a, b in zip(bands, bands[1:], strict=False))
        ):
            raise ValueError("bands must start at 0 and rise")
        return Benchmarks(
            employment_rate_bands=bands,
            quality_benchmark=int(data["ips_employment_rate"]["quality_benchmark"]),
            in_work_at_referral_maximum=int(data["ips_in_work_at_referral"]["maximum_share"]),
            amia_target=int(data["amia_transition"]["target"]),
            amia_national_level=int(data["amia_transition"]["national_level"]),
        )
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as error:
        raise ImproperlyConfigured(f"{BENCHMARK_FILE.name}: {error}") from error
