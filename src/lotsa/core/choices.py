"""Choice lists shared by several apps."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    SWEDEN = "SE", _("Sweden")
    DENMARK = "DK", _("Denmark")


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
