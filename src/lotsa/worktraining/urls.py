"""The pages of the work-training unit, under /work-training/."""

from django.urls import URLPattern

app_name = "worktraining"

urlpatterns: list[URLPattern] = []
