"""The ``programme_name`` filter, loaded on every template (``TEMPLATES`` builtins)."""

from __future__ import annotations

from django import template

from lotsa.pathways.definitions.registry import programme_name as name_of_programme

register = template.Library()


@register.filter
def programme_name(code: str) -> str:
    """{{ enrolment.programme_model|programme_name }} → "IPS – individanpassat stöd till arbete":
    pages name a programme model, never show its code."""
    return name_of_programme(code)
