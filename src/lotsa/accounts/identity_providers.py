"""Sign-in through an organisation's identity provider (OpenID Connect): the provider vouches
for a person, and Lotsa lets in only an account that was made for them beforehand."""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest
from django.shortcuts import render

from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record


class IdentityProviderAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            return
        record(
            AuditEvent.LOGIN_PROVIDER_REFUSED,
            actor=None,
            object_type="socialaccount.socialaccount",
            object_id=sociallogin.account.provider[:40],
            changes={"reason": "unknown_subject"},
        )
        raise ImmediateHttpResponse(
            render(request, "accounts/provider_refused.html", {"reason": "unknown"}, status=403)
        )
