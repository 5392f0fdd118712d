"""The API at /api/: token-authenticated, the same services and access rules as the pages.

Errors are mapped here, once: field errors answer 422 with ``loc`` and ``msg`` per field,
access errors 404 or 403.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer

from lotsa.accounts.api import router as staff_router
from lotsa.accounts.services import user_for_api_key
from lotsa.employment.api import router as employment_router
from lotsa.errors import DomainError, Forbidden, NotFound
from lotsa.fidelity.api import router as fidelity_router
from lotsa.outcomes.api import router as outcomes_router
from lotsa.pathways.api import router as enrolment_router
from lotsa.people.api import router as people_router
from lotsa.referrals.api import router as referrals_router


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Lotsa API",
    version="1",
    description="Participants and consents, under the same rules as the Lotsa pages.",
    auth=BearerToken(),
    urls_namespace="api",
)
api.add_router("/participants", people_router)
api.add_router("/me", staff_router)
api.add_router("/enrolments", enrolment_router)
api.add_router("/", employment_router)
api.add_router("/fidelity-reviews", fidelity_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/referrals", referrals_router)


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
