from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lotsa.audit.context import client_address
from lotsa.core.net import client_ip


class RequestContextMiddleware:
    """Makes the client address available to the audit trail for the length of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
