"""The socioeconomic pages, under /socioeconomics/."""

from django.urls import URLPattern, path

from lotsa.socioeconomics.views import costs, parameters, report

app_name = "socioeconomics"

urlpatterns: list[URLPattern] = [
    # The value of a scope's outcomes, computed anew on every request; what-if changes are
    # never saved.
    path("report/", report.report_page, name="report"),
    path("report/report.xlsx", report.export_xlsx, name="report-xlsx"),
    path("report/report.pdf", report.export_pdf, name="report-pdf"),
    # A unit's programme costs, year by year, each kept in versions.
    path("costs/units/<int:unit_id>/", costs.unit_costs, name="costs"),
    path("costs/units/<int:unit_id>/new/", costs.cost_create, name="cost-create"),
    path("costs/<int:cost_id>/", costs.cost_page, name="cost"),
    path("costs/<int:cost_id>/edit/", costs.cost_edit, name="cost-edit"),
    # The shipped parameter sets and the organisations' copies of them.
    path("parameters/", parameters.parameter_set_list, name="parameter-sets"),
    path("parameters/copy/", parameters.copy_create, name="copy-create"),
    path("parameters/copies/<int:copy_id>/", parameters.copy_page, name="copy"),
    path("parameters/copies/<int:copy_id>/edit/", parameters.copy_edit, name="copy-edit"),
]
