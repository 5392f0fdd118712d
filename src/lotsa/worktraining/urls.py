"""The pages of the work-training unit, under /work-training/."""

from django.urls import URLPattern, path

from lotsa.worktraining.views import offers, planning

app_name = "worktraining"

urlpatterns: list[URLPattern] = [
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
