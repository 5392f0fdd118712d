from django.urls import path

from lotsa.participant_space import internship_views, report_back_views, schedule_views, views

app_name = "me"

urlpatterns = [
    path("", views.home, name="home"),
    path("reading/", views.reading, name="reading"),
    # Invitations
    path("invitation/", views.invitation_redeem, name="invitation"),
    path("invitation/passkey/", views.invitation_passkey, name="invitation-passkey"),
    # My case: goals and plan, meetings, contact persons, jobs, the time report, and signing.
    path("plan/", views.plan, name="plan"),
    path("plan/<int:revision_id>/sign/", views.sign_plan, name="sign-plan"),
    path("meetings/", views.meetings, name="meetings"),
    path("contacts/", views.contact_persons, name="contacts"),
    path("jobs/", views.jobs, name="jobs"),
    path("time/", views.time_reports, name="time-reports"),
    path("schedule/", schedule_views.my_schedule, name="schedule"),
    path("time/<int:enrolment_id>/<str:month>/", views.time_report_month, name="time-report"),
    path(
        "time/<int:enrolment_id>/<str:month>/submit/",
        views.submit_time_report,
        name="submit-time-report",
    ),
    # The final documentation of a joint case, and signing it.
    path("documents/", views.final_documents, name="final-documents"),
    path(
        "documents/<int:document_id>/sign/",
        views.sign_final_documentation,
        name="sign-final-documentation",
    ),
    path("reports-back/", report_back_views.reports_back, name="reports-back"),
    path("internship/", internship_views.internship_agreement, name="internship-agreement"),
    path(
        "internship/<int:agreement_id>/sign/",
        internship_views.sign_internship_agreement,
        name="sign-internship-agreement",
    ),
    # My surveys: those asked of me now, answering one, and the thanks.
    path("surveys/", views.my_surveys, name="surveys"),
    path("surveys/thanks/", views.survey_thanks, name="survey-thanks"),
    path(
        "surveys/<int:enrolment_id>/<slug:instrument>/<slug:wave>/",
        views.answer_survey,
        name="survey-answer",
    ),
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
