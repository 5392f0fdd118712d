"""The pages of the work-training unit, under /work-training/."""

from django.urls import URLPattern, path

from lotsa.worktraining.views import daily

app_name = "worktraining"

urlpatterns: list[URLPattern] = [
    # A work unit's daily work
    path("work-units/<int:work_unit_id>/workday/", daily.workday, name="workday"),
    path("work-units/<int:work_unit_id>/schedule/", daily.schedule, name="schedule"),
    path(
        "schedule-entries/<int:entry_id>/remove/",
        daily.remove_schedule_entry,
        name="remove-schedule-entry",
    ),
    path("work-units/<int:work_unit_id>/incidents/", daily.incidents, name="incidents"),
    path("incidents/<int:incident_id>/", daily.incident, name="incident"),
    path("work-units/<int:work_unit_id>/compensation/", daily.compensation, name="compensation"),
    path(
        "work-units/<int:work_unit_id>/compensation/export/",
        daily.compensation_export,
        name="compensation-export",
    ),
]
