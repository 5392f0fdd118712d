"""The staff side of surveys, under /surveys/."""

from django.urls import path  # noqa: F401 - the topics add their pages below

app_name = "surveys"

urlpatterns: list = []  # type: ignore[type-arg]
