"""The second factor: who must have one, and the sign-ins it is asked for.

Roles that reach beyond one unit's cases (organisation-wide administration, management, analysis,
fidelity reviews, register extracts) must add a second factor (an authenticator app's code or a
passkey, with recovery codes) when they sign in with a local password. A sign-in through the
organisation's identity provider is left to that provider, which applies its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.models import User
from lotsa.organisations.models import Membership, Role

SECOND_FACTOR_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.MANAGER,
        Role.ANALYST,
        Role.FIDELITY_REVIEWER,
        Role.RECORDS_OFFICER,
    }
)
# Set at a password sign-in of someone who must add a second factor and has none yet.
PENDING_SESSION_KEY = "lotsa_second_factor_pending"
# Until it is added, only the pages that add it, signing out and the choice of language (in the
# header of those pages) open.
PATHS_WHILE_PENDING = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/i18n/",
)
STRONG_AUTHENTICATORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def must_have_second_factor(user: User) -> bool:
    return user.is_superuser or (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user, role__in=SECOND_FACTOR_ROLES)
        .exists()
    )


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type__in=STRONG_AUTHENTICATORS).exists()


class PasswordSecondFactorStage(AuthenticateStage):
    """allauth's second-factor step, for password sign-ins only: a sign-in through an identity
    provider carries the provider's own."""

    def _should_handle(self, request: HttpRequest) -> bool:
        if "sociallogin" in (self.login.signal_kwargs or {}):
            return False
        return super()._should_handle(request)


def note_password_sign_in(request: HttpRequest, user: User, **kwargs: Any) -> None:
    """On allauth's signal of a completed sign-in: a password sign-in of someone who must have a
    second factor and has none is held at the page that adds one."""
    if "sociallogin" in kwargs or user.is_participant:
        return
    if must_have_second_factor(user) and not has_second_factor(user):
        request.session[PENDING_SESSION_KEY] = True


class SecondFactorMiddleware:
    """Keeps a signed-in person who must add a second factor on the pages that add it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(PENDING_SESSION_KEY) and request.user.is_authenticated:
            if has_second_factor(request.user):
                del request.session[PENDING_SESSION_KEY]
            elif not request.path.startswith(PATHS_WHILE_PENDING):
                messages.warning(
                    request,
                    _(
                        "Your role reaches beyond one unit, so your account needs a second "
                        "factor: add an authenticator app or a passkey to go on."
                    ),
                )
                return redirect("mfa_index")
        return self.get_response(request)
