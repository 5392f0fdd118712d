"""The pages of team practice, under /teamwork/."""

from django.urls import URLPattern, path

from lotsa.teamwork import views

app_name = "teamwork"

urlpatterns: list[URLPattern] = [
    path("units/<int:unit_id>/teams/", views.teams, name="teams"),
    path("units/<int:unit_id>/teams/attach/", views.attach, name="attach"),
    path("teams/<int:team_id>/edit/", views.team_edit, name="team-edit"),
    path("attachments/<int:attachment_id>/end/", views.attachment_end, name="attachment-end"),
    path("cases/<int:enrolment_id>/treatment-team/", views.case_team, name="case-team"),
    path("units/<int:unit_id>/team-meetings/", views.team_meetings, name="team-meetings"),
    path("team-meetings/<int:team_meeting_id>/", views.team_meeting, name="team-meeting"),
    path(
        "team-meetings/<int:team_meeting_id>/edit/",
        views.team_meeting_edit,
        name="team-meeting-edit",
    ),
    path("units/<int:unit_id>/unit-meetings/", views.unit_meetings, name="unit-meetings"),
    path("unit-meetings/<int:unit_meeting_id>/", views.unit_meeting, name="unit-meeting"),
    path(
        "unit-meetings/<int:unit_meeting_id>/edit/",
        views.unit_meeting_edit,
        name="unit-meeting-edit",
    ),
    path("units/<int:unit_id>/supervision/", views.supervision, name="supervision"),
    path("supervision/<int:supervision_id>/edit/", views.supervision_edit, name="supervision-edit"),
]
