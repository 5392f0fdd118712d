"""The ``requirement_name`` filter: a functional requirement's code in the active language."""

from __future__ import annotations

from django import template

from lotsa.core.choices import choice_label
from lotsa.worktraining.models import FunctionalRequirement

register = template.Library()


@register.filter
def requirement_name(code: str) -> str:
    return str(choice_label(FunctionalRequirement, code))
