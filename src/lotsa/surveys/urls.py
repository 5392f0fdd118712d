"""The staff side of surveys, under /surveys/."""

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
