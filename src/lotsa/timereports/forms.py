from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, field_of
from lotsa.organisations.models import Organisation, Unit
from lotsa.timereports.queries import WeekLine
from lotsa.timereports.services import MAX_WEEK_HOURS, WeekHours

week_hours_field = partial(
    forms.DecimalField,
    min_value=Decimal(0),
    max_digits=4,
    decimal_places=1,
)


def agency_name(kind: str) -> str:
    return str(Organisation.Kind(kind).label) if kind in Organisation.Kind.values else ""


class MonthHoursForm(forms.Form):
    """The planned and actual hours of each week of one month."""

    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        weeks: list[WeekLine],
        most_in_a_week: Decimal = MAX_WEEK_HOURS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        for number, week in enumerate(weeks, start=1):
            span = f"{week.starts_on:%d/%m}–{week.ends_on:%d/%m}"
            agency = agency_name(week.agency)
            for kind, label, value in (
                ("planned", _("planned hours"), week.planned),
                ("actual", _("actual hours"), week.actual),
            ):
                self.fields[f"{kind}_{number}"] = week_hours_field(
                    label=_("Week %(number)s (%(span)s%(agency)s): %(what)s")
                    % {
                        "number": week.starts_on.isocalendar()[1],
                        "span": span,
                        "agency": f", {agency}" if agency else "",
                        "what": label,
                    },
                    initial=value,
                    max_value=most_in_a_week,
                )
        self.order_fields([*[f for f in self.fields if f != "note"], "note"])

    def hours(self) -> list[WeekHours]:
        data = self.cleaned_data
        return [
            WeekHours(data[f"planned_{n}"], data[f"actual_{n}"])
            for n in range(1, len(self.weeks) + 1)
        ]


class SignForm(forms.Form):
    day = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class DeliveryForm(forms.Form):
    day = forms.DateField(label=_("Sent on"), widget=DateInput())
    sent_to = forms.CharField(
        label=_("Sent to"), max_length=200, help_text=_("E.g. the subproject leader.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class StaffReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m"],
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal(0), max_value=Decimal(744), decimal_places=1
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = field_of(self, "unit", forms.ModelChoiceField)
        unit.queryset = units
        unit.empty_label = None
