"""Choice lists shared by several apps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    SWEDEN = "SE", _("Sweden")
    DENMARK = "DK", _("Denmark")


# The public agencies that work in one country only, by the values the choice lists store for
# them: who referred a person, who took part in a contact or meeting, who gave benefits
# counselling, what kind an organisation is. A form for a unit of the other country never
# offers them, and the services refuse them there.
AGENCIES_OF_COUNTRY: dict[str, frozenset[str]] = {
    Country.SWEDEN: frozenset({"fk", "af", "forsakringskassan", "arbetsformedlingen"}),
    Country.DENMARK: frozenset({"jobcentre"}),
}


def agencies_foreign_to(countries: Iterable[str]) -> frozenset[str]:
    """The agencies of no country among ``countries``."""
    shown = set(countries)
    return frozenset().union(
        *(agencies for country, agencies in AGENCIES_OF_COUNTRY.items() if country not in shown)
    )


def choices_for_countries(
    choices: Iterable[tuple[Any, Any]], countries: Iterable[str]
) -> list[tuple[Any, Any]]:
    """The choices a form offers for units of ``countries`` (a unit's organisation's country,
    or the countries of the units a form lets the user choose among): without the agencies
    that work only elsewhere."""
    foreign = agencies_foreign_to(countries)
    return [(value, label) for value, label in choices if value not in foreign]


def foreign_agency_errors(country: str, **chosen: str | Iterable[str]) -> dict[str, str]:
    """A field-level error for each field whose chosen value (or one of its values) is an
    agency that does not work in ``country``; an empty dict when all are at home there."""
    foreign = agencies_foreign_to([country])
    message = _("This agency does not work in %(country)s.") % {
        "country": choice_label(Country, country)
    }
    return {
        field: str(message)
        for field, value in chosen.items()
        if ({value} if isinstance(value, str) else set(value)) & foreign
    }


def choice_label(choices: type[models.Choices], value: Any) -> Any:
    """The label of a stored value, or the value itself when the list no longer has it.

    Model.get_FOO_display rebuilds a hashable copy of the whole choice list on every call,
    translating each label to hash it; a timeline of a hundred rows paid for that thousands of
    times. The enum's own mapping does not.
    """
    try:
        return choices(value).label
    except ValueError:
        return value
