"""Occupation code lists shipped as data: SSYK 2012 (Sweden) and DISCO-08 (Denmark), and the
search of their titles by words that the job form offers as the user types."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from lotsa.core.choices import Country

DATA_DIR = Path(__file__).resolve().parent / "occupations"
SYSTEMS: dict[str, tuple[str, str]] = {
    Country.SWEDEN: ("ssyk2012.csv", "name_sv"),
    Country.DENMARK: ("disco08.csv", "name_da"),
}
# Enough to choose from while typing; more is read by nobody.
SEARCH_LIMIT = 20
# Longer than any title in either list (the longest has 102 characters): a longer query is not
# a search.
MAX_QUERY_LENGTH = 150
CODE = re.compile(r"\d{1,4}")
# Letters that Unicode does not split into a base letter and an accent, folded by hand so that
# "sjukskoterska" finds "sjuksköterska" and "laerer" or "lerer" finds "lærer".
FOLDED = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str


@cache
def occupations(country: str) -> dict[str, dict[str, str]]:
    """{code: {"local": name, "en": name}} for the country's classification."""
    file_name, local_column = SYSTEMS[country]
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as data:
        return {
            row["code"]: {"local": row[local_column], "en": row.get("name_en") or row[local_column]}
            for row in csv.DictReader(data)
        }


def _names_key() -> str:
    """Which of a list's names the active language reads: English, else the country's own."""
    return "en" if (get_language() or "")[:2] == "en" else "local"


def occupation_name(country: str, code: str) -> str:
    names = occupations(country).get(code)
    if names is None:
        return code
    return names[_names_key()]


def classification_name(country: str) -> str:
    return "SSYK 2012" if country == Country.SWEDEN else "DISCO-08"


def folded(text: str) -> str:
    """Text compared without case or accents: "Läkare" and "lakare" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(FOLDED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", folded(text))


@cache
def _index(country: str, names_key: str) -> list[tuple[Occupation, str, tuple[str, ...]]]:
    """Each occupation with its title folded, whole and as words, in the language's names."""
    return [
        (
            Occupation(code, names[names_key]),
            folded(names[names_key]),
            tuple(_words(names[names_key])),
        )
        for code, names in occupations(country).items()
    ]


def search_occupations(country: str, query: str, *, limit: int = SEARCH_LIMIT) -> list[Occupation]:
    """The occupations whose title, in the active language, holds every word of the query.

    Case and accents do not matter. Best first: a title that begins with the query, then titles
    where more of the query's words begin a word of the title (rather than sit inside one), then
    shorter titles. Digits search the codes from their start, so that an occupation as the form
    shows it ("4322 Lager- och terminalpersonal") finds itself."""
    words_of_query = _words(query)
    digits = [term for term in words_of_query if CODE.fullmatch(term)]
    terms = [term for term in words_of_query if term not in digits]
    if not words_of_query:
        return []
    whole = " ".join(terms)
    ranked = []
    for occupation, title, words in _index(country, _names_key()):
        if not all(occupation.code.startswith(number) or number in words for number in digits):
            continue
        if not all(term in title for term in terms):
            continue
        inside_a_word = sum(1 for term in terms if not any(word.startswith(term) for word in words))
        rank = (not " ".join(words).startswith(whole), inside_a_word, len(title) if terms else 0)
        ranked.append(((*rank, occupation.code), occupation))
    ranked.sort(key=lambda pair: pair[0])
    return [occupation for _rank, occupation in ranked[:limit]]


def occupation_label(country: str, code: str) -> str:
    """A code with its title, as the job form shows a chosen occupation ("5120 Kockar ...")."""
    return f"{code} {occupation_name(country, code)}" if code in occupations(country) else code


def occupation_code_of(country: str, entered: str) -> str | None:
    """The code the user meant: a code of the list, alone or with its title (as the form shows
    a chosen occupation), or the code of the one title in the active language that equals what
    was entered, case and accents aside."""
    entered = entered.strip()
    code, _space, title = entered.partition(" ")
    if code in occupations(country) and (
        not title or _words(title) == _words(occupation_name(country, code))
    ):
        return code
    wanted = " ".join(_words(entered))
    matches = [
        occupation.code
        for occupation, _title, words in _index(country, _names_key())
        if " ".join(words) == wanted
    ]
    return matches[0] if len(matches) == 1 else None
