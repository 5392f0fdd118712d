"""The form of a survey, built from its instrument: one field per item, in the respondent's
language and, when they read easy-read, in its easy-read wording."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput
from lotsa.errors import DomainError
from lotsa.pathways.definitions.registry import registry
from lotsa.surveys.answers import (
    LONGEST_TEXT_ANSWER,
    CheckedAnswers,
    ItemAnswer,
    check_answers,
    field_name,
)
from lotsa.surveys.instruments import CHOICES, Instrument, Item, current_instrument

OTHER_SUFFIX = "_other"


class SurveyForm(forms.Form):
    def __init__(self, instrument: Instrument, *args: Any, easy_read: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.easy_read = easy_read
        for item in instrument.items:
            name = field_name(item)
            self.fields[name] = self._field(item)
            if item.kind == CHOICES and item.other:
                self.fields[name + OTHER_SUFFIX] = forms.CharField(
                    label=_("Other, what?"), required=False, max_length=LONGEST_TEXT_ANSWER
                )

    def _field(self, item: Item) -> forms.Field:
        label = str(item.easy if self.easy_read else item.text)
        # Required-ness is checked by check_answers, so a screening "no" can free the rest.
        if item.scale is not None:
            labels = item.scale.easy if self.easy_read else item.scale.labels
            return forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[
                    (value, str(text))
                    for value, text in zip(item.scale.values, labels, strict=True)
                ],
                widget=forms.RadioSelect,
            )
        if item.kind == CHOICES:
            choices = [
                (choice.code, str(choice.easy if self.easy_read else choice.text))
                for choice in item.choices
            ]
            if item.multiple:
                return forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                )
            return forms.ChoiceField(
                label=label, required=False, choices=choices, widget=forms.RadioSelect
            )
        return forms.CharField(
            label=label,
            required=False,
            max_length=LONGEST_TEXT_ANSWER,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def required_items(self) -> set[str]:
        return {field_name(item) for item in self.instrument.items if item.required}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers: dict[str, ItemAnswer] = {}
        for item in self.instrument.items:
            raw = cleaned.get(field_name(item))
            if item.scale is not None:
                answers[item.code] = ItemAnswer(value=raw)
            elif item.kind == CHOICES:
                chosen = tuple(raw or ()) if item.multiple else ((raw,) if raw else ())
                other = cleaned.get(field_name(item) + OTHER_SUFFIX, "") or ""
                answers[item.code] = ItemAnswer(choices=chosen, other=other.strip())
            else:
                answers[item.code] = ItemAnswer(text=(raw or "").strip())
        try:
            self.checked = check_answers(self.instrument, answers)
        except DomainError as error:
            for name, messages in error.errors.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    @property
    def answers(self) -> CheckedAnswers:
        return self.checked


# ------------------------------------------------------------------ a paper survey typed in


def scheduled_waves() -> list[tuple[str, str]]:
    """Every wave the programme models schedule, as ``instrument:wave`` with its name."""
    named: dict[str, str] = {}
    for programme in registry().programmes.values():
        for wave in programme.survey_waves:
            instrument = current_instrument(wave.instrument)
            named.setdefault(f"{wave.instrument}:{wave.wave}", f"{instrument.name} – {wave.name}")
    return sorted(named.items(), key=lambda choice: choice[1])


class PaperWaveForm(forms.Form):
    """Which survey, and which time of it, the paper is."""

    survey = forms.ChoiceField(label=_("Survey and time"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].choices = [("", _("Choose…")), *scheduled_waves()]  # type: ignore[attr-defined]

    @property
    def chosen(self) -> tuple[Instrument, str]:
        code, wave = self.cleaned_data["survey"].split(":")
        return current_instrument(code), wave


class PaperEntryForm(forms.Form):
    """The survey ID written on the paper and the day it was answered."""

    code = forms.CharField(
        label=_("Survey ID on the paper"),
        max_length=20,
        widget=forms.TextInput({"autocomplete": "off"}),
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
