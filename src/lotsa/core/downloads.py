"""Files a page hands out: PDF documents rendered from templates, and spreadsheets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    """A response the browser saves as a file of that name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def pdf_of(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    """The template rendered as a PDF document."""
    from weasyprint import HTML  # loaded on demand: it is slow to import

    return HTML(string=render_to_string(template, context, request=request)).write_pdf()
