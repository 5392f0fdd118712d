from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.organisations.models import Organisation
from lotsa.pathways.definitions.registry import registry


class RetentionRuleForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    programme_code = forms.ChoiceField(
        label=_("Programme model"),
        required=False,
        help_text=_("Leave as every programme model for the organisation's general rule."),
    )
    years = forms.IntegerField(
        label=_("Years kept after the case closed"), min_value=1, max_value=100
    )
    keep_research_sample = forms.BooleanField(
        label=_("Keep the records of people born on the 5th, 15th or 25th of a month"),
        required=False,
        help_text=_("The research sample Swedish social services keep instead of erasing."),
    )
    decision = forms.CharField(
        label=_("Decision behind the rule"),
        max_length=200,
        required=False,
        help_text=_("The retention decision or archive rule this follows, for the record."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme_code"].choices = [  # type: ignore[attr-defined]
            ("", _("Every programme model")),
            *registry().choices(),
        ]
