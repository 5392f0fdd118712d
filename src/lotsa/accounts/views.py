from __future__ import annotations

import math
from typing import Any

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from lotsa.accounts import queries, services
from lotsa.accounts.forms import ApiTokenForm
from lotsa.accounts.models import ApiToken, ProviderAudience
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.forms import add_domain_errors
from lotsa.errors import DomainError


class LoginView(allauth_views.LoginView):
    """allauth's sign-in page, with the organisations' identity providers as buttons."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "staff_providers": queries.offered_providers(ProviderAudience.STAFF),
            "participant_providers": queries.offered_providers(ProviderAudience.PARTICIPANTS),
        }


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own API tokens; a new token's key is shown on this response only."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _token, new_key = services.create_api_token(
                    actor=request.user, name=form.cleaned_data["name"]
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                status, form = 201, ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key},
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def api_token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:tokens")


@login_required
@require_http_methods(["POST"])
def reminder_choice(request: AuthenticatedHttpRequest) -> HttpResponse:
    # A checkbox: ticked sends "on", unticked sends nothing, so there is no invalid input.
    wants_email = request.POST.get("daily_reminder_email") == "on"
    services.save_reminder_choice(actor=request.user, wants_email=wants_email)
    messages.success(
        request,
        _("You will get the morning e-mail.") if wants_email else _("No morning e-mail."),
    )
    return redirect("pathways:today")


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own new password; this browser stays signed in, other sessions end."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.change_password(
                actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
            )
        except DomainError as error:
            add_domain_errors(form, error, field_map={"password": "new_password2"})
        else:
            update_session_auth_hash(request, user)
            messages.success(
                request,
                _(
                    "Your password is changed. API tokens you had are revoked; "
                    "create new ones where needed."
                ),
            )
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password.html", {"form": form}, status=status)


def sign_in_refused(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Axes' answer (AXES_LOCKOUT_CALLABLE) to a sign-in refused under a limit of
    lotsa.accounts.signin, or to the failure that brought one into force: which, and how long."""
    refusal = getattr(request, "lotsa_sign_in_refusal", None)
    seconds = (
        refusal.seconds_left(timezone.now())
        if refusal is not None
        else settings.LOGIN_LOCKOUT_MINUTES * 60
    )
    response = render(
        request,
        "accounts/locked_out.html",
        {"refusal": refusal, "seconds": seconds, "minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
