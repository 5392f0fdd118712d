"""The pages of the JOM course, under /courses/."""

from django.urls import URLPattern

app_name = "jom"

urlpatterns: list[URLPattern] = []
