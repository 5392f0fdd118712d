from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path

from lotsa.accounts import views as account_views
from lotsa.api import api
from lotsa.audit import views as audit_views
from lotsa.casework import views as casework_views
from lotsa.cohorts import views as cohort_views
from lotsa.core import views as core_views
from lotsa.documents import views as document_views
from lotsa.employment import views as employment_views
from lotsa.fidelity import views as fidelity_views
from lotsa.organisations import views as admin_views
from lotsa.outcomes import views as outcome_views
from lotsa.participant_space import views as participant_space_views
from lotsa.people import views as people_views
from lotsa.people.extract import views as extract_views
from lotsa.referrals import views as referral_views
from lotsa.retention import views as retention_views
from lotsa.surveys.views import answering as survey_answering_views
from lotsa.timereports import views as time_views

account_patterns = (
    [
        path("login/", account_views.LoginView.as_view(), name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("password/", account_views.password_change, name="password"),
        path("tokens/", account_views.api_tokens, name="tokens"),
        path("reminders/", account_views.reminder_choice, name="reminders"),
        path("tokens/<int:token_id>/revoke/", account_views.api_token_revoke, name="token-revoke"),
    ],
    "accounts",
)

people_patterns = (
    [
        path("", people_views.participant_list, name="list"),
        path("new/", people_views.participant_create, name="create"),
        path("<int:participant_id>/", people_views.participant_detail, name="detail"),
        path(
            "<int:participant_id>/invitation/",
            participant_space_views.invitation_create,
            name="invitation",
        ),
        path("<int:participant_id>/edit/", people_views.participant_edit, name="edit"),
        path("<int:participant_id>/consents/", people_views.consent_create, name="consent-create"),
        path(
            "<int:participant_id>/consents/<int:consent_id>/withdraw/",
            people_views.consent_withdraw,
            name="consent-withdraw",
        ),
        path("<int:participant_id>/enrolments/", people_views.enrolment_create, name="enrol"),
        path("<int:participant_id>/refer/", referral_views.refer_participant, name="refer"),
    ],
    "people",
)

extract_patterns = (
    [
        path("", extract_views.extract_search, name="search"),
        path("<int:participant_id>/", extract_views.extract_page, name="extract"),
        path("<int:participant_id>/extract.json", extract_views.extract_json, name="json"),
        path("<int:participant_id>/extract.pdf", extract_views.extract_pdf, name="pdf"),
    ],
    "extracts",
)

referral_patterns = (
    [
        path("", referral_views.referrals, name="list"),
        path("new/", referral_views.new_referral, name="new"),
        path("<int:referral_id>/", referral_views.referral, name="detail"),
        *[
            path(
                f"<int:referral_id>/{action}/",
                referral_views.answer,
                {"action": action},
                name=action,
            )
            for action in referral_views.ANSWERS
        ],
    ],
    "referrals",
)

# URL segment of each case-page action (the action name is also the URL name).
CASE_ACTION_PATHS = {
    "start": "start",
    "decline": "decline",
    "transition": "transition",
    "pause": "pause",
    "resume": "resume",
    "exit": "exit",
    "milestone": "milestones",
    "follow_up": "follow-ups",
    "baseline": "baseline",
    "handover": "handover",
    "plan": "plan",
    "checklist": "checklist",
    "exit_handover": "handover-at-exit",
    "benefits": "benefit",
}

# The case pages live in casework; their URL names keep the namespace they were published under.
case_patterns = (
    [
        path("today/", casework_views.today, name="today"),
        path("caseload/", casework_views.caseload, name="caseload"),
        path("units/<int:unit_id>/board/", casework_views.unit_board, name="unit-board"),
        path("units/<int:unit_id>/staff/<int:staff_id>/", casework_views.coach, name="coach"),
        path("units/<int:unit_id>/unassigned/", casework_views.unassigned, name="unassigned"),
        path("cases/<int:enrolment_id>/", casework_views.case_page, name="case"),
        *[
            path(
                f"cases/<int:enrolment_id>/{segment}/",
                casework_views.case_action,
                {"action": action},
                name=action,
            )
            for action, segment in CASE_ACTION_PATHS.items()
        ],
        path("cases/<int:enrolment_id>/re-enrol/", casework_views.re_enrol, name="re-enrol"),
        path("cases/<int:enrolment_id>/timeline/", casework_views.timeline_print, name="timeline"),
        path("cases/<int:enrolment_id>/contacts/", casework_views.contact, name="contact"),
        path(
            "cases/<int:enrolment_id>/plan/<int:revision_id>/sign/",
            casework_views.sign_plan,
            name="sign-plan",
        ),
    ],
    "pathways",
)

casework_patterns = (
    [
        path(
            "cases/<int:enrolment_id>/meetings/new/",
            casework_views.new_meeting,
            name="new-meeting",
        ),
        path("meetings/<int:meeting_id>/", casework_views.meeting, name="meeting"),
    ],
    "casework",
)

document_patterns = (
    [
        path(
            "cases/<int:enrolment_id>/final-documentation/",
            document_views.versions,
            name="versions",
        ),
        path("final-documentation/<int:document_id>/", document_views.document, name="document"),
        *[
            path(
                f"final-documentation/<int:document_id>/{step}/",
                document_views.step,
                {"step": step},
                name=step,
            )
            for step in document_views.STEPS
        ],
        path(
            "final-documentation/<int:document_id>/document.pdf",
            document_views.document_pdf,
            name="pdf",
        ),
    ],
    "documents",
)

time_report_patterns = (
    [
        path("cases/<int:enrolment_id>/time-reports/<str:month>/", time_views.month, name="month"),
        path(
            "cases/<int:enrolment_id>/time-reports/<str:month>/sign/",
            time_views.sign,
            name="sign",
        ),
        path("units/<int:unit_id>/activity-report/", time_views.activity_report, name="activity"),
        path(
            "units/<int:unit_id>/activity-report.xlsx",
            time_views.activity_report_xlsx,
            name="activity-xlsx",
        ),
        path(
            "units/<int:unit_id>/activity-report.pdf",
            time_views.activity_report_pdf,
            name="activity-pdf",
        ),
        path("time-reports/", time_views.staff_reports, name="staff"),
        path("time-reports/<int:report_id>/cosign/", time_views.cosign, name="cosign"),
    ],
    "timereports",
)

cohort_patterns = (
    [
        path("units/<int:unit_id>/cohorts/", cohort_views.unit_cohorts, name="unit"),
        path("cohorts/<int:cohort_id>/", cohort_views.cohort, name="cohort"),
        path(
            "cohorts/<int:cohort_id>/sessions/<int:session_id>/attendance/",
            cohort_views.attendance,
            name="attendance",
        ),
    ],
    "cohorts",
)

employment_patterns = (
    [
        path("employers/", employment_views.employers, name="employers"),
        path("employers/<int:employer_id>/", employment_views.employer, name="employer"),
        path("job-development/", employment_views.week_sheet, name="week"),
        path("cases/<int:enrolment_id>/jobs/new/", employment_views.job_create, name="job-create"),
        path("cases/<int:enrolment_id>/profile/", employment_views.profile, name="profile"),
        path(
            "cases/<int:enrolment_id>/counselling/",
            employment_views.counselling,
            name="counselling",
        ),
        path("jobs/<int:job_id>/", employment_views.job, name="job"),
        path(
            "jobs/<int:job_id>/four-paid-hours/",
            employment_views.four_paid_hours,
            name="four-paid-hours",
        ),
        path("occupations/", employment_views.occupation_search, name="occupation-search"),
        path("units/<int:unit_id>/jobs/", employment_views.unit_jobs, name="unit-jobs"),
    ],
    "employment",
)

fidelity_patterns = (
    [
        path("fidelity/", fidelity_views.overview, name="overview"),
        path("units/<int:unit_id>/fidelity/", fidelity_views.unit_reviews, name="unit"),
        path("fidelity/<int:review_id>/", fidelity_views.review, name="review"),
        path("fidelity/<int:review_id>/rate/", fidelity_views.rate, name="rate"),
        path("fidelity/<int:review_id>/submit/", fidelity_views.submit, name="submit"),
        path("fidelity/<int:review_id>/agree/", fidelity_views.agree, name="agree"),
        path("fidelity/<int:review_id>/finalise/", fidelity_views.finalise, name="finalise"),
        path("fidelity/<int:review_id>/report/", fidelity_views.report, name="report"),
        path("fidelity/<int:review_id>/report.pdf", fidelity_views.report_pdf, name="report-pdf"),
        path("fidelity/actions/<int:action_id>/", fidelity_views.update_action, name="action"),
        path(
            "fidelity/<int:review_id>/evidence/<int:item_number>/",
            fidelity_views.evidence_records,
            name="evidence",
        ),
    ],
    "fidelity",
)

outcome_patterns = (
    [
        path("", outcome_views.index, name="index"),
        path("definitions/", outcome_views.definitions, name="definitions"),
        path("enrolments.csv", outcome_views.export_enrolments, name="export-enrolments"),
        path("<slug:code>/", outcome_views.report_page, name="report"),
        path("<slug:code>/records/", outcome_views.records, name="records"),
        path("<slug:code>/export.csv", outcome_views.export_csv, name="export-csv"),
        path("<slug:code>/export.xlsx", outcome_views.export_xlsx, name="export-xlsx"),
        path("<slug:code>/report.pdf", outcome_views.export_pdf, name="export-pdf"),
    ],
    "outcomes",
)

administration_patterns = (
    [
        path("", admin_views.administration, name="administration"),
        path("organisations/new/", admin_views.organisation_edit, name="organisation-create"),
        path(
            "organisations/<int:organisation_id>/",
            admin_views.organisation_edit,
            name="organisation-edit",
        ),
        path("units/new/", admin_views.unit_edit, name="unit-create"),
        path("units/<int:unit_id>/", admin_views.unit_edit, name="unit-edit"),
        path(
            "units/<int:unit_id>/programmes/<slug:programme_code>/",
            admin_views.unit_programme,
            name="unit-programme",
        ),
        path("staff/", admin_views.staff_list, name="staff"),
        path("staff/new/", admin_views.staff_edit, name="staff-create"),
        path("staff/<int:user_id>/", admin_views.staff_edit, name="staff-edit"),
        path("memberships/new/", admin_views.membership_edit, name="membership-create"),
        path(
            "memberships/<int:membership_id>/", admin_views.membership_edit, name="membership-edit"
        ),
        path(
            "identity-providers/new/",
            admin_views.identity_provider_edit,
            name="identity-provider-create",
        ),
        path(
            "identity-providers/<int:provider_id>/",
            admin_views.identity_provider_edit,
            name="identity-provider-edit",
        ),
        path("audit/", audit_views.log_review, name="audit"),
        path("audit/export.xlsx", audit_views.export_review, name="audit-export"),
        path("retention/", retention_views.rules, name="retention"),
        path("retention/new/", retention_views.rule_edit, name="retention-create"),
        path("retention/<int:rule_id>/", retention_views.rule_edit, name="retention-edit"),
    ],
    "organisations",
)


def not_offered(request: HttpRequest, *args: object) -> HttpResponse:
    raise Http404


# django-allauth's pages Lotsa does not offer: accounts are made by administrators, e-mail
# addresses and passwords are kept on the staff pages, and an identity provider's login is
# linked to an account by an administrator, not by its holder.
ALLAUTH_PAGES_NOT_OFFERED = (
    r"^accounts/signup/",
    r"^accounts/email/",
    r"^accounts/confirm-email/",
    r"^accounts/password/(change|set|reset)/",
    r"^accounts/login/code/",
    r"^accounts/3rdparty/$",
    r"^accounts/3rdparty/signup/",
    r"^accounts/social/",
    r"^accounts/2fa/webauthn/signup/",
)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include(account_patterns)),
    *[re_path(pattern, not_offered) for pattern in ALLAUTH_PAGES_NOT_OFFERED],
    path("accounts/", include("allauth.urls")),
    path("me/", include("lotsa.participant_space.urls")),
    path("messages/", include("lotsa.participant_space.staff_urls")),
    path("surveys/", include("lotsa.surveys.urls")),
    path("courses/", include("lotsa.jom.urls")),
    path("work-training/", include("lotsa.worktraining.urls")),
    path("socioeconomics/", include("lotsa.socioeconomics.urls")),
    path("time-use/", include("lotsa.timeuse.urls")),
    path("teamwork/", include("lotsa.teamwork.urls")),
    path("improvement/", include("lotsa.improvement.urls")),
    # A one-time link to a user survey: answered without signing in.
    path("survey/<str:token>/", survey_answering_views.answer_link, name="survey-link"),
    path("participants/", include(people_patterns)),
    path("register-extracts/", include(extract_patterns)),
    path("referrals/", include(referral_patterns)),
    path("", include(case_patterns)),
    path("", include(cohort_patterns)),
    path("", include(time_report_patterns)),
    path("", include(casework_patterns)),
    path("", include(document_patterns)),
    path("", include(employment_patterns)),
    path("", include(fidelity_patterns)),
    path("outcomes/", include(outcome_patterns)),
    path("administration/", include(administration_patterns)),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("about/", core_views.about, name="about"),
    path("about/source/", core_views.source_code, name="source"),
    path("api/", api.urls),
]

handler400 = "lotsa.core.views.bad_request"
