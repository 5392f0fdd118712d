from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse

REFRESHED_KEY = "_lotsa_refreshed"


def now() -> int:
    return int(time.time())


class IdleSessionMiddleware:
    """Ends a session after SESSION_IDLE_MINUTES without a request.

    Every save of a session moves its expiry a full cookie age ahead. Saving on each request
    would cost a database write per page view, so a signed-in session is saved at most once per
    SESSION_REFRESH_SECONDS: the idle time then counts from within that many seconds of the
    last request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.get(SESSION_KEY) is not None:
            moment = now()
            if moment - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = moment
        return self.get_response(request)
