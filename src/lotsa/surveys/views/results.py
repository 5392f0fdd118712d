"""Survey result pages: the results of one survey version for the units and period chosen, as a
page, PDF and XLSX, and the response-level export. Bad choices answer 400 with the form and the
errors next to their fields."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core import spreadsheets
from lotsa.core.downloads import PDF, XLSX, download, pdf_of
from lotsa.errors import DomainError
from lotsa.outcomes import scope
from lotsa.surveys import exports, instruments
from lotsa.surveys.queries import results as queries
from lotsa.surveys.results import SurveyResults

FILTER_KEYS = (
    "instrument",
    "version",
    "quarter",
    "start",
    "end",
    "unit",
    "organisation",
    "country",
)


def _params(request: AuthenticatedHttpRequest) -> dict[str, str]:
    return {key: request.GET[key] for key in FILTER_KEYS if request.GET.get(key, "").strip()}


def _form(request: AuthenticatedHttpRequest, errors: dict[str, Any]) -> dict[str, Any]:
    params = _params(request)
    chosen = params.get("instrument", "")
    installed = sorted(instruments.instruments())
    return {
        "errors": errors,
        "instrument_options": [
            (each.code, str(each.name), each.code == chosen)
            for each in instruments.current_instruments()
        ],
        "version_options": [
            (version, version, str(version) == params.get("version"))
            for code, version in installed
            if code == chosen
        ],
        **scope.filter_choices(request.user, None, params, queries.ACTION),
    }


def _refused(request: AuthenticatedHttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "surveys/results.html", _form(request, error.errors), status=400)


def _with_results(
    exported_as: str,
) -> Callable[
    [Callable[[AuthenticatedHttpRequest, SurveyResults], HttpResponse]],
    Callable[[AuthenticatedHttpRequest], HttpResponse],
]:
    """A signed-in GET of the results (audited as a view, or as an export ``exported_as``)."""

    def decorate(
        page: Callable[[AuthenticatedHttpRequest, SurveyResults], HttpResponse],
    ) -> Callable[[AuthenticatedHttpRequest], HttpResponse]:
        @login_required
        @require_GET
        @wraps(page)
        def wrapped(request: AuthenticatedHttpRequest) -> HttpResponse:
            try:
                results = queries.survey_results_for(
                    request.user, _params(request), timezone.localdate(), exported_as=exported_as
                )
            except DomainError as error:
                return _refused(request, error)
            return page(request, results)

        return wrapped

    return decorate


def _context(request: AuthenticatedHttpRequest, results: SurveyResults) -> dict[str, Any]:
    params = _params(request) | {
        "instrument": results.instrument.code,
        "version": str(results.instrument.version),
        "start": results.period.start.isoformat(),
        "end": results.period.end.isoformat(),
    }
    params.pop("quarter", None)
    return {
        "results": results,
        "query": urlencode(params),
        **_form(request, {}),
    }


@_with_results("")
def results_page(request: AuthenticatedHttpRequest, results: SurveyResults) -> HttpResponse:
    return render(request, "surveys/results.html", _context(request, results))


@_with_results("pdf")
def results_pdf(request: AuthenticatedHttpRequest, results: SurveyResults) -> HttpResponse:
    content = pdf_of(request, "surveys/results_pdf.html", _context(request, results))
    return download(content, PDF, f"lotsa-survey-{results.instrument.code}.pdf")


@_with_results("xlsx")
def results_xlsx(request: AuthenticatedHttpRequest, results: SurveyResults) -> HttpResponse:
    return download(exports.as_xlsx(results), XLSX, f"lotsa-survey-{results.instrument.code}.xlsx")


def _responses(request: AuthenticatedHttpRequest, kind: str) -> HttpResponseBase:
    try:
        header, lines = queries.responses_for_export(
            request.user, _params(request), timezone.localdate(), exported_as=kind
        )
    except DomainError as error:
        return _refused(request, error)
    name = f"lotsa-survey-responses.{kind}"
    if kind == "xlsx":
        return download(spreadsheets.xlsx([(_("Responses"), [header, *lines])]), XLSX, name)
    stream = spreadsheets.csv_blocks([header, *lines])
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def responses_xlsx(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    return _responses(request, "xlsx")


@login_required
@require_GET
def responses_csv(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    return _responses(request, "csv")
