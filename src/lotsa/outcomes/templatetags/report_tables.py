"""The body of a report table, built in Python: a national report has hundreds of cells, and a
template loop spent longer on them than the database spent computing them."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from lotsa.core.templatetags.html_lists import escaped, markup
from lotsa.outcomes.tables import Cell, Table

register = template.Library()


def _cell(cell: Cell, drill: bool) -> str:
    if drill and cell.href:
        return f'<td class="number"><a href="{escaped(cell.href)}">{escaped(cell.text)}</a></td>'
    return f'<td class="number">{escaped(cell.text)}</td>'


@register.simple_tag
def table_rows(table: Table, drill: bool) -> SafeString:
    """One row per figure: its name, then a cell per group; counts link to their records when
    ``drill`` is set."""
    return markup(
        f'<tr><th scope="row">{escaped(row.metric.name)}</th>'
        + "".join(_cell(cell, drill) for cell in row.cells)
        + "</tr>"
        for row in table.rows
    )
