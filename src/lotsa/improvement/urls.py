"""The pages of the improvement work, under /improvement/."""

from django.urls import URLPattern, path

from lotsa.improvement import views

app_name = "improvement"

urlpatterns: list[URLPattern] = [
    path("units/<int:unit_id>/", views.register, name="register"),
    path("units/<int:unit_id>/matrix/", views.matrix, name="matrix"),
    path("units/<int:unit_id>/benchmarking/", views.visits, name="visits"),
    path("units/<int:unit_id>/competence/", views.competence, name="competence"),
    path("improvements/<int:improvement_id>/", views.improvement, name="improvement"),
    path("training/", views.my_training, name="my-training"),
]
