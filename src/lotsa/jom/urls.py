"""The pages of the JOM course, under /courses/."""

from django.urls import path

from lotsa.jom.views import course

app_name = "jom"

urlpatterns = [
    path("units/<int:unit_id>/", course.unit_courses, name="unit_courses"),
    path("units/<int:unit_id>/contracts/new/", course.contract_new, name="contract_new"),
    path("contracts/<int:contract_id>/", course.contract_edit, name="contract"),
    path(
        "units/<int:unit_id>/target-groups/new/", course.target_group_new, name="target_group_new"
    ),
    path("target-groups/<int:target_group_id>/", course.target_group_edit, name="target_group"),
    path("cohorts/<int:jom_cohort_id>/new/", course.course_new, name="course_new"),
    path("<int:course_id>/", course.course, name="course"),
    path("<int:course_id>/edit/", course.course_edit, name="course_edit"),
    path("<int:course_id>/timetable/", course.timetable, name="timetable"),
    path("<int:course_id>/timetable/<int:plan_id>/", course.session_edit, name="session"),
    path("<int:course_id>/admissions/new/", course.admission_new, name="admission_new"),
    path("admissions/<int:assessment_id>/", course.admission_page, name="admission"),
    path("<int:course_id>/provider-report/", course.provider_report, name="provider_report"),
]
