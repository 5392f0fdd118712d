from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lotsa.audit.context import client_address


class RequestContextMiddleware:
    """Makes the client address available to the audit trail for the length of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
