"""The pages of the JOM course, under /courses/."""

from django.urls import URLPattern, path

from lotsa.jom.views import company, internship

app_name = "jom"

urlpatterns: list[URLPattern] = [
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
