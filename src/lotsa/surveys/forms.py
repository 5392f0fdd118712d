"""The form of a survey, built from its instrument: one field per item, in the respondent's
language and, when they read easy-read, in its easy-read wording."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.core.forms import DateInput, field_of
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
from lotsa.surveys.models import FindingCategory, FocusGroup, SurveyRound
from lotsa.surveys.services.rounds import MOST_LINKS_AT_ONCE, round_instruments

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


# ------------------------------------------------------------------ coordination: IDs, rounds,
# findings


class IssueSurveyIdForm(forms.Form):
    enrolment = forms.IntegerField(widget=forms.HiddenInput)


class RoundForm(forms.Form):
    instrument_code = forms.ChoiceField(label=_("Survey"))
    title = forms.CharField(label=_("Title"), max_length=120)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    invited = forms.IntegerField(
        label=_("Number asked"),
        min_value=1,
        help_text=_("How many were asked to answer: the response rate is counted from it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "instrument_code", forms.ChoiceField).choices = [
            (survey.code, str(survey.name)) for survey in round_instruments()
        ]


class LinksForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of links"), min_value=1, max_value=MOST_LINKS_AT_ONCE
    )


class FocusGroupForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    sessions = forms.IntegerField(label=_("Number of sessions"), min_value=1, initial=1)
    hours = forms.DecimalField(
        label=_("Hours in all"), min_value=Decimal("0.1"), max_digits=5, decimal_places=1
    )
    moderator = forms.CharField(label=_("Moderator"), max_length=120)
    participant_groups = forms.CharField(
        label=_("Groups taking part"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Which groups of users took part and which were left out. Never write names or "
            "anything else about a person."
        ),
    )
    themes = forms.CharField(
        label=_("Themes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


NO_PERSONAL_DATA = _(
    "Describe the service, never a participant: a finding holds no personal data about anyone."
)


class FindingForm(forms.Form):
    text = forms.CharField(
        label=_("Finding"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_PERSONAL_DATA,
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=FindingCategory.choices, widget=forms.RadioSelect
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_PERSONAL_DATA,
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DateInput())
    survey_round = forms.ModelChoiceField(
        label=_("From the survey round"), queryset=SurveyRound.objects.none(), required=False
    )
    focus_group = forms.ModelChoiceField(
        label=_("From the focus group"), queryset=FocusGroup.objects.none(), required=False
    )
    source_note = forms.CharField(
        label=_("Other source"),
        required=False,
        max_length=200,
        help_text=_("For instance the results of a survey."),
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[User],
        rounds: QuerySet[SurveyRound],
        focus_groups: QuerySet[FocusGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        owner = field_of(self, "owner", forms.ModelChoiceField)
        owner.queryset = owners
        owner.label_from_instance = lambda user: user.get_full_name() or user.username  # type: ignore[assignment]  # per-field labels; the stubs expect a method
        field_of(self, "survey_round", forms.ModelChoiceField).queryset = rounds
        field_of(self, "focus_group", forms.ModelChoiceField).queryset = focus_groups


class FindingReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Workplace meeting on"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_PERSONAL_DATA,
    )
    done = forms.BooleanField(label=_("The finding is dealt with"), required=False)
    next_follow_up_on = forms.DateField(
        label=_("Next follow-up"), widget=DateInput(), required=False
    )
