"""The staff side of surveys, under /surveys/."""

from django.urls import URLPattern, path

from lotsa.surveys.views import answering

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    # Answering: a paper survey typed in by staff.
    path("paper/", answering.paper_entry, name="paper"),
]
