"""Easy-read (lättläst / let læst): every page of the participant's space in plain words and
short sentences, chosen by the person and remembered for their session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

SESSION_KEY = "lotsa_easy_read"


def is_easy_read(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY, False))


def reading_choice(request: HttpRequest) -> dict[str, Any]:
    """The context processor that tells every template of the space which text to show."""
    if not getattr(getattr(request, "user", None), "is_participant", False):
        return {}
    return {"easy_read": is_easy_read(request)}


def choose_easy_read(request: HttpRequest, easy: bool) -> None:
    request.session[SESSION_KEY] = easy
