"""The coach's time log and time-use pages, under /time-use/."""

from django.urls import URLPattern, path

from lotsa.timeuse import views

app_name = "timeuse"

urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("week/", views.week, name="week"),
    path("reflection/", views.reflection, name="reflection"),
    path("units/<int:unit_id>/", views.unit, name="unit"),
    path("units/<int:unit_id>/coaches/<int:staff_id>/", views.coach, name="coach"),
]
