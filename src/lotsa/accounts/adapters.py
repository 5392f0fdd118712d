"""How django-allauth signs people in to Lotsa: accounts are made by administrators (or, for
participants, by their own eID or invitation), never by signing up; password sign-ins of the
roles that must have a second factor are asked for it; roles an installation has moved to its
identity provider may not use a password at all."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.models import User
from lotsa.accounts.services import record_password_not_allowed
from lotsa.organisations.models import Membership

PARTICIPANT_ROLE = "participant"


def password_sign_in_allowed(user: User) -> bool:
    refused = set(settings.PASSWORD_SIGN_IN_DISABLED_FOR)
    if not refused:
        return True
    if user.is_participant:
        return PARTICIPANT_ROLE not in refused
    roles = set(
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user)
        .values_list("role", flat=True)
    )
    return not roles or not roles <= refused


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        return [
            "lotsa.accounts.secondfactor.PasswordSecondFactorStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if getattr(request.user, "is_participant", False):
            return reverse("me:home")
        return super().get_login_redirect_url(request)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> User | None:
        user = super().authenticate(request, **credentials)
        if isinstance(user, User) and not password_sign_in_allowed(user):
            record_password_not_allowed(person=user)
            raise ValidationError(
                {
                    "password": _(
                        "Your role signs in through your organisation's login, not with a "
                        "password. Choose your organisation's login below."
                    )
                }
            )
        return user


class SecondFactorAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user: Any) -> str:
        return str(user.username)
