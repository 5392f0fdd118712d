"""The staff side of participants' messages."""

from django.urls import path

from lotsa.participant_space import views

app_name = "messages"

urlpatterns = [path("<int:message_id>/", views.staff_message, name="message")]
