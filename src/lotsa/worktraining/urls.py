"""The pages of the work-training unit, under /work-training/."""

from django.urls import URLPattern, path

from lotsa.worktraining.views import records

app_name = "worktraining"

urlpatterns: list[URLPattern] = [
    path("units/<int:unit_id>/", records.work_units, name="work-units"),
    path("work-units/<int:work_unit_id>/", records.work_unit, name="work-unit"),
    path("work-units/<int:work_unit_id>/edit/", records.work_unit_edit, name="work-unit-edit"),
    path("work-units/<int:work_unit_id>/tasks/new/", records.task_create, name="task-create"),
    path("tasks/<int:task_id>/edit/", records.task_edit, name="task-edit"),
    path("cases/<int:enrolment_id>/referral/", records.referral_page, name="referral"),
    path("cases/<int:enrolment_id>/work-analyses/", records.analyses_page, name="analyses"),
    path(
        "cases/<int:enrolment_id>/work-analyses/new/",
        records.analysis_create,
        name="analysis-create",
    ),
    path(
        "cases/<int:enrolment_id>/work-analyses/summary/",
        records.summary_create,
        name="summary-create",
    ),
    path("work-analyses/<int:analysis_id>/", records.analysis_page, name="analysis"),
]
