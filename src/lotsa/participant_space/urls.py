from django.urls import path

from lotsa.participant_space import views

app_name = "me"

urlpatterns = [
    path("", views.home, name="home"),
    path("reading/", views.reading, name="reading"),
]
