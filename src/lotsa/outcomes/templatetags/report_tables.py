"""The body of a report table, built in Python: a national report has hundreds of cells, and a
template loop spent longer on them than the database spent computing them."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lotsa.outcomes.queries import Cell, Table

register = template.Library()


def _cell(cell: Cell, drill: bool) -> SafeString:
    if drill and cell.href:
        return format_html('<td class="number"><a href="{}">{}</a></td>', cell.href, cell.text)
    return format_html('<td class="number">{}</td>', cell.text)


@register.simple_tag
def table_rows(table: Table, drill: bool) -> SafeString:
    """One row per figure: its name, then a cell per group; counts link to their records when
    ``drill`` is set."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (row.metric.name, format_html_join("", "{}", ((_cell(c, drill),) for c in row.cells)))
            for row in table.rows
        ),
    )
