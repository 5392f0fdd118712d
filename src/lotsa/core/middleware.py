from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views import defaults

from lotsa.errors import Forbidden, NotFound


class AccessErrorMiddleware:
    """Turns the access errors services raise into Lotsa's 404 and 403 pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, Http404())
        if isinstance(exception, Forbidden):
            return defaults.permission_denied(request, PermissionDenied())
        return None
