from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views import defaults

from lotsa.core.logs import request_id
from lotsa.core.net import from_trusted_proxy
from lotsa.errors import Forbidden, NotFound

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand on as a request id: enough for its UUIDs and hex ids, too little for a
# forged log line.
REQUEST_ID_FORM = re.compile(r"[A-Za-z0-9._-]{1,128}")


class ForwardedSchemeMiddleware:
    """The scheme a reverse proxy forwards (``X-Forwarded-Proto``, believed under
    ``BEHIND_TLS_PROXY``) counts only from ``TRUSTED_PROXIES``: from anyone else the header is
    dropped, so a client reaching the server directly cannot pass plain HTTP off as HTTPS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_PROTO" in request.META and not from_trusted_proxy(request):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


class RequestIdMiddleware:
    """Gives each request an id for its log lines and answers it in ``X-Request-ID``.

    A trusted proxy's id (``TRUSTED_PROXIES``) is kept, so that its log and Lotsa's can be read
    side by side; anyone else's is replaced, as a client could otherwise make its requests' lines
    pass for another's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        if not (REQUEST_ID_FORM.fullmatch(given) and from_trusted_proxy(request)):
            given = uuid.uuid4().hex
        # Kept until the response is closed (lotsa.core.logs.forget_request_id), as Django logs
        # a 4xx or 5xx answer only after every middleware has returned.
        request_id.set(given)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = given
        return response


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


class PrivateAnswersMiddleware:
    """Answers to a signed-in user or an API token are kept by no browser cache or proxy.

    Pages and API answers carry people's records; a shared computer's back button or a caching
    proxy must not show them to the next person."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "Authorization" in request.headers:
            patch_cache_control(response, no_store=True, private=True)
        return response


class NulCharacterMiddleware:
    """Refuses a page address holding a NUL character with a 400, before any view reads it.

    PostgreSQL can neither store nor search for text with NUL, and no person types one. Form
    fields refuse it by name (Django's CharField); this covers the path and the query string,
    which views may read directly. The API names the parameter in a 422 instead
    (``lotsa.core.apischema``), so its requests pass."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            raise BadRequest("NUL character in the address")


class LanguageMiddleware:
    """The interface language is the one the user chose, else the installation's default.

    The choice is the language cookie, else the signed-in user's saved language. Unlike
    Django's LocaleMiddleware it ignores the browser's Accept-Language: a Swedish service's
    staff get Swedish even on an English-language browser, until they switch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        user = getattr(request, "user", None)
        if chosen not in dict(settings.LANGUAGES) and user is not None and user.is_authenticated:
            chosen = user.language
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
