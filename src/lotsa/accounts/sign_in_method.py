"""How the person in a session signed in, as signatures and the audit trail name it."""

from __future__ import annotations

from typing import Any

from allauth.mfa.webauthn.internal.flows import did_use_passwordless_login
from django.http import HttpRequest

from lotsa.accounts.models import User

SESSION_KEY = "lotsa_sign_in_method"
PASSWORD = "password"  # noqa: S105 - the name of a sign-in method
PASSKEY = "passkey"
INVITATION = "invitation"
PROVIDER_PREFIX = "provider:"


def note_sign_in_method(request: HttpRequest, user: User, **kwargs: Any) -> None:
    """On allauth's signal of a completed sign-in."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None:
        method = PROVIDER_PREFIX + str(sociallogin.account.provider)
    elif did_use_passwordless_login(request, user):
        method = PASSKEY
    else:
        method = PASSWORD
    request.session[SESSION_KEY] = method


def sign_in_method(request: HttpRequest) -> str:
    return str(request.session.get(SESSION_KEY, PASSWORD))
