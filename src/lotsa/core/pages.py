"""The one way an HTML form page saves (validate, call the service, then go on or show errors),
and the page of a case action's empty form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.forms import add_domain_errors
from lotsa.errors import DomainError


def form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    template: str,
    context: dict[str, Any],
    message: str,
    done: Callable[[Any], str],
) -> HttpResponse:
    """On a valid POST let ``save`` (a service call) run and redirect to ``done(saved)``.

    A refusal from the service is shown next to the fields it names, with status 400, and is
    passed to the template as ``refusal`` (a duplicate participant carries ``existing_id``).
    """
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
            refusal = error
        else:
            messages.success(request, message)
            return redirect(done(saved))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form, "refusal": refusal}, status=status)


def local_next(request: HttpRequest, fallback: str) -> str:
    """The page a form asks to go back to, if it is a path on this site; else ``fallback``.

    Taken as is, a ``next`` field would let a crafted link send a signed-in user elsewhere."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts=None, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def action_form_page(
    request: AuthenticatedHttpRequest,
    enrolment: Any,
    form: forms.Form,
    title: str | Promise,
    *,
    status: int = 200,
    in_dialog: bool = False,
    next_url: str = "",
) -> HttpResponse:
    """The form of an action on a case (an enrolment): a fragment when the case page opens
    the action (the page itself carries no forms, which keeps it quick), else a page of its own,
    for browsers without scripts. The page of its own records a view of the case; the fragment
    only when no view of the case page covers it (``access.record_case_form_opened``). A
    fragment ``in_dialog`` posts itself with htmx and is replaced by the answer, so a dialog
    keeps its field errors; ``next_url`` is where the form returns to once saved."""
    fragment = bool(request.headers.get("HX-Request"))
    if fragment:
        template = "core/_action_form.html"
        access.record_case_form_opened(request.user, enrolment)
    else:
        template = "core/action_page.html"
        access.record_case_view(request.user, enrolment)
    context = {
        "enrolment": enrolment,
        "participant": enrolment.participant,
        "form": form,
        "action": request.path,
        "title": title,
        "in_dialog": in_dialog and fragment,
        "next": next_url,
    }
    return render(request, template, context, status=status)


View = Callable[..., HttpResponse]


def administrators_only(view: View) -> View:
    """A page only administrators may open: 403 for everyone else, audited by ``access``."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def checked(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access.require(request.user, access.Action.ADMINISTER)
        return view(request, *args, **kwargs)

    return checked
