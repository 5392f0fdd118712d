from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotsa import access
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
