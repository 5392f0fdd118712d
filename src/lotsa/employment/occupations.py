"""Occupation code lists shipped as data: SSYK 2012 (Sweden) and DISCO-08 (Denmark)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from lotsa.core.choices import Country

DATA_DIR = Path(__file__).resolve().parent / "occupations"
SYSTEMS: dict[str, tuple[str, str]] = {
    Country.SWEDEN: ("ssyk2012.csv", "name_sv"),
    Country.DENMARK: ("disco08.csv", "name_da"),
}


@cache
def occupations(country: str) -> dict[str, dict[str, str]]:
    """{code: {"local": name, "en": name}} for the country's classification."""
    file_name, local_column = SYSTEMS[country]
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as data:
        return {
            row["code"]: {"local": row[local_column], "en": row.get("name_en") or row[local_column]}
            for row in csv.DictReader(data)
        }


def occupation_name(country: str, code: str) -> str:
    names = occupations(country).get(code)
    if names is None:
        return code
    return names["en"] if (get_language() or "")[:2] == "en" else names["local"]


def classification_name(country: str) -> str:
    return "SSYK 2012" if country == Country.SWEDEN else "DISCO-08"
