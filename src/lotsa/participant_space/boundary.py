"""The line between the participant's own space and the staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.internal.stagekit import clear_login
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lotsa.accounts.adapters import AccountAdapter
from lotsa.participant_space.queries import own_enrolments
from lotsa.participant_space.services import refuse_sign_in_without_enrolment

# What a participant's session may reach besides their own space: signing out, passkeys and
# the other sign-in steps, the language switch, and the public pages (a one-time survey link
# among them: it asks nothing of who answers).
PARTICIPANT_PATHS = ("/me/", "/accounts/", "/i18n/", "/about/", "/static/", "/survey/")
# Staff-only parts of /accounts/ (API tokens, the morning e-mail, the staff password page).
STAFF_ONLY_ACCOUNT_PATHS = ("/accounts/tokens/", "/accounts/reminders/", "/accounts/password/")


class ParticipantBoundaryMiddleware:
    """A participant's session reaches their own space only: the front page leads there, and
    every staff page and the API answer 404, as for anything else that is not theirs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request.user, "is_participant", False):
            if request.path == "/":
                return redirect("me:home")
            if not request.path.startswith(PARTICIPANT_PATHS) or request.path.startswith(
                STAFF_ONLY_ACCOUNT_PATHS
            ):
                raise Http404
        return self.get_response(request)


def participant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the participant's own space: signed in as a participant, or sent to sign in;
    a staff member is answered 404, since the space is not theirs."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(request.user, "is_participant", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class SignInAdapter(AccountAdapter):
    """allauth's account adapter (ACCOUNT_ADAPTER): Lotsa's own, and a participant whose
    account reaches no enrolment (all ended and erased, or the records unlinked) is not let in,
    however they sign in: password, passkey or eID."""

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        refused = super().pre_login(request, user, **kwargs)
        if refused is not None or not getattr(user, "is_participant", False):
            return refused
        if own_enrolments(user).exists():
            return None
        clear_login(request)
        refuse_sign_in_without_enrolment(person=user)
        return render(request, "participant_space/no_enrolment.html", status=403)
