"""Numbers and per cents as the reader's language writes them: "25,5 %" in Swedish and Danish,
"25.5%" in English.

Every figure a page, chart, PDF or export shows as text goes through here, so one page never
mixes a decimal point with a decimal comma. The language's conventions are in
``lotsa.core.formats``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

Number = Decimal | float | int


def rounded(value: Number, places: int = 1) -> Decimal:
    """Half a unit rounds up (12.25 → 12.3), as people round by hand, not to the even digit."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimal(value: Number, places: int = 1) -> str:
    """The number with ``places`` decimals and the language's decimal sign."""
    return formats.number_format(rounded(value, places), places)


def percent(value: Number, places: int = 1) -> str:
    """A share given in per cent (25.5 for a quarter and a bit), as the language writes it."""
    return str(formats.get_format("PERCENT_FORMAT")).format(decimal(value, places))
