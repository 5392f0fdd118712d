"""Choice lists shared by several apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    SWEDEN = "SE", _("Sweden")
    DENMARK = "DK", _("Denmark")
