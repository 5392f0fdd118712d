"""Helpers shared by the apps' forms."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.errors import DomainError

FieldT = TypeVar("FieldT", bound=forms.Field)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DayForm(forms.Form):
    """The day something happened, today unless told otherwise."""

    day = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class EditForm(forms.Form):
    """A form that changes a record in place. It carries the record's version from when the
    form was opened, and the service refuses the change if someone saved another since; a
    form that makes a new record leaves it blank."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def record_values(self) -> dict[str, Any]:
        """The cleaned values of the record's own fields, its version apart."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field of that name, as the kind of field it was declared as, to set what is
    known only once the form is made (a queryset, choices)."""
    field = form.fields[name]
    assert isinstance(field, kind)
    return field


def add_domain_errors(
    form: forms.Form, error: DomainError, *, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's refusal next to the fields it names (unknown fields go on top)."""
    field_map = field_map or {}
    for field, messages in error.errors.items():
        name = field_map.get(field, field)
        # A hidden field (the version a form was opened at) has no place to show an error.
        shown = name in form.fields and not form.fields[name].widget.is_hidden
        for message in messages:
            form.add_error(name if shown else None, message)
