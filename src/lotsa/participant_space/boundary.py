"""The line between the participant's own space and the staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

# What a participant's session may reach besides their own space: signing out, passkeys and
# the other sign-in steps, the language switch, and the public pages.
PARTICIPANT_PATHS = ("/me/", "/accounts/", "/i18n/", "/about/", "/static/")
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
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not getattr(request.user, "is_participant", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
