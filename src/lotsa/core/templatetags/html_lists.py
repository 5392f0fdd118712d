"""Long lists of plain elements, built in Python.

Rendering a select of several hundred options through a template loop costs more than the
figures of a report page; these tags build the same markup in one pass, escaped as templates are.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def escaped(value: Any) -> str:
    """``value`` as template output writes it: its own markup if it is safe, else escaped.

    The same as Django's ``conditional_escape`` without its per-call wrappers, which cost more
    than the escaping on a page of a thousand cells."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def markup(pieces: Iterable[str]) -> SafeString:
    """Pieces of markup joined, each built with every value in it passed through ``escaped``."""
    return mark_safe("".join(pieces))  # noqa: S308 - the values in the pieces are escaped


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any, bool]]) -> SafeString:
    """<option> elements of (value, label, selected) triples."""
    return markup(
        f'<option value="{escaped(value)}"{" selected" if selected else ""}>'
        f"{escaped(label)}</option>"
        for value, label, selected in choices
    )


@register.simple_tag
def table_rows(rows: Iterable[Iterable[tuple[Any, bool]]]) -> SafeString:
    """<tr> elements of rows of (value, is a number) cells; numbers are aligned as figures."""
    return markup(
        "<tr>"
        + "".join(
            f'<td class="number">{escaped(value)}</td>' if number else f"<td>{escaped(value)}</td>"
            for value, number in row
        )
        + "</tr>"
        for row in rows
    )
