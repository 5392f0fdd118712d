"""The staff side of surveys, under /surveys/."""

from django.urls import URLPattern, path

from lotsa.surveys.views import results

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    # Results and their exports.
    path("results/", results.results_page, name="results"),
    path("results/results.pdf", results.results_pdf, name="results-pdf"),
    path("results/results.xlsx", results.results_xlsx, name="results-xlsx"),
    path("results/responses.xlsx", results.responses_xlsx, name="responses-xlsx"),
    path("results/responses.csv", results.responses_csv, name="responses-csv"),
]
