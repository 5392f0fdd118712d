"""The invented identities of the demo and of the synthetic datasets: common first and last
names in Sweden and Denmark, towns, and identity and organisation numbers valid in form (date,
check digit) without belonging to anyone known.
"""

from __future__ import annotations

import datetime
import random
import unicodedata

from stdnum import luhn

SWEDISH_FEMALE = [
    "Anna",
    "Maria",
    "Eva",
    "Karin",
    "Sara",
    "Emma",
    "Lena",
    "Elin",
    "Hanna",
    "Ida",
    "Johanna",
    "Sofia",
    "Maja",
    "Linnea",
    "Fatima",
    "Amina",
    "Ebba",
    "Klara",
]
SWEDISH_MALE = [
    "Erik",
    "Lars",
    "Anders",
    "Johan",
    "Karl",
    "Per",
    "Nils",
    "Mikael",
    "Oskar",
    "Ali",
    "Ahmed",
    "Jonas",
    "Emil",
    "Viktor",
    "Filip",
    "Gustav",
    "Hugo",
    "Axel",
]
SWEDISH_LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Holm",
    "Sandberg",
    "Ek",
    "Nyström",
    "Hassan",
    "Mohammed",
    "Lundgren",
    "Åberg",
    "Öberg",
]
DANISH_FEMALE = [
    "Mette",
    "Hanne",
    "Anne",
    "Kirsten",
    "Susanne",
    "Maria",
    "Camilla",
    "Louise",
    "Sofie",
    "Ida",
    "Freja",
    "Emma",
    "Signe",
    "Line",
    "Mia",
]
DANISH_MALE = [
    "Jens",
    "Peter",
    "Lars",
    "Søren",
    "Niels",
    "Anders",
    "Mikkel",
    "Rasmus",
    "Mads",
    "Frederik",
    "Jakob",
    "Kasper",
    "Morten",
    "Oliver",
]
DANISH_LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Møller",
    "Mortensen",
    "Østergaard",
]
SWEDISH_CITIES = [("Åsunda", "745"), ("Norrvik", "862"), ("Mälarby", "723")]
DANISH_CITIES = [("Sundby", "2300"), ("Vestby", "6700")]


def ascii_name(name: str) -> str:
    """Lower-case ASCII for user names and e-mail addresses (å → a, ø → o …)."""
    folded = unicodedata.normalize("NFKD", name.lower().replace("ø", "o").replace("æ", "ae"))
    return folded.encode("ascii", "ignore").decode("ascii")


def swedish_org_number(rng: random.Random) -> str:
    body = f"{rng.choice('2589')}{rng.randint(10000, 99999)}{rng.randint(100, 999)}"
    body = body[:2] + str(rng.randint(2, 9)) + body[3:]  # third digit >= 2 marks a legal entity
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def danish_cvr(rng: random.Random) -> str:
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        remainder = sum(w * d for w, d in zip(weights, digits, strict=False)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def swedish_identity_number(
    rng: random.Random, birth: datetime.date, male: bool, coordination: bool
) -> str:
    day = birth.day + (60 if coordination else 0)
    serial = rng.randint(0, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    body = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth.year}{body[2:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def danish_identity_number(rng: random.Random, birth: datetime.date, male: bool) -> str:
    century_digit = rng.randint(0, 3) if birth.year < 2000 else rng.randint(4, 9)
    last = rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    return f"{birth:%d%m%y}-{century_digit}{rng.randint(0, 99):02d}{last}"
