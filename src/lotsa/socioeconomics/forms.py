"""Forms of the socioeconomic pages: a unit's programme cost, a copy of a parameter set, and the
values of a copy (one field per number of the set, its provenance beside it)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotsa.organisations.models import Organisation
from lotsa.socioeconomics.costs import SPLIT_PRESETS, cost_payers
from lotsa.socioeconomics.models import CostBasis, UnitProgrammeCost
from lotsa.socioeconomics.names import STATUS_NAMES, column_name, state_name
from lotsa.socioeconomics.parameter_set import ParameterSet, SourcedValue, sourced_values
from lotsa.socioeconomics.services import CostDetails

SPLIT_PREFIX = "split."


class CostForm(forms.Form):
    """A version of a unit's programme cost. The split is a field per payer of the country;
    a preset, when chosen, fills them all."""

    year = forms.IntegerField(label=_("Year"))
    basis = forms.ChoiceField(
        label=_("The cost is given as"), choices=CostBasis.choices, widget=forms.RadioSelect
    )
    budget = forms.DecimalField(label=_("Budget"), required=False, max_digits=14, decimal_places=2)
    volume = forms.IntegerField(
        label=_("Participants served or place-years bought"),
        required=False,
        help_text=_("Participants for a cost per participant, place-years for one per place."),
    )
    cost_per_participant = forms.DecimalField(
        label=_("Cost per participant"), required=False, max_digits=12, decimal_places=2
    )
    preset = forms.ChoiceField(label=_("Split as"), required=False)
    includes = forms.CharField(
        label=_("What the cost includes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For instance staff, premises and a share of overhead."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the figures come from: the budget decision, the annual accounts."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, country: str, cost: UnitProgrammeCost | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.payers = cost_payers(country)
        self.presets = {code: shares for code, _name, shares in SPLIT_PRESETS.get(country, ())}
        preset = self.fields["preset"]
        assert isinstance(preset, forms.ChoiceField)
        preset.choices = [
            ("", _("The shares below")),
            *((code, name) for code, name, _shares in SPLIT_PRESETS.get(country, ())),
        ]
        for payer in self.payers:
            self.fields[SPLIT_PREFIX + payer] = forms.DecimalField(
                label=column_name(payer),
                required=False,
                min_value=None,
                max_digits=7,
                decimal_places=6,
                help_text=pgettext_lazy("cost split", "Share between 0 and 1"),
            )
        if cost is not None:
            del self.fields["year"]
            self.initial = {
                "basis": cost.basis,
                "budget": cost.budget,
                "volume": cost.volume,
                "cost_per_participant": cost.cost_per_participant,
                "includes": cost.includes,
                "source": cost.source,
                "version": cost.version,
                **{SPLIT_PREFIX + payer: share for payer, share in cost.shares.items()},
            }

    def split_fields(self) -> list[forms.BoundField]:
        return [self[SPLIT_PREFIX + payer] for payer in self.payers]

    def details(self) -> CostDetails:
        data = self.cleaned_data
        split = self.presets.get(data.get("preset") or "") or {
            payer: data[SPLIT_PREFIX + payer]
            for payer in self.payers
            if data.get(SPLIT_PREFIX + payer) is not None
        }
        return CostDetails(
            basis=data["basis"],
            split=split,
            budget=data["budget"],
            volume=data["volume"],
            cost_per_participant=data["cost_per_participant"],
            includes=data["includes"],
            source=data["source"],
        )

    @property
    def error_fields(self) -> dict[str, str]:
        """Where a refusal of the split goes: on the first payer's share."""
        return {"split": SPLIT_PREFIX + self.payers[0]} if self.payers else {}


class CopyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    set_id = forms.ChoiceField(label=_("Copy of"))
    name = forms.CharField(label=_("Name of the copy"), max_length=200)

    def __init__(
        self,
        *args: Any,
        organisations: Iterable[Organisation],
        shipped: Iterable[ParameterSet],
        titles: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        set_id = self.fields["set_id"]
        assert isinstance(set_id, forms.ChoiceField)
        set_id.choices = [(p.id, titles[p.id]) for p in shipped]


# The numbers of a set by what they are, for their labels.
VALUE_NAMES = {
    "benefit": pgettext_lazy("parameter value", "Benefit per month"),
    "weeks_on_benefit": pgettext_lazy("parameter value", "Weeks on benefit"),
    "wage": pgettext_lazy("parameter value", "Wage per month"),
    "employer_contribution": pgettext_lazy("parameter value", "Employer's contributions (rate)"),
    "wage_subsidy": pgettext_lazy("parameter value", "Wage subsidy per month"),
    "benefit_payers": pgettext_lazy("parameter value", "Who pays the benefit"),
    "benefit_tax": pgettext_lazy("parameter value", "Tax on the benefit"),
    "wage_tax": pgettext_lazy("parameter value", "Tax on the wage"),
    "services": pgettext_lazy("parameter value", "Services used per month"),
    "labour_market_contribution": pgettext_lazy("parameter value", "AM-bidrag (rate)"),
    "personal_allowance_yearly": pgettext_lazy("parameter value", "Personfradrag per year"),
    "municipal_tax": pgettext_lazy("parameter value", "Kommuneskat (rate)"),
    "bottom_tax": pgettext_lazy("parameter value", "Bundskat (rate)"),
    "refusion": pgettext_lazy("parameter value", "Refusion: the state's share, step"),
    "discount": pgettext_lazy("parameter value", "Discount rate"),
    "horizon_years": pgettext_lazy("parameter value", "Horizon (years)"),
    "displacement": pgettext_lazy("parameter value", "Displacement (share)"),
    "equalisation": pgettext_lazy("parameter value", "Equalisation: share kept locally"),
}


def value_label(key: str) -> str:
    """``states.arbete_heltid.wage_tax.shares.kommun`` → "Tax on the wage: Municipality"."""
    parts = key.split(".")
    if parts[0] == "states":
        name = parts[2]
        label = str(VALUE_NAMES.get(name, name))
        if name == "services" or "shares" in parts:
            label = f"{label}: {column_name(parts[-1])}"
        return label
    head = parts[0] if parts[0] != "income_tax" else parts[1]
    label = str(VALUE_NAMES.get(head, key))
    if "[" in key and parts[0] in ("refusion", "discount"):
        label = f"{label} {int(key.split('[')[1].split(']')[0]) + 1}"
    return label


def group_of(key: str) -> str:
    parts = key.split(".")
    return state_name(parts[1]) if parts[0] == "states" else ""


def provenance_text(value: SourcedValue, sources: dict[str, str]) -> str:
    provenance = value.provenance
    parts = [str(STATUS_NAMES.get(provenance.status, provenance.status))]
    if provenance.source:
        parts.append(f"{provenance.source}: {sources.get(provenance.source, '')}")
    if provenance.year:
        parts.append(str(provenance.year))
    if value.unit:
        parts.append(value.unit)
    if provenance.note:
        parts.append(provenance.note)
    return " · ".join(parts)


class AdjustForm(forms.Form):
    """Every number of a copy, each with its provenance; the organisation changes any of them."""

    note = forms.CharField(
        label=_("Why the values are changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the values you change, as their source."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, parameters: ParameterSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: dict[str, list[str]] = {}
        sources = dict(parameters.sources)
        for value in sourced_values(parameters):
            self.fields[value.key] = forms.DecimalField(
                label=value_label(value.key),
                initial=value.value,
                max_digits=16,
                decimal_places=6,
                help_text=provenance_text(value, sources),
            )
            self.groups.setdefault(group_of(value.key), []).append(value.key)
        self.fields["version"].initial = parameters.version

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(name, [self[key] for key in keys]) for name, keys in self.groups.items()]

    def values(self) -> dict[str, Decimal]:
        return {key: self.cleaned_data[key] for keys in self.groups.values() for key in keys}
