from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lotsa.timeuse.models import MINUTES_IN_A_DAY, Activity, WeeklyReflection
from lotsa.timeuse.services import (
    MAX_REFLECTION_LENGTH,
    REFLECTION_PROMPTS,
    Minutes,
    cell_name,
)


class WeekForm(forms.Form):
    """Minutes per activity for the days shown: the whole week, or one day on a phone. An
    empty cell is zero. Limits are the service's, so that the page and any other caller give
    the same field-level answers; the inputs only hint them to the browser."""

    def __init__(
        self,
        *args: Any,
        days: list[datetime.date],
        minutes: Minutes,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.days = days
        for activity in Activity:
            for day in days:
                self.fields[cell_name(day, activity)] = forms.IntegerField(
                    label=_("%(activity)s, %(day)s")
                    % {"activity": activity.label, "day": date_format(day, "l j F")},
                    required=False,
                    initial=minutes.get((day, activity.value)) or None,
                    widget=forms.NumberInput(
                        attrs={"min": 0, "max": MINUTES_IN_A_DAY, "inputmode": "numeric"}
                    ),
                )

    def minutes(self) -> Minutes:
        return {
            (day, activity.value): self.cleaned_data.get(cell_name(day, activity)) or 0
            for activity in Activity
            for day in self.days
        }

    def entered(self) -> Minutes:
        """What is typed in so far, for the totals: a cell that is not a whole number of
        minutes, or is below zero, counts 0 (its field shows why when the week is saved)."""
        entered: Minutes = {}
        for activity in Activity:
            for day in self.days:
                raw = self.data.get(self.add_prefix(cell_name(day, activity)), "")
                try:
                    entered[day, activity.value] = max(0, int(str(raw).strip() or 0))
                except ValueError:
                    entered[day, activity.value] = 0
        return entered


class ReflectionForm(forms.Form):
    """The week's prompts, labelled as the model names them, and whether to share."""

    shared = forms.BooleanField(
        label=_("Share with my team leader"),
        required=False,
        help_text=_(
            "Your reflection is yours. Your team leader reads it only while this is ticked, "
            "for instance to talk it over in supervision."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prompt in REFLECTION_PROMPTS:
            column = WeeklyReflection._meta.get_field(prompt)
            assert isinstance(column, models.TextField)
            self.fields[prompt] = forms.CharField(
                label=column.verbose_name,
                required=False,
                max_length=MAX_REFLECTION_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields([*REFLECTION_PROMPTS, "shared"])
