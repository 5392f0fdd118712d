"""The search form of the register extract."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.people.identity import candidate_numbers

NUMBER_LIKE = re.compile(r"^[0-9+\-\s]+$")


class ExtractSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Identity number or code name"),
        max_length=100,
        help_text=_(
            "A Swedish personnummer or samordningsnummer, a Danish CPR number, or the "
            "code name of an anonymous participant."
        ),
    )

    def clean_q(self) -> str:
        text = " ".join(self.cleaned_data["q"].split())
        if NUMBER_LIKE.match(text) and not candidate_numbers(text):
            raise forms.ValidationError(
                _(
                    "This is not a valid Swedish or Danish identity number: check it for typing "
                    "errors."
                ),
                code="invalid_identity_number",
            )
        return text
