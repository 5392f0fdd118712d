"""The ``decimal`` and ``percent`` filters, loaded on every template (``TEMPLATES`` builtins)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from lotsa.core import numbers

register = template.Library()


def _or_blank(value: Any, places: Any, write: Any) -> str:
    if value is None or value == "":
        return ""
    return str(write(value, int(places)))


@register.filter
def decimal(value: Any, places: Any = 1) -> str:
    """{{ hours|decimal }} → "12,5" in Swedish."""
    return _or_blank(value, places, numbers.decimal)


@register.filter
def percent(value: Any, places: Any = 1) -> str:
    """{{ share|percent }} → "25,5 %" in Swedish, "25.5%" in English."""
    return _or_blank(value, places, numbers.percent)


@register.filter
def measure(value: Any, unit: Any) -> str:
    """{{ evidence.value|measure:evidence.unit_label }}: a figure with its unit, a per cent
    written as the language writes it; as many decimals as the figure was computed with."""
    if value is None or value == "":
        return ""
    places = max(0, -Decimal(str(value)).as_tuple().exponent)  # type: ignore[operator]
    if str(unit) == "%":
        return numbers.percent(value, places)
    return f"{numbers.decimal(value, places)} {unit}".rstrip()
