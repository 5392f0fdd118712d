from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa.accounts import services
from lotsa.accounts.forms import ApiTokenForm
from lotsa.accounts.models import ApiToken
from lotsa.core.forms import add_domain_errors
from lotsa.errors import DomainError


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
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
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:tokens")
