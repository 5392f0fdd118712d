"""The pages of the work-training unit, under /work-training/."""

from django.urls import URLPattern, path

from lotsa.worktraining.views import daily, motivation, offers, planning, records, report_back

app_name = "worktraining"

urlpatterns: list[URLPattern] = [
    # Work units and their task catalogue.
    path("units/<int:unit_id>/", records.work_units, name="work-units"),
    path("work-units/<int:work_unit_id>/", records.work_unit, name="work-unit"),
    path("work-units/<int:work_unit_id>/edit/", records.work_unit_edit, name="work-unit-edit"),
    path("work-units/<int:work_unit_id>/tasks/new/", records.task_create, name="task-create"),
    path("tasks/<int:task_id>/edit/", records.task_edit, name="task-edit"),
    # A participant's records: the commissioner's referral, work analyses.
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
    # Motivational interviewing per target behaviour.
    path("cases/<int:enrolment_id>/motivation/", motivation.motivation, name="motivation"),
    path("behaviours/<int:behaviour_id>/", motivation.behaviour, name="behaviour"),
    path("behaviours/<int:behaviour_id>/assess/", motivation.assess, name="assess"),
    path("behaviours/<int:behaviour_id>/plan/", motivation.plan, name="plan"),
    # The report back to the commissioner.
    path("cases/<int:enrolment_id>/report-back/", report_back.reports_back, name="reports_back"),
    path("report-back/<int:report_back_id>/", report_back.report_back, name="report_back"),
    *(
        path(
            f"report-back/<int:report_back_id>/{step}/",
            report_back.step,
            {"step": step},
            name=f"report_back_{step}",
        )
        for step in report_back.STEPS
    ),
    path(
        "report-back/<int:report_back_id>/report.pdf",
        report_back.report_back_pdf,
        name="report_back_pdf",
    ),
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
    path("units/<int:unit_id>/planning/", planning.unit_planning, name="planning"),
    path("plans/<int:plan_id>/", planning.business_plan, name="business-plan"),
    path("plans/<int:plan_id>/new-version/", planning.new_plan_version, name="plan-version"),
    path(
        "plans/<int:plan_id>/sections/<int:section_id>/",
        planning.plan_section,
        name="plan-section",
    ),
    path("plans/<int:plan_id>/goals/<int:goal_id>/", planning.plan_goal, name="plan-goal"),
    path(
        "plans/<int:plan_id>/activities/<int:activity_id>/",
        planning.plan_activity,
        name="plan-activity",
    ),
    path(
        "plans/<int:plan_id>/goals/<int:goal_id>/remove/",
        planning.remove_plan_goal,
        name="plan-goal-remove",
    ),
    path(
        "plans/<int:plan_id>/activities/<int:activity_id>/remove/",
        planning.remove_plan_activity,
        name="plan-activity-remove",
    ),
    path(
        "units/<int:unit_id>/gender-review/<int:year>/",
        planning.gender_review,
        name="gender-review",
    ),
    path(
        "units/<int:unit_id>/gender-statistics/",
        planning.gender_statistics,
        name="gender-statistics",
    ),
    path(
        "units/<int:unit_id>/gender-statistics.xlsx",
        planning.gender_statistics_xlsx,
        name="gender-statistics-xlsx",
    ),
    path("cases/<int:enrolment_id>/activities/", offers.activity_offers, name="activity-offers"),
    path("activity-offers/<int:offer_id>/", offers.decide_offer, name="offer-decision"),
]
