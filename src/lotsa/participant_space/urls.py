from django.urls import path

from lotsa.participant_space import views

app_name = "me"

urlpatterns = [
    path("", views.home, name="home"),
    path("reading/", views.reading, name="reading"),
    # Invitations
    path("invitation/", views.invitation_redeem, name="invitation"),
    path("invitation/passkey/", views.invitation_passkey, name="invitation-passkey"),
]
