from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotsa.participant_space.boundary import participant_required


@participant_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "participant_space/home.html", {})
