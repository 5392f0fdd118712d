"""Identity numbers: Swedish personnummer and samordningsnummer, Danish CPR.

All three are parsed into one canonical form so that the same person typed in different ways
(10 or 12 digits, with or without separator) is the same record:

* Sweden: 12 digits ``YYYYMMDDNNNN``. In the 10-digit form the century is the latest one that
  does not put the birth date in the future; a ``+`` separator means the person is 100 or
  older, so one century earlier. A samordningsnummer (coordination number) has 60 added to
  the day of birth.
* Denmark: 10 digits ``DDMMYYSSSS``; the seventh digit together with the year gives the
  century. The modulus-11 check is not applied: CPR stopped guaranteeing it in 2007.

Checksums, date rules and separators come from python-stdnum.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum import exceptions as stdnum_errors
from stdnum import luhn
from stdnum.dk import cpr
from stdnum.se import personnummer

from lotsa.core.choices import Country

COORDINATION_DAY_OFFSET = 60
_ALLOWED_CHARACTERS = re.compile(r"^[0-9+\-]+$")


class IdentityKind(models.TextChoices):
    PERSONNUMMER = "personnummer", gettext_lazy("Personal identity number (personnummer)")
    SAMORDNINGSNUMMER = "samordningsnummer", gettext_lazy("Coordination number (samordningsnummer)")
    CPR = "cpr", gettext_lazy("CPR number")


class Sex(models.TextChoices):
    FEMALE = "female", gettext_lazy("Female")
    MALE = "male", gettext_lazy("Male")
    UNKNOWN = "unknown", gettext_lazy("Not known")


class IdentityNumberError(ValueError):
    """The number cannot be an identity number; the message tells the user why."""


@dataclass(frozen=True)
class IdentityNumber:
    country: str
    kind: str
    number: str
    birth_date: datetime.date
    sex: str

    @property
    def display(self) -> str:
        """The form people write: ``YYYYMMDD-NNNN`` in Sweden, ``DDMMYY-SSSS`` in Denmark."""
        return format_identity_number(self.number, self.country)


def format_identity_number(number: str, country: str) -> str:
    if country == Country.SWEDEN:
        return f"{number[:8]}-{number[8:]}"
    return f"{number[:6]}-{number[6:]}"


def parse_identity_number(
    raw: str, country: str, *, today: datetime.date | None = None
) -> IdentityNumber:
    """Validate and normalise an identity number of the given country, or raise with a reason."""
    text = re.sub(r"\s", "", raw or "")
    if not text:
        raise IdentityNumberError(_("Enter the identity number."))
    if not _ALLOWED_CHARACTERS.match(text):
        raise IdentityNumberError(
            _(
                "Use only digits and an optional hyphen (or a plus sign for people aged 100 "
                "or more)."
            )
        )
    today = today or timezone.localdate()
    if country == Country.SWEDEN:
        return _parse_swedish(text, today)
    if country == Country.DENMARK:
        return _parse_danish(text, today)
    raise IdentityNumberError(_("Choose the country that issued the number."))


def _parse_swedish(text: str, today: datetime.date) -> IdentityNumber:
    digits = text.replace("-", "").replace("+", "")
    separators = text.count("-") + text.count("+")
    if len(digits) not in (10, 12) or separators > 1 or (separators and text[-5] not in "-+"):
        raise IdentityNumberError(_("A Swedish identity number has 10 or 12 digits."))
    if len(digits) == 12 and "+" in text:
        raise IdentityNumberError(_("The plus sign is only used in the 10-digit form."))
    day = int(digits[-6:-4])
    kind = IdentityKind.PERSONNUMMER
    if day > COORDINATION_DAY_OFFSET:
        kind = IdentityKind.SAMORDNINGSNUMMER
        day -= COORDINATION_DAY_OFFSET
    # stdnum works out the century; the coordination offset is removed first so it sees a date.
    dated = f"{digits[:-6]}{day:02d}{digits[-4:]}"
    separator = "+" if "+" in text else "-"
    compact = personnummer.compact(f"{dated[:-4]}{separator}{dated[-4:]}")
    try:
        birth_date = personnummer.get_birth_date(compact)
    except stdnum_errors.ValidationError:
        raise IdentityNumberError(_("The date of birth in the number does not exist.")) from None
    if birth_date > today:
        raise IdentityNumberError(_("The date of birth in the number lies in the future."))
    if not luhn.is_valid(digits[-10:]):
        raise IdentityNumberError(
            _("The check digit does not match: check the number for typing errors.")
        )
    canonical = f"{birth_date.year:04d}{digits[-8:]}"
    sex = Sex.MALE if int(digits[-2]) % 2 else Sex.FEMALE
    return IdentityNumber(Country.SWEDEN, kind, canonical, birth_date, sex)


def _parse_danish(text: str, today: datetime.date) -> IdentityNumber:
    if "+" in text or text.count("-") > 1 or ("-" in text and text.index("-") != 6):
        raise IdentityNumberError(_("Write a CPR number as DDMMYY-SSSS or as 10 digits."))
    digits = text.replace("-", "")
    if len(digits) != 10:
        raise IdentityNumberError(_("A Danish CPR number has 10 digits."))
    try:
        birth_date = cpr.get_birth_date(digits)
    except stdnum_errors.ValidationError:
        raise IdentityNumberError(_("The date of birth in the number does not exist.")) from None
    if birth_date > today:
        raise IdentityNumberError(_("The date of birth in the number lies in the future."))
    sex = Sex.MALE if int(digits[-1]) % 2 else Sex.FEMALE
    return IdentityNumber(Country.DENMARK, IdentityKind.CPR, digits, birth_date, sex)


def candidate_numbers(text: str) -> list[str]:
    """Canonical numbers a search text could mean, in either country; empty if none."""
    found = []
    for country in (Country.SWEDEN, Country.DENMARK):
        try:
            found.append(parse_identity_number(text, country).number)
        except IdentityNumberError:
            continue
    return found
