"""Long lists of plain elements, built in Python.

Rendering a select of several hundred options through a template loop costs more than the
figures of a report page; these tags build the same markup in one pass, escaped as templates are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any, bool]]) -> SafeString:
    """<option> elements of (value, label, selected) triples."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if selected else "", label) for value, label, selected in choices),
    )
