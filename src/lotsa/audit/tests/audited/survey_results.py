"""The rows of survey results: the results page, its exports and the response-level export,
each audited naming no participant (the results are about survey IDs)."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one
from lotsa.surveys.queries import results as survey_results


def _results(w: World) -> Call:
    return Call({"user": w.personas.coordinator, "params": {}, "today": TODAY})


SURVEY_RESULT_READS: list[Case] = [
    one(survey_results.survey_results_for, E.SURVEY_RESULTS_VIEWED, _results, "page"),
    one(
        survey_results.survey_results_for,
        E.SURVEY_RESULTS_EXPORTED,
        lambda w: Call(_results(w).kwargs | {"exported_as": "xlsx"}),
        "export",
    ),
    one(
        survey_results.responses_for_export,
        E.SURVEY_RESULTS_EXPORTED,
        lambda w: Call(_results(w).kwargs | {"exported_as": "csv"}),
    ),
]
