"""The staff side of surveys, under /surveys/."""

from django.urls import URLPattern, path

from lotsa.surveys.views import answering, coordination, results

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    # Answering: a paper survey typed in by staff.
    path("paper/", answering.paper_entry, name="paper"),
    # The coordinator's survey IDs and the key; rounds, links and staff answers; findings.
    path("", coordination.index, name="index"),
    path("ids/", coordination.survey_ids, name="ids"),
    path("ids/<int:survey_id_pk>/", coordination.survey_key, name="key"),
    path("ids/<int:survey_id_pk>/slip/", coordination.survey_id_slip, name="slip"),
    path("rounds/unit/<int:unit_id>/", coordination.unit_rounds, name="rounds"),
    path("rounds/<int:round_id>/", coordination.round_page, name="round"),
    path("rounds/<int:round_id>/answer/", coordination.answer_round, name="answer_round"),
    path("findings/unit/<int:unit_id>/", coordination.unit_findings, name="findings"),
    path(
        "findings/unit/<int:unit_id>/focus-group/",
        coordination.new_focus_group,
        name="new_focus_group",
    ),
    path("findings/<int:finding_id>/", coordination.finding_page, name="finding"),
    # Results and their exports.
    path("results/", results.results_page, name="results"),
    path("results/results.pdf", results.results_pdf, name="results-pdf"),
    path("results/results.xlsx", results.results_xlsx, name="results-xlsx"),
    path("results/responses.xlsx", results.responses_xlsx, name="responses-xlsx"),
    path("results/responses.csv", results.responses_csv, name="responses-csv"),
]
