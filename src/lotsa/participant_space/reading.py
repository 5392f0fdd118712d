"""Easy-read (lättläst / let læst): every page of the participant's space in plain words and
short sentences, chosen by the person and remembered for their session."""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "lotsa_easy_read"


def is_easy_read(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY, False))


def choose_easy_read(request: HttpRequest, easy: bool) -> None:
    request.session[SESSION_KEY] = easy
