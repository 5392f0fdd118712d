"""The API at /api/: token-authenticated, the same services and access rules as the pages.

Errors are mapped here, once: field errors answer 422 with ``loc`` and ``msg`` per field,
access errors 404 or 403, a body over the size limit 413 and too many requests 429. The
published description lists every error an operation can answer (``document_errors``).
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from lotsa.accounts.api import router as staff_router
from lotsa.accounts.services import user_for_api_key
from lotsa.casework.api import router as enrolment_router
from lotsa.core.apischema import document_errors
from lotsa.core.net import client_ip
from lotsa.employment.api import router as employment_router
from lotsa.errors import DomainError, Forbidden, NotFound
from lotsa.fidelity.api import router as fidelity_router
from lotsa.outcomes.api import router as outcomes_router
from lotsa.people.api import router as people_router
from lotsa.people.extract.api import router as extract_router
from lotsa.referrals.api import router as referrals_router
from lotsa.surveys.api import router as surveys_router


class PerMinuteThrottle(SimpleRateThrottle):
    """Requests a minute, up to the number a setting names (read at each request, so that a
    changed setting counts at once). Counts are kept in the cache of each server process."""

    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=self.get_rate())

    def get_rate(self) -> str:
        return f"{getattr(settings, self.setting)}/min"

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(self.get_rate())
        return super().allow_request(request)


class TokenThrottle(PerMinuteThrottle):
    """Each token's requests, whoever sends them."""

    scope = "api_token"
    setting = "API_RATE_LIMIT"

    def get_cache_key(self, request: HttpRequest) -> str:
        # The header names the token; its digest keeps the key itself out of the cache.
        header = request.headers.get("Authorization", "")
        ident = hashlib.sha256(header.encode("utf-8", "surrogateescape")).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressThrottle(PerMinuteThrottle):
    """Requests without a valid token, by the address they come from."""

    scope = "api_address"
    setting = "API_ANONYMOUS_RATE_LIMIT"

    def get_cache_key(self, request: HttpRequest) -> str:
        # The address as the sign-in limits and the audit trail see it (TRUSTED_PROXIES).
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


unauthenticated = AddressThrottle()


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        user = super().__call__(request)
        # Guessing at tokens is limited by address; a valid token has its own limit.
        if user is None and not unauthenticated.allow_request(request):
            wait = unauthenticated.wait()
            raise Throttled(wait=math.ceil(wait) if wait is not None else None)
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


class LotsaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))


api = LotsaAPI(
    title="Lotsa API",
    version="1",
    description="Participants and consents, under the same rules as the Lotsa pages.",
    auth=BearerToken(),
    throttle=TokenThrottle(),
    # The page is served from Lotsa's own static files, so the content security policy holds;
    # no validator badge, which would load an image from elsewhere.
    docs=Swagger(settings={"validatorUrl": None}),
    urls_namespace="api",
)
api.add_router("/participants", people_router)
api.add_router("/participants", extract_router)
api.add_router("/me", staff_router)
api.add_router("/enrolments", enrolment_router)
api.add_router("/", employment_router)
api.add_router("/fidelity-reviews", fidelity_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/referrals", referrals_router)
api.add_router("/surveys", surveys_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    detail = [
        {"loc": ["body", field], "msg": message, "type": "domain_error"}
        for field, messages in error.errors.items()
        for message in messages
    ]
    payload: dict[str, Any] = {"detail": detail}
    existing = getattr(error, "existing_id", None)
    if existing is not None:
        payload["existing_id"] = existing
    return api.create_response(request, payload, status=422)


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, error: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(Forbidden)
def forbidden(request: HttpRequest, error: Forbidden) -> HttpResponse:
    return api.create_response(request, {"detail": "Your role does not allow this."}, status=403)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = _("The request is larger than the %(limit)s bytes the server accepts.")
    return api.create_response(request, {"detail": message % {"limit": limit}}, status=413)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Too many requests: wait a moment and try again.")}, status=429
    )
    if error.wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(error.wait)))
    return response
