from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.reading import choose_easy_read


@participant_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "participant_space/home.html", {})


@require_POST
@participant_required
def reading(request: HttpRequest) -> HttpResponse:
    """Switch between the usual text and easy-read, and come back to the same page."""
    choose_easy_read(request, request.POST.get("easy") == "1")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/me/"):
        target = "/me/"
    return redirect(target)
