from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from lotsa import access
from lotsa.accounts.services import save_language
from lotsa.organisations.queries import memberships_for_home


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships_for_home(request.user),
            "can_search": bool(access.unit_ids_for(request.user, access.Action.VIEW_PARTICIPANT)),
            "can_register": bool(
                access.unit_ids_for(request.user, access.Action.REGISTER_PARTICIPANT)
            ),
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the account as well as in the browser."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        save_language(user=request.user, language=language)
    return response
