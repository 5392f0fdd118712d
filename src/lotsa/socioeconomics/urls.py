"""The socioeconomic pages under /socioeconomics/."""

from __future__ import annotations

from django.urls import path

from lotsa.socioeconomics.views import report

app_name = "socioeconomics"

urlpatterns = [
    path("report/", report.report_page, name="report"),
    path("report/report.xlsx", report.export_xlsx, name="report-xlsx"),
    path("report/report.pdf", report.export_pdf, name="report-pdf"),
]
