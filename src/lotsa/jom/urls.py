"""The pages of the JOM course, under /courses/."""

from django.urls import URLPattern, path

from lotsa.jom.views import company, course, internship

app_name = "jom"

urlpatterns: list[URLPattern] = [
    # The course: its organisation model, contract, target group, timetable and admissions.
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
    path("<int:course_id>/timetable/<int:session_plan_id>/", course.session_edit, name="session"),
    path("<int:course_id>/admissions/new/", course.admission_new, name="admission_new"),
    path("admissions/<int:assessment_id>/", course.admission_page, name="admission"),
    path("<int:course_id>/provider-report/", course.provider_report, name="provider_report"),
    # A participant's internship: the agreement guide, the internship and aftercare.
    path(
        "cases/<int:enrolment_id>/internship/",
        internship.case_internship,
        name="case-internship",
    ),
    path("cases/<int:enrolment_id>/agreement/", internship.agreement_edit, name="agreement-edit"),
    path("cases/<int:enrolment_id>/readiness/", internship.readiness, name="readiness"),
    path(
        "cases/<int:enrolment_id>/internships/new/",
        internship.internship_new,
        name="internship-new",
    ),
    path("cases/<int:enrolment_id>/mentor/", internship.mentor, name="mentor"),
    path("cases/<int:enrolment_id>/transport/", internship.transport, name="transport"),
    path("cases/<int:enrolment_id>/aftercare/", internship.aftercare_level, name="aftercare-level"),
    path("cases/<int:enrolment_id>/education/", internship.education, name="education"),
    path("agreements/<int:agreement_id>/", internship.agreement, name="agreement"),
    path("agreements/<int:agreement_id>/company/", company.company_brief, name="company-brief"),
    path(
        "agreements/<int:agreement_id>/company.pdf",
        company.company_brief_pdf,
        name="company-brief-pdf",
    ),
    path(
        "internships/<int:internship_id>/edit/", internship.internship_edit, name="internship-edit"
    ),
    path("internships/<int:internship_id>/follow-up/", internship.follow_up, name="follow-up"),
    path(
        "internships/<int:internship_id>/attendance/",
        internship.attendance,
        name="internship-attendance",
    ),
    path(
        "cohorts/<int:cohort_id>/aftercare-meetings/",
        internship.aftercare_meetings,
        name="aftercare-meetings",
    ),
]
