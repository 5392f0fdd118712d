"""Sign-in through an organisation's identity provider (OpenID Connect): the provider vouches
for a person, and Lotsa lets in only an account that was made for them beforehand (staff), or
a participant whose verified identity number a register with an enrolment carries.

allauth checks the provider's answer (state, audience, expiry, issuer); this adapter decides
whom it signs in. Every refusal shows the same page and leaves an audit entry with its reason.
"""

from __future__ import annotations

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.http import HttpRequest
from django.shortcuts import render

from lotsa.accounts import services
from lotsa.accounts.models import IdentityProvider, SignInIdentity, User


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def claim(sociallogin: SocialLogin, name: str) -> str:
    """A claim as the provider gave it: from the userinfo answer, else from the ID token."""
    extra = sociallogin.account.extra_data or {}
    for source in ("userinfo", "id_token"):
        value = (extra.get(source) or {}).get(name)
        if value not in (None, ""):
            return str(value)
    return ""


class IdentityProviderAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def send_notification_mail(self, *args: Any, **kwargs: Any) -> None:
        """Sign-in links are made by administrators and by the first sign-in, not by the person
        asking for them: there is nothing to tell them by e-mail."""

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: BaseException | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        """allauth refused the provider's answer before Lotsa saw who it named (an ID token for
        another client or expired, a state used already or unknown) or the person cancelled:
        noted with the check that failed, and answered with allauth's page."""
        cause = exception.__cause__ or exception if exception is not None else None
        services.refuse_provider_sign_in(
            provider_id=str(getattr(provider, "id", "")),
            reason="authentication_error",
            detail=type(cause).__name__ if cause is not None else str(error or ""),
        )
        super().on_authentication_error(request, provider, error, exception, extra_context)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider_id = str(sociallogin.account.provider)
        provider = (
            IdentityProvider.objects.select_related("app")
            .filter(app__provider_id=provider_id, is_active=True)
            .first()
        )
        try:
            if provider is None:
                raise Refused("provider_not_configured")
            user = (
                self._participant(sociallogin, provider)
                if provider.for_participants
                else self._staff(sociallogin, provider)
            )
            if not user.is_active:
                raise Refused("account_inactive")
            account = SocialAccount.objects.get(provider=provider_id, uid=sociallogin.account.uid)
            if account.user_id != user.pk:
                raise Refused("subject_of_another_account")
        except Refused as refusal:
            services.refuse_provider_sign_in(provider_id=provider_id, reason=refusal.reason)
            raise ImmediateHttpResponse(
                render(
                    request,
                    "accounts/provider_refused.html",
                    {
                        "reason": refusal.reason,
                        "for_participants": provider is not None and provider.for_participants,
                    },
                    status=403,
                )
            ) from None
        sociallogin.user = user
        sociallogin.account = account

    def _staff(self, sociallogin: SocialLogin, provider: IdentityProvider) -> User:
        """A recorded sign-in identity: the account it belongs to. A subject linked before
        signs in only while its account still has an identity recorded at this provider."""
        identities = SignInIdentity.objects.select_related("user").filter(provider=provider)
        if sociallogin.is_existing:
            identity = identities.filter(user=sociallogin.user).first()
            if identity is None:
                raise Refused("unknown_subject")
            return self._not_a_participant(identity.user)
        identity = identities.filter(value=claim(sociallogin, provider.staff_claim)).first()
        if identity is None:
            raise Refused("unknown_subject")
        user = self._not_a_participant(identity.user)
        if user.is_active:
            services.link_staff_sign_in(
                user=user, provider=provider, subject=str(sociallogin.account.uid)
            )
        return user

    @staticmethod
    def _not_a_participant(user: User) -> User:
        if user.is_participant:
            raise Refused("participant_account")
        return user

    def _participant(self, sociallogin: SocialLogin, provider: IdentityProvider) -> User:
        """Participants sign in through lotsa.participant_space.eid, which extends this."""
        raise Refused("provider_not_configured")
