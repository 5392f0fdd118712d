from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from lotsa import access
from lotsa.accounts.services import save_language
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core import source
from lotsa.organisations.queries import memberships_for_home


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships_for_home(request.user),
            "can_search": bool(access.unit_ids_for(request.user, access.Action.VIEW_PARTICIPANT)),
            "can_register": bool(
                access.unit_ids_for(request.user, access.Action.REGISTER_PARTICIPANT)
            ),
            # Units whose programme costs the user sees, for the socioeconomic report.
            "cost_units": access.unit_ids_for(request.user, access.Action.VIEW_PROGRAMME_COSTS),
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


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400, except that a body over the size limit answers 413 and says so (the API
    answers its own in lotsa.api)."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return render(request, "413.html", {"limit": limit}, status=413)
    return defaults.bad_request(request, exception)


def about(request: HttpRequest) -> HttpResponse:
    """What Lotsa is, its licence and source code, and the installation's accessibility
    statement; open to everyone, signed in or not (it shows nothing about anyone)."""
    return render(
        request,
        "core/about.html",
        {
            "version": source.version(),
            "source_url": settings.SOURCE_CODE_URL or reverse("source"),
            "source_is_download": not settings.SOURCE_CODE_URL,
            "contact": settings.ACCESSIBILITY_CONTACT,
            "contact_is_email": "@" in settings.ACCESSIBILITY_CONTACT
            and "/" not in settings.ACCESSIBILITY_CONTACT,
            "assessed_on": settings.ACCESSIBILITY_ASSESSED_ON,
            "complaints_url": settings.ACCESSIBILITY_COMPLAINTS_URL,
        },
    )


def source_code(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(source.source_archive(), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="{source.archive_name()}"'
    return response
