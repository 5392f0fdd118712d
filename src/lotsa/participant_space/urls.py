from django.urls import path

from lotsa.participant_space import views

app_name = "me"

urlpatterns = [
    path("", views.home, name="home"),
    path("reading/", views.reading, name="reading"),
    # My data and messages
    path("data/", views.my_data, name="data"),
    path("data/consents/", views.my_consents, name="data-consents"),
    path(
        "data/consents/<int:own_consent_id>/withdraw/",
        views.withdraw_consent,
        name="data-withdraw",
    ),
    path("data/copy/", views.my_copy, name="data-copy"),
    path("data/copy/<int:record_id>.json", views.my_copy_json, name="data-copy-json"),
    path("data/copy/<int:record_id>.pdf", views.my_copy_pdf, name="data-copy-pdf"),
    path("data/reads/", views.who_read, name="data-reads"),
    path("messages/", views.my_messages, name="messages"),
]
