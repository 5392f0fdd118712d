from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotsa.accounts.models import User
from lotsa.accounts.sign_in_method import sign_in_method
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError, NotFound
from lotsa.participant_space import queries, services
from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.forms import SignForm
from lotsa.participant_space.reading import choose_easy_read
from lotsa.timereports.forms import MonthHoursForm
from lotsa.timereports.models import TimeReport


@require_POST
@participant_required
def reading(request: HttpRequest) -> HttpResponse:
    """Switch between the usual text and easy-read, and come back to the same page."""
    choose_easy_read(request, request.POST.get("easy") == "1")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/me/"):
        target = "/me/"
    return redirect(target)


# ------------------------------------------------------------------ my cases, plan, meetings, jobs


def _participant(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page(template: str, read: Callable[[User], dict[str, Any]]) -> Callable[..., HttpResponse]:
    @participant_required
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, f"participant_space/{template}.html", read(_participant(request)))

    return view


home = _page("home", queries.home_for)
meetings = _page("meetings", queries.meetings_for)
contact_persons = _page("contact_persons", queries.contact_persons_for)
jobs = _page("jobs", queries.jobs_for)
time_reports = _page("time_reports", queries.time_report_months_for)
plan = _page("plan", queries.plans_for)


def _signed(
    request: HttpRequest,
    form: SignForm,
    sign: Callable[[str], Any],
    refused_page: Callable[[list[str]], HttpResponse],
    done: str,
) -> HttpResponse:
    """Sign what the page showed; a changed version is refused (409) and the page shown again
    with the new version and the reason."""
    status = 400
    if form.is_valid():
        try:
            sign(form.cleaned_data["content_hash"])
        except DomainError as error:
            add_domain_errors(form, error)
            status = 409 if isinstance(error, services.VersionChanged) else 400
        else:
            messages.success(request, _("You have signed."))
            return redirect(done)
    else:
        form.add_error(None, _("The page did not say what you sign. Open it again and sign."))
    response = refused_page([str(e) for errors in form.errors.values() for e in errors])
    response.status_code = status
    return response


@require_POST
@participant_required
def sign_plan(request: HttpRequest, revision_id: int) -> HttpResponse:
    user = _participant(request)
    revision = queries.get_own_plan_revision(user, revision_id)
    form = SignForm(request.POST)
    return _signed(
        request,
        form,
        lambda shown: services.sign_plan(
            actor=user,
            revision=revision,
            shown_hash=shown,
            sign_in_method=sign_in_method(request),
        ),
        lambda errors: render(
            request,
            "participant_space/plan.html",
            queries.plans_for(user) | {"sign_errors": errors, "refused_revision": revision.pk},
        ),
        reverse("me:plan"),
    )


def _month(raw: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 - a month, no time
    except ValueError:
        raise NotFound("month") from None


@participant_required
@require_http_methods(["GET", "POST"])
def time_report_month(request: HttpRequest, enrolment_id: int, month: str) -> HttpResponse:
    """My hours of one month, week by week: entered, saved, then submitted."""
    user = _participant(request)
    enrolment, programme = queries.get_own_report_month(user, enrolment_id, _month(month))
    shown = queries.report_month_for(user, enrolment, programme, _month(month))
    form = MonthHoursForm(
        request.POST or None,
        weeks=shown["weeks"],
        most_in_a_week=services.MOST_OWN_HOURS_IN_A_WEEK,
        initial={"note": shown["report"].note if shown["report"] else ""},
    )
    here = reverse("me:time-report", args=[enrolment.pk, month])
    return form_page(
        request,
        form,
        lambda data: services.save_own_time_report(
            actor=user,
            enrolment=enrolment,
            month=_month(month),
            weeks=form.hours(),
            note=data["note"],
        ),
        template="participant_space/time_report.html",
        context=shown,
        message=_("Your hours are saved. Submit the month when it is complete."),
        done=lambda _report: here,
    )


@require_POST
@participant_required
def submit_time_report(request: HttpRequest, enrolment_id: int, month: str) -> HttpResponse:
    user = _participant(request)
    enrolment, programme = queries.get_own_report_month(user, enrolment_id, _month(month))
    report = TimeReport.objects.filter(enrolment=enrolment, month=_month(month)).first()
    if report is None:
        raise NotFound("timereports.timereport")
    report.enrolment = enrolment
    form = SignForm(request.POST)

    def page_again(errors: list[str]) -> HttpResponse:
        shown = queries.report_month_for(user, enrolment, programme, _month(month))
        hours = MonthHoursForm(
            weeks=shown["weeks"], most_in_a_week=services.MOST_OWN_HOURS_IN_A_WEEK
        )
        return render(
            request,
            "participant_space/time_report.html",
            shown | {"form": hours, "sign_errors": errors},
        )

    return _signed(
        request,
        form,
        lambda shown: services.submit_time_report(
            actor=user, report=report, shown_hash=shown, sign_in_method=sign_in_method(request)
        ),
        page_again,
        reverse("me:time-report", args=[enrolment.pk, month]),
    )
