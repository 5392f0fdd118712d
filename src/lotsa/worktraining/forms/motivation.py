from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput
from lotsa.worktraining.models import Stage, Tool
from lotsa.worktraining.models.motivation import RULER_MAX, RULER_MIN
from lotsa.worktraining.services.motivation import MotivationInput


def _today(form: forms.Form, *names: str) -> None:
    for name in names:
        form.fields[name].initial = timezone.localdate()


class TargetBehaviourForm(forms.Form):
    problem = forms.CharField(
        label=_("Problem"), max_length=300, help_text=_("E.g. poor attendance.")
    )
    behaviour = forms.CharField(
        label=_("Target behaviour"),
        max_length=300,
        help_text=_("What the participant would do instead, e.g. attend every day."),
    )
    day = forms.DateField(label=_("Identified on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _today(self, "day")


# The ruler's two questions share their scale.
RULER: dict[str, Any] = {
    "required": False,
    "min_value": RULER_MIN,
    "max_value": RULER_MAX,
    # Formatted when shown, in the reader's language.
    "help_text": lazy(
        lambda: (
            gettext("From %(low)s to %(high)s, as the participant puts it.")
            % {"low": RULER_MIN, "high": RULER_MAX}
        ),
        str,
    )(),
}


class MotivationForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    stage = forms.ChoiceField(
        label=_("Stage of the motivation wheel"),
        choices=Stage.choices,
        widget=forms.RadioSelect,
        help_text=_("For this behaviour only, as it stands now."),
    )
    tool = forms.ChoiceField(
        label=_("MI tool used"), choices=[("", "—"), *Tool.choices], required=False
    )
    importance = forms.IntegerField(label=_("Ruler: how important is the change?"), **RULER)
    confidence = forms.IntegerField(
        label=_("Ruler: how confident is the participant of managing it?"), **RULER
    )
    sbk_situation = forms.CharField(
        label=_("SBK: situations that trigger the behaviour"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sbk_behaviour = forms.CharField(
        label=_("SBK: the behaviour"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sbk_consequence = forms.CharField(
        label=_("SBK: consequences that reinforce the behaviour we want"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _today(self, "assessed_on")

    def values(self) -> MotivationInput:
        return MotivationInput(**{name: self.cleaned_data[name] for name in self.fields})


class ActionPlanForm(forms.Form):
    made_on = forms.DateField(label=_("Date"), widget=DateInput())
    steps = forms.CharField(
        label=_("Steps"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Concrete and realistic steps the participant chose."),
    )
    confirm = forms.BooleanField(
        label=_("Make the plan although the latest stage is precontemplation"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _today(self, "made_on")
