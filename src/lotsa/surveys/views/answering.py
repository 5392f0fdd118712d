"""Answering surveys: staff typing in a paper survey, and the public page of a one-time link.
(The participant answers in their own space, ``participant_space.views``.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa import access
from lotsa.access import Action
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.forms import add_domain_errors
from lotsa.errors import DomainError
from lotsa.surveys.forms import PaperEntryForm, PaperWaveForm, SurveyForm
from lotsa.surveys.queries.answering import LinkRefused, usable_link
from lotsa.surveys.services import responses

# The easy-read choice of someone answering through a link, kept in their session only.
LINK_EASY_READ_KEY = "lotsa_survey_easy_read"


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Type in a survey answered on paper: first which survey and time, then the survey ID on
    the paper, the day and the answers. Saved as entered by staff."""
    access.require(request.user, Action.ENTER_SURVEY_ANSWERS)
    chosen = PaperWaveForm(request.GET if "survey" in request.GET else None)
    if not chosen.is_valid():
        status = 400 if chosen.is_bound else 200
        return render(request, "surveys/paper_entry.html", {"chosen": chosen}, status=status)
    instrument, wave = chosen.chosen
    entry = PaperEntryForm(request.POST or None)
    answers = SurveyForm(instrument, request.POST or None)
    if request.method == "POST" and entry.is_valid() & answers.is_valid():
        try:
            responses.enter_paper_survey(
                actor=request.user,
                code=entry.cleaned_data["code"],
                instrument=instrument,
                wave=wave,
                answered_on=entry.cleaned_data["answered_on"],
                checked=answers.answers,
            )
        except DomainError as error:
            add_domain_errors(entry, error)
        else:
            messages.success(request, _("The paper survey is saved. You can type in the next."))
            return redirect(f"{reverse('surveys:paper')}?survey={chosen.cleaned_data['survey']}")
    return render(
        request,
        "surveys/paper_entry.html",
        {"chosen": chosen, "instrument": instrument, "entry": entry, "form": answers},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """A user survey through a one-time link: no sign-in, nothing kept of who answers. A link
    answered already (or whose round is not open) shows why it cannot be used: 410."""
    try:
        _link, instrument = usable_link(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    if request.method == "POST" and "easy" in request.POST:
        request.session[LINK_EASY_READ_KEY] = request.POST["easy"] == "1"
        return redirect(request.path)
    easy_read = bool(request.session.get(LINK_EASY_READ_KEY, False))
    form = SurveyForm(instrument, request.POST or None, easy_read=easy_read)
    if request.method == "POST" and form.is_valid():
        try:
            responses.answer_by_link(token=token, checked=form.answers)
        except LinkRefused as refused:
            return _refused(request, refused)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            return render(request, "surveys/answer_link_thanks.html", {"easy_read": easy_read})
    return render(
        request,
        "surveys/answer_link.html",
        {"instrument": instrument, "form": form, "easy_read": easy_read},
        status=400 if request.method == "POST" else 200,
    )


def _refused(request: HttpRequest, refused: LinkRefused) -> HttpResponse:
    return render(
        request, "surveys/answer_link_refused.html", {"reason": refused.reason}, status=410
    )
